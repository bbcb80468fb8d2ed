package display

import (
	"testing"
	"time"

	"github.com/motcua/motcua/ratingpad/padwire"
)

func padState(mode string) padwire.State {
	st := padwire.State{Counter: padwire.Counter{ID: "q1", Number: 1, Name: "Quầy 1"}, Open: true, Mode: mode,
		Officer: "Nguyễn Văn An", Scale: padwire.Scale{Question: "Ông/Bà đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận giải quyết hồ sơ?",
			Levels:  []padwire.Level{{Value: 1, Label: "Rất hài lòng"}, {Value: 2, Label: "Hài lòng"}, {Value: 3, Label: "Không hài lòng", Low: true}},
			Reasons: []string{"Thời gian chờ đợi lâu", "Khác"}}}
	if mode != padwire.ModeIdle {
		st.Ticket = &padwire.Ticket{ID: "t1", Number: "A012", ServiceName: "Hộ tịch", ServiceNameEN: "Civil status"}
	}
	return st
}

func TestPadScreens(t *testing.T) {
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	p := NewPad(false)
	if s := p.Screen(now); s.Title != "Máy đánh giá" || s.Hint == "" {
		t.Fatalf("before the first state: %+v", s)
	}
	p.Update(padState(padwire.ModeServing))
	s := p.Screen(now)
	if s.Mode != padwire.ModeServing || s.Officer != "Nguyễn Văn An" || s.Initials != "NA" || s.Number != "A012" || s.Service != "Hộ tịch" || s.TicketLabel != "Đang phục vụ số" {
		t.Fatalf("serving: %+v", s)
	}
	p.ToggleLang()
	if s := p.Screen(now); s.Service != "Civil status" || s.TicketLabel != "Now serving" || s.LangLabel != "Tiếng Việt" {
		t.Fatalf("serving in English: %+v", s)
	}
	p.ToggleLang()
	closed := padState(padwire.ModeIdle)
	closed.Open, closed.Officer = false, ""
	p.Update(closed)
	if s := p.Screen(now); s.Officer != "Quầy tạm ngừng phục vụ" || s.OfficerLabel != "" {
		t.Fatalf("closed: %+v", s)
	}
	paused := padState(padwire.ModeIdle)
	paused.Paused = "Nghỉ trưa"
	p.Update(paused)
	if s := p.Screen(now); s.Hint != "Quầy tạm dừng: Nghỉ trưa" || s.Officer != "Nguyễn Văn An" {
		t.Fatalf("paused: %+v", s)
	}

	p.Update(padState(padwire.ModeRate))
	if _, ok := p.Send(); ok {
		t.Fatal("send before any answer")
	}
	// A good answer goes at once.
	if req, ok := p.Choose(1); !ok || req.TicketID != "t1" || req.Level != 1 {
		t.Fatalf("choose 1: %+v %v", req, ok)
	}
	// A low one asks for reasons first, then sends them.
	if _, ok := p.Choose(3); ok {
		t.Fatal("a low answer sent without reasons")
	}
	if s := p.Screen(now); !s.ShowReasons || !s.Levels[2].Chosen || s.SendLabel != "Gửi đánh giá" {
		t.Fatalf("low answer: %+v", s)
	}
	p.ToggleReason("Khác")
	req, ok := p.Send()
	if !ok || req.Level != 3 || len(req.Reasons) != 1 || req.Reasons[0] != "Khác" {
		t.Fatalf("send: %+v %v", req, ok)
	}
	p.Sent("t1", now)
	if s := p.Screen(now.Add(time.Second)); s.Mode != PadThanks || s.Thanks != "Cảm ơn Quý khách đã đánh giá!" {
		t.Fatalf("thanks: %+v", s)
	}
	// The thanks gives way to the next citizen being served at once, and
	// to the server's state after a few seconds.
	p.Update(padState(padwire.ModeServing))
	if s := p.Screen(now.Add(time.Second)); s.Mode != padwire.ModeServing {
		t.Fatalf("next citizen during thanks: %+v", s)
	}
	p.Update(padState(padwire.ModeIdle))
	if s := p.Screen(now.Add(7 * time.Second)); s.Mode != padwire.ModeIdle {
		t.Fatalf("after thanks: %+v", s)
	}
	// Not rating: Choose refuses.
	if _, ok := p.Choose(1); ok {
		t.Fatal("choose while idle")
	}
	if Initials("An") != "A" || Initials("") != "" || Initials("Lê Văn Cường") != "LC" {
		t.Fatal("initials")
	}
}

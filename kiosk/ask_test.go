package kiosk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/petition"
)

func TestAskFlowSendsAndClears(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true, petitions: true})
	v := h.do(func(p *kiosk.Presenter) { p.Ask() })
	if v.Screen != kiosk.ScreenAsk || len(v.AskKinds) != 2 || !v.AskKinds[0].Selected || len(v.AskTopics) != 7 ||
		v.AskTopics[0].ID != "tuphap" || v.AskTopics[6].ID != petition.TopicOther || v.AskTopics[6].Name != "Khác" {
		t.Fatalf("form: %s %+v %+v", v.Screen, v.AskKinds, v.AskTopics)
	}
	// Nothing typed yet: the kiosk says what is missing, nothing is sent.
	v = h.do(func(p *kiosk.Presenter) { p.SendAsk() })
	if v.Notice != "Xin chọn lĩnh vực của câu hỏi hoặc phản ánh." {
		t.Fatalf("no topic: %q", v.Notice)
	}
	h.do(func(p *kiosk.Presenter) { p.AskTopic("datdai") })
	v = h.do(func(p *kiosk.Presenter) { p.SendAsk() })
	if v.Notice != "Xin nhập nội dung câu hỏi hoặc phản ánh." {
		t.Fatalf("no text: %q", v.Notice)
	}
	// Typing keys outside the keyboard screen does nothing.
	h.do(func(p *kiosk.Presenter) { p.CommentKey("x"); p.AskDigit("0") })
	if v := h.view(); v.AskText != "" || v.AskContact != "" {
		t.Fatalf("typed off-screen: %q %q", v.AskText, v.AskContact)
	}
	h.do(func(p *kiosk.Presenter) { p.EditAskText() })
	// "cấp sổ đỏ": letters with the hat keys, a tone after each word.
	typ := func(keys ...string) {
		for _, k := range keys {
			h.do(func(p *kiosk.Presenter) { p.CommentKey(k) })
		}
	}
	typ("c", "â", "p")
	h.do(func(p *kiosk.Presenter) { p.CommentTone(kiosk.ToneSac) })
	typ(" ", " ", "s", "ô") // a second space is not typed
	h.do(func(p *kiosk.Presenter) { p.CommentTone(kiosk.ToneHoi) })
	typ(" ", "đ", "o", "x")
	h.do(func(p *kiosk.Presenter) { p.CommentBackspace() })
	v = h.do(func(p *kiosk.Presenter) { p.CommentTone(kiosk.ToneHoi) })
	if v.Screen != kiosk.ScreenAskText || v.Comment != "cấp sổ đỏ" {
		t.Fatalf("typed: %s %q", v.Screen, v.Comment)
	}
	typ(" ")
	v = h.do(func(p *kiosk.Presenter) { p.CommentDone() })
	if v.Screen != kiosk.ScreenAsk || v.AskText != "cấp sổ đỏ" || v.Comment != "" {
		t.Fatalf("after done: %s %q", v.Screen, v.AskText)
	}
	// The server refuses an unknown topic: its Vietnamese sentence is
	// shown and the form is kept.
	h.do(func(p *kiosk.Presenter) { p.AskTopic("nosuch") })
	v = h.do(func(p *kiosk.Presenter) { p.SendAsk() })
	if v.Screen != kiosk.ScreenAsk || v.Notice != "Xin chọn lĩnh vực" || v.AskText != "cấp sổ đỏ" {
		t.Fatalf("refusal: %s %q %q", v.Screen, v.Notice, v.AskText)
	}
	h.do(func(p *kiosk.Presenter) { p.AskTopic("datdai"); p.AskKind(petition.KindPetition) })
	v = h.do(func(p *kiosk.Presenter) { p.SendAsk() })
	if v.Screen != kiosk.ScreenAskSent || len(v.AskRef) != 16 || v.AskText != "" || v.AskContact != "" {
		t.Fatalf("sent: %+v", v)
	}
	ps := h.env.Petitions(t)
	if len(ps) != 1 || !strings.EqualFold(ps[0].ID, v.AskRef) || ps[0].Kind != "pakn" || ps[0].Topic != "datdai" ||
		ps[0].Body != "cấp sổ đỏ" || ps[0].Contact != "" {
		t.Fatalf("server: %+v", ps)
	}
	// The thank-you stays 20 s, then home.
	if v := h.tick(10 * time.Second); v.Screen != kiosk.ScreenAskSent {
		t.Fatalf("left the reference after 10 s: %s", v.Screen)
	}
	if v := h.tick(15 * time.Second); v.Screen != kiosk.ScreenHome {
		t.Fatalf("after 25 s: %s", v.Screen)
	}
}

func TestAskPhoneAndIdle(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true, petitions: true})
	h.do(func(p *kiosk.Presenter) { p.Ask() })
	h.do(func(p *kiosk.Presenter) { p.ToggleLang() })
	v := h.do(func(p *kiosk.Presenter) { p.EditAskPhone() })
	if v.Screen != kiosk.ScreenAskPhone || v.AskKinds[1].Name != "Feedback or a petition" {
		t.Fatalf("phone: %s %+v", v.Screen, v.AskKinds)
	}
	for _, d := range strings.Split("09a12+3456789012345", "") {
		h.do(func(p *kiosk.Presenter) { p.AskDigit(d) })
	}
	if v := h.view(); v.AskContact != "091234567890123" {
		t.Fatalf("digits only, at most 15: %q", v.AskContact)
	}
	for range 9 {
		h.do(func(p *kiosk.Presenter) { p.AskPhoneBackspace() })
	}
	v = h.do(func(p *kiosk.Presenter) { p.AskEditDone() })
	if v.Screen != kiosk.ScreenAskPhone || v.Notice != "This phone number is not complete: type all its digits starting with 0, or delete it." {
		t.Fatalf("short phone: %s %q", v.Screen, v.Notice)
	}
	for _, d := range strings.Split("7890", "") {
		h.do(func(p *kiosk.Presenter) { p.AskDigit(d) })
	}
	v = h.do(func(p *kiosk.Presenter) { p.AskEditDone() })
	if v.Screen != kiosk.ScreenAsk || v.AskContact != "0912347890" {
		t.Fatalf("phone done: %s %q", v.Screen, v.AskContact)
	}
	h.do(func(p *kiosk.Presenter) { p.EditAskText() })
	h.do(func(p *kiosk.Presenter) { p.CommentKey("a") })
	// Idle: home, Vietnamese, nothing of the citizen's kept.
	v = h.tick(2 * time.Minute)
	if v.Screen != kiosk.ScreenHome || v.Lang != kiosk.VI || v.AskText != "" || v.AskContact != "" || v.Comment != "" {
		t.Fatalf("idle: %+v", v)
	}
	v = h.do(func(p *kiosk.Presenter) { p.Ask() })
	if v.AskText != "" || v.AskContact != "" || slicesAnySelected(v.AskTopics) {
		t.Fatalf("next citizen: %+v", v)
	}
	// Back to home clears it too.
	h.do(func(p *kiosk.Presenter) { p.AskTopic("datdai"); p.EditAskText() })
	h.do(func(p *kiosk.Presenter) { p.CommentKey("b"); p.CommentDone() })
	h.do(func(p *kiosk.Presenter) { p.Back() })
	if v := h.do(func(p *kiosk.Presenter) { p.Ask() }); v.AskText != "" || slicesAnySelected(v.AskTopics) {
		t.Fatalf("after back: %+v", v)
	}
}

func slicesAnySelected(cs []kiosk.Choice) bool {
	for _, c := range cs {
		if c.Selected {
			return true
		}
	}
	return false
}

// The server's limit per kiosk: the 31st message in 10 minutes is refused
// with its Vietnamese sentence, and the citizen's text stays on the form.
func TestAskRateLimited(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true, petitions: true})
	c := h.env.Kiosk(t)
	for i := range 30 {
		if _, err := c.SubmitPetition(context.Background(), petition.Submission{Kind: "hoi", Topic: "khac", Text: "câu hỏi"}); err != nil {
			t.Fatalf("submission %d: %v", i, err)
		}
	}
	h.do(func(p *kiosk.Presenter) { p.Ask() })
	h.do(func(p *kiosk.Presenter) { p.AskTopic("khac"); p.EditAskText() })
	h.do(func(p *kiosk.Presenter) { p.CommentKey("x"); p.CommentDone() })
	v := h.do(func(p *kiosk.Presenter) { p.SendAsk() })
	if v.Screen != kiosk.ScreenAsk || v.Notice != "Bạn đã gửi nhiều lần, xin thử lại sau ít phút" || v.AskText != "x" {
		t.Fatalf("limited: %s %q %q", v.Screen, v.Notice, v.AskText)
	}
}

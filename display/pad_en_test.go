package display

import (
	"testing"
	"time"

	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/ratingpad/padwire"
)

// padTexts is every text of a pad screen.
func padTexts(s PadScreen) []string {
	out := []string{s.Title, s.Offline, s.OfficerLabel, s.Officer, s.Hint, s.TicketLabel, s.Number, s.Service,
		s.Question, s.SendLabel, s.Note, s.Thanks}
	for _, c := range append(append([]PadChoice(nil), s.Levels...), s.Reasons...) {
		out = append(out, c.Label)
	}
	return out
}

// TestPadNoVietnameseInEnglish: the Fyne pad (motcua-display --mode
// ratingpad) in English on every screen — before the first state, closed,
// paused for an offered reason and by the server (app gone), idle, serving,
// the rating with its reasons, thanks, offline — shows no Vietnamese
// letter but the officer's name and the language switch; the counter goes
// by its English name or "Counter N", never "Quầy 1".
func TestPadNoVietnameseInEnglish(t *testing.T) {
	now := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	p := NewPad(true)
	check := func(what string) PadScreen {
		t.Helper()
		s := p.Screen(now)
		if left := entext.Leftovers(padTexts(s), "Nguyễn Văn An"); len(left) > 0 {
			t.Errorf("%s: %q", what, left)
		}
		if s.LangLabel != "Tiếng Việt" {
			t.Errorf("%s: the switch says %q", what, s.LangLabel)
		}
		return s
	}
	check("before the first state")
	closed := padState(padwire.ModeIdle)
	closed.Open, closed.Officer = false, ""
	p.Update(closed)
	if s := check("closed"); s.Title != "Counter 1" {
		t.Errorf("title %q", s.Title)
	}
	paused := padState(padwire.ModeIdle)
	paused.Paused = "Nghỉ trưa"
	p.Update(paused)
	if s := check("paused"); s.Hint != "Counter paused: Lunch break" {
		t.Errorf("paused: %q", s.Hint)
	}
	paused.Paused = AwayReason
	p.Update(paused)
	check("away")
	named := padState(padwire.ModeServing)
	named.Counter.NameEN = "Counter 1 – Civil status"
	p.Update(named)
	if s := check("serving"); s.Title != "Counter 1 – Civil status" {
		t.Errorf("title %q", s.Title)
	}
	p.Update(padState(padwire.ModeRate))
	p.Choose(3)
	check("reasons")
	p.ToggleReason("Khác")
	if _, ok := p.Send(); !ok {
		t.Fatal("send")
	}
	p.Sent("t1", now)
	check("thanks")
	p.Offline("")
	check("offline")
}

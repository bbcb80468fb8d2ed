package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/display/displaytest"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/ratingpad/padwire"
)

func shows(o fyne.CanvasObject, want string) bool {
	for _, s := range texts(o) {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// quyKhach fails when the screen addresses the citizen as "ông/bà": the
// pad says "Quý khách" on every line, as the kiosk does (issue 18).
func quyKhach(t *testing.T, o fyne.CanvasObject, screen string) {
	t.Helper()
	for _, s := range texts(o) {
		if strings.Contains(strings.ToLower(s), "ông/bà") {
			t.Errorf("%s: %q addresses the citizen as ông/bà", screen, s)
		}
	}
}

// The Fyne pad against a real centre: the officer's name and the number
// while serving, the rating right after finish, a low rating with its
// reason tapped on the screen, stored with the officer, then thanks.
func TestPadFyneFollowsCounterAndRates(t *testing.T) {
	// enrolled, bound and mounted as cmd/motcua does it; the stored rating
	// is read through the same seam (the app's tests never open the store)
	var stored func(ticketID string) (officer, source string, err error)
	env := displaytest.StartWith(t, func(o *centretest.Options) {
		o.Devices = append(o.Devices, centretest.Device{ID: "pad-q1", Name: "Máy đánh giá quầy 1", Role: centre.RoleRatingPad})
		o.Mount = func(m centretest.Mount) error {
			ratingpad.Mount(m.Server, m.DB, ratingpad.Options{})
			stored = func(id string) (off, src string, err error) {
				err = m.DB.Read().QueryRow(`SELECT officer, source FROM ratings WHERE subject=?`, "ticket:"+id).Scan(&off, &src)
				return off, src, err
			}
			return ratingpad.Bind(m.Ctx, m.DB, m.Config, "pad-q1", "q1")
		}
	})
	ctx := context.Background()
	tok := env.Token("pad-q1")
	c, err := client.New(env.URL(), tok)
	if err != nil {
		t.Fatal(err)
	}
	test.NewTempApp(t)
	v := NewPad()
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1024, 600))
	pad := display.NewPad(false)
	r := display.NewPadRunner(display.PadClient{C: c}, pad, display.PadRunOptions{
		Dispatch: func(f func()) { f() }, Render: v.Render, Message: display.PadMessage(false)})
	v.OnLang = func() { pad.ToggleLang(); r.Redraw() }
	v.OnReason = func(k string) { pad.ToggleReason(k); r.Redraw() }
	var sent []padwire.RateRequest
	rate := func(req padwire.RateRequest) { sent = append(sent, req); r.Rate(ctx, req, display.AlreadyRated) }
	v.OnLevel = func(level int) {
		req, now := pad.Choose(level)
		r.Redraw()
		if now {
			rate(req)
		}
	}
	v.OnSend = func() {
		if req, ok := pad.Send(); ok {
			rate(req)
		}
	}

	r.Refresh(ctx)
	if s := v.Screen(); s.Mode != padwire.ModeIdle || s.Title != "Quầy 1" {
		t.Fatalf("idle: %+v", s)
	}
	officer := env.Officer(ctx, "q1")
	issued := env.Issue(ctx, "hotich")
	tk, ok, err := officer.CallNext(ctx, "q1", "")
	if err != nil || !ok || tk.ID != issued.Ticket.ID {
		t.Fatalf("call: %v %v", ok, err)
	}
	if _, err := officer.Act(ctx, tk.ID, queue.OpStart, "", "q1"); err != nil {
		t.Fatal(err)
	}
	r.Refresh(ctx)
	if !shows(v.Object(), "Cán bộ Quầy 1") || !shows(v.Object(), tk.Number) || !shows(v.Object(), "Đang phục vụ số") {
		t.Fatalf("serving screen: %q", texts(v.Object()))
	}
	saveCapture(t, w, "ratingpad-fyne-serving.png")
	quyKhach(t, v.Object(), "serving")

	if _, err := officer.Act(ctx, tk.ID, queue.OpFinish, "", "q1"); err != nil {
		t.Fatal(err)
	}
	r.Refresh(ctx)
	if s := v.Screen(); s.Mode != padwire.ModeRate || !shows(v.Object(), "thái độ công chức") || len(v.Levels) != 3 || !v.Levels[0].Visible() {
		t.Fatalf("rate screen: %+v", s)
	}
	saveCapture(t, w, "ratingpad-fyne-rate.png")
	if !shows(v.Object(), "Quý khách đánh giá như thế nào") {
		t.Errorf("rate screen's question: %q", texts(v.Object()))
	}
	quyKhach(t, v.Object(), "rate")
	// English, and back.
	test.Tap(v.Lang)
	if !shows(v.Object(), "How would you rate") || v.Levels[0].Label() != "Very satisfied" {
		t.Fatalf("English: %q", texts(v.Object()))
	}
	saveCapture(t, w, "ratingpad-fyne-rate-en.png")
	test.Tap(v.Lang)
	// "Không hài lòng" is low: the reasons come first.
	test.Tap(v.Levels[2])
	if len(sent) != 0 || !v.Send.Visible() || !v.Reasons[0].Visible() {
		t.Fatalf("low rating sent at once or no reasons shown: %v", sent)
	}
	test.Tap(v.Reasons[0])
	if !v.last.Reasons[0].Chosen {
		t.Fatal("reason not chosen")
	}
	saveCapture(t, w, "ratingpad-fyne-reasons.png")
	quyKhach(t, v.Object(), "reasons")
	test.Tap(v.Send)
	if len(sent) != 1 || sent[0].TicketID != tk.ID || sent[0].Level != 3 || len(sent[0].Reasons) != 1 {
		t.Fatalf("sent: %+v", sent)
	}
	if s := v.Screen(); s.Mode != display.PadThanks || !shows(v.Object(), "Cảm ơn Quý khách đã đánh giá!") {
		t.Fatalf("after sending: %+v %s", s, s.Offline)
	}
	if shows(v.Object(), "thái độ công chức") {
		t.Fatal("the question stays on the thank-you screen")
	}
	saveCapture(t, w, "ratingpad-fyne-thanks.png")
	quyKhach(t, v.Object(), "thanks")
	off, src, err := stored(tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if off != "canbo-q1" || src != ratingpad.SourcePad {
		t.Fatalf("stored officer %q source %q", off, src)
	}
	// A second tap (a double tap, a second citizen) is refused by the
	// server and the pad just thanks again.
	_, err = c.Do(ctx, "POST", "/api/v1/pad/rate", padwire.RateRequest{TicketID: tk.ID, Level: 1}, nil)
	if !display.AlreadyRated(err) {
		t.Fatalf("second rating: %v", err)
	}
	// After the thanks, the pad is back to the officer.
	pad.Sent("", time.Now().Add(-time.Minute))
	r.Refresh(ctx)
	if s := v.Screen(); s.Mode != padwire.ModeIdle || s.Officer != "Cán bộ Quầy 1" {
		t.Fatalf("back to idle: %+v", s)
	}
}

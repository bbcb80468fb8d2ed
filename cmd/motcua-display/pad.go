package main

import (
	"time"

	"context"
	"fmt"
	"log/slog"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/display/ui"
	"github.com/motcua/motcua/ratingpad/padwire"
)

type padOptions struct {
	counter       string
	en            bool
	fullscreen    bool
	width, height int
	log           *slog.Logger
}

// runPad is --mode ratingpad: the citizen-facing screen of one counter.
// The counter comes from the pad's enrolment on the server; --counter, when
// given, must match it (a pad plugged in at the wrong counter says so).
func runPad(ctx context.Context, c *client.Client, o padOptions) error {
	a := app.NewWithID("vn.motcua.ratingpad")
	var w fyne.Window
	if drv, ok := a.Driver().(desktop.Driver); ok && o.fullscreen {
		w = drv.CreateSplashWindow()
	} else {
		w = a.NewWindow("Đánh giá cán bộ")
	}
	v := ui.NewPad()
	w.SetContent(v.Object())
	w.SetPadded(false)
	if o.fullscreen {
		w.SetFullScreen(true)
	} else {
		w.Resize(fyne.NewSize(float32(o.width), float32(o.height)))
	}
	pad := display.NewPad(o.en)
	api := display.PadClient{C: c}
	msg := display.PadMessage(o.en)
	r := display.NewPadRunner(checkCounter{api, o.counter}, pad, display.PadRunOptions{
		Dispatch: fyne.Do, Render: v.Render, Log: o.log, Message: msg})
	// Taps run on the UI goroutine; the network runs beside it.
	v.OnLang = func() { pad.ToggleLang(); r.Redraw() }
	v.OnReason = func(k string) { pad.ToggleReason(k); r.Redraw() }
	v.OnLevel = func(level int) {
		req, now := pad.Choose(level)
		r.Redraw()
		if now {
			go r.Rate(ctx, req, display.AlreadyRated)
		}
	}
	v.OnSend = func() {
		if req, ok := pad.Send(); ok {
			go r.Rate(ctx, req, display.AlreadyRated)
		}
	}
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			r.Run(ctx)
			fyne.Do(a.Quit)
		}()
	})
	w.ShowAndRun()
	return nil
}

// checkCounter refuses to follow a counter other than --counter.
type checkCounter struct {
	display.PadClient
	want string
}

func (c checkCounter) PadState(ctx context.Context) (st padState, err error) {
	return c.check(c.PadClient.PadState(ctx))
}

// PadStateWait: the long-poll, checked the same way.
func (c checkCounter) PadStateWait(ctx context.Context, since string, wait time.Duration) (padState, error) {
	return c.check(c.PadClient.PadStateWait(ctx, since, wait))
}

func (c checkCounter) check(st padState, err error) (padState, error) {
	if err == nil && c.want != "" && st.Counter.ID != c.want {
		return st, &client.Error{Status: 409, Code: "wrong_counter",
			Message:   fmt.Sprintf("Máy đánh giá này được đăng ký cho quầy %s, không phải quầy %s. Xin liên hệ quản trị viên.", st.Counter.ID, c.want),
			MessageEN: fmt.Sprintf("this pad is enrolled for counter %s, not %s (--counter)", st.Counter.ID, c.want)}
	}
	return st, err
}

type padState = padwire.State

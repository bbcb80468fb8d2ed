package ui

import (
	"context"
	"log/slog"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
)

// TestHomeReturnsToTheDefaultLanguage: a kiosk run with --lang en
// (Options.Lang) shows English; a citizen switches to Vietnamese, and the
// home button brings the next citizen back to English, tapped on the
// screen. KIOSK_SHOTS keeps the screen.
func TestHomeReturnsToTheDefaultLanguage(t *testing.T) {
	t.Setenv("LANG", "C.UTF-8")
	test.NewTempApp(t)
	env := kiosktest.StartWith(t, kiosktest.Options{})
	c, err := client.New(env.URL, env.KioskToken)
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, env: env}
	r.w = test.NewTempWindow(t, nil)
	r.u = New(r.w, Options{})
	r.p = kiosk.New(kiosk.Options{API: kiosk.NewAPI(c), PublicURL: "http://192.168.1.10:8080", Lang: kiosk.EN,
		Dispatch: fyne.Do, Render: r.u.Render, Log: slog.New(slog.DiscardHandler)})
	r.u.Bind(r.p)
	r.p.SetCentreName("Trung tâm Phục vụ hành chính công phường Hoàn Kiếm")
	r.w.Resize(fyne.NewSize(1920, 1080))
	r.p.Start(context.Background())
	r.p.Wait()
	t.Cleanup(r.p.Wait)

	if !r.shows("Take a number") || r.shows("Lấy số thứ tự") {
		t.Fatalf("start with --lang en: %q", r.texts())
	}
	r.tap("lang")
	if !r.shows("Lấy số thứ tự") {
		t.Fatalf("after the switch: %q", r.texts())
	}
	r.tap("home.take")
	r.tap("nav.home")
	if !r.shows("Take a number") || r.shows("Lấy số thứ tự") {
		t.Fatalf("home after a Vietnamese citizen: %q", r.texts())
	}
	r.shot("kiosk-en-default-home-landscape")
}

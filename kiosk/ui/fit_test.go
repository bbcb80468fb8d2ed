package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
	"github.com/motcua/motcua/queue"
)

// wantKey is the smallest key the test accepts, in Fyne units: 9 mm at
// a typical kiosk's density (the layout's own floor is minKey).
const wantKey = 48

// TestEveryScreenFitsTheWidth walks every screen of the kiosk's flow
// (home, sectors, services, priority, ticket, lookup with its keyboard,
// the dossier found, check-in, rating with the comment keyboard, thanks,
// the question screens with their keyboards) on a portrait 1080×1920 screen and a small
// landscape one, in normal and large type. Each screen's content must
// need no more than the window's width (a wider content widens the window
// on a real kiosk without a window manager and cuts the screen on the
// right), and every key stays a large touch target.
func TestEveryScreenFitsTheWidth(t *testing.T) {
	for _, o := range []struct {
		name     string
		size     fyne.Size
		portrait bool
		large    bool
	}{
		{"portrait", fyne.NewSize(1080, 1920), true, false},
		{"portrait-large", fyne.NewSize(1080, 1920), true, true},
		{"landscape-768", fyne.NewSize(1024, 768), false, false},
		{"landscape-768-large", fyne.NewSize(1024, 768), false, true},
	} {
		t.Run(o.name, func(t *testing.T) { walkFits(t, o.size, o.portrait, o.large) })
	}
}

func walkFits(t *testing.T, size fyne.Size, portrait, large bool) {
	r := newRigWith(t, size, portrait, kiosktest.Options{Petitions: true})
	ctx := context.Background()
	tk, err := r.env.Kiosk(t).Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	off := r.env.Officer(t, "q1")
	if _, ok, err := off.CallNext(ctx, "q1", ""); err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	if _, err := off.Act(ctx, tk.ID, queue.OpFinish, "", ""); err != nil {
		t.Fatal(err)
	}
	seen := map[kiosk.Screen]bool{}
	check := func() {
		t.Helper()
		v := r.p.View()
		if v.Large != large {
			r.tap("large")
			v = r.p.View()
		}
		seen[v.Screen] = true
		if w := r.w.Content().MinSize().Width; w > size.Width {
			t.Errorf("screen %s (large %v) needs %.0f wide, the window is %.0f", v.Screen, v.Large, w, size.Width)
			var b strings.Builder
			dumpWide(r.w.Content(), 0, 300, &b)
			t.Log(b.String())
		}
		keys := 0
		for _, name := range r.u.Targets() {
			if !strings.HasPrefix(name, "key.") && !strings.HasPrefix(name, "ckey.") && !strings.HasPrefix(name, "tone.") && !strings.HasPrefix(name, "digit.") {
				continue
			}
			keys++
			o := any(r.u.targets[name]).(fyne.CanvasObject)
			if s := o.Size(); s.Width < wantKey || s.Height < wantKey {
				t.Errorf("screen %s (large %v): key %s is %.0f×%.0f, want ≥ %d×%d", v.Screen, v.Large, name, s.Width, s.Height, wantKey, wantKey)
			}
		}
		if (v.Screen == kiosk.ScreenLookup || v.Screen == kiosk.ScreenRateComment || v.Screen == kiosk.ScreenAskText) && keys < 30 {
			t.Errorf("screen %s: only %d keys", v.Screen, keys)
		}
	}
	check() // home
	r.tap("home.take")
	check()
	r.tap("sector.tuphap")
	check()
	r.tap("service.hotich")
	check()
	r.tap("priority.")
	check()
	r.tap("ticket.done")
	r.tap("home.lookup")
	for _, k := range r.env.SupplementCode {
		r.tap("key." + string(k))
	}
	check() // the keyboard, with the code typed
	r.tap("key.search")
	if r.p.View().Screen != kiosk.ScreenDossier {
		t.Fatalf("lookup: %s %q", r.p.View().Screen, r.texts())
	}
	check()
	r.tap("nav.home")
	r.tap("home.booking")
	check()
	r.tap("nav.home")
	r.tap("home.rate")
	check()
	r.p.Scan(scanner.Classify(kiosk.RatingURL("http://192.168.1.10:8080", tk.ID, tk.RatingToken)))
	r.p.Wait()
	check()
	r.tap("level.3")
	check()
	r.tap("rate.comment")
	for _, k := range []string{"ckey.c", "ckey.h", "ckey.ơ", "tone.0"} {
		r.tap(k)
	}
	check()
	r.tap("comment.done")
	r.tap("reason.0")
	r.tap("rate.send")
	if r.p.View().Screen != kiosk.ScreenThanks {
		t.Fatalf("rating: %s %q", r.p.View().Screen, r.texts())
	}
	check()
	r.tap("thanks.done")
	r.tap("home.ask")
	check()
	r.tap("ask.topic.khac")
	r.tap("ask.text")
	for _, k := range []string{"ckey.t", "ckey.h", "ckey.u", "tone.2"} {
		r.tap(k)
	}
	check()
	r.tap("comment.done")
	r.tap("ask.phone")
	r.tap("digit.0")
	check()
	for _, s := range []kiosk.Screen{kiosk.ScreenHome, kiosk.ScreenSectors, kiosk.ScreenServices, kiosk.ScreenPriority,
		kiosk.ScreenTicket, kiosk.ScreenLookup, kiosk.ScreenDossier, kiosk.ScreenCheckIn, kiosk.ScreenRateSubject,
		kiosk.ScreenRateLevel, kiosk.ScreenRateReason, kiosk.ScreenRateComment, kiosk.ScreenThanks, kiosk.ScreenAsk,
		kiosk.ScreenAskText, kiosk.ScreenAskPhone} {
		if !seen[s] {
			t.Errorf("screen %s not visited: %v", s, fmt.Sprint(seen))
		}
	}
}

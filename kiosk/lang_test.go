package kiosk_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/kiosk"
)

// TestDefaultLanguage: a kiosk run with --lang en (Options.Lang) starts in
// English and every way back to the home screen — Home, Back from the first
// timeout, the end of the ticket screen — returns to English, whatever the
// last citizen chose; Back keeps the citizen's own choice (same citizen);
// a Vietnamese kiosk behaves the same way in Vietnamese.
func TestDefaultLanguage(t *testing.T) {
	for _, def := range []kiosk.Lang{kiosk.EN, kiosk.VI} {
		t.Run(string(def), func(t *testing.T) {
			other := kiosk.VI
			if def == kiosk.VI {
				other = kiosk.EN
			}
			h := newHarness(t, hopt{noPrinter: true, lang: def})
			v := h.view()
			if v.Screen != kiosk.ScreenHome || v.Lang != def {
				t.Fatalf("at start: %s %s, want home in %s", v.Screen, v.Lang, def)
			}
			if want := kiosk.T(def, "home.take"); v.T("home.take") != want {
				t.Fatalf("home tile %q, want %q", v.T("home.take"), want)
			}
			ways := []struct {
				name string
				back func() kiosk.View
			}{
				{"home", func() kiosk.View { return h.do(func(p *kiosk.Presenter) { p.Home() }) }},
				{"idle", func() kiosk.View { return h.tick(61 * time.Second) }},
			}
			for _, w := range ways {
				h.do(func(p *kiosk.Presenter) { p.ToggleLang() })
				if v = h.do(func(p *kiosk.Presenter) { p.TakeNumber() }); v.Lang != other || v.Screen == kiosk.ScreenHome {
					t.Fatalf("%s: switched to %s, on %s", w.name, v.Lang, v.Screen)
				}
				if v = w.back(); v.Screen != kiosk.ScreenHome || v.Lang != def {
					t.Fatalf("after %s: %s %s, want home in %s", w.name, v.Screen, v.Lang, def)
				}
			}
			// Back from the first screen is the same citizen: their language stays.
			h.do(func(p *kiosk.Presenter) { p.ToggleLang(); p.TakeNumber() })
			if v = h.do(func(p *kiosk.Presenter) { p.Back() }); v.Screen != kiosk.ScreenHome || v.Lang != other {
				t.Fatalf("after back: %s %s, want home in %s", v.Screen, v.Lang, other)
			}
			h.do(func(p *kiosk.Presenter) { p.Home() })
			// The ticket screen goes home by itself after TicketHold.
			h.do(func(p *kiosk.Presenter) { p.ToggleLang() })
			if v = h.takeNumber("tuphap", "hotich", ""); v.Ticket == nil || v.Lang != other {
				t.Fatalf("ticket not issued in %s: %+v", other, v)
			}
			if v = h.tick(21 * time.Second); v.Screen != kiosk.ScreenHome || v.Lang != def {
				t.Fatalf("after the ticket: %s %s, want home in %s", v.Screen, v.Lang, def)
			}
		})
	}
}

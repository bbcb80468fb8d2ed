package web_test

import (
	"context"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/web"
	"github.com/motcua/motcua/display"
	"github.com/motcua/motcua/display/displaytest"
	"github.com/motcua/motcua/internal/browsertest"
)

type sound struct {
	Lang  string   `json:"lang"`
	Clips []string `json:"clips"`
	Text  string   `json:"text"`
}

// TestBrowserEnglishBoardSaysBothLanguages: with sound on (autoplay
// allowed, as on a kiosk-mode TV), a call on the Vietnamese board plays
// the chime and the Vietnamese clips only; on an English board (?lang=en)
// the same call is followed by the English clips (voice/en/, the same
// sequence as display.CallClipsEN), each fetched from the server and
// decoded; &voice_en=0 keeps an English board Vietnamese-only.
func TestBrowserEnglishBoardSaysBothLanguages(t *testing.T) {
	browsertest.Path(t)
	ctx := context.Background()
	env := displaytest.Start(t, func(s *centre.Server) { web.Register(s) })
	for _, tc := range []struct {
		name, query string
		english     bool
	}{
		{"vi", "", false},
		{"en", "&lang=en", true},
		{"en-voice-vi", "&lang=en&voice_en=0", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env.Issue(ctx, "hotich")
			bctx := browsertest.Start(t, 1280, 720)
			if err := chromedp.Do(bctx, chromedp.Navigate(env.URL()+"/board?token="+env.Display+tc.query)); err != nil {
				t.Fatal(err)
			}
			waitJS(t, bctx, "the snapshot", `window.__board && window.__board.snapshots >= 1 && document.getElementById('banner').hidden`)
			voices, _ := chromedp.Run(bctx, chromedp.Evaluate[int](`window.speechSynthesis ? speechSynthesis.getVoices().length : 0`))
			if voices > 0 {
				t.Skipf("this Chromium has %d system voices: the board speaks with them, not the clips", voices)
			}
			n := env.CallNext(ctx, "q3")
			waitJS(t, bctx, n+" announced", `window.__board.announced >= 1`)
			got, err := chromedp.Run(bctx, chromedp.Evaluate[[]sound](`window.__board.sounds`))
			if err != nil {
				t.Fatal(err)
			}
			want := []sound{{Clips: []string{"chime"}}, {Lang: "vi", Clips: display.CallClips(n, 3)}}
			if tc.english {
				var en []string
				for _, c := range display.CallClipsEN(n, 3) {
					en = append(en, "en/"+c)
				}
				want = append(want, sound{Lang: "en", Clips: en})
			}
			if !slices.EqualFunc(got, want, func(a, b sound) bool { return a.Lang == b.Lang && slices.Equal(a.Clips, b.Clips) }) {
				t.Fatalf("sounds %+v, want %+v", got, want)
			}
			// Every clip was fetched (the board decodes and plays what it fetched).
			fetched, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](`performance.getEntriesByType("resource").filter(function (e) { return /\/board\/voice\//.test(e.name); }).map(function (e) { return new URL(e.name).pathname + " " + (e.responseStatus || 200); })`))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range want[1:] {
				for _, c := range s.Clips {
					if !slices.Contains(fetched, "/board/voice/"+c+".wav 200") {
						t.Errorf("clip %s not fetched: %q", c, fetched)
					}
				}
			}
			if en := slices.ContainsFunc(fetched, func(f string) bool { return strings.HasPrefix(f, "/board/voice/en/") }); en != tc.english {
				t.Errorf("English clips fetched: %v, want %v", en, tc.english)
			}
			words, _ := chromedp.Run(bctx, chromedp.Evaluate[string](fmt.Sprintf(`window.__boardSpeechEN({number: %q, counterNumber: 21})`, "A025")))
			if words != "Number A zero two five please go to counter twenty one" {
				t.Errorf("English words %q", words)
			}
		})
	}
}

// TestVoiceClipsEN: every English clip board.js and display.CallClipsEN
// may ask for exists, 16 kHz mono 16-bit like the Vietnamese ones, and the
// English set stays under 1 MB too (an English board fetches both).
func TestVoiceClipsEN(t *testing.T) {
	names := []string{"intro", "to"}
	for d := '0'; d <= '9'; d++ {
		names = append(names, "d"+string(d))
	}
	for n := 10; n < 20; n++ {
		names = append(names, fmt.Sprintf("n%d", n))
	}
	for n := 20; n < 100; n += 10 {
		names = append(names, fmt.Sprintf("n%d", n))
	}
	for l := 'A'; l <= 'Z'; l++ {
		names = append(names, "l"+string(l))
	}
	total := 0
	for _, n := range names {
		b, err := fs.ReadFile(web.Files(), "voice/en/"+n+".wav")
		if err != nil {
			t.Errorf("clip %s: %v", n, err)
			continue
		}
		if len(b) < 44 || string(b[:4]) != "RIFF" || b[22] != 1 || b[24] != 0x80 || b[25] != 0x3e || b[34] != 16 {
			t.Errorf("clip %s is not 16 kHz mono 16-bit WAV", n)
		}
		total += len(b)
	}
	if all, _ := fs.Glob(web.Files(), "voice/en/*.wav"); len(all) != len(names) {
		t.Errorf("%d English clips, %d used", len(all), len(names))
	}
	if total > 1<<20 {
		t.Errorf("English voice clips take %d bytes, keep them under 1 MB", total)
	}
	t.Logf("English clips: %d, %d bytes", len(names), total)
}

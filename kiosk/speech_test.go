package kiosk

import (
	"slices"
	"testing"
)

// TestSpeechClips: every sentence has its embedded clip (speech, not
// silence, a few seconds long), every screen a citizen works on says
// something, and the ticket screen reads the number with the board's
// letter and digit clips; the joined WAV is 16 kHz PCM as long as its parts.
func TestSpeechClips(t *testing.T) {
	files := map[string]bool{}
	for name := range SpeechTexts {
		files[name] = true
	}
	for name := range SpeechTextsEN {
		files["en/"+name] = true
	}
	for name := range files {
		b, err := voiceFS.ReadFile("voice/" + name + ".wav")
		if err != nil {
			t.Fatalf("%s: %v (run go generate ./kiosk)", name, err)
		}
		pcm, rate, err := pcmOf(b)
		if err != nil || rate != clipRate {
			t.Fatalf("%s: rate %d, %v", name, rate, err)
		}
		secs := float64(len(pcm)) / float64(rate)
		peak := 0
		for _, s := range pcm {
			peak = max(peak, int(s), -int(s))
		}
		if secs < 0.8 || secs > 14 || peak < 3000 {
			t.Errorf("%s: %.1f s, peak %d: not a spoken sentence", name, secs, peak)
		}
	}
	for _, s := range []Screen{ScreenHome, ScreenSectors, ScreenServices, ScreenPriority, ScreenLookup, ScreenCheckIn, ScreenDossier,
		ScreenRateSubject, ScreenRateLevel, ScreenRateReason, ScreenRateComment, ScreenThanks, ScreenOffline, ScreenAsk, ScreenAskSent} {
		clips := SpeechClips(View{Screen: s})
		if len(clips) == 0 {
			t.Errorf("screen %s says nothing", s)
		}
		for _, c := range clips {
			if _, ok := SpeechTexts[c]; !ok {
				t.Errorf("screen %s: clip %s has no sentence", s, c)
			}
		}
	}
	if c := SpeechClips(View{Screen: ScreenAdmin}); len(c) != 0 || len(SpeechClips(View{Screen: ScreenAdmin, Lang: EN})) != 0 {
		t.Errorf("the admin screen speaks: %v", c)
	}
	v := View{Screen: ScreenTicket, Ticket: &Ticket{Number: "B012"}, PrinterWarning: "Máy in hết giấy"}
	want := []string{"s_ticket", "voice/lB", "voice/d0", "voice/d1", "voice/d2", "s_ticket2", "s_no_printer"}
	if got := SpeechClips(v); !slices.Equal(got, want) {
		t.Fatalf("ticket clips %v, want %v", got, want)
	}
	wav, err := SpeechWAV(want)
	if err != nil {
		t.Fatal(err)
	}
	pcm, rate, err := pcmOf(wav)
	if err != nil || rate != SpeechRate {
		t.Fatalf("joined: rate %d, %v", rate, err)
	}
	parts := 0
	for _, c := range want {
		one, _ := SpeechWAV([]string{c})
		p, _, _ := pcmOf(one)
		parts += len(p)
	}
	if len(pcm) != parts {
		t.Fatalf("joined %d samples, parts %d", len(pcm), parts)
	}
}

// TestSpeakerFollowsLargeMode: nothing is said until the large-type button
// is on; then it says that reading is on and reads the current screen,
// each new screen once (a redraw of the same screen is silent), a new
// ticket number again; off is silent, and on again starts over.
func TestSpeakerFollowsLargeMode(t *testing.T) {
	var said [][]byte
	s := NewSpeaker(func(build func() []byte) { said = append(said, build()) })
	home := View{Screen: ScreenHome}
	s.Show(home)
	if len(said) != 0 {
		t.Fatal("spoke with the large mode off")
	}
	home.Large = true
	s.Show(home)
	s.Show(home) // a redraw (waiting counts) says nothing
	want := func(n int, clips ...string) {
		t.Helper()
		if len(said) != n {
			t.Fatalf("%d sounds, want %d", len(said), n)
		}
		exp, err := SpeechWAV(clips)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(said[n-1], exp) {
			t.Fatalf("sound %d is not %v", n, clips)
		}
	}
	want(1, "s_on", "s_home")
	s.Show(View{Screen: ScreenSectors, Large: true})
	want(2, "s_sectors")
	s.Show(View{Screen: ScreenTicket, Large: true, Ticket: &Ticket{Number: "A7"}})
	want(3, "s_ticket", "voice/lA", "voice/d7", "s_ticket2")
	s.Show(View{Screen: ScreenTicket, Large: true, Ticket: &Ticket{Number: "A8"}})
	want(4, "s_ticket", "voice/lA", "voice/d8", "s_ticket2")
	s.Show(View{Screen: ScreenHome})
	s.Show(View{Screen: ScreenSectors})
	want(4, "s_ticket", "voice/lA", "voice/d8", "s_ticket2")
	s.Show(View{Screen: ScreenSectors, Large: true})
	want(5, "s_on", "s_sectors")
}

// TestSpeechInEnglish: every sentence has its English one; a kiosk in
// English says each screen with the English clip (voice/en/), never the
// Vietnamese, and reads the ticket number with the board's English letter
// and digit clips.
func TestSpeechInEnglish(t *testing.T) {
	for name := range SpeechTexts {
		if SpeechTextsEN[name] == "" {
			t.Errorf("%s has no English sentence", name)
		}
	}
	if len(SpeechTextsEN) != len(SpeechTexts) {
		t.Errorf("%d English sentences for %d Vietnamese", len(SpeechTextsEN), len(SpeechTexts))
	}
	for s, vi := range screenClips {
		en := SpeechClips(View{Screen: s, Lang: EN})
		if len(en) != len(vi) {
			t.Fatalf("screen %s: %v in English, %v in Vietnamese", s, en, vi)
		}
		for i, c := range en {
			if c != "en/"+vi[i] {
				t.Errorf("screen %s in English says %s", s, c)
			}
			a, _ := SpeechWAV([]string{c})
			b, _ := SpeechWAV([]string{vi[i]})
			if len(a) < 1000 || slices.Equal(a, b) {
				t.Errorf("screen %s: the English clip %s is %d bytes, the Vietnamese one's copy: %v", s, c, len(a), slices.Equal(a, b))
			}
		}
		if got := SpeechClips(View{Screen: s, Lang: VI}); !slices.Equal(got, vi) {
			t.Errorf("screen %s in Vietnamese: %v, want %v", s, got, vi)
		}
	}
	v := View{Screen: ScreenTicket, Lang: EN, Ticket: &Ticket{Number: "B012"}, PrinterWarning: "Printer out of paper"}
	want := []string{"en/s_ticket", "voice/en/lB", "voice/en/d0", "voice/en/d1", "voice/en/d2", "en/s_ticket2", "en/s_no_printer"}
	if got := SpeechClips(v); !slices.Equal(got, want) {
		t.Fatalf("English ticket clips %v, want %v", got, want)
	}
	if _, err := SpeechWAV(want); err != nil {
		t.Fatal(err)
	}
}

// TestSpeakerFollowsTheLanguage: the citizen switching the kiosk to
// English while reading is on hears the same screen again, in English;
// the screens after it are English; back to Vietnamese, Vietnamese.
func TestSpeakerFollowsTheLanguage(t *testing.T) {
	var said [][]byte
	s := NewSpeaker(func(build func() []byte) { said = append(said, build()) })
	want := func(n int, clips ...string) {
		t.Helper()
		if len(said) != n {
			t.Fatalf("%d sounds, want %d", len(said), n)
		}
		exp, err := SpeechWAV(clips)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(said[n-1], exp) {
			t.Fatalf("sound %d is not %v", n, clips)
		}
	}
	s.Show(View{Screen: ScreenHome, Lang: VI, Large: true})
	want(1, "s_on", "s_home")
	s.Show(View{Screen: ScreenHome, Lang: EN, Large: true})
	want(2, "en/s_home")
	s.Show(View{Screen: ScreenHome, Lang: EN, Large: true})
	want(2, "en/s_home")
	s.Show(View{Screen: ScreenTicket, Lang: EN, Large: true, Ticket: &Ticket{Number: "A7"}})
	want(3, "en/s_ticket", "voice/en/lA", "voice/en/d7", "en/s_ticket2")
	s.Show(View{Screen: ScreenHome, Lang: VI, Large: true})
	want(4, "s_home")
	s.Show(View{Screen: ScreenHome, Lang: EN})
	s.Show(View{Screen: ScreenSectors, Lang: EN, Large: true})
	want(5, "en/s_on", "en/s_sectors")
}

package web_test

import (
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre/web"
)

func TestBoardRoutes(t *testing.T) {
	mux := http.NewServeMux()
	web.Register(mux)
	ts := httptest.NewServer(mux)
	defer ts.Close()
	tests := []struct {
		path, wantType, wantBody string
		wantStatus               int
	}{
		{"/board", "text/html; charset=utf-8", "Bấm để bật âm thanh", 200},
		{"/board/board.js", "text/javascript; charset=utf-8", "Mất kết nối, đang kết nối lại…", 200},
		{"/board/board.css", "text/css; charset=utf-8", "portrait", 200},
		{"/board/chime.wav", "audio/wave", "RIFF", 200},
		{"/board/voice/intro.wav", "audio/wave", "RIFF", 200},
		{"/board/voice/nope.wav", "", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, err := http.Get(ts.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if tt.wantStatus != 200 {
				return
			}
			if ct := resp.Header.Get("Content-Type"); ct != tt.wantType && !(strings.HasPrefix(tt.wantType, "audio/") && strings.HasPrefix(ct, "audio/")) {
				t.Errorf("content type %q, want %q", ct, tt.wantType)
			}
			if !strings.Contains(string(body), tt.wantBody) {
				t.Errorf("body lacks %q", tt.wantBody)
			}
		})
	}
}

// Every clip board.js may ask for exists, and the set stays small enough
// for a TV to fetch quickly.
func TestVoiceClips(t *testing.T) {
	var names []string
	names = append(names, "intro", "to", "muoi", "muoi2", "mot2", "lam", "tu")
	for d := '0'; d <= '9'; d++ {
		names = append(names, "d"+string(d))
	}
	for l := 'A'; l <= 'Z'; l++ {
		names = append(names, "l"+string(l))
	}
	total := 0
	for _, n := range names {
		b, err := fs.ReadFile(web.Files(), "voice/"+n+".wav")
		if err != nil {
			t.Errorf("clip %s: %v", n, err)
			continue
		}
		// 16 kHz mono 16-bit PCM.
		if len(b) < 44 || string(b[:4]) != "RIFF" || b[22] != 1 || b[24] != 0x80 || b[25] != 0x3e || b[34] != 16 {
			t.Errorf("clip %s is not 16 kHz mono 16-bit WAV", n)
		}
		total += len(b)
	}
	if total > 1<<20 {
		t.Errorf("voice clips take %d bytes, keep them under 1 MB", total)
	}
}

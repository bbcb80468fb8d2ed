// Package web serves the hall board for browsers (smart TVs, a Raspberry Pi
// in kiosk mode) at /board: embedded HTML/CSS/JS, a chime and Vietnamese
// voice clips (and English ones, voice/en/, for an English board's second
// announcement). No build step; the page talks to /ws like the Fyne board.
package web

//go:generate go run gen_voice.go

import (
	"embed"
	"io/fs"
	"net/http"
	"path"
	"strings"
)

//go:embed static
var static embed.FS

// Files are the board's files (board.html, board.js, board.css, chime.wav,
// voice/*.wav, voice/en/*.wav).
func Files() fs.FS {
	sub, err := fs.Sub(static, "static")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

// Registrar is what Register adds routes to (*centre.Server, *http.ServeMux).
type Registrar interface {
	Handle(pattern string, h http.Handler)
}

// Register mounts GET /board (the page) and GET /board/ (its assets).
func Register(mux Registrar) {
	mux.Handle("GET /board", Page())
	mux.Handle("GET /board/", Assets())
}

// Page serves board.html. Boards reload it rarely, but an update must reach
// them on the next reload: no-cache (revalidate).
func Page() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := fs.ReadFile(Files(), "board.html")
		if err != nil {
			http.Error(w, "board.html missing", http.StatusInternalServerError)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Cache-Control", "no-cache")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer") // the URL may carry ?token=
		w.Write(b)
	})
}

// Assets serves /board/<file>; sound clips may be cached for a day.
func Assets() http.Handler {
	files := http.FileServerFS(Files())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/board/")
		if name == "" || strings.HasSuffix(name, "/") || name == "board.html" {
			http.Redirect(w, r, "/board", http.StatusFound)
			return
		}
		if path.Ext(name) == ".wav" {
			w.Header().Set("Cache-Control", "public, max-age=86400")
		} else {
			w.Header().Set("Cache-Control", "no-cache")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		r2 := r.Clone(r.Context())
		r2.URL.Path = "/" + name
		files.ServeHTTP(w, r2)
	})
}

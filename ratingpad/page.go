package ratingpad

import (
	"embed"
	"net/http"

	"github.com/motcua/motcua/centre"
)

//go:embed static/*
var static embed.FS

// mountPage serves the web pad: one page, its script and style, all from
// the centre (no CDN). The files hold no secret: the tablet keeps its
// device token (given once as /pad#token=… or typed) in its own storage.
func mountPage(srv *centre.Server) {
	file := func(name, ctype string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			b, err := static.ReadFile("static/" + name)
			if err != nil {
				http.NotFound(w, r)
				return
			}
			h := w.Header()
			h.Set("Content-Type", ctype)
			h.Set("Cache-Control", "no-cache")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("X-Frame-Options", "DENY")
			h.Set("Referrer-Policy", "no-referrer")
			h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
			w.Write(b)
		}
	}
	srv.Handle("GET /pad", file("pad.html", "text/html; charset=utf-8"))
	srv.Handle("GET /pad/pad.js", file("pad.js", "text/javascript; charset=utf-8"))
	srv.Handle("GET /pad/pad.css", file("pad.css", "text/css; charset=utf-8"))
}

package booking

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
)

//go:embed static
var static embed.FS

var (
	page       = template.Must(template.ParseFS(static, "static/index.html"))
	remotePage = template.Must(template.ParseFS(static, "static/lay-so.html"))
)

const pageCSP = "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// mountPage adds the public booking page /dat-lich and its assets under
// /dat-lich/_/. Everything is embedded; the page loads nothing from other sites.
func mountPage(handle func(string, http.Handler), centreName string) {
	assets, _ := fs.Sub(static, "static")
	files := http.StripPrefix("/dat-lich/_/", http.FileServerFS(assets))
	handle("GET /dat-lich/_/{file}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	}))
	handle("GET /dat-lich", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		// The booking code may be in the address (?ma=): never send it on.
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", pageCSP)
		page.Execute(w, struct{ Centre string }{centreName})
	}))
}

// mountRemotePage adds the public remote-number page /lay-so (its assets are
// the booking page's, under /dat-lich/_/).
func mountRemotePage(handle func(string, http.Handler), centreName string) {
	handle("GET /lay-so", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", pageCSP)
		remotePage.Execute(w, struct{ Centre string }{centreName})
	}))
}

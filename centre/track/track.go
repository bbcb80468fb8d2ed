// Package track is the phone page behind the QR code on a queue ticket:
// /t/{ticket id} shows the number, the service, the status, the people
// ahead and the estimated wait, and turns into "Mời đến quầy 3" the moment
// the officer calls it (WebSocket /ws?ticket=…). No login, no personal
// data: the unguessable ticket id is the only key. Everything is embedded;
// the page loads nothing from other sites.
package track

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"regexp"
)

//go:embed static
var static embed.FS

var page = template.Must(template.ParseFS(static, "static/index.html"))

// ticketID is the server's ticket id: 20 lower-case base32 characters.
var ticketID = regexp.MustCompile(`^[a-z2-7]{20}$`)

// Handle is how routes are added (centre.Server.Handle).
type Handle func(pattern string, h http.Handler)

// Mount adds GET /t/{id} and its assets under /t/_/ to the server.
func Mount(handle Handle, centreName string) {
	assets, _ := fs.Sub(static, "static")
	files := http.StripPrefix("/t/_/", http.FileServerFS(assets))
	handle("GET /t/_/{file}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	}))
	handle("GET /t/{id}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'")
		valid := ticketID.MatchString(id)
		if !valid {
			w.WriteHeader(http.StatusNotFound)
		}
		page.Execute(w, struct {
			ID, Centre string
			Valid      bool
		}{id, centreName, valid})
	}))
}

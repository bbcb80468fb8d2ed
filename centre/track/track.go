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
	"strings"
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
		w.Header().Set("Vary", "Accept-Language")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'")
		valid := ticketID.MatchString(id)
		if !valid {
			w.WriteHeader(http.StatusNotFound)
		}
		lang := pageLang(r)
		page.Execute(w, struct {
			ID, Centre string
			Valid      bool
			Lang       string
			L          map[string]string
		}{id, centreName, valid, lang, texts[lang]})
	}))
}

// pageLang is "en" for ?lang=en or a browser asking for English first
// (Decree 42/2022 asks for an English interface), else "vi".
func pageLang(r *http.Request) string {
	switch r.URL.Query().Get("lang") {
	case "en":
		return "en"
	case "vi":
		return "vi"
	}
	al := strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language")))
	if strings.HasPrefix(al, "en") {
		return "en"
	}
	return "vi"
}

// texts are the page's words; app.js has the live ones (status, wait).
var texts = map[string]map[string]string{
	"vi": {
		"title": "Số thứ tự", "notfound": "Không tìm thấy số thứ tự",
		"notfound.body": "Mã trên phiếu không đúng hoặc phiếu đã hết hạn. Xin liên hệ quầy hướng dẫn.",
		"yours":         "Số thứ tự của Quý khách", "turn": "Đã đến lượt Quý khách", "ahead": "Người chờ trước",
		"wait": "Dự kiến chờ", "status": "Trạng thái", "reconnecting": "Đang kết nối lại…",
		"footer": "Trang này tự cập nhật, không cần tải lại. Không lưu thông tin cá nhân.",
		"other":  "English", "other.lang": "en", "back": "Tôi đã đến — gọi lại tôi",
		"again": "Lấy số mới từ xa",
	},
	"en": {
		"title": "Queue number", "notfound": "Queue number not found",
		"notfound.body": "The code on the ticket is wrong or the ticket has expired. Please ask at the information desk.",
		"yours":         "Your queue number", "turn": "It is your turn", "ahead": "People ahead",
		"wait": "Estimated wait", "status": "Status", "reconnecting": "Reconnecting…",
		"footer": "This page updates by itself. No personal data is stored.",
		"other":  "Tiếng Việt", "other.lang": "vi", "back": "I am here — call me again",
		"again": "Take a new number remotely",
	},
}

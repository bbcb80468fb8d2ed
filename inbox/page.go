package inbox

import (
	"bytes"
	"context"
	"embed"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/store"
)

//go:embed page.html
var pageFS embed.FS

var page = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"when": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(dossier.Loc).Format("15:04 02/01/2006")
	},
	// L picks the page's language: {{L $.EN "tiếng Việt" "English"}}.
	"L": func(en bool, vi, eng string) string {
		if en {
			return eng
		}
		return vi
	},
	"statusEN": statusEN,
	"kindEN":   kindEN,
}).ParseFS(pageFS, "page.html"))

// consolePageSize is the items per page of the console's inbox page.
const consolePageSize = 100

// MountConsolePage adds /console/hop-thu, the inbox as supervisors see it in
// the console (read-only: officers accept or return items through the API),
// and the monitor's warning about sectors without lĩnh vực codes. It does
// nothing when no console is mounted on srv.
func (in *Inbox) MountConsolePage(srv *centre.Server) {
	h := console.SupervisorPage(srv, in.consolePage)
	if h == nil {
		return
	}
	srv.Handle("GET /console/hop-thu", h)
	in.mountResend(srv) // resend_console.go
	console.NavLink(srv, "/console/hop-thu", "Hộp thư trực tuyến", "Online inbox")
	console.AddAlerts(srv, in.fieldAlerts)
}

// fieldAlerts is the monitor's alert for FieldWarning.
func (in *Inbox) fieldAlerts(ctx context.Context) []console.Alert {
	w, err := in.FieldWarning(ctx)
	if err != nil {
		in.log.Warn("inbox field check failed", "err", err)
		return nil
	}
	if w.Empty() {
		return nil
	}
	return []console.Alert{{Kind: "linh_vuc", Target: "hop-thu", Message: w.Vietnamese(), MessageEN: w.English()}}
}

// refusedView is a refused hand-over with its reason in words.
type refusedView struct {
	RefusedHandOver
	ReasonVI, ReasonEN, AdviceEN string
	Form                         *resendForm // nil: cannot be sent again from here
	Advice                       string      // what to do, for the console (the engine's words)
}

func (in *Inbox) consolePage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	en := r.URL.Query().Get("lang") == "en"
	// The page is for supervisors only (console.SupervisorPage): every field.
	sup := centre.Principal{Kind: "officer", Role: centre.RoleSupervisor}
	cursor := r.URL.Query().Get("cursor")
	pg, err := in.Page(ctx, sup, "", cursor, consolePageSize)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	failed, err := in.FailedHandOvers(ctx, 500)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	refused, err := in.RefusedHandOvers(ctx, 500)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	var rv []refusedView
	for _, x := range refused {
		vi, eng := RefusalReason(x.MaLyDo)
		rv = append(rv, refusedView{RefusedHandOver: x, ReasonVI: vi, ReasonEN: eng, AdviceEN: refusalAdviceEN(x), Advice: x.Advice, Form: in.resendFormOf(r, x.MaHoSo)})
		if f := rv[len(rv)-1].Form; f != nil {
			last := &rv[len(rv)-1]
			last.Advice = strings.Replace(last.Advice, "trên ứng dụng quầy.", "trên ứng dụng quầy, hoặc gửi lại ngay dưới đây.", 1)
			last.AdviceEN += " When that centre has updated it (or the collector's name or the place of return needs correcting), send the hand-over again below, or with “Send the hand-over again” in the counter app."
		}
	}
	warn, err := in.FieldWarning(ctx)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	link := func(v url.Values) string { return "/console/hop-thu?" + v.Encode() }
	q := url.Values{}
	if en {
		q.Set("lang", "en")
	}
	other := url.Values{}
	if !en {
		other.Set("lang", "en")
	}
	if cursor != "" {
		other.Set("cursor", cursor)
	}
	data := map[string]any{"EN": en, "Page": pg, "Items": pg.Items, "Waiting": pg.Waiting, "Failed": failed, "Refused": rv,
		"Warn": !warn.Empty(), "WarnVI": warn.Vietnamese(), "WarnEN": warn.English(), "Switch": link(other), "Lang": map[bool]string{true: "en", false: "vi"}[en]}
	if pg.Next != "" {
		n := url.Values{"cursor": {pg.Next}}
		if en {
			n.Set("lang", "en")
		}
		data["Next"] = link(n)
	}
	if cursor != "" {
		data["First"] = link(q)
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, data); err != nil {
		in.log.Error("inbox page", "err", err)
		centre.WriteError(w, r, in.log, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(visibleOnly(buf.Bytes()))
}

// visibleOnly drops the invisible format characters (Unicode Cf: the
// bidirectional overrides such as U+202E, zero-width characters) and the
// line/paragraph separators from the page: texts that came from other
// centres through the portal (a collector's name, a refusal's note) could
// otherwise make the page show a text other than the one stored. The page's
// own texts hold none of them, so the whole page is filtered.
// The stored texts are cleaned on input since session 7 (internal/textrule);
// this stays for rows stored before, with the same definition.
func visibleOnly(b []byte) []byte {
	return bytes.Map(func(r rune) rune {
		if textrule.Invisible(r) {
			return -1
		}
		return r
	}, b)
}

func statusEN(s string) string {
	switch s {
	case store.InboxNew:
		return "Waiting"
	case store.InboxAccepted:
		return "Received"
	case store.InboxReturned:
		return "Returned for supplement"
	}
	return s
}

func kindEN(k string) string {
	switch k {
	case "nop_truc_tuyen":
		return "Online submission"
	case "lien_thong":
		return "Forwarded by another centre"
	}
	return k
}

package petition_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/motcua/motcua/petition"
)

// FuzzSubmitBodies sends arbitrary kiosk bodies and phone-page forms to a
// real centre: every answer is a success or a refusal (never a 5xx), and
// whatever was stored respects the limits.
func FuzzSubmitBodies(f *testing.F) {
	f.Add(`{"kind":"hoi","topic":"tuphap","text":"Hỏi","contact":"0912"}`, "hoi", "tuphap", "Hỏi")
	f.Add(`{"kind":"pakn","topic":"khac","text":"\u0000\u001f","contact":""}`, "pakn", "khac", "\x00")
	f.Add(`{"kind":"hoi","topic":"tuphap","text":"\xff\xfe"}`, "x", "", "\xff")
	f.Add(`[]`, "", "", "")
	e := newEnv(f, petition.Options{PerDevice: 1 << 30, PerAddress: 1 << 30, Total: 1 << 30})
	f.Fuzz(func(t *testing.T, body, kind, topic, text string) {
		e.t = t
		st, b := e.do("POST", "/api/v1/petitions", e.kiosk, body, nil)
		switch st {
		case http.StatusCreated, http.StatusBadRequest, http.StatusRequestEntityTooLarge:
		default:
			t.Fatalf("kiosk body %q: %d %s", body, st, b)
		}
		st, _ = e.form(url.Values{"kind": {kind}, "topic": {topic}, "text": {text}})
		if st != http.StatusOK && st != http.StatusBadRequest {
			t.Fatalf("form %q %q %q: %d", kind, topic, text, st)
		}
		list, err := e.svc.List(context.Background(), "", "", 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range list {
			if p.Body == "" || utf8.RuneCountInString(p.Body) > petition.MaxText || !utf8.ValidString(p.Body) {
				t.Fatalf("stored %+v", p)
			}
		}
	})
}

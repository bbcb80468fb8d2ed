package main

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
)

// TestQuestionThroughThePrograms: a question sent by a kiosk to `motcua
// serve`, answered publicly by a supervisor, carried by `motcua sync`,
// shown by `motcua portal serve` on /hoi-dap — the citizen's contact
// nowhere on the portal.
func TestQuestionThroughThePrograms(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	cfg := queue.DemoConfig()
	h := newHall(t, cfg)
	h.officer(t, "giamsat", "supervisor", "Lê Văn Cường")
	kioskTok := h.device(t, "kiosk", "kiosk-1")

	h.serve(t)
	base, portalURL := h.base, h.portalURL
	h.sync(t)

	call := func(method, url, token, body string, out any) int {
		t.Helper()
		st, _ := apiCall(t, method, url, token, body, out)
		return st
	}
	var created struct{ ID string }
	q := fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":"Làm lại giấy khai sinh bị mất cần gì?","contact":"0987 654 321"}`, cfg.Sectors[0].ID)
	if st := call("POST", base+"/api/v1/petitions", kioskTok, q, &created); st != http.StatusCreated {
		t.Fatalf("kiosk question: %d", st)
	}
	var login struct{ Token string }
	if st := call("POST", base+"/api/v1/login", "", `{"username":"giamsat","password":"matkhau123"}`, &login); st != 200 || login.Token == "" {
		t.Fatalf("supervisor login: %d", st)
	}
	answer := "Mang tờ khai đăng ký lại khai sinh và bản sao giấy tờ tùy thân."
	if st := call("POST", base+"/api/v1/petitions/"+created.ID+"/answer", login.Token, fmt.Sprintf(`{"answer":%q,"public":true}`, answer), nil); st != 200 {
		t.Fatalf("answer: %d", st)
	}
	portalShowsAnswer(t, portalURL, answer)
}

// portalShowsAnswer waits for the answered question on the portal (its
// API and its /hoi-dap page), without the citizen's contact.
func portalShowsAnswer(t *testing.T, portalURL, answer string) {
	t.Helper()
	eventually(t, "the answer on the portal", func() (bool, error) {
		var qs []portal.PublicQA
		if _, err := getJSON(portalURL+"/api/v1/hoi-dap", &qs); err != nil {
			return false, err
		}
		return len(qs) == 1 && qs[0].TraLoi == answer, nil
	})
	// The polls above spent this address's share of the public pages'
	// budget (30 a minute, burst 10): a 429 here means "try again".
	var page []byte
	eventually(t, "the /hoi-dap page", func() (bool, error) {
		resp, err := http.Get(portalURL + "/hoi-dap")
		if err != nil {
			return false, err
		}
		page, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode != http.StatusTooManyRequests, fmt.Errorf("%s", resp.Status)
	})
	if !strings.Contains(string(page), answer) || !strings.Contains(string(page), "giấy khai sinh bị mất") || strings.Contains(string(page), "654") {
		t.Fatalf("portal page:\n%s", page)
	}
}

package main

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/queue"
)

// TestQuestionAnsweredInTheConsole: a question sent by a kiosk to `motcua
// serve`, assigned and answered publicly by a supervisor in the console
// page /console/hoi-dap (cookie session, CSRF header, as the browser does),
// carried by `motcua sync` and shown by `motcua portal serve` on /hoi-dap.
func TestQuestionAnsweredInTheConsole(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	cfg := queue.DemoConfig()
	h := newHall(t, cfg)
	h.officer(t, "giamsat", "supervisor", "Lê Văn Cường")
	h.officer(t, "canbo1", "officer", "Nguyễn Văn An")
	kioskTok := h.device(t, "kiosk", "kiosk-1")

	h.serve(t)
	base, portalURL := h.base, h.portalURL
	h.sync(t)

	// The kiosk's question.
	q := fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":"Làm lại giấy khai sinh bị mất cần gì?","contact":"0987 654 321"}`, cfg.Sectors[0].ID)
	var created struct{ ID string }
	if st, _ := apiCall(t, "POST", base+"/api/v1/petitions", kioskTok, q, &created); st != http.StatusCreated || created.ID == "" {
		t.Fatalf("kiosk question: %d", st)
	}

	// The supervisor in the console: log in through the form, as a browser.
	hc := consoletest.NewClient()
	get := func(path string) (int, string) {
		t.Helper()
		st, b, _ := consoletest.Get(t, hc, base+path)
		return st, b
	}
	me := consoletest.Login(t, hc, base, "giamsat", "matkhau123")
	if me.CSRF == "" {
		t.Fatalf("me: no CSRF token: %+v", me)
	}
	linked := false
	for _, l := range me.Links {
		linked = linked || l.Path == "/console/hoi-dap"
	}
	if !linked {
		t.Fatalf("the console does not link /console/hoi-dap: %+v", me.Links)
	}
	if st, page := get("/console/hoi-dap?status=new"); st != 200 || !strings.Contains(page, "Làm lại giấy khai sinh bị mất") {
		t.Fatalf("console page: %d %s", st, page)
	}
	post := func(path string, body any) int {
		t.Helper()
		st, _ := consoletest.Post(t, hc, base+path, me.CSRF, body)
		return st
	}
	if st := post("/console/hoi-dap/"+created.ID+"/assign", map[string]string{"officer": "canbo1"}); st != 200 {
		t.Fatalf("assign: %d", st)
	}
	answer := "Mang tờ khai đăng ký lại khai sinh và bản sao giấy tờ tùy thân đến quầy Hộ tịch."
	if st := post("/console/hoi-dap/"+created.ID+"/answer", map[string]any{"answer": answer, "public": true}); st != 200 {
		t.Fatalf("answer: %d", st)
	}

	// On the portal, without the contact.
	portalShowsAnswer(t, portalURL, answer)
}

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
)

// TestQuestionAnsweredInTheConsole: a question sent by a kiosk to `motcua
// serve`, assigned and answered publicly by a supervisor in the console
// page /console/hoi-dap (cookie session, CSRF header, as the browser does),
// carried by `motcua sync` and shown by `motcua portal serve` on /hoi-dap.
func TestQuestionAnsweredInTheConsole(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	dir := t.TempDir()
	centreDB, portalDB := filepath.Join(dir, "centre.db"), filepath.Join(dir, "portal.db")
	cfg := queue.DemoConfig()
	portalPass := []string{"MOTCUA_PORTAL_PASSWORD=mat-khau-trung-tam"}
	run(t, portalPass, "portal", "centre", "add", "--db", portalDB, "--username", "hoankiem", "--agency", cfg.AgencyCode)
	run(t, nil, "admin", "officer", "add", "--db", centreDB, "--username", "giamsat", "--password", "matkhau123",
		"--role", "supervisor", "--name", "Lê Văn Cường")
	run(t, nil, "admin", "officer", "add", "--db", centreDB, "--username", "canbo1", "--password", "matkhau123",
		"--role", "officer", "--name", "Nguyễn Văn An")
	kioskTok := lastLine(run(t, nil, "admin", "device", "add", "--db", centreDB, "--role", "kiosk", "--name", "kiosk-1"))

	centreAddr, portalAddr := freeAddr(t), freeAddr(t)
	base, portalURL := "http://"+centreAddr, "http://"+portalAddr
	start(t, dir, nil, "portal", "serve", "--db", portalDB, "--addr", portalAddr)
	start(t, dir, nil, "serve", "--db", centreDB, "--addr", centreAddr)
	eventually(t, "servers up", func() (bool, error) {
		for _, u := range []string{base, portalURL} {
			resp, err := http.Get(u + "/healthz")
			if err != nil {
				return false, err
			}
			resp.Body.Close()
		}
		return true, nil
	})
	start(t, dir, portalPass, "sync", "--db", centreDB, "--portal", portalURL, "--username", "hoankiem",
		"--metrics-addr", "", "--catalogue-every", "0", "--stats-every", "0", "--poll", "100ms")

	// The kiosk's question.
	q := fmt.Sprintf(`{"kind":"hoi","topic":%q,"text":"Làm lại giấy khai sinh bị mất cần gì?","contact":"0987 654 321"}`, cfg.Sectors[0].ID)
	req, _ := http.NewRequest("POST", base+"/api/v1/petitions", strings.NewReader(q))
	req.Header.Set("Authorization", "Bearer "+kioskTok)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct{ ID string }
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || created.ID == "" {
		t.Fatalf("kiosk question: %d", resp.StatusCode)
	}

	// The supervisor in the console: log in through the form, as a browser.
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	get := func(path string) (int, string) {
		t.Helper()
		resp, err := hc.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	get("/console/login")
	u, _ := url.Parse(base + "/console/")
	tok := ""
	for _, ck := range jar.Cookies(u) {
		if ck.Name == "motcua_console_login" {
			tok = ck.Value
		}
	}
	resp, err = hc.PostForm(base+"/console/login", url.Values{"username": {"giamsat"}, "password": {"matkhau123"}, "csrf": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("console login: %d", resp.StatusCode)
	}
	var me struct {
		CSRF  string `json:"csrf"`
		Links []struct{ Path string }
	}
	_, b := get("/console/api/me")
	if err := json.Unmarshal([]byte(b), &me); err != nil || me.CSRF == "" {
		t.Fatalf("me: %v %s", err, b)
	}
	linked := false
	for _, l := range me.Links {
		linked = linked || l.Path == "/console/hoi-dap"
	}
	if !linked {
		t.Fatalf("the console does not link /console/hoi-dap: %s", b)
	}
	if st, page := get("/console/hoi-dap?status=new"); st != 200 || !strings.Contains(page, "Làm lại giấy khai sinh bị mất") {
		t.Fatalf("console page: %d %s", st, page)
	}
	post := func(path string, body any) int {
		t.Helper()
		j, _ := json.Marshal(body)
		req, _ := http.NewRequest("POST", base+path, bytes.NewReader(j))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", me.CSRF)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := post("/console/hoi-dap/"+created.ID+"/assign", map[string]string{"officer": "canbo1"}); st != 200 {
		t.Fatalf("assign: %d", st)
	}
	answer := "Mang tờ khai đăng ký lại khai sinh và bản sao giấy tờ tùy thân đến quầy Hộ tịch."
	if st := post("/console/hoi-dap/"+created.ID+"/answer", map[string]any{"answer": answer, "public": true}); st != 200 {
		t.Fatalf("answer: %d", st)
	}

	// On the portal, without the contact.
	eventually(t, "the answer on the portal", func() (bool, error) {
		var qs []portal.PublicQA
		if _, err := getJSON(portalURL+"/api/v1/hoi-dap", &qs); err != nil {
			return false, err
		}
		return len(qs) == 1 && qs[0].TraLoi == answer, nil
	})
	resp, err = http.Get(portalURL + "/hoi-dap")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), answer) || !strings.Contains(string(page), "giấy khai sinh bị mất") || strings.Contains(string(page), "654") {
		t.Fatalf("portal page:\n%s", page)
	}
}

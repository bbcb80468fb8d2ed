package main

import (
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/ratingpad/padwire"
)

// TestRatingPadThroughThePrograms: a rating pad enrolled with `motcua admin
// device add --role ratingpad --counter q1`; the officer at q1 calls,
// serves and finishes a ticket on `motcua serve`; the pad shows the
// officer, then the rating; the rating is in the officer's report, and
// `motcua sync` carries its DongBoDanhGia to `motcua portal serve`, where
// it is counted in the month's statistics.
func TestRatingPadThroughThePrograms(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	dir := t.TempDir()
	centreDB, portalDB := filepath.Join(dir, "centre.db"), filepath.Join(dir, "portal.db")
	cfg := queue.DemoConfig()
	portalPass := []string{"MOTCUA_PORTAL_PASSWORD=mat-khau-trung-tam"}
	run(t, portalPass, "portal", "centre", "add", "--db", portalDB, "--username", "hoankiem", "--agency", cfg.AgencyCode)
	run(t, nil, "admin", "officer", "add", "--db", centreDB, "--username", "canbo1", "--password", "matkhau123",
		"--role", "officer", "--name", "Nguyễn Văn An")
	run(t, nil, "admin", "officer", "add", "--db", centreDB, "--username", "giamsat", "--password", "matkhau123",
		"--role", "supervisor", "--name", "Lê Văn Cường")
	kioskTok := lastLine(run(t, nil, "admin", "device", "add", "--db", centreDB, "--role", "kiosk", "--name", "kiosk-1"))
	out := run(t, nil, "admin", "device", "add", "--db", centreDB, "--role", "ratingpad", "--name", "pad-q1", "--counter", "q1")
	if !strings.Contains(out, "bound to counter q1") {
		t.Fatalf("enrolment: %s", out)
	}
	padTok := lastLine(out)

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

	call := func(method, url, token, body string, out any) int {
		t.Helper()
		code, _ := centretest.Call(t, method, url, token, body, out)
		return code
	}
	state := func() padwire.State {
		t.Helper()
		var st padwire.State
		if code := call("GET", base+"/api/v1/pad/state", padTok, "", &st); code != 200 {
			t.Fatalf("pad state: %d", code)
		}
		return st
	}
	// The web pad is served by the centre.
	resp, err := http.Get(base + "/pad")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "/pad/pad.js") || strings.Contains(string(page), "://") {
		t.Fatalf("web pad (served by the centre, nothing from elsewhere): %d", resp.StatusCode)
	}

	var issued struct{ ID, Number string }
	if code := call("POST", base+"/api/v1/tickets", kioskTok, `{"service":"hotich"}`, &issued); code != 201 {
		t.Fatalf("issue: %d", code)
	}
	var login struct{ Token string }
	if code := call("POST", base+"/api/v1/login", "", `{"username":"canbo1","password":"matkhau123","counter":"q1"}`, &login); code != 200 {
		t.Fatalf("officer login: %d", code)
	}
	var tk struct{ ID, Number string }
	if code := call("POST", base+"/api/v1/counters/q1/call-next", login.Token, `{}`, &tk); code != 200 || tk.ID != issued.ID {
		t.Fatalf("call next: %d %+v", code, tk)
	}
	if code := call("POST", base+"/api/v1/tickets/"+tk.ID+"/start", login.Token, `{"counter":"q1"}`, nil); code != 200 {
		t.Fatalf("start: %d", code)
	}
	if st := state(); st.Mode != padwire.ModeServing || st.Officer != "Nguyễn Văn An" || st.Ticket.Number != tk.Number {
		t.Fatalf("pad while serving: %+v", st)
	}
	if code := call("POST", base+"/api/v1/tickets/"+tk.ID+"/finish", login.Token, `{"counter":"q1"}`, nil); code != 200 {
		t.Fatalf("finish: %d", code)
	}
	st := state()
	if st.Mode != padwire.ModeRate || st.Ticket.ID != tk.ID || st.Officer != "Nguyễn Văn An" {
		t.Fatalf("pad after finish: %+v", st)
	}
	if code := call("POST", base+"/api/v1/pad/rate", padTok, `{"ticket_id":"`+tk.ID+`","level":1}`, nil); code != 201 {
		t.Fatalf("rate: %d", code)
	}
	if code := call("POST", base+"/api/v1/pad/rate", padTok, `{"ticket_id":"`+tk.ID+`","level":1}`, nil); code != 409 {
		t.Fatalf("second rating: %d", code)
	}

	var sup struct{ Token string }
	if code := call("POST", base+"/api/v1/login", "", `{"username":"giamsat","password":"matkhau123"}`, &sup); code != 200 {
		t.Fatalf("supervisor login: %d", code)
	}
	var rep struct{ Officers []ratingpad.OfficerRatings }
	if code := call("GET", base+"/api/v1/reports/officer-ratings", sup.Token, "", &rep); code != 200 || len(rep.Officers) != 1 ||
		rep.Officers[0].Officer != "canbo1" || rep.Officers[0].Total != 1 || rep.Officers[0].FromPad != 1 || rep.Officers[0].Levels[0].Count != 1 {
		t.Fatalf("officer report: %+v", rep)
	}

	// The DongBoDanhGia reaches the portal: its month's statistics count one
	// "Rất hài lòng" for the centre. The statistics are rate-limited (30 a
	// minute): ask every second.
	deadline := time.Now().Add(30 * time.Second)
	for {
		var stats struct {
			Tong struct {
				DanhGia map[string]int `json:"danh_gia"`
			} `json:"tong"`
		}
		resp, err := http.Get(portalURL + "/api/v1/thong-ke")
		if err == nil {
			json.NewDecoder(resp.Body).Decode(&stats)
			resp.Body.Close()
			if stats.Tong.DanhGia["1"] == 1 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the rating did not reach the portal (last: %+v, %v)", stats, err)
		}
		time.Sleep(time.Second)
	}
}

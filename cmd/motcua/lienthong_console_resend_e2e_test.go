package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/queue"
)

// TestLienThongHandOverResentFromConsoleEndToEnd runs the console's
// "Gửi lại" (POST /console/hop-thu/{code}/gui-lai, docs/SYNC.md step 9,
// "From the console") through the real programs: the portal, two
// `motcua serve` and their two `motcua sync`. B is restored from a backup
// taken before it resolved, so it refuses A's hand-over (the collector's
// name misspelt at A's counter); B's officer resolves again. A's supervisor
// opens /console/hop-thu, which shows the refusal and the form for attempt
// 2; with the portal killed, a press without the session's CSRF token is
// refused and queues nothing, then two presses at once with the corrected
// name send one attempt 2 (the other 409). A's agent is killed -9 and
// started again while the portal is down; the portal comes back. B records
// attempt 2 once, as its next version, with the corrected collector; it
// flows back to A (refusal gone, attempt 2), the portal agrees, the
// console's audit log holds one entry by the supervisor, the page lists no
// refusal, and the stale form pressed again is 409.
func TestLienThongHandOverResentFromConsoleEndToEnd(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	dir := t.TempDir()
	dbA, dbB, portalDB, backupB := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "portal.db"), filepath.Join(dir, "b-backup.db")
	wardCfg, provCfg := queue.DemoConfig(), queue.DemoProvinceConfig()
	const land = "000.10.00.H26"
	for i := range wardCfg.Agencies {
		if wardCfg.Agencies[i].Code == land {
			wardCfg.Agencies[i].Forward = true
		}
	}
	wardToml := filepath.Join(dir, "ward.toml")
	f, err := os.Create(wardToml)
	if err != nil {
		t.Fatal(err)
	}
	if err := toml.NewEncoder(f).Encode(wardCfg); err != nil {
		t.Fatal(err)
	}
	f.Close()

	passA, passB := []string{"MOTCUA_PORTAL_PASSWORD=mat-khau-phuong"}, []string{"MOTCUA_PORTAL_PASSWORD=mat-khau-tinh"}
	run(t, passA, "portal", "centre", "add", "--db", portalDB, "--username", "hoankiem", "--agency", wardCfg.AgencyCode)
	run(t, passB, "portal", "centre", "add", "--db", portalDB, "--username", "tinh", "--agency", provCfg.AgencyCode+","+land)
	for _, db := range []string{dbA, dbB} {
		run(t, nil, "admin", "officer", "add", "--db", db, "--username", "canbo1", "--password", "matkhau123", "--name", "Nguyễn Thị Hoa")
	}
	run(t, nil, "admin", "officer", "add", "--db", dbA, "--username", "giamsat", "--password", "matkhau123", "--name", "Trần Văn Giám", "--role", "supervisor")
	addrA, addrB, portalAddr := freeAddr(t), freeAddr(t), freeAddr(t)
	baseA, baseB, portalURL := "http://"+addrA, "http://"+addrB, "http://"+portalAddr
	portalP := startProc(t, dir, "portal", nil, "portal", "serve", "--db", portalDB, "--addr", portalAddr)
	startProc(t, dir, "serve-a", nil, "serve", "--db", dbA, "--addr", addrA, "--config", wardToml)
	serveB := startProc(t, dir, "serve-b", nil, "serve", "--db", dbB, "--addr", addrB, "--demo", "province")
	eventually(t, "servers up", healthy(baseA, baseB, portalURL))
	syncArgs := []string{"--portal", portalURL, "--metrics-addr", "", "--catalogue-every", "0", "--stats-every", "0",
		"--schedule-every", "0", "--poll", "100ms", "--inbox-every", "100ms"}
	agentA := startProc(t, dir, "sync-a", passA, append([]string{"sync", "--db", dbA, "--config", wardToml, "--username", "hoankiem"}, syncArgs...)...)
	agentB := startProc(t, dir, "sync-b", passB, append([]string{"sync", "--db", dbB, "--demo", "province", "--username", "tinh",
		"--inbox-agencies", provCfg.AgencyCode + "," + land}, syncArgs...)...)

	call := func(base, method, path, token, body string, out any) (int, string) {
		req, _ := http.NewRequest(method, base+path, bytes.NewBufferString(body))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		if out != nil {
			json.Unmarshal(b.Bytes(), out)
		}
		return resp.StatusCode, b.String()
	}
	login := func(base string) string {
		var l struct{ Token string }
		if st, b := call(base, "POST", "/api/v1/login", "", `{"username":"canbo1","password":"matkhau123","counter":"q1"}`, &l); st != 200 {
			t.Fatalf("login at %s: %d %s", base, st, b)
		}
		return l.Token
	}
	tokA, tokB := login(baseA), login(baseB)

	// A receives a land dossier for the land registration office; B accepts and processes it.
	var atA centre.DossierView
	if st, b := call(baseA, "POST", "/api/v1/dossiers", tokA, `{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh","id_number":"001099012345"},
	 "components":[{"name":"Đơn đăng ký biến động đất đai","originals":1}]}`, &atA); st != 201 || atA.TransferTo != land {
		t.Fatalf("receive at A: %d %s", st, b)
	}
	code := atA.Dossier.Code
	var item inbox.Item
	eventually(t, "the dossier in B's inbox", func() (bool, error) {
		var l struct{ Items []inbox.Item }
		if st, b := call(baseB, "GET", "/api/v1/inbox", tokB, "", &l); st != 200 || len(l.Items) == 0 {
			return false, fmt.Errorf("%d %s", st, b)
		}
		item = l.Items[0]
		return item.Kind == portal.KindTransfer, nil
	})
	if st, b := call(baseB, "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), tokB, "", nil); st != 201 {
		t.Fatalf("accept at B: %d %s", st, b)
	}
	act := func(action, body string) centre.DossierView {
		t.Helper()
		var v centre.DossierView
		if st, b := call(baseB, "POST", "/api/v1/dossiers/"+code+"/"+action, tokB, body, &v); st != 200 {
			t.Fatalf("%s at B: %d %s", action, st, b)
		}
		return v
	}
	viewA := func() (centre.DossierView, int, string) {
		var v centre.DossierView
		st, b := call(baseA, "GET", "/api/v1/dossiers/"+code, tokA, "", &v)
		return v, st, b
	}
	showsAt := func(version int64) func() (bool, error) {
		return func() (bool, error) {
			v, st, b := viewA()
			return st == 200 && v.Version == version, fmt.Errorf("%d v%d %.200s", st, v.Version, b)
		}
	}
	processing := act("start-processing", `{}`)
	eventually(t, "A to show the processing", showsAt(processing.Version))
	run(t, nil, "admin", "backup", "--db", dbB, "--to", backupB)
	first := act("resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	eventually(t, "A to show the resolution", showsAt(first.Version))

	// B's disk is lost and restored from before it resolved: it will refuse A's hand-over.
	agentB.kill()
	serveB.kill()
	run(t, nil, "admin", "restore", "--db", dbB, "--from", backupB)
	serveB.start()
	agentB.start()
	eventually(t, "B up again", healthy(baseB))
	tokB = login(baseB)
	var handed centre.DossierView
	if st, b := call(baseA, "POST", "/api/v1/dossiers/"+code+"/return", tokA, `{"collected_by":"Vũ Thị Hạng","id_checked":true}`, &handed); st != 200 ||
		handed.Dossier.Status != dossier.StatusReturned {
		t.Fatalf("return at A: %d %s", st, b)
	}
	eventually(t, "A to show the refused hand-over", func() (bool, error) {
		v, st, b := viewA()
		return st == 200 && v.HandOverRefused != nil, fmt.Errorf("%d %.200s", st, b)
	})
	second := act("resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	eventually(t, "A to show B's new resolution", showsAt(second.Version))

	// A's supervisor on the console.
	sup := consoletest.LoginBrowser(t, baseA, "giamsat", "matkhau123")
	st, page, _ := sup.Get("/console/hop-thu")
	if st != 200 || !strings.Contains(page, `id="ban-giao-chua-ghi-nhan"`) || strings.Count(page, `class="refused"`) != 1 ||
		!strings.Contains(page, `data-code="`+code+`" data-attempt="1" data-next="2"`) || !strings.Contains(page, `value="Vũ Thị Hạng"`) {
		t.Fatalf("A's console page: %d %s", st, page)
	}
	portalP.kill()
	path := "/console/hop-thu/" + code + "/gui-lai"
	body := `{"attempt":1,"collected_by":"Vũ Thị Hạnh","place":"` + wardCfg.CentreName + `"}`
	if st, b := consoletest.Post(t, sup.HC, baseA+path, "", body); st != http.StatusForbidden {
		t.Fatalf("a press without the CSRF token: %d %s", st, b)
	}
	if v, _, _ := viewA(); v.HandOverRefused == nil || v.HandOverAttempt != 1 {
		t.Fatalf("after the refused press: %+v attempt %d", v.HandOverRefused, v.HandOverAttempt)
	}
	var wg sync.WaitGroup
	codes, answers := make([]int, 2), make([]string, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], answers[i] = sup.Post(path, body)
		}()
	}
	wg.Wait()
	ok := 0
	if codes[1] == 200 {
		ok = 1
	}
	if codes[ok] != 200 || codes[1-ok] != http.StatusConflict {
		t.Fatalf("two presses of Gửi lại: %v %q", codes, answers)
	}
	var resent inbox.Resent
	if err := json.Unmarshal([]byte(answers[ok]), &resent); err != nil || resent.MaHoSo != code || resent.LanGui != 2 ||
		!strings.Contains(resent.ThongBao, "(lần 2)") || !strings.Contains(resent.MessageEN, "(attempt 2)") {
		t.Fatalf("the console's answer: %+v %v", resent, err)
	}
	agentA.kill()
	agentA.start()
	// The restarted agent's own log (sync-a-2.log) says it found the portal down.
	logHas := func(file, s string) func() (bool, error) {
		return func() (bool, error) {
			b, _ := os.ReadFile(filepath.Join(dir, file))
			if bytes.Contains(b, []byte(s)) {
				return true, nil
			}
			return false, errors.New("not in the log yet")
		}
	}
	eventually(t, "A's restarted agent to find the portal down", logHas("sync-a-2.log", "connection refused"))
	portalP.start()
	eventually(t, "the portal back", healthy(portalURL))

	// The resent hand-over reaches B, once, and flows back.
	var atB centre.DossierView
	eventually(t, "B to record attempt 2", func() (bool, error) {
		atB = centre.DossierView{}
		st, b := call(baseB, "GET", "/api/v1/dossiers/"+code, tokB, "", &atB)
		return st == 200 && atB.Dossier.Status == dossier.StatusReturned, fmt.Errorf("%d %.200s", st, b)
	})
	if atB.Version != second.Version+1 || atB.Dossier.Return == nil || atB.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" {
		t.Fatalf("B after attempt 2: v%d %+v", atB.Version, atB.Dossier.Return)
	}
	eventually(t, "A to show B's return", showsAt(atB.Version))
	count := func(hist []dossier.Event, action string) int {
		n := 0
		for _, ev := range hist {
			if ev.Action == action {
				n++
			}
		}
		return n
	}
	va, _, _ := viewA()
	if va.HandOverRefused != nil || va.HandOverAttempt != 2 || va.Dossier.Status != dossier.StatusReturned || va.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" ||
		count(va.Dossier.History, "HandOverResent") != 1 || count(atB.Dossier.History, "HandedOver") != 1 {
		t.Fatalf("A after attempt 2: %+v attempt %d %v; A's history %+v; B's %+v", va.HandOverRefused, va.HandOverAttempt, va.Dossier.Status, va.Dossier.History, atB.Dossier.History)
	}
	hs, err := client.New(portalURL, "hoankiem", "mat-khau-phuong").HandOverState(t.Context(), code)
	if err != nil || hs.SoLanGui != 2 || hs.TuChoi != nil || hs.TraKetQua.NguoiNhan != "Vũ Thị Hạnh" || hs.TraKetQua.LanGui != 2 {
		t.Fatalf("the portal's hand-over state: %+v %v", hs, err)
	}
	var pub portal.PublicDossier
	if st, err := getJSON(portalURL+"/api/v1/tra-cuu/"+code, &pub); st != 200 || err != nil || pub.TrangThai != int(dossier.StatusReturned) {
		t.Fatalf("the portal's lookup: %d %v %+v", st, err, pub)
	}

	// The console: one audit entry by the supervisor, no refusal listed, the stale form refused.
	var audit []struct{ Actor, Action, Target string }
	st, b, _ := sup.Get("/console/api/audit")
	if err := json.Unmarshal([]byte(b), &audit); st != 200 || err != nil {
		t.Fatalf("audit: %d %v %s", st, err, b)
	}
	n := 0
	for _, e := range audit {
		if e.Action == "lienthong.resend_handover" {
			n++
			if e.Actor != "giamsat" || e.Target != code {
				t.Errorf("audit entry %+v", e)
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d resend entries in the audit log: %+v", n, audit)
	}
	if st, page, _ := sup.Get("/console/hop-thu"); st != 200 || strings.Contains(page, `id="ban-giao-chua-ghi-nhan"`) || strings.Contains(page, `data-code="`+code+`"`) {
		t.Fatalf("A's console page after attempt 2: %d %s", st, page)
	}
	if st, b := sup.Post(path, body); st != http.StatusConflict {
		t.Fatalf("the stale form pressed again: %d %s", st, b)
	}
	if v, _, _ := viewA(); v.Version != atB.Version || v.HandOverAttempt != 2 {
		t.Fatalf("A after the stale press: v%d attempt %d", v.Version, v.HandOverAttempt)
	}
}

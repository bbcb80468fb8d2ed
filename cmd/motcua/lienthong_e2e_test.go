package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	portalstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/queue"
)

// proc is a long-lived motcua process that the test may kill -9 and start again.
type proc struct {
	t    *testing.T
	dir  string
	name string
	env  []string
	args []string
	mu   sync.Mutex
	cmd  *exec.Cmd
	n    int
}

func startProc(t *testing.T, dir, name string, env []string, args ...string) *proc {
	p := &proc{t: t, dir: dir, name: name, env: env, args: args}
	p.start()
	t.Cleanup(func() {
		p.kill()
		if t.Failed() {
			for i := 1; i <= p.n; i++ {
				b, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%s-%d.log", name, i)))
				t.Logf("--- %s log %d ---\n%s", name, i, b)
			}
		}
	})
	return p
}

func (p *proc) start() {
	p.t.Helper()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	logf, err := os.Create(filepath.Join(p.dir, fmt.Sprintf("%s-%d.log", p.name, p.n)))
	if err != nil {
		p.t.Fatal(err)
	}
	cmd := exec.Command(motcuaBin, p.args...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		p.t.Fatal(err)
	}
	p.cmd = cmd
}

// kill sends SIGKILL (no clean shutdown) and waits for the process.
func (p *proc) kill() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cmd == nil {
		return
	}
	p.cmd.Process.Kill()
	p.cmd.Wait()
	p.cmd = nil
}

// TestLienThongEndToEnd runs the two-centre scenario through the
// real programs: the portal, two `motcua serve` (the ward centre A, whose
// configuration marks the land registration office forward, and the
// provincial centre B) and their two `motcua sync`. A land dossier
// received at A is forwarded, accepted from B's inbox, processed and
// resolved at B; the portal is killed in the middle (B resolves while it
// is down), each agent is killed with SIGKILL once and started again, the
// portal comes back; at the end A, B and the portal agree field by field
// and A holds each state once.
func TestLienThongEndToEnd(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	dir := t.TempDir()
	dbA, dbB, portalDB := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "portal.db")
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
	addrA, addrB, portalAddr := freeAddr(t), freeAddr(t), freeAddr(t)
	baseA, baseB, portalURL := "http://"+addrA, "http://"+addrB, "http://"+portalAddr
	portalP := startProc(t, dir, "portal", nil, "portal", "serve", "--db", portalDB, "--addr", portalAddr)
	startProc(t, dir, "serve-a", nil, "serve", "--db", dbA, "--addr", addrA, "--config", wardToml)
	startProc(t, dir, "serve-b", nil, "serve", "--db", dbB, "--addr", addrB, "--demo", "province")
	up := healthy
	eventually(t, "servers up", up(baseA, baseB, portalURL))
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

	// 1. Received at A for the land registration office.
	var atA centre.DossierView
	body := `{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh","id_number":"001099012345","address":"Số 3 Hàng Khay","phone":"0912345678"},
	 "components":[{"name":"Đơn đăng ký biến động đất đai","originals":1}]}`
	if st, b := call(baseA, "POST", "/api/v1/dossiers", tokA, body, &atA); st != 201 || atA.TransferTo != land {
		t.Fatalf("receive at A: %d %s", st, b)
	}
	code := atA.Dossier.Code

	// 2. In B's inbox; accepted and processed at B.
	var item inbox.Item
	eventually(t, "the dossier in B's inbox", func() (bool, error) {
		var l struct{ Items []inbox.Item }
		if st, b := call(baseB, "GET", "/api/v1/inbox", tokB, "", &l); st != 200 || len(l.Items) == 0 {
			return false, fmt.Errorf("%d %s", st, b)
		}
		item = l.Items[0]
		return item.Kind == portal.KindTransfer, nil
	})
	var atB centre.DossierView
	if st, b := call(baseB, "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), tokB, "", &atB); st != 201 || atB.Dossier.Code != code {
		t.Fatalf("accept at B: %d %s", st, b)
	}
	act := func(action, body string) centre.DossierView {
		var v centre.DossierView
		if st, b := call(baseB, "POST", "/api/v1/dossiers/"+code+"/"+action, tokB, body, &v); st != 200 {
			t.Fatalf("%s at B: %d %s", action, st, b)
		}
		return v
	}
	processing := act("start-processing", `{}`)
	showsAt := func(version int64) func() (bool, error) {
		return func() (bool, error) {
			var v centre.DossierView
			st, b := call(baseA, "GET", "/api/v1/dossiers/"+code, tokA, "", &v)
			if st != 200 || v.Version != version {
				return false, fmt.Errorf("%d v%d %.200s", st, v.Version, b)
			}
			return true, nil
		}
	}
	eventually(t, "A to show the processing", showsAt(processing.Version))

	// 3. The portal dies; B resolves; each agent is killed -9 and restarted.
	portalP.kill()
	final := act("resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	agentA.kill()
	agentB.kill()
	agentA.start()
	agentB.start()
	eventually(t, "B's restarted agent to find the portal down", func() (bool, error) {
		b, err := os.ReadFile(filepath.Join(dir, "sync-b-2.log"))
		return bytes.Contains(b, []byte("connection refused")), err
	})
	if st, _ := call(baseA, "GET", "/api/v1/dossiers/"+code, tokA, "", &atA); st != 200 || atA.Version != processing.Version {
		t.Fatalf("A changed while the portal was down: %d v%d", st, atA.Version)
	}
	portalP.start()
	eventually(t, "the portal back", up(portalURL))

	// 4. A, its lookups and the portal agree with B.
	eventually(t, "A to show the result", showsAt(final.Version))
	var got centre.DossierView
	call(baseA, "GET", "/api/v1/dossiers/"+code, tokA, "", &got)
	var atBNow centre.DossierView
	call(baseB, "GET", "/api/v1/dossiers/"+code, tokB, "", &atBNow)
	a, b := got.Dossier, atBNow.Dossier
	if a.Status != dossier.StatusResolved || a.Status != b.Status || !a.AppointmentAt.Equal(b.AppointmentAt) ||
		!a.ResolvedAt.Equal(b.ResolvedAt.Truncate(1e9)) || a.CompetentAgency != b.CompetentAgency || got.Version != atBNow.Version ||
		a.Applicant.Name != b.Applicant.Name || a.Procedure.Code != b.Procedure.Code || atBNow.TransferFrom != wardCfg.AgencyCode {
		t.Fatalf("A and B differ:\nA %+v v%d\nB %+v v%d", a, got.Version, b, atBNow.Version)
	}
	var pub portal.PublicDossier
	if st, err := getJSON(portalURL+"/api/v1/tra-cuu/"+code, &pub); st != 200 || err != nil || pub.TrangThai != int(dossier.StatusResolved) ||
		pub.MaHoSo != code || !strings.Contains(pub.DonViXuLy, b.CompetentAgency) {
		t.Fatalf("portal lookup: %d %v %+v", st, err, pub)
	}
	ps, err := portalstore.Open(context.Background(), portalDB)
	if err != nil {
		t.Fatal(err)
	}
	defer ps.Close()
	pd, steps, err := ps.Dossier(context.Background(), code)
	if err != nil || pd.Version != final.Version || pd.Status != int(b.Status) || pd.Centre != "tinh" || !pd.NgayHenTra.Equal(b.AppointmentAt) {
		t.Fatalf("portal: %+v %v", pd, err)
	}
	seen := map[int64]bool{}
	for _, s := range steps {
		if seen[s.Version] {
			t.Fatalf("portal holds step v%d twice: %+v", s.Version, steps)
		}
		seen[s.Version] = true
	}
	if len(steps) != int(final.Version) { // v1 at A, v2.. at B, one step each
		t.Fatalf("portal steps: %d for v%d", len(steps), final.Version)
	}
	// Nothing twice at A: one history step per state applied, at most one per version of B.
	n := 0
	for _, ev := range a.History {
		if ev.Action == "TransferProgress" {
			n++
		}
	}
	if n < 2 || int64(n) > final.Version-1 {
		t.Fatalf("A applied %d states for versions 2..%d", n, final.Version)
	}
	checkLienThongCountedOnce(t, portalURL, portalDB, dbA, dbB, wardCfg, provCfg)

	// 5. Returned at A, where the applicant chose to collect it: A says the
	// result waits there, B may not hand it over itself, A's officer does;
	// the step reaches B (its next version) and flows back to A and the
	// portal, and the three agree.
	if !strings.Contains(got.ResultNotice, "trả kết quả cho người nộp tại") {
		t.Fatalf("A's notice: %q", got.ResultNotice)
	}
	if !strings.Contains(atBNow.ResultNotice, "đơn vị tiếp nhận") {
		t.Fatalf("B's notice: %q", atBNow.ResultNotice)
	}
	ret := `{"collected_by":"Vũ Thị Hạnh","id_checked":true}`
	if st, b := call(baseB, "POST", "/api/v1/dossiers/"+code+"/return", tokB, ret, nil); st != 409 {
		t.Fatalf("return at B: %d %s, want 409", st, b)
	}
	// The portal is down while A hands the result over: A records it at
	// once; B learns of it when the portal is back.
	refusedA := func() int {
		b, _ := os.ReadFile(filepath.Join(dir, "sync-a-2.log"))
		return bytes.Count(b, []byte("connection refused"))
	}
	refusedBefore := refusedA()
	portalP.kill()
	var handed centre.DossierView
	if st, b := call(baseA, "POST", "/api/v1/dossiers/"+code+"/return", tokA, ret, &handed); st != 200 ||
		handed.Dossier.Status != dossier.StatusReturned || handed.Version != final.Version || handed.Dossier.Return == nil {
		t.Fatalf("return at A: %d %s", st, b)
	}
	if st, b := call(baseA, "POST", "/api/v1/dossiers/"+code+"/return", tokA, ret, nil); st == 200 {
		t.Fatalf("second return at A: %d %s", st, b)
	}
	eventually(t, "A's agent to find the portal down with the hand-over to send", func() (bool, error) {
		return refusedA() > refusedBefore, nil
	})
	if st, _ := call(baseB, "GET", "/api/v1/dossiers/"+code, tokB, "", &atBNow); st != 200 || atBNow.Dossier.Status != dossier.StatusResolved {
		t.Fatalf("B changed while the portal was down: %d %v", st, atBNow.Dossier.Status)
	}
	portalP.start()
	eventually(t, "the portal back again", up(portalURL))
	returned := final.Version + 1
	eventually(t, "B to record the return made at A", func() (bool, error) {
		var v centre.DossierView
		st, b := call(baseB, "GET", "/api/v1/dossiers/"+code, tokB, "", &v)
		return st == 200 && v.Version == returned && v.Dossier.Status == dossier.StatusReturned, fmt.Errorf("%d %.200s", st, b)
	})
	eventually(t, "A to hold B's version of the return", showsAt(returned))
	ps2, err := portalstore.Open(context.Background(), portalDB)
	if err != nil {
		t.Fatal(err)
	}
	defer ps2.Close()
	var pd2 portal.Dossier
	var steps2 []portal.Step
	eventually(t, "the portal to hold the return", func() (bool, error) {
		pd2, steps2, err = ps2.Dossier(context.Background(), code)
		return err == nil && pd2.Version == returned, err
	})
	got, atBNow = centre.DossierView{}, centre.DossierView{}
	call(baseA, "GET", "/api/v1/dossiers/"+code, tokA, "", &got)
	call(baseB, "GET", "/api/v1/dossiers/"+code, tokB, "", &atBNow)
	a, b = got.Dossier, atBNow.Dossier
	if a.Status != dossier.StatusReturned || b.Status != a.Status || pd2.Status != int(a.Status) || got.Version != atBNow.Version ||
		a.Return == nil || b.Return == nil || !a.Return.At.Equal(b.Return.At) || a.Return.CollectedBy != b.Return.CollectedBy ||
		a.Return.Officer != b.Return.Officer || a.Return.Officer != "Nguyễn Thị Hoa" || !a.Return.At.Equal(handed.Dossier.Return.At) ||
		!pd2.NgayTra.Equal(a.Return.At.Truncate(1e9)) || !a.ResolvedAt.Equal(b.ResolvedAt.Truncate(1e9)) || !pd2.NgayHenTra.Equal(a.AppointmentAt) {
		t.Fatalf("A, B and the portal differ after the return:\nA %+v v%d\nB %+v v%d\nportal %+v", a.Return, got.Version, b.Return, atBNow.Version, pd2)
	}
	if got.ResultNotice != "" || atBNow.ResultNotice != "" {
		t.Fatalf("notices after the return: %q %q", got.ResultNotice, atBNow.ResultNotice)
	}
	if len(steps2) != int(returned) {
		t.Fatalf("portal steps after the return: %d for v%d", len(steps2), returned)
	}
	if err := pubLookupSays(portalURL, code, dossier.StatusReturned, "nơi đã nộp hồ sơ"); err != nil {
		t.Fatal(err)
	}
	nReturns := 0
	for _, ev := range a.History {
		if ev.Action == "Return" {
			nReturns++
		}
	}
	if nReturns != 1 {
		t.Fatalf("A's history holds %d returns: %+v", nReturns, a.History)
	}
}

// pubLookupSays checks the portal's public lookup of code: its status and
// where the result is collected (a fixed text, no address).
func pubLookupSays(portalURL, code string, st dossier.Status, where string) error {
	var pub portal.PublicDossier
	if s, err := getJSON(portalURL+"/api/v1/tra-cuu/"+code, &pub); s != 200 || err != nil {
		return fmt.Errorf("portal lookup: %d %v", s, err)
	}
	if pub.TrangThai != int(st) || !strings.Contains(pub.NoiTraKetQua, where) {
		return fmt.Errorf("portal lookup: status %d, return place %q; want %d, %q", pub.TrangThai, pub.NoiTraKetQua, st, where)
	}
	return nil
}

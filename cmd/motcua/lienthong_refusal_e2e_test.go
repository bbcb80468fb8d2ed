package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/queue"
)

// TestLienThongHandOverRefusedEndToEnd runs, through the real programs,
// the route back of a hand-over the deciding centre cannot record: a land
// dossier received at the ward (A) is accepted and processed at the
// province (B), whose administrator takes a backup (`motcua admin
// backup`); B resolves; B's disk is lost and restored from that backup
// (`motcua admin restore`, both B programs killed -9 and started again).
// With the portal killed, A's officer hands the result over; the portal
// comes back, B cannot record it (no result any more) and sends its
// refusal back; the portal is killed again as soon as B has refused, both
// agents are killed -9 and restarted while it is down, and it comes back.
// A then shows the refusal exactly once — the dossier's view and the
// console's inbox page say "Bàn giao kết quả chưa được ghi nhận tại <B>: …"
// with what to do — the portal holds it for A and B, and a third centre's
// refusal is answered like one of a hand-over that does not exist.
func TestLienThongHandOverRefusedEndToEnd(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	dir := t.TempDir()
	dbA, dbB, portalDB, backupB := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db"), filepath.Join(dir, "portal.db"), filepath.Join(dir, "b-backup.db")
	wardCfg, provCfg := queue.DemoConfig(), queue.DemoProvinceConfig()
	const land, third = "000.10.00.H26", "000.00.08.H26"
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
	run(t, []string{"MOTCUA_PORTAL_PASSWORD=mat-khau-thu-ba"}, "portal", "centre", "add", "--db", portalDB, "--username", "thuba", "--agency", third)
	for _, db := range []string{dbA, dbB} {
		run(t, nil, "admin", "officer", "add", "--db", db, "--username", "canbo1", "--password", "matkhau123", "--name", "Nguyễn Thị Hoa")
	}
	run(t, nil, "admin", "officer", "add", "--db", dbA, "--username", "giamsat", "--password", "matkhau123", "--name", "Trần Văn Giám", "--role", "supervisor")
	addrA, addrB, portalAddr := freeAddr(t), freeAddr(t), freeAddr(t)
	baseA, baseB, portalURL := "http://"+addrA, "http://"+addrB, "http://"+portalAddr
	portalP := startProc(t, dir, "portal", nil, "portal", "serve", "--db", portalDB, "--addr", portalAddr)
	startProc(t, dir, "serve-a", nil, "serve", "--db", dbA, "--addr", addrA, "--config", wardToml)
	serveB := startProc(t, dir, "serve-b", nil, "serve", "--db", dbB, "--addr", addrB, "--demo", "province")
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
		var v centre.DossierView
		if st, b := call(baseB, "POST", "/api/v1/dossiers/"+code+"/"+action, tokB, body, &v); st != 200 {
			t.Fatalf("%s at B: %d %s", action, st, b)
		}
		return v
	}
	showsAt := func(version int64) func() (bool, error) {
		return func() (bool, error) {
			var v centre.DossierView
			st, b := call(baseA, "GET", "/api/v1/dossiers/"+code, tokA, "", &v)
			return st == 200 && v.Version == version, fmt.Errorf("%d v%d %.200s", st, v.Version, b)
		}
	}
	processing := act("start-processing", `{}`)
	eventually(t, "A to show the processing", showsAt(processing.Version))
	eventually(t, "B's processing on the portal", func() (bool, error) {
		var pub portal.PublicDossier
		st, err := getJSON(portalURL+"/api/v1/tra-cuu/"+code, &pub)
		return st == 200 && pub.TrangThai == int(dossier.StatusProcessing), err
	})
	run(t, nil, "admin", "backup", "--db", dbB, "--to", backupB) // B's nightly backup
	final := act("resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	eventually(t, "A to show the resolution", showsAt(final.Version))

	// B's disk is lost: both B programs die, the backup is restored.
	agentB.kill()
	serveB.kill()
	run(t, nil, "admin", "restore", "--db", dbB, "--from", backupB)
	serveB.start()
	agentB.start()
	eventually(t, "B up again", up(baseB))
	tokB = login(baseB)
	var atB centre.DossierView
	if st, b := call(baseB, "GET", "/api/v1/dossiers/"+code, tokB, "", &atB); st != 200 || atB.Dossier.Status != dossier.StatusProcessing {
		t.Fatalf("B after the restore: %d %.300s", st, b)
	}

	// The portal dies; A's officer hands the result over; the portal returns.
	portalP.kill()
	var handed centre.DossierView
	if st, b := call(baseA, "POST", "/api/v1/dossiers/"+code+"/return", tokA, `{"collected_by":"Vũ Thị Hạnh","id_checked":true}`, &handed); st != 200 ||
		handed.Dossier.Status != dossier.StatusReturned {
		t.Fatalf("return at A: %d %s", st, b)
	}
	logHas := func(name, s string) func() (bool, error) {
		return func() (bool, error) {
			for i := 1; i <= 4; i++ {
				b, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%s-%d.log", name, i)))
				if bytes.Contains(b, []byte(s)) {
					return true, nil
				}
			}
			return false, errors.New("not in the log yet")
		}
	}
	eventually(t, "A's agent to find the portal down", logHas("sync-a", "connection refused"))
	portalP.start()
	eventually(t, "the portal back", up(portalURL))

	// B refuses; the portal dies again at once, both agents die and restart while it is down.
	eventually(t, "B to refuse the hand-over", logHas("serve-b", "hand-over item not applied"))
	portalP.kill()
	agentA.kill()
	agentB.kill()
	agentA.start()
	agentB.start()
	eventually(t, "B's restarted agent to find the portal down", logHas("sync-b", "connection refused"))
	portalP.start()
	eventually(t, "the portal back again", up(portalURL))

	eventually(t, "A to show the refused hand-over", func() (bool, error) {
		atA = centre.DossierView{}
		st, b := call(baseA, "GET", "/api/v1/dossiers/"+code, tokA, "", &atA)
		return st == 200 && atA.HandOverRefused != nil, fmt.Errorf("%d %.200s", st, b)
	})
	r := atA.HandOverRefused
	if r.MaLyDo != lienthong.RefusalNotResolved || r.DonViGiaiQuyet != land || r.NoiGiaiQuyet != provCfg.CentreName ||
		!strings.HasPrefix(r.ThongBao, "Bàn giao kết quả chưa được ghi nhận tại "+provCfg.CentreName+": ") || !strings.Contains(r.CanLam, "Liên hệ "+provCfg.CentreName) ||
		atA.Dossier.Status != dossier.StatusReturned || atA.Version != handed.Version {
		t.Fatalf("A's view: %+v %s v%d", r, atA.StatusLabel, atA.Version)
	}
	time.Sleep(time.Second) // more rounds of both agents and A's applier
	atA = centre.DossierView{}
	call(baseA, "GET", "/api/v1/dossiers/"+code, tokA, "", &atA)
	steps := 0
	for _, ev := range atA.Dossier.History {
		if ev.Action == "HandOverRefused" {
			steps++
		}
	}
	if steps != 1 {
		t.Fatalf("A's history holds %d refusals: %+v", steps, atA.Dossier.History)
	}

	// A's console shows it to the supervisor with what to do.
	hc := consoletest.NewClient()
	consoletest.FormLogin(t, hc, baseA, "giamsat", "matkhau123")
	st, page, _ := consoletest.Get(t, hc, baseA+"/console/hop-thu")
	// The page words the refusal in parts (inbox.RefusalReason): where it was
	// not recorded, the reason in plain words, what to do.
	reasonVI, _ := inbox.RefusalReason(r.MaLyDo)
	if st != 200 || !strings.Contains(page, "chưa được ghi nhận tại "+provCfg.CentreName) || !strings.Contains(page, "Lý do: "+reasonVI) ||
		!strings.Contains(page, "Cần làm: ") || !strings.Contains(page, code) ||
		strings.Count(page, `class="refused"`) != 1 {
		t.Fatalf("A's console inbox page: %d %s", st, page)
	}

	// The portal holds one refusal, shown to A and B; not to a third centre.
	ctx := context.Background()
	ca, cb, c3 := client.New(portalURL, "hoankiem", "mat-khau-phuong"), client.New(portalURL, "tinh", "mat-khau-tinh"), client.New(portalURL, "thuba", "mat-khau-thu-ba")
	for _, cl := range []*client.Client{ca, cb} {
		hs, err := cl.HandOverState(ctx, code)
		if err != nil || hs.TuChoi == nil || hs.TuChoi.LyDo != r.LyDo || hs.TraKetQua.NguoiNhan != "Vũ Thị Hạnh" {
			t.Fatalf("the portal's hand-over state: %+v %v", hs, err)
		}
	}
	var ce, ce2 *client.CallError
	x := lienthong.HandOverRefusal{MaHoSo: code, MaLyDo: lienthong.RefusalNoDossier, LyDo: "Không có hồ sơ", ThoiDiem: time.Now()}
	_, err = c3.RefuseHandOver(ctx, x)
	x.MaHoSo = wardCfg.AgencyCode + "-200101-0001"
	_, err2 := c3.RefuseHandOver(ctx, x)
	if !errors.As(err, &ce) || !errors.As(err2, &ce2) || ce.Status != http.StatusForbidden || ce.Status != ce2.Status || ce.Message != ce2.Message {
		t.Fatalf("a third centre's refusal: %v / %v", err, err2)
	}
	items, err := ca.Inbox(ctx, wardCfg.AgencyCode, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, it := range items {
		if it.Kind == portal.KindHandOverRefusal {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d refusals queued for A", n)
	}
}

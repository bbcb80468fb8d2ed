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
	"sync"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/queue"
)

// TestLienThongHandOverResentEndToEnd runs, through the real programs,
// a hand-over sent again after the deciding centre refused it (docs/SYNC.md,
// step 9). As in TestLienThongHandOverRefusedEndToEnd, B is restored from a
// backup taken before it resolved, the portal is killed while A hands the
// result over (the collector's name misspelt) and again as soon as B
// refused, both agents killed -9 and restarted while it is down; A shows
// the refusal. Then B's officer resolves again; with the portal killed, A's
// officer corrects the name and presses "Gửi lại" twice at once (one
// attempt 2), both agents are killed -9 and restarted, the portal comes
// back; B records attempt 2 once, as its next version, which flows back:
// A, B and the portal agree (status, version, collector), A's refusal is
// gone, the portal holds two attempts and no live refusal. The portal and
// both agents are then killed and restarted once more: nothing changes.
// The old attempt replayed is a duplicate; B and a third centre cannot
// send A's hand-over (403, the same answer as for a dossier that does not
// exist), nor can B's officers (409).
func TestLienThongHandOverResentEndToEnd(t *testing.T) {
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
	if st, b := call(baseA, "POST", "/api/v1/dossiers/"+code+"/return", tokA, `{"collected_by":"Vũ Thị Hạng","id_checked":true}`, &handed); st != 200 ||
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
	plan := r
	if plan.LanGui != 1 || plan.GuiLai == nil || plan.GuiLai.LanGui != 2 || plan.GuiLai.NguoiNhan != "Vũ Thị Hạng" {
		t.Fatalf("A's resend plan: %+v %+v", plan, plan.GuiLai)
	}

	// The fix at B: its officer resolves the dossier again.
	second := act("resolve", `{"result":"Giấy chứng nhận đã cập nhật biến động"}`)
	eventually(t, "A to show B's new resolution", showsAt(second.Version))

	// The portal dies; A's officer corrects the name and presses twice at once.
	portalP.kill()
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i], _ = call(baseA, "POST", "/api/v1/dossiers/"+code+"/resend-handover", tokA, `{"attempt":1,"collected_by":"Vũ Thị Hạnh"}`, nil)
		}()
	}
	wg.Wait()
	if !(codes[0] == 200 && codes[1] == 409 || codes[0] == 409 && codes[1] == 200) {
		t.Fatalf("two presses of Gửi lại: %v", codes)
	}
	agentA.kill()
	agentB.kill()
	agentA.start()
	agentB.start()
	eventually(t, "A's restarted agent to find the portal down", logHas("sync-a", "connection refused"))
	portalP.start()
	eventually(t, "the portal back after the resend", up(portalURL))

	var atB2 centre.DossierView
	eventually(t, "B to record attempt 2", func() (bool, error) {
		atB2 = centre.DossierView{}
		st, b := call(baseB, "GET", "/api/v1/dossiers/"+code, tokB, "", &atB2)
		return st == 200 && atB2.Dossier.Status == dossier.StatusReturned, fmt.Errorf("%d %.200s", st, b)
	})
	if atB2.Version != second.Version+1 || atB2.Dossier.Return == nil || atB2.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" {
		t.Fatalf("B after attempt 2: v%d %+v", atB2.Version, atB2.Dossier.Return)
	}
	eventually(t, "A to show B's return", showsAt(atB2.Version))

	ctx := context.Background()
	ca, cb, c3 := client.New(portalURL, "hoankiem", "mat-khau-phuong"), client.New(portalURL, "tinh", "mat-khau-tinh"), client.New(portalURL, "thuba", "mat-khau-thu-ba")
	count := func(hist []dossier.Event, action string) int {
		n := 0
		for _, ev := range hist {
			if ev.Action == action {
				n++
			}
		}
		return n
	}
	agree := func(when string) {
		t.Helper()
		var va, vb centre.DossierView
		call(baseA, "GET", "/api/v1/dossiers/"+code, tokA, "", &va)
		call(baseB, "GET", "/api/v1/dossiers/"+code, tokB, "", &vb)
		if va.Version != atB2.Version || vb.Version != atB2.Version || va.Dossier.Status != dossier.StatusReturned || vb.Dossier.Status != dossier.StatusReturned ||
			va.HandOverRefused != nil || va.HandOverAttempt != 2 || va.Dossier.Return.CollectedBy != "Vũ Thị Hạnh" {
			t.Fatalf("%s: A v%d %v %+v attempt %d, B v%d %v", when, va.Version, va.Dossier.Status, va.HandOverRefused, va.HandOverAttempt, vb.Version, vb.Dossier.Status)
		}
		if count(va.Dossier.History, "HandOverResent") != 1 || count(va.Dossier.History, "HandOverRefused") != 1 || count(vb.Dossier.History, "HandedOver") != 1 {
			t.Fatalf("%s: A's history %+v, B's %+v", when, va.Dossier.History, vb.Dossier.History)
		}
		var pub portal.PublicDossier
		if st, err := getJSON(portalURL+"/api/v1/tra-cuu/"+code, &pub); st != 200 || err != nil || pub.TrangThai != int(dossier.StatusReturned) {
			t.Fatalf("%s: the portal's lookup: %d %v %+v", when, st, err, pub)
		}
		for _, cl := range []*client.Client{ca, cb} {
			hs, err := cl.HandOverState(ctx, code)
			if err != nil || hs.SoLanGui != 2 || hs.TuChoi != nil || hs.TraKetQua.NguoiNhan != "Vũ Thị Hạnh" || hs.TraKetQua.LanGui != 2 {
				t.Fatalf("%s: the portal's hand-over state: %+v %v", when, hs, err)
			}
		}
		items, err := cb.Inbox(ctx, land, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, it := range items {
			if it.Kind == portal.KindHandOver {
				ids = append(ids, it.ID)
			}
		}
		if strings.Join(ids, ",") != "TK-"+code+",TK-"+code+"-2" {
			t.Fatalf("%s: hand-overs queued for B: %v", when, ids)
		}
	}
	agree("after attempt 2")

	// Everything killed and started once more: nothing changes.
	portalP.kill()
	agentA.kill()
	agentB.kill()
	portalP.start()
	agentA.start()
	agentB.start()
	eventually(t, "the portal back once more", up(portalURL))
	time.Sleep(time.Second) // rounds of both agents and both appliers
	agree("after the restarts")

	// The old attempt replayed: a duplicate.
	old := lienthong.HandOver{MaHoSo: code, MaDonViNhan: land, PhienBan: handed.Version, NoiTra: wardCfg.CentreName,
		NgayTra: handed.Dossier.Return.At, NguoiTra: "Nguyễn Thị Hoa", NguoiNhan: "Vũ Thị Hạng", DaKiemTraGiayTo: true}
	if res, err := ca.HandOver(ctx, old); err != nil || res.Outcome != "duplicate" {
		t.Fatalf("attempt 1 replayed: %+v %v", res, err)
	}
	// Only A sends its hand-over: B and a third centre get the answer of a dossier that does not exist.
	next := old
	next.LanGui = 3
	none := next
	none.MaHoSo = wardCfg.AgencyCode + "-200101-0001"
	var msg string
	for _, c := range []struct {
		name string
		cl   *client.Client
		h    lienthong.HandOver
	}{{"B", cb, next}, {"a third centre", c3, next}, {"B, no such dossier", cb, none}, {"a third centre, no such dossier", c3, none}} {
		var ce *client.CallError
		if _, err := c.cl.HandOver(ctx, c.h); !errors.As(err, &ce) || ce.Status != http.StatusForbidden || (msg != "" && ce.Message != msg) {
			t.Fatalf("%s sends A's hand-over: %v", c.name, err)
		} else {
			msg = ce.Message
		}
	}
	if st, b := call(baseB, "POST", "/api/v1/dossiers/"+code+"/resend-handover", tokB, `{"attempt":2}`, nil); st != 409 {
		t.Fatalf("B's officer resends: %d %s", st, b)
	}
	agree("at the end")
}

package inbox_test

// Red team 3 (docs/SECURITY.md, "Session 7 review"): the liên thông resend
// (POST /api/v1/dossiers/{code}/resend-handover) at the receiving centre.

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// TestAttackResendHandOver: after the deciding centre refused attempt 1,
// hostile resends queue nothing: an officer of another field (land, at
// q4), device tokens, no token with a 1 MB body, forged attempt numbers
// (0, -1, 2, 11, huge, a string, a fraction, null), oversized and
// control-character corrections, 1 MB bodies. Then 24 presses at once from
// two officers allowed to resend (q1, and q2 which serves the same
// services) make exactly one attempt; replays make none; a forged refusal
// of an attempt never sent (5) and a replayed one of attempt 1 mark
// nothing, and no resend follows from them.
func TestAttackResendHandOver(t *testing.T) {
	ctx := context.Background()
	cfg := queue.DemoConfig()
	for i := range cfg.Agencies {
		if cfg.Agencies[i].Code == landAgency {
			cfg.Agencies[i].Forward = true
		}
	}
	e := &env{token: map[string]string{}}
	c := centretest.Start(t, centretest.Options{
		Config:   func(c *queue.Config) { *c = *cfg },
		Dossiers: &centre.DossierOptions{},
		Devices:  []centretest.Device{{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}, {ID: "dev-counter", Name: "pc", Role: "counter"}},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Cán bộ một"}, {Username: "canbo2", FullName: "Cán bộ hai"},
			{Username: "canbo4", FullName: "Cán bộ đất đai"}},
		Mount: func(m centretest.Mount) error {
			e.db = m.DB
			in, err := inbox.Mount(m.Server, m.DB, inbox.Options{})
			e.in, e.srv = in, m.Server
			return err
		},
	})
	e.url = c.URL
	e.token["canbo1"] = c.Login(ctx, "canbo1", "q1").Token()
	e.token["canbo2"] = c.Login(ctx, "canbo2", "q2").Token()
	e.token["canbo4"] = c.Login(ctx, "canbo4", "q4").Token()
	e.token["kiosk"] = c.Token("dev-kiosk")
	e.token["counter"] = c.Token("dev-counter")

	var v centre.DossierView
	if st, raw := e.do(t, "canbo1", "POST", "/api/v1/dossiers", `{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh"},"components":[{"name":"Đơn đăng ký","originals":1}]}`, &v); st != 201 || v.TransferTo != landAgency {
		t.Fatalf("receive: %d %s", st, raw)
	}
	code := v.Dossier.Code
	seq := int64(0)
	put := func(items ...store.InboxItem) {
		t.Helper()
		for i := range items {
			seq++
			items[i].Seq = seq
		}
		if err := e.db.Write(ctx, func(tx *store.Tx) error { _, err := tx.PutInboxItems(cfg.AgencyCode, items, seq); return err }); err != nil {
			t.Fatal(err)
		}
	}
	hs, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai", MaLinhVuc: "DD", TenLinhVuc: "Đất đai",
		ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: qcvn120.At(v.Dossier.ReceivedAt),
		NgayHenTra: qcvn120.At(v.Dossier.AppointmentAt), NgayKetThucXuLy: qcvn120.At(time.Now()), TrangThaiHoSo: qcvn120.TrangThaiHoSo(dossier.StatusResolved),
		DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội", KenhThucHien: qcvn120.KenhTrucTiep})
	pr, _ := json.Marshal(portal.Progress{MaHoSo: code, PhienBan: 4, HoSo: hs})
	put(store.InboxItem{PortalID: portal.ProgressID(code, 4), Kind: portal.KindProgress, Doc: pr})
	if n, err := e.in.ApplyProgress(ctx); err != nil || n != 1 {
		t.Fatalf("resolution: %d %v", n, err)
	}
	if st, raw := e.do(t, "canbo1", "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạng","id_checked":true}`, nil); st != 200 {
		t.Fatalf("return: %d %s", st, raw)
	}
	refusal := func(portalID string, n int) {
		t.Helper()
		x := lienthong.HandOverRefusal{MaHoSo: code, MaDonViGiaiQuyet: landAgency, NoiGiaiQuyet: "Trung tâm tỉnh", PhienBan: 4,
			MaLyDo: lienthong.RefusalNotResolved, LyDo: "Chưa có kết quả", ThoiDiem: time.Now()}
		if n > 1 {
			x.LanGui = n
		}
		doc, _ := json.Marshal(x)
		put(store.InboxItem{PortalID: portalID, Kind: portal.KindHandOverRefusal, Doc: doc})
	}
	queued := func() int { return len(outboxOf(t, e.db, lienthong.SvcHandOver)) }
	path := "/api/v1/dossiers/" + code + "/resend-handover"

	// A forged refusal of an attempt never sent marks nothing.
	refusal(lienthong.RefusalItemID(code, 5), 5)
	if k, err := e.in.ApplyHandOverRefusals(ctx); err != nil || k != 0 {
		t.Fatalf("refusal of attempt 5 (never sent): %d %v", k, err)
	}
	if st, raw := e.do(t, "canbo1", "POST", path, `{"attempt":5}`, nil); st != 409 {
		t.Fatalf("resend after a forged refusal: %d %s", st, raw)
	}
	refusal(lienthong.RefusalItemID(code, 1), 1)
	if k, err := e.in.ApplyHandOverRefusals(ctx); err != nil || k != 1 {
		t.Fatalf("refusal of attempt 1: %d %v", k, err)
	}
	if queued() != 1 {
		t.Fatalf("%d hand-overs before the attacks", queued())
	}

	// Hostile resends.
	anon, _ := http.NewRequest("POST", e.url+path, strings.NewReader(`{"attempt":1,"place":"`+strings.Repeat("x", 1<<20)+`"}`))
	resp, err := http.DefaultClient.Do(anon)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("anonymous 1 MB resend: %d", resp.StatusCode)
	}
	for _, c := range []struct{ user, body, why string }{
		{"canbo4", `{"attempt":1}`, "an officer of another field"},
		{"kiosk", `{"attempt":1}`, "a kiosk"},
		{"counter", `{"attempt":1}`, "a counter PC's device token"},
		{"canbo1", `{"attempt":0}`, "attempt 0"},
		{"canbo1", `{"attempt":-1}`, "attempt -1"},
		{"canbo1", `{"attempt":2}`, "an attempt not sent"},
		{"canbo1", `{"attempt":11}`, "attempt 11"},
		{"canbo1", `{"attempt":9223372036854775807}`, "a huge attempt"},
		{"canbo1", `{"attempt":99999999999999999999999}`, "an attempt past int64"},
		{"canbo1", `{"attempt":"1"}`, "a string attempt"},
		{"canbo1", `{"attempt":1.5}`, "a fractional attempt"},
		{"canbo1", `{"attempt":null}`, "a null attempt"},
		{"canbo1", `{}`, "no attempt"},
		{"canbo1", `{"attempt":1,"collected_by":"` + strings.Repeat("Ư", 201) + `"}`, "a 201-character name"},
		{"canbo1", `{"attempt":1,"place":"` + strings.Repeat("x", 60000) + `"}`, "a 60 kB place"},
		{"canbo1", `{"attempt":1,"place":"` + strings.Repeat("x", 1<<20) + `"}`, "a 1 MB body"},
		{"canbo1", `{"attempt":1,"collected_by":"Vũ\u0000Thị"}`, "a NUL"},
		{"canbo1", `{"attempt":1,"collected_by":"Vũ\u0007Thị Hạnh"}`, "a bell"},
		{"canbo1", `{"attempt":1,"place":"\u009b2J Hà Nội"}`, "a C1 control"},
		{"canbo1", `{"attempt":1} {"attempt":1}`, "two bodies"},
		{"canbo1", `[{"attempt":1}]`, "an array"},
	} {
		if st, raw := e.do(t, c.user, "POST", path, c.body, nil); st/100 == 2 || st >= 500 {
			t.Errorf("resend with %s: %d %.200s", c.why, st, raw)
		}
	}
	if n := queued(); n != 1 {
		t.Fatalf("hostile resends queued %d hand-overs", n-1)
	}

	// 24 presses at once, from q1 and q2.
	var wg sync.WaitGroup
	sts := make(chan int, 24)
	start := make(chan struct{})
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func(user string) {
			defer wg.Done()
			<-start
			st, _ := e.do(t, user, "POST", path, `{"attempt":1,"collected_by":"Vũ Thị Hạnh"}`, nil)
			sts <- st
		}([]string{"canbo1", "canbo2"}[i%2])
	}
	close(start)
	wg.Wait()
	close(sts)
	ok := 0
	for st := range sts {
		switch st {
		case 200:
			ok++
		case 409:
		default:
			t.Fatalf("concurrent resend answered %d", st)
		}
	}
	if ok != 1 || queued() != 2 {
		t.Fatalf("%d resends succeeded, %d hand-overs queued; want 1 and 2", ok, queued())
	}
	// Replays, and attempt 1's refusal again under another id.
	for i := 0; i < 3; i++ {
		if st, _ := e.do(t, "canbo2", "POST", path, `{"attempt":1,"collected_by":"Vũ Thị Hạnh"}`, nil); st != 409 {
			t.Fatalf("replay %d: %d", i, st)
		}
	}
	refusal("TC-replayed-"+code, 1)
	if k, err := e.in.ApplyHandOverRefusals(ctx); err != nil || k != 0 {
		t.Fatalf("replayed refusal of attempt 1: %d %v", k, err)
	}
	if st, _ := e.do(t, "canbo1", "POST", path, `{"attempt":1}`, nil); st != 409 {
		t.Fatalf("resend after the replayed refusal: %d", st)
	}
	var events int
	if err := e.db.Read().QueryRow(`SELECT COUNT(*) FROM dossier_events WHERE code = ? AND kind = 'HandOverResent'`, code).Scan(&events); err != nil {
		t.Fatal(err)
	}
	if events != 1 {
		t.Fatalf("%d resend events in the history", events)
	}
	if n := queued(); n != 2 {
		t.Fatalf("%d hand-overs after the replays", n)
	}
}

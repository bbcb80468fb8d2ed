package inbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// TestHandOverResentUntilBound (liên thông, docs/SYNC.md step 9), at the
// receiving centre A: each refusal (as the portal queues them, TC-<code>
// then TC-<code>-<n>) marks the attempt sent last and offers the next one;
// a refusal of an earlier attempt pulled after a resend changes nothing;
// the resend is one write — a bad body, a stale attempt, a second press
// are refused and queue nothing — and queues attempt n+1 (lan_gui) with the
// corrected place and collector; a newer state of the deciding centre
// that is not a return (resolved again) does not void the refusal of the
// attempt pending, and the next attempt names that version; the console
// lists the dossier once whatever the number of refusals; after attempt
// 10 is refused there is no resend left (409), and the ordinary return is
// refused too.
func TestHandOverResentUntilBound(t *testing.T) {
	ctx := context.Background()
	wardCfg := queue.DemoConfig()
	for i := range wardCfg.Agencies {
		if wardCfg.Agencies[i].Code == landAgency {
			wardCfg.Agencies[i].Forward = true
		}
	}
	a := startConsoleCentre(t, wardCfg)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	var v centre.DossierView
	if st, raw := a.do(t, "canbo1", "POST", "/api/v1/dossiers", `{"procedure_code":"1.012789","applicant":{"name":"Vũ Thị Hạnh"},"components":[{"name":"Đơn đăng ký","originals":1}]}`, &v); st != 201 || v.TransferTo != landAgency {
		t.Fatalf("receive at A: %d %s", st, raw)
	}
	code := v.Dossier.Code
	seq := int64(0)
	put := func(items ...store.InboxItem) {
		t.Helper()
		for i := range items {
			seq++
			items[i].Seq = seq
		}
		must(a.db.Write(ctx, func(tx *store.Tx) error { _, err := tx.PutInboxItems(wardCfg.AgencyCode, items, seq); return err }))
	}
	// B's resolution arrives (version 4).
	hs, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai", MaLinhVuc: "DD", TenLinhVuc: "Đất đai",
		ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: qcvn120.At(v.Dossier.ReceivedAt),
		NgayHenTra: qcvn120.At(v.Dossier.AppointmentAt), NgayKetThucXuLy: qcvn120.At(time.Now()), TrangThaiHoSo: qcvn120.TrangThaiHoSo(dossier.StatusResolved),
		DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội", KenhThucHien: qcvn120.KenhTrucTiep})
	pr, _ := json.Marshal(portal.Progress{MaHoSo: code, PhienBan: 4, HoSo: hs})
	put(store.InboxItem{PortalID: portal.ProgressID(code, 4), Kind: portal.KindProgress, Doc: pr})
	if n, err := a.in.ApplyProgress(ctx); err != nil || n != 1 {
		t.Fatalf("A applies the resolution: %d %v", n, err)
	}
	if st, raw := a.do(t, "canbo1", "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạng","id_checked":true}`, nil); st != 200 {
		t.Fatalf("return at A: %d %s", st, raw)
	}
	// A second hand-over while the first is pending: nothing to return (409).
	if st, _ := a.do(t, "canbo1", "POST", "/api/v1/dossiers/"+code+"/resend-handover", `{"attempt":1}`, nil); st != 409 {
		t.Fatalf("resend of a hand-over not refused: %d", st)
	}
	phienBan := int64(4) // the version the hand-overs name
	refuse := func(n int) {
		t.Helper()
		x := lienthong.HandOverRefusal{MaHoSo: code, MaDonViGiaiQuyet: landAgency, NoiGiaiQuyet: "Trung tâm tỉnh", PhienBan: phienBan,
			MaLyDo: lienthong.RefusalNotResolved, LyDo: fmt.Sprintf("Chưa có kết quả (lần %d)", n), ThoiDiem: time.Now()}
		if n > 1 {
			x.LanGui = n
		}
		doc, _ := json.Marshal(x)
		put(store.InboxItem{PortalID: lienthong.RefusalItemID(code, n), Kind: portal.KindHandOverRefusal, Doc: doc})
		if k, err := a.in.ApplyHandOverRefusals(ctx); err != nil || k != 1 {
			t.Fatalf("refusal of attempt %d: %d %v", n, k, err)
		}
	}
	view := func() centre.DossierView {
		t.Helper()
		var v centre.DossierView
		if st, raw := a.do(t, "canbo1", "GET", "/api/v1/dossiers/"+code, "", &v); st != 200 {
			t.Fatalf("A's view: %d %s", st, raw)
		}
		return v
	}
	resend := func(body string) (int, string) {
		return a.do(t, "canbo1", "POST", "/api/v1/dossiers/"+code+"/resend-handover", body, nil)
	}
	queued := func() []lienthong.HandOver {
		var out []lienthong.HandOver
		for _, it := range outboxOf(t, a.db, lienthong.SvcHandOver) {
			var h lienthong.HandOver
			must(json.Unmarshal(it.Payload, &h))
			out = append(out, h)
		}
		return out
	}

	refuse(1)
	const hint = "bấm “Gửi lại bàn giao kết quả” trên ứng dụng quầy."
	if r := view().HandOverRefused; r == nil || r.LanGui != 1 || r.GuiLai == nil || r.GuiLai.LanGui != 2 || !strings.HasSuffix(r.CanLam, hint) {
		t.Fatalf("after the first refusal: %+v", r)
	}
	for _, c := range []struct{ body, why string }{
		{`{"attempt":0}`, "no attempt"},
		{`{"attempt":2}`, "an attempt not refused"},
		{`{"attempt":1,"collected_by":"` + strings.Repeat("á", 201) + `"}`, "a name too long"},
		{`{"attempt":1,"place":"Nơi\u001b[2J"}`, "control characters"},
	} {
		if st, raw := resend(c.body); st != 400 && st != 409 {
			t.Fatalf("resend with %s: %d %s", c.why, st, raw)
		}
	}
	if n := len(queued()); n != 1 {
		t.Fatalf("refused resends queued %d hand-overs", n)
	}
	if st, raw := resend(`{"attempt":1,"collected_by":"Vũ Thị Hạnh","place":"Điểm tiếp nhận số 2"}`); st != 200 {
		t.Fatalf("resend: %d %s", st, raw)
	}
	if st, _ := resend(`{"attempt":1,"collected_by":"Vũ Thị Hạnh"}`); st != 409 {
		t.Fatalf("second press: %d", st)
	}
	hs2 := queued()
	if len(hs2) != 2 || hs2[0].LanGui != 0 || hs2[1].LanGui != 2 || hs2[1].NguoiNhan != "Vũ Thị Hạnh" || hs2[1].NoiTra != "Điểm tiếp nhận số 2" ||
		hs2[1].PhienBan != 4 || !hs2[1].NgayTra.Equal(hs2[0].NgayTra) || hs2[1].MaDonViNhan != landAgency {
		t.Fatalf("hand-overs queued: %+v", hs2)
	}
	if v := view(); v.HandOverRefused != nil || v.HandOverAttempt != 2 || v.Dossier.Status != dossier.StatusReturned || v.Version != 4 {
		t.Fatalf("after the resend: %+v attempt %d v%d", v.HandOverRefused, v.HandOverAttempt, v.Version)
	}
	// Attempt 1's refusal again (another id, as a replay would carry): not applied to attempt 2.
	old := lienthong.HandOverRefusal{MaHoSo: code, MaDonViGiaiQuyet: landAgency, NoiGiaiQuyet: "Trung tâm tỉnh", PhienBan: 4,
		MaLyDo: lienthong.RefusalNotResolved, LyDo: "Chưa có kết quả", ThoiDiem: time.Now()}
	doc, _ := json.Marshal(old)
	put(store.InboxItem{PortalID: "TC-old", Kind: portal.KindHandOverRefusal, Doc: doc})
	if k, err := a.in.ApplyHandOverRefusals(ctx); err != nil || k != 0 {
		t.Fatalf("attempt 1's refusal after the resend: %d %v", k, err)
	}
	if v := view(); v.HandOverRefused != nil {
		t.Fatalf("attempt 2 marked by attempt 1's refusal: %+v", v.HandOverRefused)
	}

	// B resolves again (version 6) and that state reaches A before B's
	// refusal of attempt 2 does: A shows "resolved"; the ordinary return is
	// refused (attempt 2 is pending there); the refusal, naming version 4,
	// still holds (B's state is not a return) and attempt 3 names version 6.
	hs6, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai", MaLinhVuc: "DD", TenLinhVuc: "Đất đai",
		ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: qcvn120.At(v.Dossier.ReceivedAt),
		NgayHenTra: qcvn120.At(v.Dossier.AppointmentAt), NgayKetThucXuLy: qcvn120.At(time.Now()), TrangThaiHoSo: qcvn120.TrangThaiHoSo(dossier.StatusResolved),
		DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội", KenhThucHien: qcvn120.KenhTrucTiep})
	pr6, _ := json.Marshal(portal.Progress{MaHoSo: code, PhienBan: 6, HoSo: hs6})
	put(store.InboxItem{PortalID: portal.ProgressID(code, 6), Kind: portal.KindProgress, Doc: pr6})
	if n, err := a.in.ApplyProgress(ctx); err != nil || n != 1 {
		t.Fatalf("A applies B's new resolution: %d %v", n, err)
	}
	if v := view(); v.Dossier.Status != dossier.StatusResolved || v.Version != 6 || v.HandOverRefused != nil {
		t.Fatalf("A after B's new resolution: %v v%d %+v", v.Dossier.Status, v.Version, v.HandOverRefused)
	}
	if st, _ := a.do(t, "canbo1", "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạnh","id_checked":true}`, nil); st != 409 {
		t.Fatalf("return while attempt 2 is pending: %d", st)
	}
	refuse(2)
	if r := view().HandOverRefused; r == nil || r.LanGui != 2 || r.GuiLai == nil || r.GuiLai.LanGui != 3 {
		t.Fatalf("refusal of attempt 2 after B's new state: %+v", r)
	}
	page := consolePage(t, a)
	if !strings.Contains(page, "(1)") || strings.Count(page, "Chưa có kết quả (lần 2)") != 1 || strings.Contains(page, "Chưa có kết quả (lần 1)") {
		t.Fatalf("the console after two refusals: %s", page)
	}
	if st, raw := resend(`{"attempt":2}`); st != 200 {
		t.Fatalf("resend 3: %d %s", st, raw)
	}
	if hs := queued(); hs[len(hs)-1].LanGui != 3 || hs[len(hs)-1].PhienBan != 6 {
		t.Fatalf("attempt 3: %+v", hs[len(hs)-1])
	}
	if v := view(); v.Dossier.Status != dossier.StatusReturned || v.Version != 6 || v.HandOverAttempt != 3 {
		t.Fatalf("A after attempt 3: %v v%d attempt %d", v.Dossier.Status, v.Version, v.HandOverAttempt)
	}
	phienBan = 6

	for n := 3; n < lienthong.MaxAttempts; n++ {
		refuse(n)
		r := view().HandOverRefused
		if r == nil || r.LanGui != n || r.GuiLai == nil || r.GuiLai.LanGui != n+1 || r.GuiLai.NoiTra != "Điểm tiếp nhận số 2" || r.GuiLai.NguoiNhan != "Vũ Thị Hạnh" {
			t.Fatalf("after refusal %d: %+v", n, r)
		}
		if st, raw := resend(fmt.Sprintf(`{"attempt":%d}`, n)); st != 200 {
			t.Fatalf("resend %d: %d %s", n+1, st, raw)
		}
	}
	refuse(lienthong.MaxAttempts)
	if r := view().HandOverRefused; r == nil || r.LanGui != lienthong.MaxAttempts || r.GuiLai != nil || strings.Contains(r.CanLam, "Gửi lại") {
		t.Fatalf("after the last refusal: %+v", r)
	}
	if st, raw := resend(fmt.Sprintf(`{"attempt":%d}`, lienthong.MaxAttempts)); st != 409 || !strings.Contains(raw, "không gửi lại được nữa") {
		t.Fatalf("resend beyond the bound: %d %s", st, raw)
	}
	if st, _ := a.do(t, "canbo1", "POST", "/api/v1/dossiers/"+code+"/return", `{"collected_by":"Vũ Thị Hạnh","id_checked":true}`, nil); st != 409 {
		t.Fatalf("return beyond the bound: %d", st)
	}
	if n := len(queued()); n != lienthong.MaxAttempts {
		t.Fatalf("%d hand-overs queued, want %d", n, lienthong.MaxAttempts)
	}
}

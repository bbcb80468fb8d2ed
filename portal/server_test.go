package portal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

func TestMain(m *testing.M) {
	code := m.Run()
	pgtest.Stop()
	os.Exit(code)
}

const (
	ag    = "000.00.06.H56"
	other = "000.00.07.H56"
)

func vn(y int, m time.Month, d, h int) qcvn120.Time {
	return qcvn120.At(time.Date(y, m, d, h, 0, 0, 0, qcvn120.Location))
}

func hoso(code string, status qcvn120.TrangThaiHoSo) qcvn120.DongBoHoSoMC {
	h := qcvn120.DongBoHoSoMC{
		MaHoSo: code, MaTTHC: "1.001193", TenTTHC: "Thủ tục đăng ký khai sinh", MaLinhVuc: "HT", TenLinhVuc: "Hộ tịch",
		ChuHoSo: "Nguyễn Văn An", LoaiDoiTuong: qcvn120.CongDan, SoDienThoai: "0912345678", Email: "an@example.vn",
		ThongTinKhac: "Số 1 Tràng Tiền, Hoàn Kiếm", SoGiayToChuHoSo: "001099012345",
		DinhDanhCHS:  qcvn120.List[qcvn120.DinhDanhCHS]{{LoaiDinhDanh: qcvn120.DinhDanhCaNhan, SoDinhDanh: "001099012345"}},
		TrichYeuHoSo: "Đăng ký khai sinh cho con", NgayTiepNhan: vn(2023, 10, 27, 9), NgayHenTra: vn(2023, 11, 3, 9),
		TrangThaiHoSo: status, DonViXuLy: "UBND phường Tràng Tiền", KenhThucHien: qcvn120.KenhTrucTiep,
	}
	if status.Done() {
		h.NgayKetThucXuLy = vn(2023, 11, 1, 9)
		h.NgayTra = vn(2023, 11, 2, 9)
	}
	return h
}

func raw(t testing.TB, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func item(t *testing.T, id, version int64, v any) client.Item {
	return client.Item{ID: id, Version: version, Payload: raw(t, v)}
}

func outcomes(r client.Result) []string {
	var out []string
	for _, it := range r.Items {
		if it.ErrorCode != qcvn120.ItemOK {
			out = append(out, "err"+qcvn120.Int(it.ErrorCode).String()+":"+it.Field)
			continue
		}
		out = append(out, it.Outcome)
	}
	return out
}

func eq(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("got %v, want %v", got, want)
	}
}

// eachEnv runs fn on a portal over SQLite and over PostgreSQL.
func eachEnv(t *testing.T, fn func(t *testing.T, e *portaltest.Env)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, portaltest.Start(t, "", portal.Options{})) })
	t.Run("postgres", func(t *testing.T) { fn(t, portaltest.Start(t, pgtest.URL(t), portal.Options{})) })
}

func TestIngestReplayAndReorder(t *testing.T) {
	eachEnv(t, func(t *testing.T, e *portaltest.Env) {
		ctx := context.Background()
		c := client.New(e.URL, "c1", "secret1")
		code := ag + "-231027-0361"
		r, err := c.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{item(t, 7, 3, hoso(code, qcvn120.DangXuLy))})
		if err != nil || r.ErrorCode != qcvn120.OK {
			t.Fatalf("%+v %v", r, err)
		}
		eq(t, outcomes(r), qcvn120.Applied)
		if r.Items[0].ID != "7" {
			t.Fatalf("id not echoed: %+v", r.Items[0])
		}
		// The older version arrives late, then the whole batch is replayed.
		r, err = c.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{item(t, 5, 1, hoso(code, qcvn120.DuocTiepNhan))})
		if err != nil {
			t.Fatal(err)
		}
		eq(t, outcomes(r), qcvn120.Stale)
		r, _ = c.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{item(t, 7, 3, hoso(code, qcvn120.DangXuLy))})
		eq(t, outcomes(r), qcvn120.Duplicate)
		d, _, err := e.Store.Dossier(ctx, code)
		if err != nil || d.Version != 3 || d.Status != int(qcvn120.DangXuLy) || d.Centre != "c1" {
			t.Fatalf("%+v %v", d, err)
		}

		// Progress: the receipt step and a processing step, replayed.
		step := func(st qcvn120.TrangThaiHoSo, h int, text string) qcvn120.CapNhatTienDoHoSoMC {
			return qcvn120.CapNhatTienDoHoSoMC{MaHoSo: code, NguoiXuLy: "Trần Thị Bình", ThoiDiemXuLy: vn(2023, 10, 27, h),
				NoiDungXuLy: text, TrangThai: st, PhongBanXuLy: "Bộ phận một cửa"}
		}
		steps := []client.Item{item(t, 8, 2, step(qcvn120.DuocTiepNhan, 9, "Tiếp nhận hồ sơ")), item(t, 9, 4, step(qcvn120.DangXuLy, 10, "Chuyển phòng Tư pháp"))}
		r, _ = c.SendItems(ctx, qcvn120.SvcCapNhatTienDo, steps)
		eq(t, outcomes(r), qcvn120.Applied, qcvn120.Applied)
		r, _ = c.SendItems(ctx, qcvn120.SvcCapNhatTienDo, steps)
		eq(t, outcomes(r), qcvn120.Duplicate, qcvn120.Duplicate)
		// Standard (unversioned) replays of one step dedupe on its content.
		r, _ = c.Send(ctx, qcvn120.SvcCapNhatTienDo, []json.RawMessage{raw(t, step(qcvn120.DangXuLy, 11, "Trình ký")), raw(t, step(qcvn120.DangXuLy, 11, "Trình ký"))})
		eq(t, outcomes(r), qcvn120.Applied, qcvn120.Duplicate)
		_, ss, _ := e.Store.Dossier(ctx, code)
		if len(ss) != 3 {
			t.Fatalf("%d steps", len(ss))
		}

		// A step for a dossier the portal does not hold yet: retryable.
		r, _ = c.SendItems(ctx, qcvn120.SvcCapNhatTienDo, []client.Item{item(t, 10, 1, qcvn120.CapNhatTienDoHoSoMC{
			MaHoSo: ag + "-231027-0999", NguoiXuLy: "A", ThoiDiemXuLy: vn(2023, 10, 27, 9), NoiDungXuLy: "x", TrangThai: 2})})
		if r.ErrorCode != qcvn120.ErrPartial || !r.Items[0].Retryable || r.Items[0].ErrorCode != qcvn120.ItemUnknownDossier {
			t.Fatalf("%+v", r)
		}
	})
}

func TestValidationRefusalNamesField(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	c := client.New(e.URL, "c1", "secret1")
	bad := hoso(ag+"-231027-0002", qcvn120.DuocTiepNhan)
	bad.TrichYeuHoSo = ""
	badStep := qcvn120.CapNhatTienDoHoSoMC{MaHoSo: ag + "-231027-0001", NguoiXuLy: strings.Repeat("x", 51),
		ThoiDiemXuLy: vn(2023, 10, 27, 9), NoiDungXuLy: "x", TrangThai: 2}
	r, err := c.SendItems(context.Background(), qcvn120.SvcDongBoHoSo, []client.Item{
		item(t, 1, 1, hoso(ag+"-231027-0001", qcvn120.DuocTiepNhan)), item(t, 2, 1, bad),
		{ID: 3, Version: 1, Payload: json.RawMessage(`{"MaHoSo":"` + ag + `-231027-0003","NgayTiepNhan":"27/10/2023"}`)},
	})
	if err != nil || r.ErrorCode != qcvn120.ErrPartial {
		t.Fatalf("%+v %v", r, err)
	}
	eq(t, outcomes(r), qcvn120.Applied, "err10:TrichYeuHoSo", "err10:NgayTiepNhan")
	if r.Items[1].Retryable || !strings.Contains(r.Items[1].Message, "bắt buộc") {
		t.Fatalf("%+v", r.Items[1])
	}
	r, _ = c.SendItems(context.Background(), qcvn120.SvcCapNhatTienDo, []client.Item{item(t, 4, 2, badStep)})
	eq(t, outcomes(r), "err10:NguoiXuLy")
}

func TestAgencyCheck(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	ctx := context.Background()
	c := client.New(e.URL, "c1", "secret1")
	r, err := c.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{
		item(t, 1, 1, hoso(other+"-231027-0001", qcvn120.DuocTiepNhan)), // c2's agency
		item(t, 2, 1, hoso("000.00.09.H56-231027-0001", qcvn120.DuocTiepNhan)),
	})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, outcomes(r), "err11:", qcvn120.Applied)
	if _, _, err := e.Store.Dossier(ctx, other+"-231027-0001"); !errors.Is(err, portal.ErrNotFound) {
		t.Fatalf("foreign dossier stored: %v", err)
	}
	// A rating and a monthly report for another agency are refused too.
	r, _ = c.Send(ctx, qcvn120.SvcDongBoDanhGia, []json.RawMessage{raw(t, qcvn120.DongBoDanhGia{MaDanhGia: "r1", MaDonVi: other,
		MaHoSo: "STT-20231027-A001", MaCauHoi: "THAIDO", MucDanhGia: 1, ThoiGianDanhGia: vn(2023, 10, 27, 10)})})
	eq(t, outcomes(r), "err11:")
	// An envelope for another agency is refused as a whole, for good.
	c.MaDonVi = other
	_, err = c.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{item(t, 3, 1, hoso(ag+"-231027-0005", 2))})
	var ce *client.CallError
	if !errors.As(err, &ce) || ce.Code != qcvn120.ErrForbidden || ce.Temporary() || ce.Status != http.StatusForbidden {
		t.Fatalf("%v", err)
	}
}

func TestAuth(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	ctx := context.Background()
	if err := client.New(e.URL, "c1", "wrong").Login(ctx); err == nil {
		t.Fatal("wrong password accepted")
	}
	if err := client.New(e.URL, "nobody", "x").Login(ctx); err == nil {
		t.Fatal("unknown user accepted")
	}
	// A forged or foreign session is refused with ErrAuth / 401.
	body := `{"session":"YzE.forged","service":"DongBoHoSoMC","data":[]}`
	resp, err := http.Post(e.URL+"/api/v1/ingest", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var rr qcvn120.Response
	json.NewDecoder(resp.Body).Decode(&rr)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || rr.ErrorCode != qcvn120.ErrAuth {
		t.Fatalf("%d %+v", resp.StatusCode, rr)
	}
	// The DVCQG login shape.
	resp, err = http.Post(e.URL+"/api/v1/login", "application/json", strings.NewReader(`{"username":"c1","password":"secret1"}`))
	if err != nil {
		t.Fatal(err)
	}
	var lr map[string]any
	json.NewDecoder(resp.Body).Decode(&lr)
	resp.Body.Close()
	if lr["error_code"] != float64(0) || lr["session"] == "" {
		t.Fatalf("%v", lr)
	}
	// Unknown service.
	c := client.New(e.URL, "c1", "secret1")
	_, err = c.Send(ctx, "KhongCo", []json.RawMessage{json.RawMessage(`{}`)})
	var ce *client.CallError
	if !errors.As(err, &ce) || ce.Code != qcvn120.ErrService {
		t.Fatal(err)
	}
}

// Provincial proxies post the bare array, authenticated with HTTP Basic.
func TestBareArray(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	body := raw(t, []any{hoso(ag+"-231027-0011", qcvn120.DuocTiepNhan)})
	req, _ := http.NewRequest(http.MethodPost, e.URL+"/api/v1/ingest/DongBoHoSoMC", bytes.NewReader(body))
	req.SetBasicAuth("c1", "secret1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var rr qcvn120.Response
	json.NewDecoder(resp.Body).Decode(&rr)
	if rr.ErrorCode != qcvn120.OK {
		t.Fatalf("%+v", rr)
	}
	if _, _, err := e.Store.Dossier(context.Background(), ag+"-231027-0011"); err != nil {
		t.Fatal(err)
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPublicLookupMasksPersonalData(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{Now: func() time.Time { return time.Date(2023, 11, 10, 0, 0, 0, 0, time.UTC) }})
	c := client.New(e.URL, "c1", "secret1")
	code := ag + "-231027-0361"
	if _, err := c.SendItems(context.Background(), qcvn120.SvcDongBoHoSo, []client.Item{item(t, 1, 1, hoso(code, qcvn120.DangXuLy))}); err != nil {
		t.Fatal(err)
	}
	status, body := get(t, e.URL+"/api/v1/tra-cuu/"+code)
	if status != http.StatusOK {
		t.Fatalf("%d %s", status, body)
	}
	var p portal.PublicDossier
	if err := json.Unmarshal([]byte(body), &p); err != nil {
		t.Fatal(err)
	}
	if p.ChuHoSo != "Nguyễn V*** A" || p.TrangThaiTen != "Đang xử lý" || !p.QuaHan || p.NgayHenTra != "09:00 03/11/2023" {
		t.Fatalf("%+v", p)
	}
	status, page := get(t, e.URL+"/tra-cuu?ma="+code)
	if status != http.StatusOK || !strings.Contains(page, "Nguyễn V*** A") || !strings.Contains(page, "quá hạn") {
		t.Fatalf("%d %s", status, page)
	}
	for _, secret := range []string{"Nguyễn Văn An", "001099012345", "0912345678", "an@example.vn", "Tràng Tiền, Hoàn Kiếm"} {
		if strings.Contains(body, secret) || strings.Contains(page, secret) {
			t.Errorf("personal data %q shown", secret)
		}
	}
	if status, _ := get(t, e.URL+"/api/v1/tra-cuu/"+ag+"-231027-9999"); status != http.StatusNotFound {
		t.Fatal(status)
	}
	if status, page := get(t, e.URL+"/tra-cuu?ma=abc"); status != http.StatusBadRequest || !strings.Contains(page, "không đúng định dạng") {
		t.Fatal(status)
	}
	if status, page := get(t, e.URL+"/tra-cuu"); status != http.StatusOK || !strings.Contains(page, "Tra cứu") || strings.Contains(page, "http://") && strings.Contains(page, "cdn") {
		t.Fatal(status)
	}
}

func TestLookupRateLimited(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{LookupPerMinute: 1, LookupBurst: 3})
	url := e.URL + "/api/v1/tra-cuu/" + ag + "-231027-0001"
	for i := range 3 {
		if status, _ := get(t, url); status != http.StatusNotFound {
			t.Fatalf("request %d: %d", i, status)
		}
	}
	status, body := get(t, url)
	if status != http.StatusTooManyRequests || !strings.Contains(body, "quá nhanh") {
		t.Fatalf("%d %s", status, body)
	}
}

func TestStatsRatingsMetricsHealth(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	ctx := context.Background()
	c1 := client.New(e.URL, "c1", "secret1")
	c2 := client.New(e.URL, "c2", "secret2")
	late := hoso(ag+"-231002-0001", qcvn120.DaTraKetQua)
	late.NgayTiepNhan, late.NgayHenTra, late.NgayKetThucXuLy, late.NgayTra = vn(2023, 10, 2, 8), vn(2023, 10, 5, 8), vn(2023, 10, 6, 8), vn(2023, 10, 6, 9)
	onTime := hoso(ag+"-231002-0002", qcvn120.DaXuLyXong)
	onTime.NgayTiepNhan, onTime.NgayHenTra, onTime.NgayKetThucXuLy = vn(2023, 10, 2, 8), vn(2023, 10, 9, 8), vn(2023, 10, 4, 8)
	if _, err := c1.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{item(t, 1, 1, late), item(t, 2, 1, onTime)}); err != nil {
		t.Fatal(err)
	}
	if _, err := c2.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{item(t, 1, 1, hoso(other+"-231027-0001", 2))}); err != nil {
		t.Fatal(err)
	}
	rating := func(id string, lvl qcvn120.Int) json.RawMessage {
		return raw(t, qcvn120.DongBoDanhGia{MaDanhGia: qcvn120.Str(id), MaDonVi: ag, MaHoSo: ag + "-231002-0001", MaTTHC: "1.001193",
			MaCauHoi: "THAIDO", MucDanhGia: lvl, ThoiGianDanhGia: vn(2023, 10, 6, 10)})
	}
	r, err := c1.Send(ctx, qcvn120.SvcDongBoDanhGia, []json.RawMessage{rating("a", 1), rating("b", 3), rating("a", 1)})
	if err != nil {
		t.Fatal(err)
	}
	eq(t, outcomes(r), qcvn120.Applied, qcvn120.Applied, qcvn120.Duplicate)
	tk := qcvn120.DongBoThongKeHoSo{MaDonVi: ag, TenDonVi: "UBND phường", Thang: 10, Nam: 2023, LoaiThongKe: "1",
		PhanTramXuLyDungHan: "50.00", PhanTramXuLyTreHan: "50.00", PhanTramChuaXuLyTrongHan: "0.00", PhanTramChuaXuLyTreHan: "0.00"}
	r, _ = c1.SendItems(ctx, qcvn120.SvcDongBoThongKe, []client.Item{item(t, 5, 2, tk), item(t, 4, 1, tk)})
	eq(t, outcomes(r), qcvn120.Applied, qcvn120.Stale)

	status, body := get(t, e.URL+"/api/v1/thong-ke?thang=2023-10")
	if status != http.StatusOK {
		t.Fatal(status, body)
	}
	var sp portal.StatsPage
	json.Unmarshal([]byte(body), &sp)
	if len(sp.Agencies) != 2 || sp.Total.Received != 3 || sp.Total.OnTime != 1 || sp.Total.Late != 1 || sp.Total.Ratings[1] != 1 || sp.Total.Ratings[3] != 1 {
		t.Fatalf("%s", body)
	}
	status, page := get(t, e.URL+"/thong-ke?thang=2023-10")
	if status != http.StatusOK || !strings.Contains(page, "Rất hài lòng") || !strings.Contains(page, other) {
		t.Fatalf("%d %s", status, page)
	}
	if status, _ := get(t, e.URL+"/api/v1/thong-ke?thang=10-2023"); status != http.StatusBadRequest {
		t.Fatal(status)
	}
	if status, body := get(t, e.URL+"/healthz"); status != http.StatusOK || body != "ok\n" {
		t.Fatal(status, body)
	}
	_, metrics := get(t, e.URL+"/metrics")
	for _, want := range []string{
		`motcua_portal_packets_ingested_total{result="applied",service="DongBoHoSoMC"} 3`,
		`motcua_portal_packets_ingested_total{result="duplicate",service="DongBoDanhGia"} 1`,
		`motcua_portal_packets_ingested_total{result="stale",service="DongBoThongKeHoSo"} 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestCatalogue(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	ctx := context.Background()
	data, err := os.ReadFile("testdata/catalogue.json")
	if err != nil {
		t.Fatal(err)
	}
	n, err := portal.ImportCatalogue(ctx, e.Store, data)
	if err != nil || n != 3 {
		t.Fatal(n, err)
	}
	if _, err := portal.ImportCatalogue(ctx, e.Store, []byte(`[{"MATTHC":"1003560","TENTTHC":"x"}]`)); err == nil {
		t.Fatal("bad code imported")
	}
	c := client.New(e.URL, "c2", "secret2")
	all, err := c.LayThuTuc(ctx)
	if err != nil || len(all) != 3 {
		t.Fatal(len(all), err)
	}
	one, err := c.LayThuTuc(ctx, "2.000815", "9.999999")
	if err != nil || len(one) != 1 || one[0].TENTTHC != "Chứng thực bản sao từ bản chính giấy tờ, văn bản" {
		t.Fatalf("%+v %v", one, err)
	}
	if amount, unit, ok := one[0].ThoiHan(qcvn120.KenhTrucTiep); !ok || amount != "0" || unit != "Ngày" {
		t.Fatal(amount, unit)
	}
	// GET with a bearer session.
	req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/v1/thu-tuc/1.001193", nil)
	if status, _ := func() (int, string) {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, ""
	}(); status != http.StatusUnauthorized {
		t.Fatalf("catalogue without session: %d", status)
	}
}

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Văn An": "Nguyễn V*** A", "Trần Thị Ngọc Ánh": "Trần T*** N*** Á", "Lê Hà": "Lê H",
		"Đạt": "Đ***", "  Phạm   Ưng  ": "Phạm Ư", "": "",
	} {
		if got := portal.MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// Only answered Q&A marked public (TRANGTHAI 1) reach /hoi-dap; a question
// alone, a private answer and OpenCPS's five-field packet are stored but
// not shown; the newest answer comes first.
func TestPublicQAShowsOnlyPublicAnswers(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	c := client.New(e.URL, "c1", "secret1")
	ag := "000.00.06.H56"
	at := func(d int) qcvn120.Time { return qcvn120.At(time.Date(2025, 3, d, 9, 0, 0, 0, qcvn120.Location)) }
	ans := func(id, q, a string, public bool, d int) qcvn120.DongBoHoiDap {
		x := qcvn120.DongBoHoiDap{HOIDAPID: qcvn120.Str(id), NOIDUNG: q, MADONVI: ag, TENDONVI: "UBND phường",
			TRALOIID: qcvn120.Str(id + "-2"), NOIDUNGTRALOI: a, NGUOITRALOI: "Lê Văn Cường", CHUCVUNGUOITRALOI: "Cán bộ",
			NGAYTRALOI: at(d), TRANGTHAI: qcvn120.HoiDapKhongCongKhai}
		if public {
			x.TRANGTHAI = qcvn120.HoiDapCongKhai
		}
		return x
	}
	items := []client.Item{
		item(t, 1, 1, ans("a", "Câu hỏi công khai cũ", "Trả lời cũ", true, 1)),
		item(t, 2, 1, ans("b", "Câu hỏi công khai mới", "Trả lời mới", true, 5)),
		item(t, 3, 1, ans("c", "Câu hỏi riêng", "Trả lời riêng", false, 6)),
		item(t, 4, 1, qcvn120.DongBoHoiDap{HOIDAPID: "d", NOIDUNG: "Chưa trả lời", MADONVI: ag, TRANGTHAI: qcvn120.HoiDapCongKhai}),
		item(t, 5, 0, json.RawMessage(`{"HOIDAPID": 40213, "MaLinhVuc": "HT", "NOIDUNG": "Gói OpenCPS", "MADONVI": "`+ag+`", "TENDONVI": "UBND"}`)),
	}
	r, err := c.SendItems(context.Background(), qcvn120.SvcDongBoHoiDap, items)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(outcomes(r), ","); got != "applied,applied,applied,applied,applied" {
		t.Fatalf("outcomes %s", got)
	}
	status, body := get(t, e.URL+"/api/v1/hoi-dap")
	var qs []portal.PublicQA
	if err := json.Unmarshal([]byte(body), &qs); status != 200 || err != nil {
		t.Fatalf("%d %v %s", status, err, body)
	}
	if len(qs) != 2 || qs[0].CauHoi != "Câu hỏi công khai mới" || qs[1].TraLoi != "Trả lời cũ" || qs[0].NgayTraLoi != "05/03/2025" {
		t.Fatalf("public Q&A %+v", qs)
	}
	status, page := get(t, e.URL+"/hoi-dap")
	if status != 200 || !strings.Contains(page, "Trả lời mới") || strings.Contains(page, "Trả lời riêng") || strings.Contains(page, "Gói OpenCPS") {
		t.Fatalf("page %d %s", status, page)
	}
}

func TestPublicQARateLimited(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{LookupPerMinute: 1, LookupBurst: 2})
	for i := range 2 {
		if status, _ := get(t, e.URL+"/api/v1/hoi-dap"); status != http.StatusOK {
			t.Fatalf("request %d: %d", i, status)
		}
	}
	if status, body := get(t, e.URL+"/hoi-dap"); status != http.StatusTooManyRequests || !strings.Contains(body, "quá nhanh") {
		t.Fatalf("%d %s", status, body)
	}
}

// OpenCPS sends DongBoHoSoMC envelopes with an "isUpdating" flag, "0" for
// percentages and sometimes no ChuHoSo: all accepted.
func TestOpenCPSEnvelopeAccepted(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	resp, err := http.Post(e.URL+"/api/v1/login", "application/json", strings.NewReader(`{"username":"c1","password":"secret1"}`))
	if err != nil {
		t.Fatal(err)
	}
	var login qcvn120.LoginResponse
	json.NewDecoder(resp.Body).Decode(&login)
	resp.Body.Close()
	if login.Session == "" {
		t.Fatalf("login %+v", login)
	}
	h := map[string]any{"MaHoSo": "000.00.06.H56-250301-0001", "MaTTHC": "1.001193", "TenTTHC": "Chứng thực bản sao", "MaLinhVuc": "CT",
		"TenLinhVuc": "Chứng thực", "LoaiDoiTuong": "1", "TrichYeuHoSo": "Chứng thực", "NgayTiepNhan": "20250301090000",
		"NgayHenTra": "20250301160000", "TrangThaiHoSo": "2", "HinhThuc": "0", "DonViXuLy": "UBND phường"}
	tk := map[string]any{"MaDonVi": "000.00.06.H56", "TenDonVi": "UBND phường", "Thang": "2", "Nam": "2025", "LoaiThongKe": "1",
		"SoNhanTrongKy": "0", "SoTonKyTruoc": "0", "TongSoXuLy": "0", "TongDaXuLy": "0", "TongXuLyDungHan": "0", "PhanTramXuLyDungHan": "0",
		"TongXuLyTreHan": "0", "PhanTramXuLyTreHan": "0", "TongChuaXuLy": "0", "TongChuaXuLyTrongHan": "0", "PhanTramChuaXuLyTrongHan": "0",
		"TongChuaXuLyTreHan": "0", "PhanTramChuaXuLyTreHan": "0"}
	for svc, item := range map[string]any{qcvn120.SvcDongBoHoSo: h, qcvn120.SvcDongBoThongKe: tk} {
		env, _ := json.Marshal(map[string]any{"session": login.Session, "madonvi": "000.00.06.H56", "service": svc, "isUpdating": true, "data": []any{item}})
		resp, err := http.Post(e.URL+"/api/v1/ingest", "application/json", strings.NewReader(string(env)))
		if err != nil {
			t.Fatal(err)
		}
		var r qcvn120.Response
		json.NewDecoder(resp.Body).Decode(&r)
		resp.Body.Close()
		if r.ErrorCode != qcvn120.OK {
			t.Fatalf("%s: %+v %s", svc, r, r.Result)
		}
	}
}

// Many public answers: the page keeps the newest 200, newest first.
func TestPublicQAKeepsNewest(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	c := client.New(e.URL, "c1", "secret1")
	var items []client.Item
	base := time.Date(2025, 1, 1, 8, 0, 0, 0, qcvn120.Location)
	for i := range 450 {
		items = append(items, item(t, int64(i+1), 1, qcvn120.DongBoHoiDap{HOIDAPID: qcvn120.Str(strconv.Itoa(i)), NOIDUNG: "Câu " + strconv.Itoa(i),
			MADONVI: "000.00.06.H56", TRALOIID: "t", NOIDUNGTRALOI: "Đáp " + strconv.Itoa(i), NGUOITRALOI: "Cán bộ",
			NGAYTRALOI: qcvn120.At(base.Add(time.Duration((i*7919)%450) * time.Hour)), TRANGTHAI: qcvn120.HoiDapCongKhai}))
	}
	if r, err := c.SendItems(context.Background(), qcvn120.SvcDongBoHoiDap, items); err != nil || r.ErrorCode != qcvn120.OK {
		t.Fatalf("%+v %v", r, err)
	}
	status, body := get(t, e.URL+"/api/v1/hoi-dap")
	var qs []portal.PublicQA
	if err := json.Unmarshal([]byte(body), &qs); status != 200 || err != nil {
		t.Fatalf("%d %v", status, err)
	}
	if len(qs) != 200 {
		t.Fatalf("%d answers", len(qs))
	}
	// The hour offsets are a permutation of 0..449: the newest is offset 449.
	newest := -1
	for i := range 450 {
		if (i*7919)%450 == 449 {
			newest = i
		}
	}
	if qs[0].CauHoi != "Câu "+strconv.Itoa(newest) {
		t.Fatalf("first %+v, want Câu %d", qs[0], newest)
	}
	// Every kept answer is among the 200 newest (offsets 250..449).
	for _, q := range qs {
		n, _ := strconv.Atoi(strings.TrimPrefix(q.CauHoi, "Câu "))
		if (n*7919)%450 < 250 {
			t.Fatalf("an old answer kept: %+v", q)
		}
	}
}

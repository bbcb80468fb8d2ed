package inbox_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

type env struct {
	db    *store.DB
	url   string
	token map[string]string
	in    *inbox.Inbox   // set by startCentre
	srv   *centre.Server // set by startConsoleCentre
}

// start runs a real centre (queue, dossiers, inbox) on a loopback server
// over a real SQLite file, with two officers signed in at q1 and q2.
func start(t *testing.T) *env {
	t.Helper()
	e := &env{token: map[string]string{}}
	c := centretest.Start(t, centretest.Options{
		Dossiers: &centre.DossierOptions{},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Cán bộ canbo1"}, {Username: "canbo2", FullName: "Cán bộ canbo2"}},
		Mount: func(m centretest.Mount) error {
			e.db = m.DB
			_, err := inbox.Mount(m.Server, m.DB, inbox.Options{})
			return err
		},
	})
	e.url = c.URL
	for i, u := range []string{"canbo1", "canbo2"} {
		e.token[u] = c.Login(context.Background(), u, fmt.Sprintf("q%d", i+1)).Token()
	}
	return e
}

func (e *env) do(t *testing.T, user, method, path, body string, out any) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, e.url+path, bytes.NewBufferString(body))
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.token[user])
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	buf.ReadFrom(resp.Body)
	if out != nil {
		json.Unmarshal(buf.Bytes(), out)
	}
	return resp.StatusCode, buf.String()
}

func submission(code, name string) portal.Submission {
	return portal.Submission{MaTTHC: "1.001193", MaDonVi: queue.DemoConfig().AgencyCode, MaNop: code,
		ChuHoSo:     portal.SubmissionApplicant{HoTen: name, SoGiayTo: "001190012345", DiaChi: "12 Hàng Bạc, Hoàn Kiếm, Hà Nội", DienThoai: "0912345678"},
		TrichYeu:    "Đăng ký khai sinh cho con",
		ThanhPhan:   []portal.SubmissionComponent{{Ten: "Tờ khai đăng ký khai sinh", SoBanChinh: 1}, {Ten: "Giấy chứng sinh", SoBanChinh: 1}},
		HinhThucTra: "buu_chinh", ThoiDiemNop: time.Now().Truncate(time.Second)}
}

// put stores items as the sync agent does.
func (e *env) put(t *testing.T, subs ...portal.Submission) {
	t.Helper()
	var rows []store.InboxItem
	for i, s := range subs {
		doc, _ := json.Marshal(s)
		rows = append(rows, store.InboxItem{PortalID: s.MaNop, Seq: int64(i + 1), Kind: portal.KindOnline, Doc: doc, SubmittedAt: s.ThoiDiemNop})
	}
	if err := e.db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(queue.DemoConfig().AgencyCode, rows, int64(len(rows)))
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

type list struct{ Items []inbox.Item }

// An online submission is listed for officers only, accepted into a
// dossier with KenhThucHien = online (code, appointment, receipt, outbox
// packets) through the counter's code path; another is returned with a
// reason; neither can be decided twice.
func TestInboxAcceptAndReturn(t *testing.T) {
	e := start(t)
	e.put(t, submission("NTT-AAAAAAAAAAAA", "Nguyễn Thị Bình"), submission("NTT-BBBBBBBBBBBB", "Trần Văn Cường"))
	if st, _ := e.do(t, "", "GET", "/api/v1/inbox", "", nil); st != 401 {
		t.Fatalf("anonymous list: %d", st)
	}
	var l list
	if st, b := e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) != 2 {
		t.Fatalf("list: %d %s", st, b)
	}
	b, a := l.Items[0], l.Items[1] // newest first
	if a.Code != "NTT-AAAAAAAAAAAA" || a.Status != store.InboxNew || a.StatusLabel != "Chờ tiếp nhận" || a.KindLabel != "Nộp trực tuyến" ||
		a.Submission.ChuHoSo.HoTen != "Nguyễn Thị Bình" || len(a.Submission.ThanhPhan) != 2 {
		t.Fatalf("item: %+v", a)
	}

	var v centre.DossierView
	st, body := e.do(t, "canbo1", "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", a.ID), "", &v)
	if st != 201 {
		t.Fatalf("accept: %d %s", st, body)
	}
	d := v.Dossier
	if d.Channel != dossier.ChannelOnline || d.Status != dossier.StatusReceived || d.Applicant.Name != "Nguyễn Thị Bình" ||
		d.ReturnMethod != dossier.ReturnByPost || len(d.Components) != 2 || d.AppointmentAt.IsZero() || v.Receipt.Code != d.Code ||
		v.Summary != "Đăng ký khai sinh cho con" {
		t.Fatalf("dossier: %+v", v)
	}
	// The dossier is the counter's: listed, and its packets are in the outbox with KenhThucHien 2.
	var got centre.DossierView
	if st, b := e.do(t, "canbo2", "GET", "/api/v1/dossiers/"+d.Code, "", &got); st != 200 || got.Dossier.Channel != dossier.ChannelOnline {
		t.Fatalf("dossier via API: %d %s", st, b)
	}
	items, err := e.db.OutboxAfter(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var hs qcvn120.DongBoHoSoMC
	for _, it := range items {
		if it.Key == d.Code && it.Service == qcvn120.SvcDongBoHoSo {
			json.Unmarshal(it.Payload, &hs)
		}
	}
	if hs.MaHoSo != d.Code || hs.KenhThucHien != 2 {
		t.Fatalf("outbox DongBoHoSoMC: %+v", hs)
	}

	// Decided once.
	if st, _ := e.do(t, "canbo2", "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", a.ID), "", nil); st != 409 {
		t.Fatalf("second accept: %d", st)
	}
	if st, _ := e.do(t, "canbo2", "POST", fmt.Sprintf("/api/v1/inbox/%d/return", a.ID), `{"reason":"x"}`, nil); st != 409 {
		t.Fatalf("return after accept: %d", st)
	}
	// Return needs a reason.
	if st, _ := e.do(t, "canbo2", "POST", fmt.Sprintf("/api/v1/inbox/%d/return", b.ID), `{"reason":"  "}`, nil); st != 400 {
		t.Fatalf("return without reason: %d", st)
	}
	reason := "Bổ sung bản chụp Giấy chứng sinh rõ nét, đủ các góc"
	if st, body := e.do(t, "canbo2", "POST", fmt.Sprintf("/api/v1/inbox/%d/return", b.ID), fmt.Sprintf(`{"reason":%q}`, reason), nil); st != 200 {
		t.Fatalf("return: %d %s", st, body)
	}
	if st, _ := e.do(t, "canbo1", "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", b.ID), "", nil); st != 409 {
		t.Fatalf("accept after return: %d", st)
	}
	if st, _ := e.do(t, "canbo1", "POST", "/api/v1/inbox/999/accept", "", nil); st != 404 {
		t.Fatalf("unknown item: %d", st)
	}
	var all list
	e.do(t, "canbo1", "GET", "/api/v1/inbox?status=all", "", &all)
	if len(all.Items) != 2 || all.Items[0].Status != store.InboxReturned || all.Items[0].Reason != reason || all.Items[0].DecidedBy != "canbo2" ||
		all.Items[1].Status != store.InboxAccepted || all.Items[1].DossierCode != d.Code || all.Items[1].DecidedBy != "canbo1" {
		t.Fatalf("after decisions: %+v", all.Items)
	}
	var pending list
	if e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &pending); len(pending.Items) != 0 {
		t.Fatalf("still pending: %+v", pending.Items)
	}
}

// Ten officers accepting the same item at once make exactly one dossier.
func TestInboxAcceptedOnce(t *testing.T) {
	e := start(t)
	e.put(t, submission("NTT-CCCCCCCCCCCC", "Lê Thị Dung"))
	var l list
	e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l)
	var wg sync.WaitGroup
	codes := make(chan int, 10)
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, _ := e.do(t, []string{"canbo1", "canbo2"}[i%2], "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", l.Items[0].ID), "", nil)
			codes <- st
		}()
	}
	wg.Wait()
	close(codes)
	n := map[int]int{}
	for c := range codes {
		n[c]++
	}
	if n[201] != 1 || n[409] != 9 {
		t.Fatalf("answers %v, want one 201 and nine 409", n)
	}
	rows, err := e.db.Dossiers(context.Background(), store.DossierFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 {
		t.Fatalf("%d dossiers", len(rows))
	}
}

// The console page lists the inbox for supervisors signed in to the
// console, and sends anyone else to the login page.
func TestConsoleInboxPage(t *testing.T) {
	ctx := context.Background()
	var db *store.DB
	var cfg *queue.Config
	var in *inbox.Inbox
	c := centretest.Start(t, centretest.Options{
		Dossiers: &centre.DossierOptions{},
		Officers: []centretest.Officer{{Username: "giamsat", FullName: "Giám sát", Role: "supervisor"}},
		Mount: func(m centretest.Mount) error {
			db, cfg = m.DB, m.Config
			if _, err := console.Mount(m.Server, m.DB, console.Options{}); err != nil {
				return err
			}
			var err error
			if in, err = inbox.Mount(m.Server, m.DB, inbox.Options{}); err != nil {
				return err
			}
			in.MountConsolePage(m.Server)
			return nil
		},
	})
	base := c.URL
	e := &env{db: db, url: base}
	e.put(t, submission("NTT-DDDDDDDDDDDD", "Hoàng Văn Em"))
	// A dossier forwarded by another centre, and a
	// state of a dossier this centre forwarded (applied, never listed).
	at := func(d int) qcvn120.Time { return qcvn120.At(time.Date(2026, 12, d, 9, 0, 0, 0, dossier.Loc)) }
	hs, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: "000.00.07.H26-261201-0004", MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai",
		MaLinhVuc: "DD", TenLinhVuc: "Đất đai", ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, SoDienThoai: "0912345678",
		SoGiayToChuHoSo: "001099012345", TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: at(1), NgayHenTra: at(15),
		TrangThaiHoSo: 2, DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội", KenhThucHien: qcvn120.KenhTrucTiep})
	tr, _ := json.Marshal(map[string]any{"ma_don_vi_nhan": cfg.AgencyCode, "ho_so": json.RawMessage(hs), "tra_ket_qua_tai": "noi_tiep_nhan", "tu_don_vi": "000.00.07.H26"})
	if err := db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(cfg.AgencyCode, []store.InboxItem{
			{PortalID: "LT-000.00.07.H26-261201-0004", Seq: 2, Kind: portal.KindTransfer, Doc: tr, SubmittedAt: time.Now()},
			{PortalID: "TD-000.00.06.H26-261201-0001-2", Seq: 3, Kind: portal.KindProgress, Doc: []byte(`{}`), SubmittedAt: time.Now()}}, 3)
		return err
	}); err != nil {
		t.Fatal(err)
	}

	noFollow := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	anon := &http.Client{CheckRedirect: noFollow}
	resp, err := anon.Get(base + "/console/hop-thu")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/console/login" {
		t.Fatalf("anonymous: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	hc := consoletest.NewClient()
	consoletest.FormLogin(t, hc, base, "giamsat", "matkhau123")
	resp, err = hc.Get(base + "/console/hop-thu")
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	resp.Body.Close()
	page := b.String()
	if resp.StatusCode != 200 || !strings.Contains(page, "NTT-DDDDDDDDDDDD") || !strings.Contains(page, "Hoàng Văn Em") ||
		!strings.Contains(page, "Chờ tiếp nhận") || !strings.Contains(page, "2 hồ sơ đang chờ") ||
		!strings.Contains(page, "LT-000.00.07.H26-261201-0004") || !strings.Contains(page, "Vũ Thị Hạnh") || !strings.Contains(page, "Liên thông") ||
		strings.Contains(page, "TD-000.00.06.H26") || strings.Contains(page, "chưa ghi nhận được") ||
		!strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Fatalf("page: %d %s", resp.StatusCode, page)
	}
	// A hand-over the receiving centre made that this centre cannot record
	// (no such dossier here) shows as an error a supervisor sees.
	ho, _ := json.Marshal(portal.HandOver{MaHoSo: "000.00.07.H26-261201-0099", MaDonViNhan: cfg.AgencyCode, PhienBan: 4,
		NoiTra: "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", NgayTra: time.Date(2026, 12, 3, 10, 15, 0, 0, dossier.Loc),
		// The collector's name carries a right-to-left override and a
		// zero-width space (SECURITY.md, invisible format characters): the
		// page shows the name without them.
		NguoiTra: "Cán bộ một", NguoiNhan: "Đỗ Thị \u202eLan\u200b"})
	if err := db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(cfg.AgencyCode, []store.InboxItem{
			{PortalID: "TK-000.00.07.H26-261201-0099", Seq: 4, Kind: portal.KindHandOver, Doc: ho, SubmittedAt: time.Now()}}, 4)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if n, err := in.ApplyHandOvers(ctx); err != nil || n != 0 {
		t.Fatalf("apply: %d %v", n, err)
	}
	resp, err = hc.Get(base + "/console/hop-thu")
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	b.ReadFrom(resp.Body)
	resp.Body.Close()
	page = b.String()
	if resp.StatusCode != 200 || !strings.Contains(page, "Trả kết quả liên thông chưa ghi nhận được (1)") ||
		!strings.Contains(page, "000.00.07.H26-261201-0099") || !strings.Contains(page, "phường Hoàn Kiếm") ||
		!strings.Contains(page, "10:15 03/12/2026") || !strings.Contains(page, "Đỗ Thị Lan") || !strings.Contains(page, "Lý do không ghi nhận được") ||
		!strings.Contains(page, "tự động gửi thông báo này về đơn vị tiếp nhận") ||
		!strings.Contains(page, "2 hồ sơ đang chờ") || strings.ContainsAny(page, "\u202e\u200b") {
		t.Fatalf("page with a failed hand-over: %d %s", resp.StatusCode, page)
	}
	if f, err := in.FailedHandOvers(ctx, 100); err != nil || len(f) != 1 || f[0].Reason == "" || f[0].MaHoSo != "000.00.07.H26-261201-0099" {
		t.Fatalf("failed hand-overs %+v %v", f, err)
	}
	if out := os.Getenv("MOTCUA_INBOX_PAGE"); out != "" { // for a screenshot (docs/img)
		os.WriteFile(out, b.Bytes(), 0o644)
	}
}

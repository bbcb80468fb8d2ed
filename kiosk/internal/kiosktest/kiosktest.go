// Package kiosktest builds a real centre server on loopback for the kiosk's
// tests: SQLite in a temp dir, the demo config, an enrolled kiosk device,
// and a simulated printer on a pty.
//
// The dossier lookup and ratings endpoints are being added to the centre
// server by another change. Until they exist, Start mounts a small stand-in
// that follows their published contract (ContractStub); once the real
// routes are there, the stand-in is not mounted.
package kiosktest

import (
	"context"
	"encoding/json"
	"image"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Env is a running centre server.
type Env struct {
	URL        string
	DB         *store.DB
	Server     *centre.Server
	HTTP       *httptest.Server
	KioskToken string
	// Stub is true when the lookup/rating stand-in is mounted.
	Stub bool
}

// Start runs a centre server with the demo config until the test ends;
// edit, when given, changes the config first.
func Start(t testing.TB, edit ...func(*queue.Config)) *Env {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := queue.DemoConfig()
	for _, f := range edit {
		f(cfg)
	}
	srv, err := centre.New(ctx, centre.Options{Config: cfg, DB: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	tok := centre.NewToken()
	hash, err := centre.HashPassword("matkhau123")
	if err != nil {
		t.Fatal(err)
	}
	err = db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutDevice(store.Device{ID: "k1", Name: "k1", Role: "kiosk"}, store.HashToken(tok)); err != nil {
			return err
		}
		return tx.PutOfficer(store.Officer{Username: "canbo1", FullName: "Nguyễn Thị Hoa", PasswordHash: hash, Role: "officer"})
	})
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{DB: db, Server: srv, KioskToken: tok}
	if !hasRoute(srv, "GET", "/api/v1/lookup/dossiers/000.00.06.H26-231027-0361") {
		e.Stub = true
		st := NewContractStub()
		srv.Handle("GET /api/v1/lookup/dossiers/{code}", http.HandlerFunc(st.lookup))
		srv.Handle("POST /api/v1/lookup/dossiers/by-cccd", http.HandlerFunc(st.byCCCD))
		srv.Handle("POST /api/v1/ratings", http.HandlerFunc(st.rate))
	}
	e.HTTP = httptest.NewServer(srv)
	e.URL = e.HTTP.URL
	t.Cleanup(func() {
		e.HTTP.CloseClientConnections()
		e.HTTP.Close()
		cancel()
		db.Close()
	})
	return e
}

// hasRoute asks the server whether a route exists: its catch-all answers
// "no route for ...".
func hasRoute(h http.Handler, method, path string) bool {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return !strings.Contains(rec.Body.String(), "no route for")
}

// Kiosk is a client with the kiosk's token.
func (e *Env) Kiosk(t testing.TB) *client.Client {
	c, err := client.New(e.URL, e.KioskToken)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Officer logs the demo officer in at a counter.
func (e *Env) Officer(t testing.TB, counter string) *client.Client {
	c, err := client.New(e.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "canbo1", "matkhau123", counter); err != nil {
		t.Fatal(err)
	}
	return c
}

// DeviceState is the state the kiosk device last reported.
func (e *Env) DeviceState(t testing.TB) string {
	ds, err := e.DB.Devices(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.ID == "k1" {
			return d.State
		}
	}
	return ""
}

// Printer starts a simulated printer on a pty.
func Printer(t testing.TB) *sim.Printer {
	dir := t.TempDir()
	p, err := sim.NewPrinter(sim.PrinterConfig{Link: filepath.Join(dir, "printer0"), Profile: escpos.Default})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// Known fixtures of the stand-in.
const (
	DossierCode    = "000.00.06.H26-231027-0361"
	SupplementCode = "000.00.06.H26-231030-0012"
	CCCD           = "001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10052021"
)

// ContractStub answers the lookup and ratings API as the contract says.
type ContractStub struct {
	mu    sync.Mutex
	rated map[string]bool
	docs  map[string]map[string]any
}

// NewContractStub makes a stand-in with two dossiers of one citizen.
func NewContractStub() *ContractStub {
	loc := queue.Loc
	d1 := map[string]any{
		"code": DossierCode, "procedure_name": "Đăng ký khai sinh",
		"received_at": time.Date(2023, 10, 27, 9, 32, 0, 0, loc), "appointment_at": time.Date(2023, 11, 3, 9, 0, 0, 0, loc),
		"status": 4, "status_label": "Đang xử lý", "status_explain": "Hồ sơ đang được cán bộ chuyên môn thẩm định.",
		"late": false, "applicant": "Nguyễn V*** A",
		"timeline": []map[string]any{
			{"at": time.Date(2023, 10, 27, 9, 32, 0, 0, loc), "label": "Tiếp nhận hồ sơ tại Bộ phận một cửa"},
			{"at": time.Date(2023, 10, 27, 14, 5, 0, 0, loc), "label": "Chuyển phòng Tư pháp thẩm định"},
		},
		"missing": []string{}, "collect": "Nhận kết quả tại quầy số 1, Trung tâm Phục vụ hành chính công quận Hoàn Kiếm",
	}
	d2 := map[string]any{
		"code": SupplementCode, "procedure_name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
		"received_at": time.Date(2023, 10, 30, 8, 15, 0, 0, loc), "appointment_at": time.Date(2023, 11, 20, 8, 0, 0, 0, loc),
		"status": 5, "status_label": "Yêu cầu bổ sung giấy tờ", "status_explain": "Hồ sơ còn thiếu giấy tờ. Xin Quý khách bổ sung để tiếp tục giải quyết.",
		"late": false, "applicant": "Nguyễn V*** A",
		"timeline": []map[string]any{
			{"at": time.Date(2023, 10, 30, 8, 15, 0, 0, loc), "label": "Tiếp nhận hồ sơ"},
			{"at": time.Date(2023, 11, 2, 10, 0, 0, 0, loc), "label": "Yêu cầu bổ sung hồ sơ"},
		},
		"missing": []string{"Bản vẽ thiết kế có chữ ký của đơn vị tư vấn", "Bản sao giấy chứng nhận quyền sử dụng đất"},
		"collect": "Nhận kết quả qua dịch vụ bưu chính công ích",
	}
	return &ContractStub{rated: map[string]bool{}, docs: map[string]map[string]any{DossierCode: d1, SupplementCode: d2}}
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	json.NewEncoder(w).Encode(v)
}

func writeErr(w http.ResponseWriter, status int, code, vi, en string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": vi, "message_en": en}})
}

func kioskOnly(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ")
}

func (s *ContractStub) lookup(w http.ResponseWriter, r *http.Request) {
	if !kioskOnly(r) {
		writeErr(w, 401, "unauthorized", "Thiết bị chưa được cấp quyền", "no token")
		return
	}
	d, ok := s.docs[r.PathValue("code")]
	if !ok {
		writeErr(w, 404, "not_found", "Không tìm thấy hồ sơ", "dossier not found")
		return
	}
	writeJSON(w, 200, d)
}

func (s *ContractStub) byCCCD(w http.ResponseWriter, r *http.Request) {
	var req struct {
		CCCD string `json:"cccd"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.CCCD == "" {
		writeErr(w, 400, "invalid", "Dữ liệu CCCD không hợp lệ", "bad cccd")
		return
	}
	if !strings.HasPrefix(req.CCCD, "001099012345") {
		writeJSON(w, 200, []any{})
		return
	}
	writeJSON(w, 200, []any{s.docs[DossierCode], s.docs[SupplementCode]})
}

func (s *ContractStub) rate(w http.ResponseWriter, r *http.Request) {
	var req struct {
		TicketID    string   `json:"ticket_id"`
		DossierCode string   `json:"dossier_code"`
		Counter     string   `json:"counter"`
		Level       int      `json:"level"`
		Reasons     []string `json:"reasons"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || (req.TicketID == "" && req.DossierCode == "") || req.Level < 1 || req.Level > 3 {
		writeErr(w, 400, "invalid", "Đánh giá không hợp lệ", "bad rating")
		return
	}
	if req.Level == 3 && len(req.Reasons) == 0 {
		writeErr(w, 400, "invalid", "Xin chọn lý do chưa hài lòng", "level 3 needs a reason")
		return
	}
	subject := "t:" + req.TicketID
	if req.TicketID == "" {
		subject = "d:" + req.DossierCode
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rated[subject] {
		writeErr(w, 409, "already_rated", "Lượt phục vụ này đã được đánh giá", "already rated")
		return
	}
	s.rated[subject] = true
	writeJSON(w, 201, map[string]string{"status": "ok"})
}

// DecodeQR reads the QR code in a rendered ticket.
func DecodeQR(img image.Image) (string, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", err
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return "", err
	}
	return res.GetText(), nil
}

// Eventually polls cond until it holds or a generous deadline passes; it
// waits for asynchronous outcomes, it does not measure them.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

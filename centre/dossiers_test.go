package centre_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
)

func newDossierEnv(t *testing.T, now time.Time) *env {
	t.Helper()
	e := newEnv(t, nil)
	if err := centre.MountDossiers(e.srv, e.db, e.cfg, centre.DossierOptions{Now: func() time.Time { return now }}); err != nil {
		t.Fatal(err)
	}
	return e
}

const receiveBody = `{"procedure_code":"1.001193","ticket_id":%q,
 "applicant":{"name":"Nguyễn Văn An","id_number":"001099012345","address":"Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội","phone":"0912345678"},
 "components":[{"name":"Tờ khai đăng ký khai sinh","originals":1},{"name":"Giấy chứng sinh","originals":1}],
 "fees":[{"name":"Lệ phí đăng ký khai sinh","amount":0}]}`

// The whole life of a dossier through the API: receive (linked to the
// ticket being served), process, supplement, resolve, return; every step
// in the history and in the outbox, in order, as valid QCVN 120 packets.
func TestDossierLifecycleThroughAPI(t *testing.T) {
	// Friday 27/10/2023 09:32, the worked example of DOMAIN.md.
	now := time.Date(2023, 10, 27, 9, 32, 0, 0, dossier.Loc)
	e := newDossierEnv(t, now)
	off := e.login("canbo1", "q1")
	tk := e.issue("hotich")
	e.callNext(off, "q1")

	var v centre.DossierView
	status, body := e.do("POST", "/api/v1/dossiers", off, fmt.Sprintf(receiveBody, tk.ID), &v)
	if status != 201 {
		t.Fatalf("receive: %d %s", status, body)
	}
	code := v.Dossier.Code
	if want := "000.00.06.H26-231027-0001"; code != want {
		t.Fatalf("code %s, want %s", code, want)
	}
	if v.Dossier.Status != dossier.StatusReceived || v.Receipt.QR != e.srv.DossierQR(code) || v.Receipt.Appointment == "" {
		t.Fatalf("bad receipt view: status %v receipt %+v", v.Dossier.Status, v.Receipt)
	}
	// The receipt is Mẫu số 01 of Circular 03/2025/TT-VPCP and names the competent agency as
	// this centre knows it (the demo ward's People's Committee), with the schedule version.
	if v.Receipt.Form != "Mẫu số 01" || v.Receipt.CompetentAgency != "UBND phường Hoàn Kiếm" || v.Dossier.CompetentAgencyCode != "000.01.06.H26" || v.Dossier.AppointmentSchedule == "" {
		t.Fatalf("receipt form %q competent %q schedule %q", v.Receipt.Form, v.Receipt.CompetentAgency, v.Dossier.AppointmentSchedule)
	}
	if v.Dossier.Officer != "Nguyễn Văn An" || v.TicketID != tk.ID {
		t.Fatalf("officer %q ticket %q", v.Dossier.Officer, v.TicketID)
	}
	// A second dossier the same day gets the next sequence.
	var v2 centre.DossierView
	if status, body := e.do("POST", "/api/v1/dossiers", off, fmt.Sprintf(receiveBody, ""), &v2); status != 201 || !strings.HasSuffix(v2.Dossier.Code, "-0002") {
		t.Fatalf("second dossier: %d %s", status, body)
	}

	steps := []struct{ action, body string }{
		{"start-processing", `{}`},
		{"request-supplement", `{"missing":["Bản sao giấy chứng nhận kết hôn của cha mẹ"],"reason":"Thiếu giấy tờ chứng minh quan hệ"}`},
		{"supplement", `{}`},
		{"resolve", `{"result":"Giấy khai sinh"}`},
		{"return", `{"collected_by":"Nguyễn Văn An","id_checked":true}`},
	}
	for _, s := range steps {
		if status, body := e.do("POST", "/api/v1/dossiers/"+code+"/"+s.action, off, s.body, &v); status != 200 {
			t.Fatalf("%s: %d %s", s.action, status, body)
		}
	}
	if v.Dossier.Status != dossier.StatusReturned || v.Version != 6 {
		t.Fatalf("after return: status %v version %d", v.Dossier.Status, v.Version)
	}
	// An illegal transition is refused with a typed error and changes nothing.
	if status, body := e.do("POST", "/api/v1/dossiers/"+code+"/resolve", off, `{}`, nil); status != 409 || errorCode(t, body) != "invalid_state" {
		t.Fatalf("resolve a returned dossier: %d %s", status, body)
	}

	// The outbox holds, in order, the dossier packet then its progress step
	// for each change, all valid against QCVN 120.
	items, err := e.db.OutboxAfter(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		if it.Key != code {
			continue
		}
		p, err := qcvn120.Decode(it.Service, it.Payload)
		if err != nil {
			t.Fatalf("outbox item %d: %v", it.ID, err)
		}
		if err := p.Validate(); err != nil {
			t.Fatalf("outbox item %d (%s) invalid: %v\n%s", it.ID, it.Service, err, it.Payload)
		}
		if pg, ok := p.(qcvn120.CapNhatTienDoHoSoMC); ok {
			got = append(got, fmt.Sprintf("%s:%d", it.Service, pg.TrangThai))
		} else {
			// DonViXuLy is the competent agency the centre resolved at receipt.
			if hs, ok := p.(qcvn120.DongBoHoSoMC); ok && hs.DonViXuLy != "UBND phường Hoàn Kiếm" {
				t.Errorf("DonViXuLy %q", hs.DonViXuLy)
			}
			got = append(got, fmt.Sprintf("%s:v%d", it.Service, it.Version))
		}
	}
	want := []string{"DongBoHoSoMC:v1", "CapNhatTienDoHoSoMC:2", "DongBoHoSoMC:v2", "CapNhatTienDoHoSoMC:4",
		"DongBoHoSoMC:v3", "CapNhatTienDoHoSoMC:5", "DongBoHoSoMC:v4", "CapNhatTienDoHoSoMC:4",
		"DongBoHoSoMC:v5", "CapNhatTienDoHoSoMC:9", "DongBoHoSoMC:v6", "CapNhatTienDoHoSoMC:10"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("outbox:\n got %v\nwant %v", got, want)
	}
	hist, _ := e.db.DossierEvents(context.Background(), code)
	if len(hist) != 6 {
		t.Fatalf("history has %d events, want 6", len(hist))
	}
}

// A kiosk sees a masked dossier: no ID number, address or phone.
func TestKioskLookupIsMasked(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, dossier.Loc)
	e := newDossierEnv(t, now)
	off := e.login("canbo1", "q1")
	var v centre.DossierView
	if status, body := e.do("POST", "/api/v1/dossiers", off, fmt.Sprintf(receiveBody, ""), &v); status != 201 {
		t.Fatalf("receive: %d %s", status, body)
	}
	e.do("POST", "/api/v1/dossiers/"+v.Dossier.Code+"/request-supplement", off, `{"missing":["Giấy chứng sinh bản chính"],"reason":"Bản đã nộp là bản photo"}`, nil)

	// A typed code (no receipt QR token) shows the status but no name.
	var typed centre.PublicDossier
	if status, body := e.do("GET", "/api/v1/lookup/dossiers/"+v.Dossier.Code, e.kiosk, "", &typed); status != 200 || typed.Applicant != "" || typed.Status != 5 || strings.Contains(body, "Nguyễn") {
		t.Fatalf("typed-code lookup: %d %s", status, body)
	}
	// The receipt's QR (code and token) shows the masked name too.
	var p centre.PublicDossier
	_, token, _ := strings.Cut(v.Receipt.QR, "?r=")
	status, body := e.do("GET", "/api/v1/lookup/dossiers/"+v.Dossier.Code+"?r="+token, e.kiosk, "", &p)
	if status != 200 {
		t.Fatalf("lookup: %d %s", status, body)
	}
	for _, secret := range []string{"001099012345", "Tràng Tiền", "0912345678", "Nguyễn Văn An"} {
		if strings.Contains(body, secret) {
			t.Errorf("kiosk lookup leaks %q: %s", secret, body)
		}
	}
	if p.Applicant != "Nguyễn V*** A" || p.Status != 5 || len(p.Missing) != 1 || len(p.Timeline) != 2 {
		t.Fatalf("lookup view: %+v", p)
	}
	// By CCCD QR: the same dossier, masked.
	var list []centre.PublicDossier
	qr := `001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10052021`
	b, _ := json.Marshal(map[string]string{"cccd": qr})
	if status, body := e.do("POST", "/api/v1/lookup/dossiers/by-cccd", e.kiosk, string(b), &list); status != 200 || len(list) != 1 || list[0].Code != v.Dossier.Code {
		t.Fatalf("by cccd: %d %s", status, body)
	}
	// A kiosk needs the card: the bare number, or a QR with another name
	// and the same number, lists nothing.
	if status, body := e.do("POST", "/api/v1/lookup/dossiers/by-cccd", e.kiosk, `{"cccd":"001099012345"}`, nil); status != 400 {
		t.Fatalf("kiosk lookup by the bare number: %d %s", status, body)
	}
	forged := strings.Replace(qr, "Nguyễn Văn An", "Trần Văn Bảo", 1)
	b, _ = json.Marshal(map[string]string{"cccd": forged})
	if status, body := e.do("POST", "/api/v1/lookup/dossiers/by-cccd", e.kiosk, string(b), &list); status != 200 || len(list) != 0 {
		t.Fatalf("kiosk lookup with another name: %d %s", status, body)
	}
	// Unknown and malformed codes: clear errors.
	if status, body := e.do("GET", "/api/v1/lookup/dossiers/000.00.06.H26-231027-9999", e.kiosk, "", nil); status != 404 || !strings.Contains(body, "Không tìm thấy hồ sơ") {
		t.Fatalf("unknown code: %d %s", status, body)
	}
	if status, _ := e.do("GET", "/api/v1/lookup/dossiers/abc", e.kiosk, "", nil); status != 400 {
		t.Fatalf("malformed code: %d", status)
	}
	// Kiosks cannot use the officer endpoints.
	if status, _ := e.do("GET", "/api/v1/dossiers/"+v.Dossier.Code, e.kiosk, "", nil); status != 403 {
		t.Fatalf("kiosk reading the full dossier: %d", status)
	}
	// Enumeration is rate limited.
	limited := false
	for i := 0; i < 40; i++ {
		if status, _ := e.do("GET", fmt.Sprintf("/api/v1/lookup/dossiers/000.00.06.H26-231027-%04d", i), e.kiosk, "", nil); status == 429 {
			limited = true
			break
		}
	}
	if !limited {
		t.Fatal("40 lookups in a row were not rate limited")
	}
}

// One rating per ticket; a low rating needs a reason; the packet carries no
// personal data.
func TestRatingOncePerTicket(t *testing.T) {
	e := newDossierEnv(t, time.Now())
	off := e.login("canbo1", "q1")
	tk := e.issue("hotich")
	e.callNext(off, "q1")
	if status, body := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":%q,"level":3}`, tk.ID, tk.RatingToken), nil); status != 400 {
		t.Fatalf("low rating without reason: %d %s", status, body)
	}
	if status, body := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":%q,"level":3,"reasons":["Thời gian chờ đợi lâu"]}`, tk.ID, tk.RatingToken), nil); status != 201 {
		t.Fatalf("rating: %d %s", status, body)
	}
	if status, body := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":%q,"level":1}`, tk.ID, tk.RatingToken), nil); status != 409 {
		t.Fatalf("second rating: %d %s", status, body)
	}
	items, _ := e.db.OutboxAfter(context.Background(), 0, 10)
	if len(items) != 1 || items[0].Service != qcvn120.SvcDongBoDanhGia {
		t.Fatalf("outbox: %+v", items)
	}
	p, err := qcvn120.Decode(items[0].Service, items[0].Payload)
	if err != nil || p.Validate() != nil {
		t.Fatalf("rating packet: %v %s", err, items[0].Payload)
	}
	if p.(qcvn120.DongBoDanhGia).MaHoSo != "" { // no dossier, no MaHoSo (issue 19)
		t.Fatalf("rating packet MaHoSo %q", p.(qcvn120.DongBoDanhGia).MaHoSo)
	}
}

// Calling a named ticket out of turn needs the permission.
func TestCallNamedTicket(t *testing.T) {
	e := newEnv(t, nil)
	e.cfg.Policy.OutOfOrderOfficers = []string{"canbo2"}
	first := e.issue("hotich")
	second := e.issue("hotich")
	off1 := e.login("canbo1", "q1")
	if status, body := e.do("POST", "/api/v1/counters/q1/call", off1, fmt.Sprintf(`{"ticket_id":%q}`, second.ID), nil); status != 403 {
		t.Fatalf("officer without permission: %d %s", status, body)
	}
	off2 := e.login("canbo2", "q2")
	var v centre.TicketView
	if status, body := e.do("POST", "/api/v1/counters/q2/call", off2, fmt.Sprintf(`{"ticket_id":%q}`, second.ID), &v); status != 200 || v.Number != second.Number {
		t.Fatalf("named call: %d %s", status, body)
	}
	// The skipped ticket is still next in line.
	if got, ok := e.callNext(off1, "q1"); !ok || got.ID != first.ID {
		t.Fatalf("call-next after a named call got %+v", got)
	}
	// A ticket that is no longer waiting cannot be called by name.
	if status, _ := e.do("POST", "/api/v1/counters/q2/call", off2, fmt.Sprintf(`{"ticket_id":%q}`, first.ID), nil); status != 409 {
		t.Fatalf("calling a called ticket: %d", status)
	}
}

// A yearly schedule stored later (the console's upload) changes the
// appointments without a restart.
func TestStoredScheduleChangesAppointments(t *testing.T) {
	e := newEnv(t, nil)
	var stored *dossier.Schedule
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, dossier.Loc) // Monday
	err := centre.MountDossiers(e.srv, e.db, e.cfg, centre.DossierOptions{
		Now:          func() time.Time { return now },
		Schedule:     func(context.Context) (*dossier.Schedule, error) { return stored, nil },
		RefreshEvery: time.Nanosecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	off := e.login("canbo1", "q1")
	due := func() string {
		var out struct {
			Text string `json:"text"`
		}
		// 1.004873: 3 working days.
		if status, body := e.do("POST", "/api/v1/dossiers/appointment", off, `{"procedure_code":"1.004873"}`, &out); status != 200 {
			t.Fatalf("appointment: %d %s", status, body)
		}
		return out.Text
	}
	before := due()
	s, err := dossier.ParseSchedule(strings.NewReader(`{"version":1,"years":{"2026":{"source":"test","days_off":[{"date":"2026-11-24","name":"Nghỉ thử nghiệm","kind":"extra"}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	stored = s
	if after := due(); after == before || !strings.Contains(after, "27/11/2026") {
		t.Fatalf("appointment %q → %q after 24/11 became a day off", before, after)
	}
}

// Issue 13 second review: an officer reads and acts on the dossiers of
// their counter's fields only; q1 and q2 share hộ tịch, q4 is land only.
func TestDossierFieldRule(t *testing.T) {
	e := newDossierEnv(t, time.Date(2026, 11, 23, 9, 0, 0, 0, dossier.Loc))
	q1 := e.login("canbo1", "q1")
	q2 := e.login("canbo2", "q2")
	e.addOfficer("canbo4", "officer")
	q4 := e.login("canbo4", "q4")
	sup := e.login("giamsat", "")
	var v centre.DossierView
	if status, body := e.do("POST", "/api/v1/dossiers", q1, fmt.Sprintf(receiveBody, ""), &v); status != 201 {
		t.Fatalf("receive: %d %s", status, body)
	}
	code := v.Dossier.Code
	for name, tok := range map[string]string{"own counter": q1, "same field": q2, "supervisor": sup} {
		if status, body := e.do("GET", "/api/v1/dossiers/"+code, tok, "", nil); status != 200 {
			t.Fatalf("%s reading: %d %s", name, status, body)
		}
		var list []json.RawMessage
		if status, _ := e.do("GET", "/api/v1/dossiers?day=2026-11-23", tok, "", &list); status != 200 || len(list) != 1 {
			t.Fatalf("%s list: %d items", name, len(list))
		}
	}
	if status, body := e.do("GET", "/api/v1/dossiers/"+code, q4, "", nil); status != 403 || errorCode(t, body) != "forbidden" {
		t.Fatalf("other field reading: %d %s", status, body)
	}
	var list []json.RawMessage
	if status, _ := e.do("GET", "/api/v1/dossiers?day=2026-11-23", q4, "", &list); status != 200 || len(list) != 0 {
		t.Fatalf("other field list: %d items", len(list))
	}
	if status, body := e.do("GET", "/api/v1/dossiers?q=001099012345", q4, "", &list); status != 200 || len(list) != 0 {
		t.Fatalf("other field search by ID number: %d %s", status, body)
	}
	if status, body := e.do("POST", "/api/v1/dossiers/"+code+"/start-processing", q4, "{}", nil); status != 403 {
		t.Fatalf("other field acting: %d %s", status, body)
	}
	if status, body := e.do("POST", "/api/v1/dossiers/"+code+"/start-processing", q2, "{}", nil); status != 200 {
		t.Fatalf("same field acting: %d %s", status, body)
	}
	// A dossier is linked only to a ticket served at the officer's counter.
	tk := e.issue("datdai")
	e.callNext(q4, "q4")
	if status, body := e.do("POST", "/api/v1/dossiers", q1, fmt.Sprintf(receiveBody, tk.ID), nil); status != 403 {
		t.Fatalf("receive linked to another counter's ticket: %d %s", status, body)
	}
}

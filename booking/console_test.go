package booking_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/queue"
)

// withConsole mounts the console and the bookings' console page on e's
// server, as `motcua serve` does (console first).
func (e *env) withConsole() {
	e.t.Helper()
	if _, err := console.Mount(e.srv, e.db, console.Options{}); err != nil {
		e.t.Fatal(err)
	}
	booking.MountConsole(e.srv)
}

// consoleUser is a cookie-jar client signed in to the console.
type consoleUser struct {
	e    *env
	hc   *http.Client
	csrf string
}

func (e *env) consoleLogin(username string) *consoleUser {
	e.t.Helper()
	u := &consoleUser{e: e, hc: consoletest.NewClient()}
	if st, _ := u.get("/console/login"); st != 200 {
		e.t.Fatalf("login page: %d", st)
	}
	u.csrf = consoletest.Login(e.t, u.hc, e.ts.URL, username, centretest.Password).CSRF
	return u
}

func (u *consoleUser) get(path string) (int, string) {
	u.e.t.Helper()
	st, body, _ := consoletest.Get(u.e.t, u.hc, u.e.ts.URL+path)
	return st, body
}

func (u *consoleUser) post(path, csrf string, in any) (int, string) {
	u.e.t.Helper()
	return consoletest.Post(u.e.t, u.hc, u.e.ts.URL+path, csrf, in)
}

func ip(v int) *int { return &v }

// A supervisor edits the booking settings in the console: refused when
// invalid (in Vietnamese), applied at once to the slots, the caps and the
// check-in window, audited, and still in force after a restart.
func TestConsoleBookingSettings(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	e.withConsole()
	anon := &consoleUser{e: e, hc: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if st, _ := anon.get("/console/dat-lich"); st != http.StatusSeeOther {
		t.Fatalf("anonymous page: %d", st)
	}
	if st, _ := anon.post("/console/dat-lich/settings", "x", map[string]any{"capacity": 100}); st != 401 && st != 403 {
		t.Fatalf("anonymous save: %d", st)
	}
	sup := e.consoleLogin("giamsat")
	st, page := sup.get("/console/dat-lich")
	if st != 200 || !strings.Contains(page, "Số người mỗi khung giờ") || !strings.Contains(page, `id="capacity" type="number" min="1" max="1000" required value="4"`) {
		t.Fatalf("page: %d %s", st, page)
	}
	var me struct{ Links []struct{ Path string } }
	_, body := sup.get("/console/api/me")
	json.Unmarshal([]byte(body), &me)
	if !strings.Contains(body, `"/console/dat-lich"`) {
		t.Fatalf("no navigation link: %s", body)
	}
	good := map[string]any{"capacity": 6, "walk_in_share": 0.5, "service_capacity": map[string]int{"datdai": 10},
		"checkin_early_min": 20, "checkin_late_min": 5, "max_per_day": 3, "max_per_sector": 2, "remote_grace_min": 5}
	if st, _ := sup.post("/console/dat-lich/settings", "", good); st != 403 {
		t.Fatalf("save without the CSRF header: %d", st)
	}
	for _, bad := range []struct {
		patch map[string]any
		want  string
	}{
		{map[string]any{"max_per_sector": 4}, "không được lớn hơn giới hạn mỗi ngày"},
		{map[string]any{"capacity": 0}, "Số người mỗi khung giờ"},
		{map[string]any{"walk_in_share": 1.5}, "1% đến 99%"},
		{map[string]any{"checkin_late_min": 100000}, "0 đến 240 phút"},
		{map[string]any{"service_capacity": map[string]int{"khongco": 3}}, "không tồn tại"},
		{map[string]any{"remote_grace_min": -5}, "giữ số"},
	} {
		in := map[string]any{}
		for k, v := range good {
			in[k] = v
		}
		for k, v := range bad.patch {
			in[k] = v
		}
		st, body := sup.post("/console/dat-lich/settings", sup.csrf, in)
		if st != 400 || !strings.Contains(errOf(t, body).Error.Message, bad.want) {
			t.Fatalf("%v: %d %s", bad.patch, st, body)
		}
	}
	if c := e.svc.Config(); c.Capacity != 4 || c.MaxPerDay != 2 {
		t.Fatalf("a refused save changed the settings: %+v", c)
	}
	if st, body := sup.post("/console/dat-lich/settings", sup.csrf, good); st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	// Applied at once: 3 places online per slot (6, half for walk-ins), 5 for land.
	var s slotsResp
	e.do("GET", "/api/v1/slots?service=hotich&date=2026-09-07", "", nil, &s)
	if len(s.Slots) == 0 || s.Slots[0].Remaining != 3 {
		t.Fatalf("hotich slots after the save: %+v", s.Slots)
	}
	e.do("GET", "/api/v1/slots?service=datdai&date=2026-09-07", "", nil, &s)
	if s.Slots[0].Remaining != 5 {
		t.Fatalf("datdai slots after the save: %+v", s.Slots[0])
	}
	var info struct {
		Early  int `json:"checkin_early_min"`
		PerDay int `json:"max_per_day"`
	}
	e.do("GET", "/api/v1/booking/services", "", nil, &info)
	if info.Early != 20 || info.PerDay != 3 {
		t.Fatalf("services after the save: %+v", info)
	}
	// Two bookings of one sector on one day for one phone are now allowed.
	for _, h := range []string{"09:00", "10:00"} {
		if _, code, body := e.book("hotich", at("2026-09-07 "+h), "0912345678", ""); code != 201 {
			t.Fatalf("booking at %s: %d %s", h, code, body)
		}
	}
	if _, code, _ := e.book("chungthuc", at("2026-09-07 11:00"), "0912345678", ""); code != 409 {
		t.Fatalf("third in the sector: %d", code)
	}
	// The check-in window opens 20 minutes before now.
	v, _, _ := e.book("datdai", at("2026-09-07 14:00"), "0987654321", "")
	e.set(at("2026-09-07 13:41"))
	if code, body := e.do("POST", "/api/v1/bookings/"+v.Code+"/check-in", e.kiosk, nil, nil); code != 201 {
		t.Fatalf("check-in 19 minutes early: %d %s", code, body)
	}
	// The page shows the saved values and who saved them; the audit log has it.
	if _, page := sup.get("/console/dat-lich"); !strings.Contains(page, `required value="6"`) || !strings.Contains(page, "giamsat") {
		t.Fatalf("page after the save: %s", page)
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM console_audit WHERE action = 'booking.settings'`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d audit entries", n)
	}
	// A restart keeps them (laid over the file's configuration).
	srv2, err := centre.New(context.Background(), centre.Options{Config: e.srv.Engine().Config(), DB: e.db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	svc2, err := booking.Mount(ctx, srv2, e.db, booking.Config{Enabled: true}.Defaults(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if c := svc2.Config(); c.Capacity != 6 || c.ServiceCapacity["datdai"] != 10 || c.CheckInEarlyMin != 20 || c.MaxPerSector != 2 || c.Remote.GraceMin != 5 {
		t.Fatalf("after a restart: %+v", c)
	}
	// Remote numbers turned off from the console: /lay-so says so at once.
	e.set(at("2026-09-07 09:00"))
	if _, code, body := e.remote("datdai", "0933333333", ""); code != 201 {
		t.Fatalf("remote before: %d %s", code, body)
	}
	good["remote_disabled"] = true
	if st, body := sup.post("/console/dat-lich/settings", sup.csrf, good); st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	if _, code, body := e.remote("xaydung", "0944444444", ""); code != 409 || !strings.Contains(body, "không nhận lấy số từ xa") {
		t.Fatalf("remote when off: %d %s", code, body)
	}
}

// Booking no-shows (booked, not checked in by the end of the late window)
// and the remote numbers are in the console report and in its CSV.
func TestNoShowsInConsoleReport(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	e.withConsole()
	a, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0900000001", "")
	e.book("hotich", at("2026-09-07 09:00"), "0900000002", "") // never comes
	e.book("datdai", at("2026-09-07 09:30"), "0900000003", "") // never comes
	c, _, _ := e.book("datdai", at("2026-09-07 15:00"), "0900000004", "")
	e.do("POST", "/api/v1/bookings/"+c.Code+"/cancel", "", nil, nil)
	e.book("xaydung", at("2026-09-07 16:00"), "0900000005", "") // still to come
	e.set(at("2026-09-07 09:05"))
	e.do("POST", "/api/v1/bookings/"+a.Code+"/check-in", e.kiosk, nil, nil)
	rt, code, body := e.remote("chungthuc", "0900000006", "")
	if code != 201 {
		t.Fatalf("remote: %d %s", code, body)
	}
	off := e.officer()
	for {
		tk, ok, err := off.CallNext(context.Background(), "q1", "")
		if err != nil || !ok {
			break
		}
		op := queue.OpFinish
		if tk.ID == rt.ID {
			op = queue.OpNoShow
		}
		off.Act(context.Background(), tk.ID, op, "", "")
	}
	// 09:38: the 09:30 booking's window (until 09:40) is still open.
	e.set(at("2026-09-07 09:38"))
	sup := e.consoleLogin("giamsat")
	figures := func() map[string]int {
		st, body := sup.get("/console/api/report?from=2026-09-07&to=2026-09-07")
		var rep console.Report
		if st != 200 || json.Unmarshal([]byte(body), &rep) != nil {
			t.Fatalf("report: %d %s", st, body)
		}
		out := map[string]int{}
		for _, s := range rep.Sections {
			if s.ID == "bookings" {
				for _, f := range s.Rows {
					out[f.Key] = f.Value
				}
			}
		}
		return out
	}
	got := figures()
	if got["bookings"] != 5 || got["checked_in"] != 1 || got["cancelled"] != 1 || got["no_show"] != 1 || got["pending"] != 2 ||
		got["remote"] != 1 || got["remote_no_show"] != 1 {
		t.Fatalf("09:38 figures %v", got)
	}
	e.set(at("2026-09-07 09:41"))
	if got := figures(); got["no_show"] != 2 || got["pending"] != 1 {
		t.Fatalf("09:41 figures %v", got)
	}
	// The CSV the report exports has them, in Vietnamese and in English.
	st, csv := sup.get("/console/report.csv?from=2026-09-07&to=2026-09-07")
	if st != 200 || !strings.Contains(csv, "Lịch hẹn trực tuyến và lấy số từ xa,Số lượt") || !strings.Contains(csv, "Không đến (quá giờ nhận số),2") ||
		!strings.Contains(csv, "Số từ xa vắng mặt,1") {
		t.Fatalf("CSV: %d %s", st, csv)
	}
	if _, csv := sup.get("/console/report.csv?from=2026-09-07&to=2026-09-07&lang=en"); !strings.Contains(csv, "No-shows (window passed),2") {
		t.Fatalf("English CSV: %s", csv)
	}
}

// The printable monthly report has the bookings' section too.
func TestMonthlyPrintHasBookings(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	e.withConsole()
	e.book("hotich", at("2026-09-07 08:00"), "0900000001", "") // never comes
	e.set(at("2026-09-07 09:00"))
	sup := e.consoleLogin("giamsat")
	st, page := sup.get("/console/print?month=2026-09")
	if st != 200 || !strings.Contains(page, `<section id="section-bookings">`) || !strings.Contains(page, `<td>Không đến (quá giờ nhận số)</td><td class="num">1</td>`) {
		t.Fatalf("monthly print: %d %s", st, page)
	}
}

package booking_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/png"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

var codeRe = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$`)

// A booked citizen checks in at the kiosk within the window and the
// officer's call-next serves the appointment before walk-ins who came first.
func TestBookCheckInServedBeforeWalkIns(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00")) // a Monday
	var s slotsResp
	if code, body := e.do("GET", "/api/v1/slots?service=hotich&date=2026-09-07", "", nil, &s); code != 200 {
		t.Fatalf("slots: %d %s", code, body)
	}
	// 07:30–11:30 and 13:00–17:00 in 30-minute slots; 07:30 is just 30 minutes (the lead) ahead.
	if len(s.Slots) != 16 || !s.Slots[0].Start.Equal(at("2026-09-07 07:30")) || s.Slots[0].Remaining != 2 {
		t.Fatalf("slots: %d, first %+v", len(s.Slots), s.Slots[0])
	}
	nine := at("2026-09-07 09:00")
	v, code, body := e.book("hotich", nine, "0912 345 678", "")
	if code != 201 {
		t.Fatalf("book: %d %s", code, body)
	}
	if !codeRe.MatchString(v.Code) || !v.SlotStart.Equal(nine) || !v.SlotEnd.Equal(nine.Add(30*time.Minute)) ||
		v.QR != e.ts.URL+"/dat-lich?ma="+v.Code && v.QR != "/dat-lich?ma="+v.Code {
		t.Fatalf("booking %+v", v)
	}
	// The QR PNG encodes the booking page of the code.
	resp, err := http.Get(e.ts.URL + v.QRPNG)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	bmp, _ := gozxing.NewBinaryBitmapFromImage(img)
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil || res.GetText() != v.QR {
		t.Fatalf("QR %v: %q, want %q", err, res, v.QR)
	}
	e.do("GET", "/api/v1/slots?service=hotich&date=2026-09-07", "", nil, &s)
	for _, sl := range s.Slots {
		if sl.Start.Equal(nine) && sl.Remaining != 1 {
			t.Fatalf("09:00 remaining %d after one booking", sl.Remaining)
		}
	}
	var got booking.View
	// Typed by hand: lower case, no dashes, O for 0 and l for 1.
	typed := strings.NewReplacer("-", "", "0", "o", "1", "l").Replace(strings.ToLower(v.Code))
	if code, body := e.do("GET", "/api/v1/bookings/"+typed, "", nil, &got); code != 200 || got.Status != "booked" || got.Phone != "091*****78" || got.Code != v.Code {
		t.Fatalf("get: %d %s", code, body)
	}

	// Three walk-ins arrive first.
	e.set(at("2026-09-07 08:40"))
	for i := 0; i < 3; i++ {
		if code, body := e.do("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "hotich"}, nil); code != 201 {
			t.Fatalf("walk-in: %d %s", code, body)
		}
	}
	// Too early: the window opens 15 minutes before the slot.
	code, body = e.do("POST", "/api/v1/bookings/"+v.Code+"/check-in", e.kiosk, nil, nil)
	if code != 409 || !strings.Contains(errOf(t, body).Error.Message, "từ 08:45") {
		t.Fatalf("early check-in: %d %s", code, body)
	}
	// Without a kiosk token nobody checks in.
	if code, _ := e.do("POST", "/api/v1/bookings/"+v.Code+"/check-in", "", nil, nil); code != 401 {
		t.Fatalf("anonymous check-in: %d", code)
	}
	e.set(at("2026-09-07 08:50"))
	var in booking.CheckedIn
	// The kiosk passes what its scanner read from the booking QR, path-escaped.
	if code, body := e.do("POST", "/api/v1/bookings/"+url.PathEscape(v.QR)+"/check-in", e.kiosk, nil, &in); code != 201 {
		t.Fatalf("check-in: %d %s", code, body)
	}
	if in.Late || in.AppointmentAt == nil || !in.AppointmentAt.Equal(nine) || in.Number != "A004" || in.Ahead != 3 || in.RatingToken == "" {
		t.Fatalf("checked in %+v", in)
	}
	if code, body := e.do("POST", "/api/v1/bookings/"+v.Code+"/check-in", e.kiosk, nil, nil); code != 409 || !strings.Contains(body, "đã được lấy số") {
		t.Fatalf("second check-in: %d %s", code, body)
	}
	off := e.officer()
	tk, ok, err := off.CallNext(context.Background(), "q1", "")
	if err != nil || !ok || tk.ID != in.ID {
		t.Fatalf("call-next served %+v (%v %v), want the appointment %s", tk.Ticket, ok, err, in.Number)
	}
	if code, _ := e.do("GET", "/api/v1/bookings/"+v.Code, "", nil, &got); code != 200 || got.Status != "checked_in" || got.TicketID != in.ID {
		t.Fatalf("after check-in: %+v", got)
	}
	// A checked-in booking cannot be cancelled.
	if code, _ := e.do("POST", "/api/v1/bookings/"+v.Code+"/cancel", "", nil, nil); code != 409 {
		t.Fatalf("cancel after check-in: %d", code)
	}
}

// After the late window a check-in the same day is an ordinary ticket with
// a kind explanation; a later day it is refused.
func TestLateCheckInGivesOrdinaryTicket(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	a, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "")
	b, _, _ := e.book("datdai", at("2026-09-07 09:00"), "0987654321", "")
	e.set(at("2026-09-07 09:10"))
	var in booking.CheckedIn
	if code, body := e.do("POST", "/api/v1/bookings/"+a.Code+"/check-in", e.kiosk, nil, &in); code != 201 || in.Late || in.AppointmentAt == nil {
		t.Fatalf("at +10 min: %d %s", code, body)
	}
	e.set(at("2026-09-07 09:11"))
	in = booking.CheckedIn{}
	if code, body := e.do("POST", "/api/v1/bookings/"+b.Code+"/check-in", e.kiosk, nil, &in); code != 201 {
		t.Fatalf("late: %d %s", code, body)
	}
	if !in.Late || in.AppointmentAt != nil || !strings.Contains(in.Notice, "số thứ tự thường "+in.Number) || !strings.Contains(in.Notice, "09:00") {
		t.Fatalf("late check-in %+v", in)
	}
	c, _, _ := e.book("xaydung", at("2026-09-07 14:00"), "0987654321", "")
	e.set(at("2026-09-08 08:00"))
	if code, body := e.do("POST", "/api/v1/bookings/"+c.Code+"/check-in", e.kiosk, nil, nil); code != 409 || !strings.Contains(body, "đã qua ngày hẹn") {
		t.Fatalf("next day: %d %s", code, body)
	}
}

// Hà Nội's rule by default: 2 bookings a day per phone or CCCD, 1 per sector.
func TestCapsPerPerson(t *testing.T) {
	e := newEnv(t, booking.Config{BookingsPerPhonePerHour: 100}, at("2026-09-07 07:00"))
	first, code, body := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "001234567890")
	if code != 201 {
		t.Fatalf("first: %d %s", code, body)
	}
	// chungthuc is in the same sector (Tư pháp – Hộ tịch).
	_, code, body = e.book("chungthuc", at("2026-09-07 10:00"), "0912345678", "")
	if m := errOf(t, body).Error.Message; code != 409 || !strings.Contains(m, "tối đa 1 lịch hẹn cho lĩnh vực “Tư pháp – Hộ tịch”") {
		t.Fatalf("same sector: %d %s", code, body)
	}
	// The same person by CCCD with another phone; the same phone written another way.
	for _, p := range [][2]string{{"0900000001", "001234567890"}, {"+84 912.345.678", ""}} {
		if _, code, body := e.book("hotich", at("2026-09-07 10:00"), p[0], p[1]); code != 409 {
			t.Fatalf("%v: %d %s", p, code, body)
		}
	}
	if _, code, body := e.book("datdai", at("2026-09-07 10:00"), "0912345678", ""); code != 201 {
		t.Fatalf("second sector: %d %s", code, body)
	}
	_, code, body = e.book("xaydung", at("2026-09-07 11:00"), "0912345678", "")
	if m := errOf(t, body).Error.Message; code != 409 || !strings.Contains(m, "tối đa 2 lịch hẹn trong một ngày") {
		t.Fatalf("third of the day: %d %s", code, body)
	}
	// Another day is another count.
	if _, code, body := e.book("xaydung", at("2026-09-08 11:00"), "0912345678", ""); code != 201 {
		t.Fatalf("next day: %d %s", code, body)
	}
	// Cancelling gives the place back.
	if code, body := e.do("POST", "/api/v1/bookings/"+first.Code+"/cancel", "", nil, nil); code != 200 || !strings.Contains(body, `"cancelled"`) {
		t.Fatalf("cancel: %d %s", code, body)
	}
	if _, code, body := e.book("chungthuc", at("2026-09-07 10:00"), "0912345678", ""); code != 201 {
		t.Fatalf("after cancel: %d %s", code, body)
	}
	// Configurable.
	e2 := newEnv(t, booking.Config{MaxPerDay: 1}, at("2026-09-07 07:00"))
	e2.book("hotich", at("2026-09-07 09:00"), "0912345678", "")
	if _, code, body := e2.book("datdai", at("2026-09-07 09:00"), "0912345678", ""); code != 409 || !strings.Contains(body, "tối đa 1 lịch hẹn trong một ngày") {
		t.Fatalf("max_per_day 1: %d %s", code, body)
	}
}

// Slots follow the opening hours and the holiday calendar.
func TestSlotsFollowOpeningAndHolidays(t *testing.T) {
	e := newEnv(t, booking.Config{SlotMin: 60, Capacity: 3, WalkInShare: 0.34, BookingsPerPhonePerHour: 100}, at("2026-08-20 12:00")) // a Thursday
	cases := []struct {
		date  string
		n     int
		off   bool
		first string
	}{
		{"2026-08-20", 4, false, "13:00"}, // today: only the afternoon is ahead
		{"2026-08-21", 8, false, "07:30"}, // 07:30–11:30 and 13:00–17:00 in hours
		{"2026-08-22", 8, false, "07:30"}, // a Saturday made a working day: weekday hours
		{"2026-08-23", 0, false, ""},      // Sunday
		{"2026-08-29", 4, false, "07:30"}, // an ordinary Saturday: the demo centre's morning
		{"2026-08-31", 0, true, ""},       // the day off swapped for 22/8
		{"2026-09-02", 0, true, ""},       // Quốc khánh
		{"2026-09-04", 0, false, ""},      // beyond days_ahead (14)
	}
	for _, c := range cases {
		var s slotsResp
		if code, body := e.do("GET", "/api/v1/slots?service=datdai&date="+c.date, "", nil, &s); code != 200 {
			t.Fatalf("%s: %d %s", c.date, code, body)
		}
		if len(s.Slots) != c.n || (s.DayOff != "") != c.off || c.n > 0 && (s.Slots[0].Start.In(queue.Loc).Format("15:04") != c.first || s.Slots[0].Remaining != 1) {
			t.Fatalf("%s: %d slots, off %q: %+v", c.date, len(s.Slots), s.DayOff, s.Slots)
		}
	}
	for _, q := range []string{"service=nope&date=2026-09-07", "service=datdai&date=7/9/2026", "service=datdai"} {
		if code, _ := e.do("GET", "/api/v1/slots?"+q, "", nil, nil); code != 400 {
			t.Fatalf("%s: %d", q, code)
		}
	}
	// A booking outside the slots is refused.
	for _, st := range []time.Time{at("2026-08-31 08:00"), at("2026-08-21 07:45"), at("2026-08-21 12:00"), at("2026-08-20 08:00"), at("2026-09-07 08:00")} {
		if _, code, body := e.book("datdai", st, "0912345678", ""); code != 400 {
			t.Fatalf("%v: %d %s", st, code, body)
		}
	}
	// One place online per slot (3 less the walk-in share).
	if _, code, body := e.book("datdai", at("2026-08-21 07:30"), "0912345678", ""); code != 201 {
		t.Fatalf("book: %d %s", code, body)
	}
	// The days' summary for the page.
	var days struct{ Days []booking.DayView }
	if code, body := e.do("GET", "/api/v1/booking/days?service=datdai", "", nil, &days); code != 200 || len(days.Days) != 15 {
		t.Fatalf("days: %d %s", code, body)
	}
	byDate := map[string]booking.DayView{}
	for _, d := range days.Days {
		byDate[d.Date] = d
	}
	for date, want := range map[string]booking.DayView{
		"2026-08-20": {Slots: 4, Remaining: 4}, "2026-08-21": {Slots: 8, Remaining: 7}, "2026-08-23": {},
		"2026-08-31": {DayOff: "Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)"}, "2026-09-03": {Slots: 8, Remaining: 8},
	} {
		want.Date = date
		if byDate[date] != want {
			t.Fatalf("%s: %+v, want %+v", date, byDate[date], want)
		}
	}
	if _, code, body := e.book("datdai", at("2026-08-21 07:30"), "0987654321", ""); code != 409 || !strings.Contains(body, "hết chỗ") {
		t.Fatalf("full slot: %d %s", code, body)
	}
}

// Many citizens racing for the last places never overfill a slot.
func TestConcurrentBookingsNeverOverfill(t *testing.T) {
	e := newEnv(t, booking.Config{Capacity: 6}, at("2026-09-07 07:00"))
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := 0; i < 30; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			body := fmt.Sprintf(`{"service":"hotich","slot_start":"2026-09-07T09:00:00+07:00","phone":"09%08d"}`, i)
			resp, err := http.Post(e.ts.URL+"/api/v1/bookings", "application/json", strings.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			mu.Lock()
			if resp.StatusCode == 201 {
				ok++
			}
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	if ok != 3 {
		t.Fatalf("%d bookings for 3 online places", ok)
	}
}

// Where existence is private the answer is the same: an unknown code, a
// malformed one and a cancelled-then-unknown look alike.
func TestUnknownCodeAnsweredAlike(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	e.book("hotich", at("2026-09-07 09:00"), "0912345678", "")
	var answers []string
	for _, c := range []string{booking.NewCode(), "ABCD", "0000-0000-0000-0000", "%3Cscript%3E", strings.Repeat("A", 100)} {
		for _, p := range []string{"GET /api/v1/bookings/" + c, "POST /api/v1/bookings/" + c + "/cancel", "GET /api/v1/bookings/" + c + "/qr.png"} {
			m, path, _ := strings.Cut(p, " ")
			code, body := e.do(m, path, "", nil, nil)
			answers = append(answers, fmt.Sprint(code, body))
		}
	}
	for _, a := range answers {
		if a != answers[0] || !strings.HasPrefix(a, "404") {
			t.Fatalf("answers differ: %q vs %q", a, answers[0])
		}
	}
}

// Public routes are limited per client address and booking attempts per phone.
func TestPublicRoutesRateLimited(t *testing.T) {
	e := newEnv(t, booking.Config{RatePerMin: 20, BookingsPerPhonePerHour: 3}, at("2026-09-07 07:00"))
	var codes []int
	for i := 0; i < 25; i++ {
		code, _ := e.do("GET", "/api/v1/slots?service=hotich&date=2026-09-07", "", nil, nil)
		codes = append(codes, code)
	}
	for i, c := range codes {
		if (i < 20) != (c == 200) || i >= 20 && c != 429 {
			t.Fatalf("request %d: %d (%v)", i, c, codes)
		}
	}
	e2 := newEnv(t, booking.Config{BookingsPerPhonePerHour: 3}, at("2026-09-07 07:00"))
	for i := 0; i < 4; i++ {
		// Attempts count even when refused for another reason (a closed slot).
		_, code, body := e2.book("hotich", at("2026-09-07 12:00"), "0912 345 678", "")
		if want := map[bool]int{true: 400, false: 429}[i < 3]; code != want {
			t.Fatalf("attempt %d: %d %s", i, code, body)
		}
	}
	if _, code, body := e2.book("hotich", at("2026-09-07 09:00"), "0987654321", ""); code != 201 {
		t.Fatalf("another phone: %d %s", code, body)
	}
	// One address cannot fill the slots with invented phone numbers.
	e3 := newEnv(t, booking.Config{BookingsPerAddrPerHour: 3}, at("2026-09-07 07:00"))
	for i := 0; i < 4; i++ {
		_, code, body := e3.book("datdai", at("2026-09-07 09:00").Add(time.Duration(i)*30*time.Minute), fmt.Sprintf("090000000%d", i), "")
		if i < 3 && code != 201 || i == 3 && (code != 429 || !strings.Contains(body, "từ mạng này")) {
			t.Fatalf("booking %d from one address: %d %s", i, code, body)
		}
	}
}

// The database holds neither the phone, nor the CCCD, nor the booking code.
func TestPersonalDataNotStoredInClear(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	v, code, body := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "001234567890")
	if code != 201 {
		t.Fatalf("%d %s", code, body)
	}
	files, _ := filepath.Glob(e.path + "*")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"0912345678", "001234567890", v.Code, strings.ReplaceAll(v.Code, "-", "")} {
			if bytes.Contains(b, []byte(secret)) {
				t.Fatalf("%s holds %q", filepath.Base(f), secret)
			}
		}
	}
}

// No-shows: bookings not checked in by the end of their window.
func TestNoShowsCounted(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	a, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0900000001", "")
	b, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0900000002", "")
	e.book("datdai", at("2026-09-07 09:30"), "0900000003", "")
	e.book("datdai", at("2026-09-07 15:00"), "0900000004", "")
	e.do("POST", "/api/v1/bookings/"+b.Code+"/cancel", "", nil, nil)
	e.set(at("2026-09-07 09:05"))
	e.do("POST", "/api/v1/bookings/"+a.Code+"/check-in", e.kiosk, nil, nil)
	e.set(at("2026-09-07 11:00"))
	sup := e.login("giamsat", "")
	var rep booking.Report
	if _, err := sup.Do(context.Background(), "GET", "/api/v1/bookings/report?from=2026-09-07&to=2026-09-07", nil, &rep); err != nil {
		t.Fatal(err)
	}
	want := booking.Report{From: "2026-09-07", To: "2026-09-07", Total: 4, CheckedIn: 1, Cancelled: 1, NoShow: 1, Pending: 1}
	if rep != want {
		t.Fatalf("report %+v, want %+v", rep, want)
	}
	if code, _ := e.do("GET", "/api/v1/bookings/report?from=2026-09-07&to=2026-09-07", e.kiosk, nil, nil); code != 403 {
		t.Fatalf("kiosk reads report: %d", code)
	}
}

// The JSON report has the remote numbers the console report shows: taken,
// served, absent, and back within the grace.
func TestReportAPICountsRemoteNumbers(t *testing.T) {
	e := newEnv(t, booking.Config{Remote: booking.RemoteConfig{GraceMin: 10}}, at("2026-09-07 08:00"))
	e.book("datdai", at("2026-09-07 15:00"), "0900000009", "")
	off := e.officer()
	var ids []string
	for _, phone := range []string{"0900000001", "0900000002", "0900000003"} {
		rt, code, body := e.remote("hotich", phone, "")
		if code != 201 {
			t.Fatalf("remote %s: %d %s", phone, code, body)
		}
		ids = append(ids, rt.ID)
	}
	call := func(want string, op queue.Op) {
		t.Helper()
		tk, _, err := off.CallNext(context.Background(), "q1", "")
		if err != nil || tk.ID != want {
			t.Fatalf("call-next gave %s (%v), want %s", tk.ID, err, want)
		}
		if _, err := off.Act(context.Background(), tk.ID, op, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	call(ids[0], queue.OpFinish)
	call(ids[1], queue.OpNoShow)
	if code, body := e.do("POST", "/api/v1/remote/tickets/"+ids[1]+"/back", "", nil, nil); code != 200 {
		t.Fatalf("back: %d %s", code, body)
	}
	call(ids[1], queue.OpFinish)
	call(ids[2], queue.OpNoShow)
	sup := e.login("giamsat", "")
	var rep booking.Report
	if _, err := sup.Do(context.Background(), "GET", "/api/v1/bookings/report?from=2026-09-07&to=2026-09-07", nil, &rep); err != nil {
		t.Fatal(err)
	}
	want := booking.Report{From: "2026-09-07", To: "2026-09-07", Total: 1, Pending: 1,
		Remote: booking.RemoteCounts{Taken: 3, Served: 2, NoShow: 1, Returned: 1}}
	if rep != want {
		t.Fatalf("report %+v, want %+v", rep, want)
	}
	// Another day has none.
	if _, err := sup.Do(context.Background(), "GET", "/api/v1/bookings/report?from=2026-09-08&to=2026-09-08", nil, &rep); err != nil ||
		rep.Remote != (booking.RemoteCounts{}) {
		t.Fatalf("next day %+v %v", rep, err)
	}
}

// Phone and CCCD digests live only until the booking's day is over.
func TestPersonalDataForgottenAfterTheDay(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	a, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "001234567890")
	b, _, _ := e.book("hotich", at("2026-09-08 09:00"), "0912345678", "001234567890")
	count := func() (n int) {
		e.db.Read().QueryRow(`SELECT COUNT(*) FROM bookings WHERE phone_hmac != '' OR cccd_hmac != '' OR phone_mask != ''`).Scan(&n)
		return n
	}
	if n, err := e.svc.Forget(context.Background()); err != nil || n != 0 || count() != 2 {
		t.Fatalf("same day: forgot %d (%v), %d left", n, err, count())
	}
	e.set(at("2026-09-08 07:00"))
	if n, err := e.svc.Forget(context.Background()); err != nil || n != 1 || count() != 1 {
		t.Fatalf("next day: forgot %d (%v), %d left", n, err, count())
	}
	var v booking.View
	if e.do("GET", "/api/v1/bookings/"+a.Code, "", nil, &v); v.Phone != "" || v.Service != "hotich" {
		t.Fatalf("past booking %+v", v)
	}
	if e.do("GET", "/api/v1/bookings/"+b.Code, "", nil, &v); v.Phone != "091*****78" {
		t.Fatalf("today's booking %+v", v)
	}
	// The statistics stay.
	var rep booking.Report
	sup := e.login("giamsat", "")
	if _, err := sup.Do(context.Background(), "GET", "/api/v1/bookings/report?from=2026-09-07&to=2026-09-07", nil, &rep); err != nil || rep.Total != 1 || rep.NoShow != 1 {
		t.Fatalf("report %+v %v", rep, err)
	}
}

// The kiosk checks in by CCCD: today's booking of that number nearest to now.
func TestCheckInByCCCD(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	a, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "001234567890")
	b, _, _ := e.book("datdai", at("2026-09-07 14:00"), "0912345678", "001234567890")
	e.book("xaydung", at("2026-09-08 09:00"), "0912345678", "001234567890")
	const path = "/api/v1/bookings/check-in-by-cccd"
	if code, _ := e.do("POST", path, "", map[string]string{"cccd": "001234567890"}, nil); code != 401 {
		t.Fatalf("no token: %d", code)
	}
	e.set(at("2026-09-07 08:50"))
	var in booking.CheckedIn
	if code, body := e.do("POST", path, e.kiosk, map[string]string{"cccd": "001234567890"}, &in); code != 201 || in.Service != "hotich" || in.AppointmentAt == nil {
		t.Fatalf("morning: %d %s", code, body)
	}
	var v booking.View
	if e.do("GET", "/api/v1/bookings/"+a.Code, "", nil, &v); v.Status != "checked_in" || v.TicketID != in.ID {
		t.Fatalf("booking a: %+v", v)
	}
	e.set(at("2026-09-07 13:50"))
	in = booking.CheckedIn{}
	if code, body := e.do("POST", path, e.kiosk, map[string]string{"cccd": "001234567890"}, &in); code != 201 || in.Service != "datdai" {
		t.Fatalf("afternoon: %d %s", code, body)
	}
	if e.do("GET", "/api/v1/bookings/"+b.Code, "", nil, &v); v.Status != "checked_in" {
		t.Fatalf("booking b: %+v", v)
	}
	// Nothing left today; another number; not a number.
	for _, c := range []struct {
		cccd string
		code int
		text string
	}{{"001234567890", 404, "Không tìm thấy lịch hẹn hôm nay"}, {"001234567891", 404, "Không tìm thấy lịch hẹn hôm nay"}, {"0012345", 400, "12 chữ số"}} {
		if code, body := e.do("POST", path, e.kiosk, map[string]string{"cccd": c.cccd}, nil); code != c.code || !strings.Contains(body, c.text) {
			t.Fatalf("%s: %d %s", c.cccd, code, body)
		}
	}
}

// A booking moves to another slot with its code; the caps do not count it twice.
func TestMoveBooking(t *testing.T) {
	e := newEnv(t, booking.Config{BookingsPerPhonePerHour: 100}, at("2026-09-07 07:00"))
	a, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "")
	move := func(code string, to time.Time) (booking.View, int, string) {
		var v booking.View
		c, body := e.do("POST", "/api/v1/bookings/"+code+"/move", "", map[string]any{"slot_start": to}, &v)
		return v, c, body
	}
	v, code, body := move(a.Code, at("2026-09-07 10:00"))
	if code != 200 || v.Code != a.Code || !v.SlotStart.Equal(at("2026-09-07 10:00")) || !v.SlotEnd.Equal(at("2026-09-07 10:30")) {
		t.Fatalf("move: %d %s", code, body)
	}
	var s slotsResp
	e.do("GET", "/api/v1/slots?service=hotich&date=2026-09-07", "", nil, &s)
	for _, sl := range s.Slots {
		want := 2
		if sl.Start.Equal(at("2026-09-07 10:00")) {
			want = 1
		}
		if sl.Remaining != want {
			t.Fatalf("%v: %d left, want %d", sl.Start, sl.Remaining, want)
		}
	}
	// Within the same sector and day: the booking itself is not counted against its own cap.
	if _, code, body := move(a.Code, at("2026-09-07 13:00")); code != 200 {
		t.Fatalf("second move: %d %s", code, body)
	}
	// Onto another day where the person already holds the sector: refused.
	e.book("chungthuc", at("2026-09-08 09:00"), "0912345678", "")
	if _, code, body := move(a.Code, at("2026-09-08 10:00")); code != 409 || !strings.Contains(body, "lĩnh vực") {
		t.Fatalf("onto a held sector: %d %s", code, body)
	}
	// A full slot, a closed one, an unknown code.
	e.book("hotich", at("2026-09-07 15:00"), "0900000001", "")
	e.book("hotich", at("2026-09-07 15:00"), "0900000002", "")
	if _, code, body := move(a.Code, at("2026-09-07 15:00")); code != 409 || !strings.Contains(body, "hết chỗ") {
		t.Fatalf("full: %d %s", code, body)
	}
	if _, code, _ := move(a.Code, at("2026-09-07 12:00")); code != 400 {
		t.Fatalf("closed slot: %d", code)
	}
	_, code, body = move(booking.NewCode(), at("2026-09-07 10:00"))
	if _, want := e.do("GET", "/api/v1/bookings/"+booking.NewCode(), "", nil, nil); code != 404 || body != want {
		t.Fatalf("unknown code: %d %s", code, body)
	}
	// Cancelled or checked in: no move.
	e.do("POST", "/api/v1/bookings/"+a.Code+"/cancel", "", nil, nil)
	if _, code, _ := move(a.Code, at("2026-09-07 14:00")); code != 409 {
		t.Fatalf("cancelled: %d", code)
	}
}

// A check-in claim left by a server that died between the claim and the
// ticket blocks other kiosks only for a while.
func TestStaleCheckInClaimReleased(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	a, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "")
	e.set(at("2026-09-07 08:50"))
	if err := e.db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE bookings SET status = 'checking_in', updated_at = ?`, at("2026-09-07 08:50").UnixMilli())
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if code, body := e.do("POST", "/api/v1/bookings/"+a.Code+"/check-in", e.kiosk, nil, nil); code != 409 || !strings.Contains(body, "máy khác") {
		t.Fatalf("claimed: %d %s", code, body)
	}
	e.set(at("2026-09-07 08:53"))
	var in booking.CheckedIn
	if code, body := e.do("POST", "/api/v1/bookings/"+a.Code+"/check-in", e.kiosk, nil, &in); code != 201 || in.AppointmentAt == nil {
		t.Fatalf("after the claim went stale: %d %s", code, body)
	}
}

// Kiosks racing to check in the same booking: one ticket.
func TestConcurrentCheckInOneTicket(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	a, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0912345678", "")
	e.set(at("2026-09-07 08:55"))
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/bookings/"+a.Code+"/check-in", nil)
			req.Header.Set("Authorization", "Bearer "+e.kiosk)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			mu.Lock()
			codes[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[201] != 1 || codes[409] != 11 {
		t.Fatalf("answers %v", codes)
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM tickets`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d tickets issued", n)
	}
}

// The kiosk's client: check-in by scanned QR, by typed code, by CCCD, and
// the typed refusals it shows.
func TestKioskClientCheckIn(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	a, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0900000001", "")
	b, _, _ := e.book("hotich", at("2026-09-07 09:00"), "0900000002", "")
	e.book("datdai", at("2026-09-07 09:00"), "0900000003", "001234567890")
	kiosk, err := client.New(e.ts.URL, e.kiosk)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	e.set(at("2026-09-07 08:40"))
	_, err = kiosk.CheckInBooking(ctx, a.QR)
	if !client.IsCode(err, queue.CodeTransition) || !strings.Contains(err.(*client.Error).Message, "08:45") {
		t.Fatalf("early: %v", err)
	}
	e.set(at("2026-09-07 08:55"))
	for _, in := range []string{a.QR, strings.ToLower(strings.ReplaceAll(b.Code, "-", " "))} {
		got, err := kiosk.CheckInBooking(ctx, in)
		if err != nil || got.AppointmentAt == nil || got.Late || got.Number == "" {
			t.Fatalf("%q: %+v %v", in, got, err)
		}
	}
	got, err := kiosk.CheckInBookingByCCCD(ctx, "001234567890")
	if err != nil || got.Service != "datdai" {
		t.Fatalf("by CCCD: %+v %v", got, err)
	}
	if _, err := kiosk.CheckInBooking(ctx, booking.NewCode()); !client.IsCode(err, queue.CodeNotFound) {
		t.Fatalf("unknown code: %v", err)
	}
}

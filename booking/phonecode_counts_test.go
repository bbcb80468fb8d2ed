package booking_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre/console"
)

// TestPhoneCodeCountsInConsoleReport: the console's report counts the
// day's one-time phone codes — sent, verified (used for a booking),
// expired (unused past 5 minutes, or replaced by a newer code to the same
// phone) and sends refused by the limits — counts only: neither the report
// nor its CSV nor the counts table holds a phone number. An expired code is
// counted once whether or not the hourly forgetting has deleted it yet;
// refusals tallied in memory are written by the forgetting and counted once;
// another day's report is empty.
func TestPhoneCodeCountsInConsoleReport(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerPhonePerHour: 2}, at("2026-09-07 07:00"))
	e.withConsole()
	sup := e.consoleLogin("giamsat")
	figures := func(day string) map[string]int {
		t.Helper()
		st, body := sup.get("/console/api/report?from=" + day + "&to=" + day)
		var rep console.Report
		if st != 200 || json.Unmarshal([]byte(body), &rep) != nil {
			t.Fatalf("report: %d %s", st, body)
		}
		if strings.Contains(body, "091234") {
			t.Fatalf("a phone number in the report: %s", body)
		}
		out := map[string]int{}
		for _, s := range rep.Sections {
			if s.ID == "bookings" {
				for _, f := range s.Rows {
					if strings.HasPrefix(f.Key, "phone_codes_") {
						out[strings.TrimPrefix(f.Key, "phone_codes_")] = f.Value
					}
				}
			}
		}
		return out
	}
	want := func(day string, sent, verified, expired, refused int) {
		t.Helper()
		got := figures(day)
		if len(got) != 4 || got["sent"] != sent || got["verified"] != verified || got["expired"] != expired || got["refused"] != refused {
			t.Fatalf("%s: %v, want sent %d verified %d expired %d refused %d", day, got, sent, verified, expired, refused)
		}
	}
	want("2026-09-07", 0, 0, 0, 0)

	// One code used for a booking.
	sent, code := e.sendCode("0912345601")
	if c, body := e.bookWith("hotich", at("2026-09-07 09:00"), "0912345601", sent.ID, code); c != 201 {
		t.Fatalf("booking: %d %s", c, body)
	}
	// One code never used.
	e.sendCode("0912345602")
	// A third phone: a resend within the cooldown is refused, one after it
	// replaces the first code, the third in the hour is over the per-phone limit.
	e.sendCode("0912345603")
	if c, _ := e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": "0912345603"}, nil); c != 429 {
		t.Fatalf("resend within the cooldown: %d", c)
	}
	e.set(e.clock().Add(61 * time.Second))
	e.sendCode("0912345603")
	e.set(e.clock().Add(61 * time.Second))
	if c, _ := e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": "0912345603"}, nil); c != 429 {
		t.Fatalf("third code to one phone in an hour: %d", c)
	}
	want("2026-09-07", 4, 1, 1, 2) // the replaced code counts as expired at once

	// 07:10: the unused codes' 5 minutes are over (not deleted yet).
	e.set(at("2026-09-07 07:10"))
	want("2026-09-07", 4, 1, 3, 2)
	if _, err := e.svc.Forget(t.Context()); err != nil {
		t.Fatal(err)
	}
	var rows, refused int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM phone_codes`).Scan(&rows)
	e.db.Read().QueryRow(`SELECT refused FROM phone_code_counts WHERE day = '2026-09-07'`).Scan(&refused)
	if rows != 0 || refused != 2 {
		t.Fatalf("after the forgetting: %d code rows, %d refusals written", rows, refused)
	}
	want("2026-09-07", 4, 1, 3, 2)
	want("2026-09-08", 0, 0, 0, 0)

	// Counts only, in the table and in the CSV.
	var cols []string
	r, err := e.db.Read().Query(`SELECT name FROM pragma_table_info('phone_code_counts')`)
	if err != nil {
		t.Fatal(err)
	}
	for r.Next() {
		var c string
		r.Scan(&c)
		cols = append(cols, c)
	}
	r.Close()
	if strings.Join(cols, ",") != "day,sent,verified,expired,refused" {
		t.Fatalf("phone_code_counts columns: %v", cols)
	}
	st, csv := sup.get("/console/report.csv?from=2026-09-07&to=2026-09-07")
	if st != 200 || !strings.Contains(csv, "Mã xác nhận số điện thoại đã gửi,4") || !strings.Contains(csv, `"Mã đã xác nhận (dùng để đặt lịch, lấy số)",1`) ||
		!strings.Contains(csv, "Yêu cầu gửi mã bị từ chối do vượt giới hạn,2") || strings.Contains(csv, "091234") {
		t.Fatalf("CSV: %d %s", st, csv)
	}
	if _, csv := sup.get("/console/report.csv?from=2026-09-07&to=2026-09-07&lang=en"); !strings.Contains(csv, "Phone codes expired unused (or replaced by a newer code),3") {
		t.Fatalf("English CSV: %s", csv)
	}
}

// TestPhoneCodeRefusalsCountedOnce: a bounded flood of code requests from
// one network, refused by the per-network limit, while the hourly
// forgetting writes the tally and the report is read: every refusal is
// counted exactly once, the report never shows fewer than were answered
// refused nor more than were asked, and the table holds them once written.
func TestPhoneCodeRefusalsCountedOnce(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerAddrPerHour: 1, RatePerMin: 1000}, at("2026-09-07 07:00"))
	e.sendCode("0912345601")
	const flood = 150
	done := make(chan struct{})
	var refused atomic.Int64
	var wg sync.WaitGroup
	const workers = 6
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < flood; i += workers {
				if c, _ := e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": fmt.Sprintf("09123457%02d", i%100)}, nil); c != 429 {
					t.Errorf("request %d: %d", i, c)
					return
				}
				refused.Add(1)
			}
		}(w)
	}
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		before := refused.Load()
		if _, err := e.svc.Forget(t.Context()); err != nil {
			t.Fatal(err)
		}
		c, err := e.svc.CodeReport(t.Context(), "2026-09-07", "2026-09-07")
		if err != nil {
			t.Fatal(err)
		}
		// the server counts before it answers: up to one request per worker is in flight
		if after := refused.Load(); int64(c.Refused) < before || int64(c.Refused) > after+workers {
			wg.Wait()
			t.Fatalf("report says %d refused while %d..%d were answered", c.Refused, before, after)
		}
	}
	c, err := e.svc.CodeReport(t.Context(), "2026-09-07", "2026-09-07")
	if err != nil || c.Refused != flood || c.Sent != 1 {
		t.Fatalf("after the flood: %+v %v", c, err)
	}
	if _, err := e.svc.Forget(t.Context()); err != nil {
		t.Fatal(err)
	}
	var inTable int
	e.db.Read().QueryRow(`SELECT refused FROM phone_code_counts WHERE day = '2026-09-07'`).Scan(&inTable)
	if c, _ := e.svc.CodeReport(t.Context(), "2026-09-07", "2026-09-07"); inTable != flood || c.Refused != flood {
		t.Fatalf("written %d, reported %d, want %d", inTable, c.Refused, flood)
	}
}

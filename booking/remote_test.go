package booking_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func (e *env) remote(service, phone, cccd string) (booking.RemoteTicket, int, string) {
	e.t.Helper()
	var v booking.RemoteTicket
	code, body := e.do("POST", "/api/v1/remote/tickets", "", map[string]any{"service": service, "phone": phone, "cccd": cccd}, &v)
	return v, code, body
}

// A remote number is an ordinary ticket of the queue: it takes its place
// behind those already waiting, records its channel, shows its position and
// estimated wait on the phone page's API, and is called in its turn.
func TestRemoteNumberWaitsLikeAnyTicket(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 08:00")) // a Monday
	off := e.officer()                                       // counter 1 open
	for i := 0; i < 2; i++ {
		if code, body := e.do("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "hotich"}, nil); code != 201 {
			t.Fatalf("walk-in: %d %s", code, body)
		}
	}
	rt, code, body := e.remote("hotich", "0912 345 678", "")
	if code != 201 {
		t.Fatalf("remote: %d %s", code, body)
	}
	if rt.Number != "A003" || rt.Ahead != 2 || rt.Position != 3 || rt.Channel != "remote" || rt.TrackURL != "/t/"+rt.ID ||
		rt.AppointmentAt != nil || rt.GraceMin != 15 || rt.OpenCounters != 1 || rt.RatingToken == "" {
		t.Fatalf("remote ticket %+v", rt)
	}
	var device string
	if err := e.db.Read().QueryRow(`SELECT device FROM tickets WHERE id = ?`, rt.ID).Scan(&device); err != nil || device != booking.RemoteDevice {
		t.Fatalf("channel recorded %q (%v)", device, err)
	}
	// The phone page's view: waiting, two ahead, an estimate.
	var pub struct {
		Status        string `json:"status"`
		Ahead         int    `json:"ahead"`
		EstimatedWait int    `json:"estimated_wait_min"`
	}
	if code, body := e.do("GET", "/api/v1/public/tickets/"+rt.ID, "", nil, &pub); code != 200 || pub.Status != "waiting" || pub.Ahead != 2 {
		t.Fatalf("public view: %d %s", code, body)
	}
	// The next walk-in queues behind it; the calls come in order.
	var walk centre.Issued
	e.do("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "hotich"}, &walk)
	var order []string
	for i := 0; i < 4; i++ {
		tk, ok, err := off.CallNext(context.Background(), "q1", "")
		if err != nil || !ok {
			t.Fatalf("call %d: %v %v", i, ok, err)
		}
		order = append(order, tk.Number)
		if _, err := off.Act(context.Background(), tk.ID, "finish", "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(order, ",") != "A001,A002,A003,A004" {
		t.Fatalf("call order %v", order)
	}
	// Not a remote ticket, unknown or malformed ids: the same answer.
	var answers []string
	for _, id := range []string{walk.ID, "aaaaaaaaaaaaaaaaaaaa", "x", strings.Repeat("a", 300)} {
		code, body := e.do("GET", "/api/v1/remote/tickets/"+id, "", nil, nil)
		answers = append(answers, fmt.Sprint(code, body))
		code, body = e.do("POST", "/api/v1/remote/tickets/"+id+"/back", "", nil, nil)
		answers = append(answers, fmt.Sprint(code, body))
	}
	for _, a := range answers {
		if a != answers[0] || !strings.HasPrefix(a, "404") {
			t.Fatalf("answers differ: %q vs %q", a, answers[0])
		}
	}
}

// The caps per person are the bookings': remote numbers and bookings of a
// day count together, by phone or by CCCD, with a clear refusal.
func TestRemoteNumbersShareTheCaps(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 08:00"))
	if _, code, body := e.book("hotich", at("2026-09-07 14:00"), "0912345678", "001234567890"); code != 201 {
		t.Fatalf("book: %d %s", code, body)
	}
	// Same sector (tư pháp) as the booking, same phone: refused.
	_, code, body := e.remote("chungthuc", "0912345678", "")
	if code != 409 || !strings.Contains(errOf(t, body).Error.Message, "lĩnh vực “Tư pháp – Hộ tịch”") {
		t.Fatalf("same sector: %d %s", code, body)
	}
	// Another sector: the second turn of the day.
	if _, code, body := e.remote("datdai", "0912345678", "001234567890"); code != 201 {
		t.Fatalf("other sector: %d %s", code, body)
	}
	// A third, by another phone but the same CCCD: the day is full.
	_, code, body = e.remote("xaydung", "0987654321", "001234567890")
	if code != 409 || !strings.Contains(errOf(t, body).Error.Message, "tối đa 2 lượt trong một ngày") {
		t.Fatalf("day cap by CCCD: %d %s", code, body)
	}
	// And a booking for today is refused too, counting the remote number.
	if _, code, body := e.book("xaydung", at("2026-09-07 15:00"), "0912345678", ""); code != 409 {
		t.Fatalf("booking after remote numbers: %d %s", code, body)
	}
	// Tomorrow is another day.
	if _, code, body := e.book("xaydung", at("2026-09-08 09:00"), "0912345678", ""); code != 201 {
		t.Fatalf("tomorrow: %d %s", code, body)
	}
	// Phone and CCCD are not kept in clear.
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM remote_tickets WHERE phone_hmac LIKE '%0912345678%' OR cccd_hmac LIKE '%001234567890%'`).Scan(&n)
	if n != 0 {
		t.Fatal("remote_tickets holds a phone or CCCD in clear")
	}
	// After the day, the digests are forgotten.
	e.set(at("2026-09-08 07:00"))
	if _, err := e.svc.Forget(context.Background()); err != nil {
		t.Fatal(err)
	}
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM remote_tickets WHERE phone_hmac != '' OR cccd_hmac != ''`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d remote rows still hold digests after their day", n)
	}
}

// Many requests at once for one phone never pass the caps: the claim is
// taken with the caps checked in one write.
func TestConcurrentRemoteNumbersRespectCaps(t *testing.T) {
	e := newEnv(t, booking.Config{MaxPerDay: 3, MaxPerSector: 3, BookingsPerPhonePerHour: 100}, at("2026-09-07 08:00"))
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, code, _ := e.remote("hotich", "0912345678", "")
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[201] != 3 || codes[409] != 5 {
		t.Fatalf("answers %v, want 3 numbers and 5 refusals", codes)
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM tickets WHERE device = 'remote'`).Scan(&n)
	if n != 3 {
		t.Fatalf("%d remote tickets issued", n)
	}
}

// Remote numbers are limited per client address and per phone.
func TestRemoteNumbersRateLimited(t *testing.T) {
	e := newEnv(t, booking.Config{MaxPerDay: 20, MaxPerSector: 20, Remote: booking.RemoteConfig{PerAddrPerHour: 3}}, at("2026-09-07 08:00"))
	for i := 0; i < 4; i++ {
		_, code, body := e.remote("hotich", fmt.Sprintf("090000000%d", i), "")
		if i < 3 && code != 201 || i == 3 && (code != 429 || !strings.Contains(body, "từ mạng này")) {
			t.Fatalf("remote %d from one address: %d %s", i, code, body)
		}
	}
	e2 := newEnv(t, booking.Config{BookingsPerPhonePerHour: 2}, at("2026-09-07 06:00"))
	for i := 0; i < 3; i++ {
		// Refused because the centre is closed: the attempt still counts for the phone.
		_, code, body := e2.remote("hotich", "0912345678", "")
		if want := map[bool]int{true: 409, false: 429}[i < 2]; code != want {
			t.Fatalf("attempt %d: %d %s", i, code, body)
		}
	}
	e2.set(at("2026-09-07 08:00"))
	if _, code, body := e2.remote("hotich", "0987654321", ""); code != 201 {
		t.Fatalf("another phone: %d %s", code, body)
	}
}

// No remote numbers when the centre is closed: outside hours, on a
// holiday, on a Sunday, and in the last minutes of a session.
func TestRemoteClosedOutsideHours(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 06:00"))
	e.srv.Engine().SetDays(func(d time.Time) (string, bool) {
		if queue.Day(d) == "2026-09-02" {
			return "Quốc khánh", false
		}
		return "", false
	})
	for i, c := range []struct {
		now  string
		code int
		want string
	}{
		{"2026-09-07 06:00", 409, "ngoài giờ"},
		{"2026-09-02 09:00", 409, "Quốc khánh"},
		{"2026-09-06 09:00", 409, "ngoài giờ"}, // Sunday
		{"2026-09-07 11:05", 409, "kết thúc lúc 11:30"},
		{"2026-09-07 16:40", 409, "kết thúc lúc 17:00"},
		{"2026-09-07 10:55", 201, ""},
		{"2026-09-07 13:00", 201, ""},
	} {
		e.set(at(c.now))
		var info struct {
			Open   bool   `json:"open"`
			Reason string `json:"closed_reason"`
		}
		e.do("GET", "/api/v1/remote/services", "", nil, &info)
		_, code, body := e.remote("datdai", fmt.Sprintf("09%08d", i), "")
		if code == 409 && errOf(t, body).Error.Code != "closed" {
			t.Fatalf("%s: %s", c.now, body)
		}
		if code != c.code || c.want != "" && !strings.Contains(body, c.want) ||
			info.Open != (c.code == 201) || !info.Open && !strings.Contains(info.Reason, c.want) {
			t.Fatalf("%s: %d %s; services say open=%v %q", c.now, code, body, info.Open, info.Reason)
		}
	}
}

// A remote ticket called while its holder is on the way and marked absent
// may come back to the queue, in its place, within the grace and once.
func TestRemoteGraceAfterNoShow(t *testing.T) {
	e := newEnv(t, booking.Config{Remote: booking.RemoteConfig{GraceMin: 10}}, at("2026-09-07 08:00"))
	off := e.officer()
	rt, code, body := e.remote("hotich", "0912345678", "")
	if code != 201 {
		t.Fatalf("remote: %d %s", code, body)
	}
	var walk centre.Issued
	e.do("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "hotich"}, &walk)
	tk, _, err := off.CallNext(context.Background(), "q1", "")
	if err != nil || tk.ID != rt.ID {
		t.Fatalf("first call %s %v", tk.Number, err)
	}
	// Back is refused while the ticket is not absent.
	if code, body := e.do("POST", "/api/v1/remote/tickets/"+rt.ID+"/back", "", nil, nil); code != 409 {
		t.Fatalf("back while called: %d %s", code, body)
	}
	e.set(at("2026-09-07 08:03"))
	if _, err := off.Act(context.Background(), rt.ID, "no-show", "", ""); err != nil {
		t.Fatal(err)
	}
	var v booking.RemoteView
	if code, body := e.do("GET", "/api/v1/remote/tickets/"+rt.ID, "", nil, &v); code != 200 || !v.CanReturn || v.GraceUntil == nil ||
		!v.GraceUntil.Equal(at("2026-09-07 08:13")) {
		t.Fatalf("grace view: %d %s", code, body)
	}
	e.set(at("2026-09-07 08:10"))
	if code, body := e.do("POST", "/api/v1/remote/tickets/"+rt.ID+"/back", "", nil, &v); code != 200 || v.Status != "waiting" {
		t.Fatalf("back: %d %s", code, body)
	}
	// In its place: ahead of the walk-in who came after it.
	tk, _, err = off.CallNext(context.Background(), "q1", "")
	if err != nil || tk.ID != rt.ID {
		t.Fatalf("after coming back, call-next served %s (%v), want %s", tk.Number, err, rt.Number)
	}
	off.Act(context.Background(), rt.ID, "no-show", "", "")
	// Once only.
	if code, body := e.do("POST", "/api/v1/remote/tickets/"+rt.ID+"/back", "", nil, nil); code != 409 || !strings.Contains(body, "một lần") {
		t.Fatalf("second back: %d %s", code, body)
	}
	// The walk-in is served.
	if tk, _, err := off.CallNext(context.Background(), "q1", ""); err != nil || tk.ID != walk.ID {
		t.Fatalf("walk-in call: %s %v", tk.Number, err)
	}
	off.Act(context.Background(), walk.ID, "finish", "", "")
	// Another remote ticket: past the grace it is lost.
	rt2, code, body := e.remote("chungthuc", "0987654321", "")
	if code != 201 {
		t.Fatalf("remote 2: %d %s", code, body)
	}
	if tk, _, err := off.CallNext(context.Background(), "q1", ""); err != nil || tk.ID != rt2.ID {
		t.Fatalf("call remote 2: %s %v", tk.Number, err)
	}
	off.Act(context.Background(), rt2.ID, "no-show", "", "")
	e.set(at("2026-09-07 08:21"))
	if code, body := e.do("POST", "/api/v1/remote/tickets/"+rt2.ID+"/back", "", nil, nil); code != 409 || !strings.Contains(body, "hết thời gian") {
		t.Fatalf("back after the grace: %d %s", code, body)
	}
	// Concurrent presses of "back" put it back once.
	rt3, _, _ := e.remote("chungthuc", "0911111111", "")
	if tk, _, err := off.CallNext(context.Background(), "q1", ""); err != nil || tk.ID != rt3.ID {
		t.Fatalf("call remote 3: %s %v", tk.Number, err)
	}
	off.Act(context.Background(), rt3.ID, "no-show", "", "")
	var wg sync.WaitGroup
	var mu sync.Mutex
	ok := 0
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if code, _ := e.do("POST", "/api/v1/remote/tickets/"+rt3.ID+"/back", "", nil, nil); code == 200 {
				mu.Lock()
				ok++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	var reactivated int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM events WHERE ticket = ? AND kind = 'ticket.reactivated'`, rt3.ID).Scan(&reactivated)
	if ok != 1 || reactivated != 1 {
		t.Fatalf("%d presses succeeded, %d reactivations", ok, reactivated)
	}
}

// A claim left by a server that died between the claim and the ticket
// holds the person's cap for two minutes at most, and is then dropped.
func TestStaleRemoteClaimReleased(t *testing.T) {
	e := newEnv(t, booking.Config{MaxPerDay: 1}, at("2026-09-07 08:00"))
	rt, code, body := e.remote("hotich", "0912345678", "")
	if code != 201 {
		t.Fatalf("remote: %d %s", code, body)
	}
	// As if the server had died after the claim: the row is a claim, with no ticket.
	if err := e.db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE remote_tickets SET status = 'claiming', ticket_id = '' WHERE ticket_id = ?`, rt.ID)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	e.set(at("2026-09-07 08:01"))
	if _, code, body := e.remote("datdai", "0912345678", ""); code != 409 {
		t.Fatalf("while the claim is fresh: %d %s", code, body)
	}
	e.set(at("2026-09-07 08:03"))
	if _, code, body := e.remote("datdai", "0912345678", ""); code != 201 {
		t.Fatalf("after the claim went stale: %d %s", code, body)
	}
	if _, err := e.svc.Forget(context.Background()); err != nil {
		t.Fatal(err)
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM remote_tickets WHERE status = 'claiming'`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d stale claims left", n)
	}
}

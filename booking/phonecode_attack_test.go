package booking_test

// Red team 3 (docs/SECURITY.md, "Session 7 review"): attacks on the
// one-time phone codes (POST /api/v1/phone-codes and the code carried by a
// booking or a remote number), against a real centre on loopback with the
// notifier sending through an SMS gateway on loopback.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
)

// fromAddr is an HTTP client whose connections come from loopback address ip
// (another client address for the centre's per-address limits).
func fromAddr(t *testing.T, ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	tr := &http.Transport{DialContext: d.DialContext}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 60 * time.Second}
}

func postRaw(t *testing.T, hc *http.Client, url string, body []byte) (int, string) {
	t.Helper()
	resp, err := hc.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestAttackPhoneCodeParallelGuesses: 60 wrong guesses of one code sent at
// once, half as bookings, half as remote numbers (the per-phone and
// per-address limits raised so that only the code's own bound is left):
// at most 3 are checked ("wrong code"), every other is refused as locked
// without a check, and the right code is refused afterwards. Nothing is
// made.
func TestAttackPhoneCodeParallelGuesses(t *testing.T) {
	e := newCodeEnv(t, booking.Config{BookingsPerPhonePerHour: 1000, RatePerMin: 1000, BookingsPerAddrPerHour: 1000,
		Remote: booking.RemoteConfig{PerAddrPerHour: 1000}}, at("2026-09-07 08:00"))
	const phone = "0912345678"
	sent, code := e.sendCode(phone)
	const n = 60
	start := make(chan struct{})
	type answer struct {
		st   int
		body string
	}
	answers := make(chan answer, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			guess := fmt.Sprintf("%06d", (atoi(code)+1+i)%1000000)
			<-start
			var st int
			var body string
			if i%2 == 0 {
				st, body = e.bookWith("hotich", at("2026-09-07 09:00"), phone, sent.ID, guess)
			} else {
				st, body = e.do("POST", "/api/v1/remote/tickets", "", map[string]any{"service": "hotich", "phone": phone,
					"phone_code_id": sent.ID, "phone_code": guess}, nil)
			}
			answers <- answer{st, body}
		}(i)
	}
	close(start)
	wg.Wait()
	close(answers)
	checked, locked := 0, 0
	for a := range answers {
		msg := ""
		if a.st == 400 {
			msg = errOf(t, a.body).Error.Message
		}
		switch {
		case strings.HasPrefix(msg, "Mã không đúng"):
			checked++
		case strings.Contains(msg, "đã nhập sai mã 3 lần"):
			locked++
		default:
			t.Fatalf("guess answered %d %s", a.st, a.body)
		}
	}
	if checked > booking.CodeTries || checked+locked != n {
		t.Fatalf("%d guesses checked, %d refused as locked; at most %d may be checked", checked, locked, booking.CodeTries)
	}
	if st, body := e.bookWith("hotich", at("2026-09-07 09:00"), phone, sent.ID, code); st != 400 || !strings.Contains(body, "nhập sai mã 3 lần") {
		t.Fatalf("the right code after the burst: %d %s", st, body)
	}
	var made int
	e.db.Read().QueryRow(`SELECT (SELECT COUNT(*) FROM bookings) + (SELECT COUNT(*) FROM remote_tickets)`).Scan(&made)
	var attempts int
	e.db.Read().QueryRow(`SELECT attempts FROM phone_codes`).Scan(&attempts)
	if made != 0 || attempts != booking.CodeTries {
		t.Fatalf("%d bookings/numbers made, %d tries recorded", made, attempts)
	}
}

// TestAttackPhoneCodeReuseAndOracle: a code makes one thing only (a booking,
// then neither a remote number nor a second booking); a code id used with
// another phone, an unknown id, a malformed one and an expired one are
// answered with the same bytes (nothing tells whether the id exists, whose
// it is or that it was used); a used id with its own phone says "used" only
// to the one who holds id, code and phone.
func TestAttackPhoneCodeReuseAndOracle(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 08:00"))
	a, codeA := e.sendCode("0912345678")
	if st, body := e.bookWith("hotich", at("2026-09-07 09:00"), "0912345678", a.ID, codeA); st != 201 {
		t.Fatalf("book: %d %s", st, body)
	}
	if st, body := e.do("POST", "/api/v1/remote/tickets", "", map[string]any{"service": "hotich", "phone": "0912345678",
		"phone_code_id": a.ID, "phone_code": codeA}, nil); st != 409 || !strings.Contains(body, "đã được dùng") {
		t.Fatalf("the booking's code for a remote number: %d %s", st, body)
	}
	b, codeB := e.sendCode("0987654321")
	e.set(e.clock().Add(61 * time.Second))
	c, _ := e.sendCode("0977777777")
	e.set(e.clock().Add(5 * time.Minute)) // c expires; b too
	d, codeD := e.sendCode("0966666666")
	shape := func(phone, id, code string) string {
		st, body := e.bookWith("datdai", at("2026-09-07 10:00"), phone, id, code)
		return fmt.Sprint(st, " ", body)
	}
	want := shape("0966666666", strings.Repeat("a", 32), codeD) // an unknown id
	for name, got := range map[string]string{
		"used id, another phone":       shape("0966666666", a.ID, codeA),
		"live id of another phone":     shape("0912345678", d.ID, codeD),
		"expired id":                   shape("0977777777", c.ID, "123456"),
		"expired id, another phone":    shape("0966666666", b.ID, codeB),
		"short id":                     shape("0966666666", "abc", codeD),
		"long id":                      shape("0966666666", strings.Repeat("f", 4000), codeD),
		"id with SQL":                  shape("0966666666", "' OR 1=1 -- aaaaaaaaaaaaaaaaaaaaaa", codeD),
		"other phone's id, right code": shape("0955555555", d.ID, codeD),
	} {
		if got != want {
			t.Errorf("%s: %s\nwant (unknown id) %s", name, got, want)
		}
	}
	// The tries of d were not spent by the attempts of other phones.
	if st, body := e.bookWith("datdai", at("2026-09-07 10:00"), "0966666666", d.ID, codeD); st != 201 {
		t.Fatalf("d's own booking: %d %s", st, body)
	}
}

// TestAttackPhoneCodePumping: SMS pumping. From one address, codes to many
// numbers stop at the address's hourly bound; from many addresses (40
// loopback addresses, 5 numbers each), the centre's hourly budget bounds
// the texts the gateway is asked to send. Invalid, non-Vietnamese and
// non-mobile numbers (no Vietnamese mobile starts 01, 02, 04 or 06) cost
// nothing. The non-mobile ones were texted before the fix.
func TestAttackPhoneCodePumping(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 30}, at("2026-09-07 08:00"))
	url := e.ts.URL + "/api/v1/phone-codes"
	one := fromAddr(t, "127.0.0.2")
	ok := 0
	for i := 0; i < 25; i++ {
		b, _ := json.Marshal(map[string]string{"phone": fmt.Sprintf("09123450%02d", i)})
		if st, _ := postRaw(t, one, url, b); st == 201 {
			ok++
		}
	}
	if ok != 10 {
		t.Fatalf("one address got %d codes sent, want 10 (code_sends_per_addr_per_hour)", ok)
	}
	for _, p := range []string{"+1 415 555 0100", "+44 7700 900123", "1900 1234", "0012345678", "84912345678000", "０９１２３４５６７８",
		"0112345678", "0212345678", "0412345678", "0612345678", "+84 212 345 678"} {
		b, _ := json.Marshal(map[string]string{"phone": p})
		if st, body := postRaw(t, fromAddr(t, "127.0.0.3"), url, b); st != 400 {
			t.Errorf("phone %q: %d %s", p, st, body)
		}
	}
	var mu sync.Mutex
	sentMany := 0
	var wg sync.WaitGroup
	for a := 0; a < 40; a++ {
		wg.Add(1)
		go func(a int) {
			defer wg.Done()
			hc := fromAddr(t, fmt.Sprintf("127.%d.0.1", a+1)) // 40 networks: one /24 may spend only its share of the budget (phonecode_net.go)
			for i := 0; i < 5; i++ {
				b, _ := json.Marshal(map[string]string{"phone": fmt.Sprintf("098%03d%04d", a, i)})
				if st, _ := postRaw(t, hc, url, b); st == 201 {
					mu.Lock()
					sentMany++
					mu.Unlock()
				}
			}
		}(a)
	}
	wg.Wait()
	if ok+sentMany != 30 {
		t.Fatalf("%d + %d codes sent over many addresses; the centre's budget is 30", ok, sentMany)
	}
	var rows int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM notify_outbox WHERE kind = 'code'`).Scan(&rows)
	if rows != 30 {
		t.Fatalf("%d codes queued for the gateway, want 30", rows)
	}
}

// TestAttackPhoneCodeBodies: hostile bodies on the send route are refused
// before any limit is spent or any text is queued: 2 MB, a 1 MB phone,
// deep nesting, a number, an array, trailing data, a NUL, nothing.
func TestAttackPhoneCodeBodies(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerAddrPerHour: 3}, at("2026-09-07 08:00"))
	url := e.ts.URL + "/api/v1/phone-codes"
	hc := fromAddr(t, "127.0.0.5")
	for name, body := range map[string]string{
		"2 MB":          `{"phone":"0912345678","x":"` + strings.Repeat("a", 2<<20) + `"}`,
		"1 MB phone":    `{"phone":"` + strings.Repeat("0", 1<<20) + `"}`,
		"nesting":       strings.Repeat(`{"phone":`, 5000) + `"0912345678"` + strings.Repeat("}", 5000),
		"number":        `{"phone":912345678}`,
		"array":         `[{"phone":"0912345678"}]`,
		"trailing data": `{"phone":"0912345678"} {"phone":"0912345679"}`,
		"NUL":           "{\"phone\":\"0912345678\u0000\"}",
		"empty":         ``,
	} {
		if st, resp := postRaw(t, hc, url, []byte(body)); st/100 == 2 || st == 500 {
			t.Errorf("%s: %d %.200s", name, st, resp)
		}
	}
	var rows int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM phone_codes`).Scan(&rows)
	if rows != 0 {
		t.Fatalf("%d codes stored from hostile bodies", rows)
	}
	// The address's budget is intact: 3 sends still go.
	for i := 0; i < 3; i++ {
		b, _ := json.Marshal(map[string]string{"phone": fmt.Sprintf("091234560%d", i)})
		if st, body := postRaw(t, hc, url, b); st != 201 {
			t.Fatalf("send %d after the hostile bodies: %d %s", i, st, body)
		}
	}
}

// TestAttackPhoneCodeLogClean: after sends, wrong guesses, a guess with
// another phone, a lock-out, a refused send and a booking, the server log
// holds neither a phone number (in any typed form) nor a code.
func TestAttackPhoneCodeLogClean(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 08:00"))
	sent, code := e.sendCode("+84 912 345 678")
	e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": "0912.345.678"}, nil) // cooldown
	for i := 0; i < 4; i++ {
		e.bookWith("hotich", at("2026-09-07 09:00"), "0912345678", sent.ID, wrong(code))
	}
	e.bookWith("hotich", at("2026-09-07 09:00"), "0987654321", sent.ID, code)
	e.set(e.clock().Add(61 * time.Second))
	sent2, code2 := e.sendCode("0912-345-678")
	if st, body := e.bookWith("hotich", at("2026-09-07 09:00"), "0912345678", sent2.ID, code2); st != 201 {
		t.Fatalf("book: %d %s", st, body)
	}
	log := e.logText()
	for _, s := range []string{"912345678", "912 345 678", "912.345.678", "912-345-678", "987654321", code, code2, sent.ID, sent2.ID} {
		if strings.Contains(log, s) {
			t.Errorf("the log holds %q:\n%s", s, log)
		}
	}
}

// TestAttackTextsUnverifiedBounded: with verify_phone = "never" and an SMS
// channel, bookings and remote numbers with invented numbers made texts
// without any centre-wide bound (only per address). Now their texts count
// against the centre's hourly budget: past it, the booking or number is
// still made, without texts. Failed before the fix (4 confirmations queued
// with a budget of 2).
func TestAttackTextsUnverifiedBounded(t *testing.T) {
	e := newCodeEnv(t, booking.Config{VerifyPhone: booking.VerifyNever, CodeSendsPerHour: 2}, at("2026-09-07 08:00"))
	for i := 0; i < 4; i++ {
		if _, st, body := e.book("hotich", at("2026-09-07 09:00").Add(time.Duration(i)*30*time.Minute), fmt.Sprintf("09123456%02d", i), ""); st != 201 {
			t.Fatalf("booking %d: %d %s", i, st, body)
		}
	}
	for i := 0; i < 2; i++ {
		if st, body := e.do("POST", "/api/v1/remote/tickets", "", map[string]any{"service": "datdai", "phone": fmt.Sprintf("09876543%02d", i)}, nil); st != 201 {
			t.Fatalf("remote number %d: %d %s", i, st, body)
		}
	}
	var booked, watched int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM notify_outbox WHERE kind = 'booked'`).Scan(&booked)
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM notify_watch WHERE ticket <> ''`).Scan(&watched)
	if booked != 2 || watched != 0 {
		t.Fatalf("%d confirmations and %d remote numbers' phones watched; the budget is 2 (spent by the first bookings)", booked, watched)
	}
	if !strings.Contains(e.logText(), "the centre's hourly budget of texts is spent") {
		t.Fatal("the spent budget is not logged")
	}
}

package booking_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
)

// postFrom sends a JSON POST to the centre from remote (an address of the
// client's choosing, as the LAN or a reverse proxy would give it).
func postFrom(e *env, remote, path string, body any) (int, string) {
	b, _ := json.Marshal(body)
	req := httptest.NewRequest("POST", path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = remote
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// TestAttackBookingPhoneTableWithCodes: with phone codes on, the per-phone
// booking attempts count only requests with a valid code for the phone.
// Before session 9 every attempt counted before the code was checked, so
// invented numbers (each pushed to its limit with a made-up code) filled
// the table with limited keys, which a full table keeps: every citizen's
// booking was then refused for an hour ("Số điện thoại này đã thử đặt lịch
// quá nhiều lần"). Here 100 invented numbers × 2 attempts from three /48s,
// each within its share, against a table of 100 keys; then a citizen books
// with the code sent to her phone.
func TestAttackBookingPhoneTableWithCodes(t *testing.T) {
	e := newCodeEnv(t, booking.Config{RatePerMin: 10, BookingsPerPhonePerHour: 2}, at("2026-09-07 07:00"))
	booking.SetBookPhoneKeys(e.svc, 100)
	slot := at("2026-09-07 09:00")
	n := 0
	for p := 0; p < 100; p++ {
		for try := 0; try < 2; try++ {
			remote := fmt.Sprintf("[2001:db8:%x:%x::1]:40000", 10+n/50, n%50)
			n++
			st, body := postFrom(e.env, remote, "/api/v1/bookings", map[string]any{"service": "hotich", "slot_start": slot,
				"phone": fmt.Sprintf("09%08d", 1000+p), "phone_code_id": strings.Repeat("ab", 16), "phone_code": "123456"})
			if st == 429 {
				t.Fatalf("attempt %d (number %d) refused by a limit: %s", n, p, body)
			}
			if st == 201 {
				t.Fatalf("attempt %d booked with a made-up code: %s", n, body)
			}
		}
	}
	sent, code := e.sendCode("0912 345 678")
	if st, body := e.bookWith("hotich", slot, "0912345678", sent.ID, code); st != 201 {
		t.Fatalf("a citizen's booking after 100 invented numbers: %d %s", st, body)
	}
}

// TestBookingPhoneLimitCountsCodedAttempts: with phone codes on, a number
// makes at most bookings_per_phone_per_hour bookings an hour with valid
// codes; the refused request gives its code's try back, and another
// number is not affected.
func TestBookingPhoneLimitCountsCodedAttempts(t *testing.T) {
	e := newCodeEnv(t, booking.Config{BookingsPerPhonePerHour: 1}, at("2026-09-07 07:00"))
	sent, code := e.sendCode("0912345678")
	if st, body := e.bookWith("hotich", at("2026-09-07 09:00"), "0912345678", sent.ID, code); st != 201 {
		t.Fatalf("first booking: %d %s", st, body)
	}
	e.set(e.clock().Add(2 * time.Minute)) // past the resend cooldown
	sent, code = e.sendCode("0912345678")
	st, body := e.bookWith("datdai", at("2026-09-07 10:00"), "0912345678", sent.ID, code)
	if st != 429 || !strings.Contains(body, "đã thử đặt lịch quá nhiều lần") {
		t.Fatalf("second booking of the hour: %d %s", st, body)
	}
	// the refusal took no try of the code: three wrong codes still lock it
	// only at the third (two tries left after one wrong code)
	if st, body := e.bookWith("datdai", at("2026-09-07 10:00"), "0912345678", sent.ID, wrong(code)); st != 400 || !strings.Contains(body, "còn 2 lần thử") {
		t.Fatalf("a wrong code after the refusal: %d %s", st, body)
	}
	other, code2 := e.sendCode("0987654321")
	if st, body := e.bookWith("datdai", at("2026-09-07 10:00"), "0987654321", other.ID, code2); st != 201 {
		t.Fatalf("another number: %d %s", st, body)
	}
}

// TestAttackBookingsFromOneNetwork: bookings per client address are counted
// per network first (8 × the address's allowance a /48 or /24): one /48
// holds 65 536 /64 "addresses", and with phone codes off each booking
// needs only an invented number, so one tunnel account could book every
// slot of the day. Here 2 bookings an hour per address: 16 from one /48's
// /64s, the 17th refused; a citizen on another network still books.
func TestAttackBookingsFromOneNetwork(t *testing.T) {
	e := newEnv(t, booking.Config{RatePerMin: 100, BookingsPerAddrPerHour: 2}, at("2026-09-07 07:00"))
	per := 2 * booking.PublicNetFactor
	for i := 0; i <= per; i++ {
		slot := at("2026-09-07 " + []string{"07:30", "08:00", "08:30", "09:00", "09:30", "10:00", "10:30", "13:30", "14:00"}[i/2])
		st, body := postFrom(e, fmt.Sprintf("[2001:db8:5:%x::1]:40000", i), "/api/v1/bookings",
			map[string]any{"service": []string{"hotich", "datdai"}[i%2], "slot_start": slot, "phone": fmt.Sprintf("09%08d", 2000+i)})
		if i < per && st != 201 {
			t.Fatalf("booking %d from the network (within its share): %d %s", i, st, body)
		}
		if i == per && (st != 429 || !strings.Contains(body, "từ mạng này")) {
			t.Fatalf("booking %d from one network: %d %s", i, st, body)
		}
	}
	if st, body := postFrom(e, "198.51.100.7:40000", "/api/v1/bookings",
		map[string]any{"service": "hotich", "slot_start": at("2026-09-07 16:00"), "phone": "0987654321"}); st != 201 {
		t.Fatalf("a citizen on another network: %d %s", st, body)
	}
}

// TestAttackRemoteNumbersFromOneNetwork: remote numbers per client address
// are counted per network first, as bookings are: 2 an hour per address,
// 16 from one /48's /64s, the 17th refused; another network still takes one.
func TestAttackRemoteNumbersFromOneNetwork(t *testing.T) {
	e := newEnv(t, booking.Config{RatePerMin: 100, MaxPerDay: 20, MaxPerSector: 20, Remote: booking.RemoteConfig{PerAddrPerHour: 2}}, at("2026-09-07 08:00"))
	per := 2 * booking.PublicNetFactor
	for i := 0; i <= per; i++ {
		st, body := postFrom(e, fmt.Sprintf("[2001:db8:6:%x::1]:40000", i), "/api/v1/remote/tickets",
			map[string]any{"service": "hotich", "phone": fmt.Sprintf("09%08d", 3000+i)})
		if i < per && st != 201 {
			t.Fatalf("remote number %d from the network (within its share): %d %s", i, st, body)
		}
		if i == per && (st != 429 || !strings.Contains(body, "từ mạng này")) {
			t.Fatalf("remote number %d from one network: %d %s", i, st, body)
		}
	}
	if st, body := postFrom(e, "198.51.100.7:40000", "/api/v1/remote/tickets",
		map[string]any{"service": "hotich", "phone": "0987654321"}); st != 201 {
		t.Fatalf("a citizen on another network: %d %s", st, body)
	}
}

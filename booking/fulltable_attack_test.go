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

// The tables below hold 100 keys (10 000 in service). Before session 9 a
// full table refused every new key until windows expired, and the network
// shares (red team 4) only made filling it take several networks: one for
// each 8 × the per-address limit of keys a window. Now a full table
// evicts the key within its limit whose window started longest ago, and
// keeps the keys at their limit (docs/SECURITY.md, "Session 9: full
// limiter tables"). Each test failed with the old limiter (429).

// postCode asks e for a phone code from remote.
func postCode(e *codeEnv, remote, phone string) (int, string) {
	b, _ := json.Marshal(map[string]string{"phone": phone})
	req := httptest.NewRequest("POST", "/api/v1/phone-codes", bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = remote
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

// TestAttackPublicAddrTableFromManyNetworks: two /48s, each within its
// share (80 requests a minute), ask for the booking services from 160
// /64s and fill the public routes' address table; a citizen's first
// request is still served, and an address past its limit stays refused.
func TestAttackPublicAddrTableFromManyNetworks(t *testing.T) {
	e := newCodeEnv(t, booking.Config{RatePerMin: 10}, at("2026-09-07 08:00"))
	booking.SetPublicAddrKeys(e.svc, 100)
	get := func(remote string) int {
		req := httptest.NewRequest("GET", "/api/v1/booking/services", nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := 0; i < 11; i++ {
		get("203.0.113.9:40000")
	}
	for n := 0; n < 2; n++ {
		for i := 0; i < 10*booking.PublicNetFactor; i++ {
			if st := get(fmt.Sprintf("[2001:db8:%x:%x::1]:40000", 10+n, i)); st != 200 {
				t.Fatalf("network %d, /64 %d (within its share): %d", n, i, st)
			}
		}
	}
	if st := get("198.51.100.7:40000"); st != 200 {
		t.Fatalf("a citizen after two networks filled the address table: %d", st)
	}
	if st := get("[2001:db8:99:1::5]:40000"); st != 200 {
		t.Fatalf("a citizen on IPv6 after two networks filled the address table: %d", st)
	}
	if st := get("203.0.113.9:40000"); st != 429 {
		t.Fatalf("an address past its limit was forgotten by the flood: %d", st)
	}
}

// TestAttackPhoneCodeAddrTableFromManyNetworks: six /48s, each
// within its share of codes (20 an hour here), ask from 120 addresses and
// fill the per-address table (the budget's open part is spent on the way,
// each network takes its one code from the reserve); a citizen on a new
// network still gets a code from the reserve, and an address past its
// limit stays refused.
func TestAttackPhoneCodeAddrTableFromManyNetworks(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 80, CodeSendsPerAddrPerHour: 5}, at("2026-09-07 08:00"))
	booking.SetCodeAddrKeys(e.svc, 100)
	for i := 0; i < 6; i++ {
		postCode(e, "203.0.113.9:40000", fmt.Sprintf("09%08d", 100+i))
	}
	sent := 0
	for n := 0; n < 6; n++ {
		for i := 0; i < 20; i++ {
			switch st, body := postCode(e, fmt.Sprintf("[2001:db8:%x:%x::1]:40000", 10+n, i), fmt.Sprintf("09%08d", 1000+100*n+i)); st {
			case 201:
				sent++
			case 429:
				if !strings.Contains(body, "không gửi thêm được mã") {
					t.Fatalf("network %d, /64 %d refused by another limit than the budget: %s", n, i, body)
				}
			default:
				t.Fatalf("network %d, /64 %d: %d %s", n, i, st, body)
			}
		}
	}
	if sent != 55+4 {
		t.Fatalf("the six networks got %d codes, want the open part's 55, then one each from the reserve for the four that came after it was spent", sent)
	}
	if st, body := postCode(e, "198.51.100.7:40000", "0987654321"); st != 201 {
		t.Fatalf("a citizen after six networks filled the address table: %d %s", st, body)
	}
	if st, body := postCode(e, "203.0.113.9:40000", "0987654322"); st != 429 || !strings.Contains(body, "quá nhiều mã") {
		t.Fatalf("an address past its limit was forgotten by the flood: %d %s", st, body)
	}
}

// TestAttackPhoneCodePhoneTableFromManyNetworks: the per-phone table
// (~134 networks filled it in service once the budget was spent, as
// refused sends counted too) filled with 120 made-up numbers from two
// networks; a citizen's number still gets its code, and a number at its
// limit (3 codes) stays refused.
func TestAttackPhoneCodePhoneTableFromManyNetworks(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 400, CodeSendsPerAddrPerHour: 5, CodeSendsPerPhonePerHour: 3}, at("2026-09-07 08:00"))
	booking.SetCodePhoneKeys(e.svc, 100)
	const victim = "0911222333"
	for i := 0; i < 3; i++ {
		if st, body := postCode(e, "203.0.113.9:40000", victim); st != 201 {
			t.Fatalf("code %d to a number: %d %s", i+1, st, body)
		}
		e.set(e.clock().Add(2 * time.Minute)) // past the resend cooldown (the limiter's hour is the wall clock's)
	}
	for n := 0; n < 2; n++ {
		for i := 0; i < 60; i++ {
			if st, body := postCode(e, fmt.Sprintf("[2001:db8:%x:%x::1]:40000", 10+n, i), fmt.Sprintf("09%08d", 1000+100*n+i)); st != 201 {
				t.Fatalf("network %d, number %d (within every limit): %d %s", n, i, st, body)
			}
		}
	}
	if st, body := postCode(e, "198.51.100.7:40000", "0987654321"); st != 201 {
		t.Fatalf("a citizen's number after two networks filled the phone table: %d %s", st, body)
	}
	if st, body := postCode(e, "198.51.100.8:40000", victim); st != 429 || !strings.Contains(body, "đã nhận quá nhiều mã") {
		t.Fatalf("a number at its limit was forgotten by the flood: %d %s", st, body)
	}
}

// TestPhoneCodeBudgetRefusalNotCounted: a number's count is of the codes
// it was sent. Requests refused by the spent budget are taken back from
// it, so they cannot push made-up numbers to their limit — keys a full
// table would keep. With a phone table of one key: a number asked for
// three times (its limit) after the budget is spent stays within it, and
// another number is refused by the budget, not by a table full of limited
// keys.
func TestPhoneCodeBudgetRefusalNotCounted(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 4, CodeSendsPerAddrPerHour: 5, CodeSendsPerPhonePerHour: 3}, at("2026-09-07 08:00"))
	booking.SetCodePhoneKeys(e.svc, 1)
	for i := 0; i < 4; i++ {
		if st, body := postCode(e, fmt.Sprintf("203.0.113.%d:40000", i+1), fmt.Sprintf("09%08d", 100+i)); st != 201 {
			t.Fatalf("code %d of the budget: %d %s", i+1, st, body)
		}
	}
	for i := 0; i < 3; i++ {
		if st, body := postCode(e, "198.51.100.7:40000", "0911222333"); st != 429 || !strings.Contains(body, "không gửi thêm được mã") {
			t.Fatalf("request %d after the budget was spent: %d %s", i+1, st, body)
		}
	}
	if st, body := postCode(e, "198.51.100.8:40000", "0911222444"); st != 429 || !strings.Contains(body, "không gửi thêm được mã") {
		t.Fatalf("another number after refused requests: %d %s (want the budget's refusal)", st, body)
	}
}

package booking_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/motcua/motcua/booking"
)

// Typed codes and numbers: never a panic, and reading a canonical form
// again gives it back.
func FuzzNormalise(f *testing.F) {
	for _, s := range []string{"ABCD-EFGH-JKMN-PQRS", "oilo 0000 1111 abcd", "+84 912.345.678", "0912345678", "001234567890", "", "Đ", "\x00\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if c, ok := booking.NormCode(s); ok {
			if c2, ok2 := booking.NormCode(c); !ok2 || c2 != c || len(c) != 19 {
				t.Fatalf("NormCode(%q) = %q, again %q %v", s, c, c2, ok2)
			}
		}
		if p, ok := booking.NormPhone(s); ok {
			if p2, ok2 := booking.NormPhone(p); !ok2 || p2 != p || len(p) != 10 {
				t.Fatalf("NormPhone(%q) = %q, again %q %v", s, p, p2, ok2)
			}
			if m := booking.MaskPhone(p); strings.Contains(m, p[3:8]) {
				t.Fatalf("mask %q shows the middle of %q", m, p)
			}
		}
		if c, ok := booking.NormCCCD(s); ok && len(c) != 12 {
			t.Fatalf("NormCCCD(%q) = %q", s, c)
		}
	})
}

// Hostile booking bodies from the LAN get a typed refusal, never a 500.
func FuzzBookBody(f *testing.F) {
	for _, s := range []string{
		`{"service":"hotich","slot_start":"2026-09-07T09:00:00+07:00","phone":"0912345678"}`,
		`{"service":"hotich","slot_start":"2026-09-07T09:00:00+07:00","phone":"0912345678","cccd":"001234567890"}`,
		`{"service":"hotich","slot_start":"mai","phone":"0912345678"}`,
		`{"service":"x","slot_start":"2026-09-07T09:00:00Z","phone":"+84912345678","cccd":"1"}`,
		`{"service":"hotich"}{}`, `[]`, `null`, `{"phone":12}`, ``, `{"service":"` + strings.Repeat("a", 70000) + `"}`,
	} {
		f.Add(s)
	}
	e := newEnv(f, booking.Config{RatePerMin: 1 << 30, BookingsPerPhonePerHour: 1 << 30}, at("2026-09-07 07:00"))
	f.Fuzz(func(t *testing.T, body string) {
		resp, err := http.Post(e.ts.URL+"/api/v1/bookings", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case 201, 400, 409, 413:
		default:
			t.Fatalf("%q: %d %s", body, resp.StatusCode, b)
		}
	})
}

// Hostile remote-number and settings bodies get a typed refusal, never a 500.
func FuzzRemoteBody(f *testing.F) {
	for _, s := range []string{
		`{"service":"hotich","phone":"0912345678"}`,
		`{"service":"hotich","phone":"0912345678","cccd":"001234567890"}`,
		`{"service":"x","phone":"+84912345678","cccd":"1"}`,
		`{"service":"hotich"}{}`, `[]`, `null`, `{"phone":12}`, ``, `{"service":"` + strings.Repeat("a", 70000) + `"}`,
	} {
		f.Add(s)
	}
	e := newEnv(f, booking.Config{RatePerMin: 1 << 30, BookingsPerPhonePerHour: 1 << 30, MaxPerDay: 20, MaxPerSector: 20,
		Remote: booking.RemoteConfig{PerAddrPerHour: 1 << 30}}, at("2026-09-07 08:00"))
	f.Fuzz(func(t *testing.T, body string) {
		resp, err := http.Post(e.ts.URL+"/api/v1/remote/tickets", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch resp.StatusCode {
		case 201, 400, 409, 413:
		default:
			t.Fatalf("%q: %d %s", body, resp.StatusCode, b)
		}
	})
}

package booking_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/motcua/motcua/booking"
)

// TestAttackPhoneCodeAddrTableFromOneNetwork (red team 4): one IPv6 /48 (a
// free tunnel account: 65 536 /64s, each its own per-address key) asks for
// a code from 300 different /64s. The per-address limiter's table is full
// of live windows after its bound of keys (10 000 in service, 100 here),
// and a full table refuses every new address — so before the fix one /48
// shut phone codes for every citizen for an hour, at no SMS cost beyond
// its network share. Now the network's share is checked first, and its
// refused requests make no address key: the /48 gets its share (10) and a
// citizen on another network still gets a code.
func TestAttackPhoneCodeAddrTableFromOneNetwork(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 40, CodeSendsPerAddrPerHour: 5}, at("2026-09-07 08:00"))
	booking.SetCodeAddrKeys(e.svc, 100)
	post := func(remote, phone string) (int, string) {
		b, _ := json.Marshal(map[string]string{"phone": phone})
		req := httptest.NewRequest("POST", "/api/v1/phone-codes", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	sent := 0
	for i := 0; i < 300; i++ {
		st, body := post(fmt.Sprintf("[2001:db8:7:%x::1]:40000", i), fmt.Sprintf("09%08d", 5000+i))
		switch st {
		case 201:
			sent++
		case 429:
		default:
			t.Fatalf("/64 %d: %d %s", i, st, body)
		}
	}
	if sent != 10 {
		t.Fatalf("one /48 got %d codes, want its share 10", sent)
	}
	if st, body := post("[2001:db8:99:1::5]:40000", "0987654321"); st != 201 {
		t.Fatalf("a citizen on another network after one /48's flood of /64s: %d %s", st, body)
	}
	if st, body := post("198.51.100.7:40000", "0987654322"); st != 201 {
		t.Fatalf("a citizen on IPv4 after one /48's flood of /64s: %d %s", st, body)
	}
}

// TestAttackPhoneCodeOneAddressKeepsNeighboursShare (red team 4): one
// address asking 40 times gets its own 5 codes; its refused requests are
// not its network's, so a neighbour on the same /24 (a carrier NAT) still
// gets codes from the network's share (guards the order of the limits:
// the network counted first must not let one address spend it).
func TestAttackPhoneCodeOneAddressKeepsNeighboursShare(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 40, CodeSendsPerAddrPerHour: 5}, at("2026-09-07 08:00"))
	url := e.ts.URL + "/api/v1/phone-codes"
	hc := fromAddr(t, "127.0.8.1")
	sent := 0
	for i := 0; i < 40; i++ {
		b, _ := json.Marshal(map[string]string{"phone": fmt.Sprintf("09%08d", 7000+i)})
		st, body := postRaw(t, hc, url, b)
		switch st {
		case 201:
			sent++
		case 429:
		default:
			t.Fatalf("request %d: %d %s", i, st, body)
		}
	}
	if sent != 5 {
		t.Fatalf("one address got %d codes, want 5", sent)
	}
	nb := fromAddr(t, "127.0.8.2")
	got := 0
	for i := 0; i < 5; i++ {
		b, _ := json.Marshal(map[string]string{"phone": fmt.Sprintf("09%08d", 8000+i)})
		if st, _ := postRaw(t, nb, url, b); st == 201 {
			got++
		}
	}
	if got != 5 {
		t.Fatalf("the neighbour on the same /24 got %d codes, want 5 (the network's share is 10)", got)
	}
}

// TestAttackPublicAddrTableFromOneNetwork (red team 4): the same with the
// limiter of every public booking route (rate_per_min per address, a table
// of 10 000 keys, 100 here): 300 /64s of one /48 asking for the booking
// services filled it, and every citizen on a new address was refused the
// booking pages for the rest of the minute, again each minute. Now one
// network makes at most 8 × rate_per_min requests a minute (80 here), and
// a citizen on another network is served. Failed before the fix (429).
func TestAttackPublicAddrTableFromOneNetwork(t *testing.T) {
	e := newCodeEnv(t, booking.Config{RatePerMin: 10}, at("2026-09-07 08:00"))
	booking.SetPublicAddrKeys(e.svc, 100)
	get := func(remote string) int {
		req := httptest.NewRequest("GET", "/api/v1/booking/services", nil)
		req.RemoteAddr = remote
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		return rec.Code
	}
	served := 0
	for i := 0; i < 300; i++ {
		switch st := get(fmt.Sprintf("[2001:db8:7:%x::1]:40000", i)); st {
		case 200:
			served++
		case 429:
		default:
			t.Fatalf("/64 %d: %d", i, st)
		}
	}
	if served != 10*booking.PublicNetFactor {
		t.Fatalf("one /48 was served %d times, want %d", served, 10*booking.PublicNetFactor)
	}
	if st := get("[2001:db8:99:1::5]:40000"); st != 200 {
		t.Fatalf("a citizen on another network after one /48's flood of /64s: %d", st)
	}
	// One address's refusals do not spend its network's share.
	for i := 0; i < 50; i++ {
		get("198.51.100.7:40000")
	}
	if st := get("198.51.100.8:40000"); st != 200 {
		t.Fatalf("a neighbour of an address past its own limit: %d", st)
	}
}

// TestAttackPhoneCodeLinkLocalZones (red team 4): a peer on the hall's LAN
// reaching the centre by an IPv6 link-local address comes with its zone
// ("[fe80::…%eth0]:port"), which net.ParseIP refused, so the whole
// address string was both the per-address key and the network: 30 made-up
// link-local addresses were 30 networks, each with its own share and its
// own code from the reserve. Now the zone is dropped: one /64, one /48.
// Failed before the fix (30 codes sent).
func TestAttackPhoneCodeLinkLocalZones(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 40, CodeSendsPerAddrPerHour: 5}, at("2026-09-07 08:00"))
	sent := 0
	for i := 0; i < 30; i++ {
		b, _ := json.Marshal(map[string]string{"phone": fmt.Sprintf("09%08d", 9000+i)})
		req := httptest.NewRequest("POST", "/api/v1/phone-codes", bytes.NewReader(b))
		req.Header.Set("Content-Type", "application/json")
		req.RemoteAddr = fmt.Sprintf("[fe80::%x:1%%eth0]:40000", i+1)
		rec := httptest.NewRecorder()
		e.srv.ServeHTTP(rec, req)
		switch rec.Code {
		case 201:
			sent++
		case 429:
		default:
			t.Fatalf("address %d: %d %s", i, rec.Code, rec.Body)
		}
	}
	if sent != 5 {
		t.Fatalf("30 link-local addresses got %d codes, want one /64's 5", sent)
	}
}

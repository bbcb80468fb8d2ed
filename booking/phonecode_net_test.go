package booking_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/booking"
)

// TestAttackPhoneCodeNetworkShare: 10 addresses of one IPv4 /24 asking for
// 5 codes each get the network's share of the centre's budget (80 / 4 =
// 20), not the 50 their per-address limits allow; a citizen on another
// network still gets a code. Once other networks have spent the rest of
// the budget, the next citizen is sent to the kiosk, in Vietnamese and in
// English, with a Retry-After, and the log says the budget is spent.
func TestAttackPhoneCodeNetworkShare(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 80, CodeSendsPerAddrPerHour: 5}, at("2026-09-07 08:00"))
	url := e.ts.URL + "/api/v1/phone-codes"
	flood := func(network string, addrs, each int, first int) int {
		var mu sync.Mutex
		var wg sync.WaitGroup
		sent := 0
		for a := 0; a < addrs; a++ {
			wg.Add(1)
			go func(a int) {
				defer wg.Done()
				hc := fromAddr(t, fmt.Sprintf("%s.%d", network, a+1))
				for i := 0; i < each; i++ {
					b, _ := json.Marshal(map[string]string{"phone": fmt.Sprintf("09%08d", first+a*100+i)})
					st, body := postRaw(t, hc, url, b)
					switch {
					case st == 201:
						mu.Lock()
						sent++
						mu.Unlock()
					case st != 429:
						t.Errorf("%s.%d: %d %s", network, a+1, st, body)
					}
				}
			}(a)
		}
		wg.Wait()
		return sent
	}
	if n := flood("127.0.3", 10, 5, 1000); n != 20 {
		t.Fatalf("one /24 got %d codes sent, want its share 20", n)
	}
	citizen := fromAddr(t, "127.0.4.7")
	b, _ := json.Marshal(map[string]string{"phone": "0987654321"})
	if st, body := postRaw(t, citizen, url, b); st != 201 {
		t.Fatalf("a citizen on another network after the flood: %d %s", st, body)
	}
	var rows int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM notify_outbox WHERE kind = 'code'`).Scan(&rows)
	if rows != 21 {
		t.Fatalf("%d codes queued for the gateway, want 21", rows)
	}
}

// TestAttackPhoneCodeBudgetReserve: 12 networks, each one address asking
// for 10 codes in turn, against a budget of 40 (open part 30, reserve 10):
// the first three spend the open part, the other nine get one code each
// from the reserve. A citizen on a fresh network still gets a code; the
// next citizen is sent to the kiosk, in Vietnamese and in English, with a
// Retry-After, and the log says the budget is spent. No more than the
// budget is ever queued.
func TestAttackPhoneCodeBudgetReserve(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 40, CodeSendsPerAddrPerHour: 10}, at("2026-09-07 08:00"))
	url := e.ts.URL + "/api/v1/phone-codes"
	post := func(addr, phone string) (int, string) {
		b, _ := json.Marshal(map[string]string{"phone": phone})
		return postRaw(t, fromAddr(t, addr), url, b)
	}
	perNet := map[int]int{}
	for n := 0; n < 12; n++ {
		for i := 0; i < 10; i++ {
			if st, body := post(fmt.Sprintf("127.0.%d.1", 10+n), fmt.Sprintf("0971%02d%04d", n, i)); st == 201 {
				perNet[n]++
			} else if st != 429 || !strings.Contains(body, "máy lấy số") {
				t.Fatalf("network %d, send %d: %d %s", n, i, st, body)
			}
		}
	}
	for n := 0; n < 12; n++ {
		want := 1
		if n < 3 {
			want = 10
		}
		if perNet[n] != want {
			t.Fatalf("network %d got %d codes, want %d (all: %v)", n, perNet[n], want, perNet)
		}
	}
	if st, body := post("127.0.50.1", "0912000001"); st != 201 {
		t.Fatalf("a citizen on a fresh network while the open part is spent: %d %s", st, body)
	}
	if st, body := post("127.0.11.2", "0912000002"); st != 429 {
		t.Fatalf("another address of a network that took its reserve code: %d %s", st, body)
	}
	req, _ := http.NewRequest("POST", url, strings.NewReader(`{"phone":"0912000111"}`))
	req.Header.Set("Content-Type", "application/json")
	resp, err := fromAddr(t, "127.0.51.9").Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Error struct {
			Message   string `json:"message"`
			MessageEN string `json:"message_en"`
		} `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" ||
		!strings.Contains(got.Error.Message, "lấy số thứ tự tại máy lấy số") || !strings.Contains(got.Error.MessageEN, "take a number at the kiosk") {
		t.Fatalf("budget spent: %d %q %q", resp.StatusCode, got.Error.Message, got.Error.MessageEN)
	}
	if !strings.Contains(e.logText(), "the centre's hourly budget of phone codes is spent") {
		t.Fatal("the spent budget is not logged")
	}
	var rows int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM notify_outbox WHERE kind = 'code'`).Scan(&rows)
	if rows != 40 {
		t.Fatalf("%d codes queued for the gateway, want the budget 40", rows)
	}
}

// TestClientNetwork: the network of an address is its IPv4 /24 or IPv6 /48;
// every /56 and /64 of one /48 is one network, IPv4-mapped IPv6 is IPv4.
func TestClientNetwork(t *testing.T) {
	net := func(addr string) string {
		return booking.ClientNetwork(&http.Request{RemoteAddr: addr})
	}
	for _, c := range [][2]string{
		{"203.0.113.7:5000", "203.0.113.0/24"},
		{"203.0.113.250:1", "203.0.113.0/24"},
		{"[::ffff:203.0.113.9]:1", "203.0.113.0/24"},
		{"[2001:db8:1:2::5]:443", "2001:db8:1::/48"},
		{"[2001:db8:1:ff00:1:2:3:4]:443", "2001:db8:1::/48"},
		{"[2001:db8:1:ffff::1]:443", "2001:db8:1::/48"},
		{"[2001:db8:2::1]:443", "2001:db8:2::/48"},
		{"[::1]:80", "::1"},
		{"[fe80::1%eth0]:80", "fe80::/48"}, // a link-local peer's zone (red team 4)
		{"[fe80::9:8:7:6%2]:80", "fe80::/48"},
	} {
		if got := net(c[0]); got != c[1] {
			t.Errorf("%s: %s, want %s", c[0], got, c[1])
		}
	}
}

// TestPhoneCodeBudgetSpentPage: on /lay-so, once the centre's budget is
// spent, "Gửi mã" tells the citizen to take a number at the kiosk, in
// Vietnamese and, with the page in English, in English.
func TestPhoneCodeBudgetSpentPage(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 1}, at("2026-09-07 08:00"))
	if c, body := e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": "0912000999"}, nil); c != 201 {
		t.Fatalf("the budget's one code: %d %s", c, body)
	}
	ctx := browser(t, 390, 844)
	run(t, ctx, "open", chromedp.Navigate(e.ts.URL+"/lay-so"))
	run(t, ctx, "verify step", chromedp.Poll[bool](`!document.getElementById("verify").hidden && document.querySelectorAll("#service option").length > 0`))
	run(t, ctx, "phone", chromedp.SendKeys("#phone", "0912345678"))
	run(t, ctx, "send", chromedp.Click("#v-send"))
	run(t, ctx, "kiosk", chromedp.Poll[bool](`document.getElementById("v-error").textContent === "Trung tâm tạm thời không gửi thêm được mã xác nhận. Quý khách vui lòng thử lại sau ít phút, hoặc đến trung tâm lấy số thứ tự tại máy lấy số (không cần mã)."`))
	shot(t, ctx, "phonecode-budget-spent-vi-phone.png")
	run(t, ctx, "english", chromedp.Click("#lang"))
	run(t, ctx, "send en", chromedp.Click("#v-send"))
	run(t, ctx, "kiosk en", chromedp.Poll[bool](`document.getElementById("v-error").textContent === "The centre cannot send more codes just now. Please try again in a few minutes, or come to the centre and take a number at the kiosk (no code needed)."`))
	shot(t, ctx, "phonecode-budget-spent-en-phone.png")
}

// TestPhoneCodePhoneBoundNamesKiosk: a phone whose hourly bound is spent
// (by anyone) is told it can still take a number at the kiosk.
func TestPhoneCodePhoneBoundNamesKiosk(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerPhonePerHour: 1}, at("2026-09-07 08:00"))
	url := e.ts.URL + "/api/v1/phone-codes"
	b, _ := json.Marshal(map[string]string{"phone": "0912345678"})
	if st, body := postRaw(t, fromAddr(t, "127.0.20.1"), url, b); st != 201 {
		t.Fatalf("first code: %d %s", st, body)
	}
	e.set(e.clock().Add(61 * time.Second))
	st, body := postRaw(t, fromAddr(t, "127.0.21.1"), url, b)
	if st != 429 || !strings.Contains(body, "Số điện thoại này đã nhận quá nhiều mã xác nhận trong một giờ") ||
		!strings.Contains(body, "lấy số thứ tự tại máy lấy số (không cần mã)") || !strings.Contains(body, "take a number at the kiosk") {
		t.Fatalf("the phone's bound spent: %d %s", st, body)
	}
}

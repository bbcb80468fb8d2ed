package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/crypto/bcrypt"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// TestBookingJourneyAsServed is the issue 17 evidence on the centre exactly
// as `motcua serve` wires it (bookings, remote numbers, phone page, console):
// in headless Chromium at 390×844 a citizen books a slot on /dat-lich, the
// kiosk checks the booking in with its token, the officer's call-next serves
// it before a walk-in who came first, and the phone page shows the call;
// then another citizen takes a number on /lay-so and the phone page shows
// it called in its turn. Generous timeouts, no latency asserted.
func TestBookingJourneyAsServed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := queue.DemoConfig()
	cfg.Opening.AlwaysIssue = false
	srv, db, err := openCentre(ctx, cfg, filepath.Join(t.TempDir(), "centre.db"), slog.New(slog.DiscardHandler), centreOpts{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mu sync.Mutex
	now, _ := time.ParseInLocation("2006-01-02 15:04", "2026-09-07 07:00", queue.Loc) // a Monday
	srv.Engine().SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	setNow := func(s string) {
		t, _ := time.ParseInLocation("2006-01-02 15:04", s, queue.Loc)
		mu.Lock()
		now = t
		mu.Unlock()
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	kiosk := centre.NewToken()
	hash, _ := bcrypt.GenerateFromPassword([]byte("matkhau123"), bcrypt.MinCost)
	if err := db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutDevice(store.Device{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}, store.HashToken(kiosk)); err != nil {
			return err
		}
		return tx.PutOfficer(store.Officer{Username: "canbo1", FullName: "Nguyễn Văn An", PasswordHash: string(hash), Role: "officer"})
	}); err != nil {
		t.Fatal(err)
	}
	post := func(path, token string, body any, out any) int {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest("POST", ts.URL+path, rd)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if out != nil && json.Unmarshal(b, out) != nil {
			t.Fatalf("POST %s: %s", path, b)
		}
		return resp.StatusCode
	}

	bctx, bcancel := context.WithTimeout(browsertest.Start(t, 390, 844), 120*time.Second)
	defer bcancel()
	run := func(what string, a chromedp.Action[bool]) {
		t.Helper()
		if _, err := chromedp.Run(bctx, a); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	do := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if _, err := chromedp.Run(bctx, a); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	text := func(sel string) string {
		s, _ := chromedp.Run(bctx, chromedp.Text(sel))
		return s
	}

	// Book 09:00 on /dat-lich.
	do("open", chromedp.Navigate(ts.URL+"/dat-lich"))
	run("days", chromedp.Poll[bool](`(function (c) { return !!c && c.querySelector("small").textContent !== ""; })(document.querySelector('.chip[data-day="2026-09-07"]'))`))
	do("day", chromedp.Click(`.chip[data-day="2026-09-07"]`))
	slot := `button.slot[data-start="2026-09-07T09:00:00+07:00"]`
	do("slots", chromedp.WaitVisible(slot))
	do("pick", chromedp.Click(slot))
	do("phone", chromedp.SendKeys("#phone", "0912 345 678"))
	do("submit", chromedp.Click("#submit"))
	do("booked", chromedp.WaitVisible("#result"))
	code := text("#code")
	if len(code) != 19 {
		t.Fatalf("booking code %q", code)
	}

	// A walk-in comes first; the kiosk checks the booking in with its token.
	setNow("2026-09-07 08:50")
	var walk, in centre.Issued
	if c := post("/api/v1/tickets", kiosk, map[string]string{"service": "hotich"}, &walk); c != 201 {
		t.Fatalf("walk-in: %d", c)
	}
	if c := post("/api/v1/bookings/"+code+"/check-in", kiosk, nil, &in); c != 201 || in.AppointmentAt == nil {
		t.Fatalf("check-in: %d %+v", c, in)
	}
	if c := post("/api/v1/bookings/"+code+"/check-in", "", nil, nil); c != 401 {
		t.Fatalf("check-in without a kiosk token: %d", c)
	}
	do("phone page", chromedp.Navigate(ts.URL+"/t/"+in.ID+"?lang=vi"))
	run("waiting", chromedp.Poll[bool](`document.getElementById("number") && document.getElementById("number").textContent === "`+in.Number+`"`))

	off, err := client.New(ts.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := off.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatal(err)
	}
	tk, ok, err := off.CallNext(ctx, "q1", "")
	if err != nil || !ok || tk.ID != in.ID {
		t.Fatalf("call-next served %s (%v %v), want the booking's %s before the walk-in %s", tk.Number, ok, err, in.Number, walk.Number)
	}
	do("called", chromedp.WaitVisible("#called"))
	if s := text("#called-text"); s != "Mời đến quầy 1" {
		t.Fatalf("phone page says %q", s)
	}
	off.Act(ctx, in.ID, queue.OpFinish, "", "")

	// A remote number on /lay-so waits behind the walk-in and is called in its turn.
	do("lay-so", chromedp.Navigate(ts.URL+"/lay-so"))
	run("services", chromedp.Poll[bool](`document.querySelectorAll("#service option").length > 0 && !document.getElementById("submit").disabled`))
	do("phone 2", chromedp.SendKeys("#phone", "0987 654 321"))
	do("take", chromedp.Click("#submit"))
	do("taken", chromedp.WaitVisible("#result"))
	if a := text("#r-ahead"); a != "1" {
		t.Fatalf("people ahead of the remote number %q", a)
	}
	href, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`document.getElementById("track").getAttribute("href")`))
	if !strings.HasPrefix(href, "/t/") {
		t.Fatalf("track link %q", href)
	}
	do("follow", chromedp.Navigate(ts.URL+href))
	run("ahead", chromedp.Poll[bool](`document.getElementById("ahead") && document.getElementById("ahead").textContent === "1"`))
	for i := 0; i < 2; i++ {
		tk, ok, err := off.CallNext(ctx, "q1", "")
		if err != nil || !ok {
			t.Fatalf("call %d: %v %v", i, ok, err)
		}
		if i == 0 && tk.ID != walk.ID {
			t.Fatalf("the walk-in was not next: %s", tk.Number)
		}
		if i == 0 {
			off.Act(ctx, tk.ID, queue.OpFinish, "", "")
		}
	}
	do("remote called", chromedp.WaitVisible("#called"))
	var device string
	db.Read().QueryRow(`SELECT device FROM tickets WHERE id = ?`, strings.TrimPrefix(strings.SplitN(href, "?", 2)[0], "/t/")).Scan(&device)
	if device != "remote" {
		t.Fatalf("channel of the remote number %q", device)
	}
}

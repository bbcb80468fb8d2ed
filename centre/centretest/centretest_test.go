package centretest_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/queue"
)

// Start runs a real centre: enrolled devices work with their tokens,
// officers log in with Password, and the server comes back on the same
// address after Stop.
func TestStart(t *testing.T) {
	ctx := context.Background()
	mounted := false
	var background context.Context
	env := centretest.Start(t, centretest.Options{
		Config:          func(c *queue.Config) { c.CentreName = "Trung tâm thử" },
		Devices:         []centretest.Device{{ID: "k1", Name: "kiosk", Role: "kiosk"}, {ID: "p1", Name: "pad", Role: "ratingpad"}},
		Officers:        []centretest.Officer{{Username: "giamsat", FullName: "Trần Văn Giám", Role: "supervisor"}},
		CounterOfficers: true,
		Dossiers:        &centre.DossierOptions{},
		Mount: func(m centretest.Mount) error {
			mounted = m.Server != nil && m.DB != nil
			m.Go(func(ctx context.Context) { background = ctx; <-ctx.Done() })
			return nil
		},
	})
	if !mounted {
		t.Fatal("Mount was not called with the server and the database")
	}
	if _, err := os.Stat(env.DBPath); err != nil {
		t.Fatalf("database file: %v", err)
	}
	if env.Cfg.CentreName != "Trung tâm thử" {
		t.Fatalf("config edit lost: %q", env.Cfg.CentreName)
	}
	if env.Token("k1") == "" || env.Token("k1") == env.Token("p1") {
		t.Fatal("device tokens missing or shared")
	}
	got := env.Issue(ctx, env.Token("k1"), "hotich")
	if got.Number == "" {
		t.Fatalf("issued %+v", got)
	}
	off := env.Login(ctx, "canbo-q1", "q1")
	tk, ok, err := off.CallNext(ctx, "q1", "")
	if err != nil || !ok || tk.Number != got.Number {
		t.Fatalf("call next: %+v %v %v, want %s", tk, ok, err, got.Number)
	}
	if _, err := env.Client("").Login(ctx, "giamsat", "sai-mat-khau", ""); err == nil {
		t.Fatal("a wrong password logged in")
	}
	env.Login(ctx, "giamsat", "")
	// A session written directly works as a login's does.
	if _, err := env.Client(env.Session("canbo-q2", "")).Counters(ctx); err != nil {
		t.Fatalf("with a written session: %v", err)
	}
	if _, err := env.Client("not-a-session").Counters(ctx); err == nil {
		t.Fatal("an unknown token was accepted")
	}
	if err := env.Client(env.Token("k1")).ReportState(ctx, "printer:ok"); err != nil {
		t.Fatal(err)
	}
	if s := env.DeviceState("k1"); s != "printer:ok" {
		t.Fatalf("device state %q", s)
	}
	// Do: a JSON body (any value, a string) and a decoded 2xx answer.
	var login struct{ Token string }
	if code, body := env.Do(t, "POST", "/api/v1/login", "", map[string]string{"username": "giamsat", "password": centretest.Password}, &login); code != 200 || login.Token == "" {
		t.Fatalf("Do login: %d %s", code, body)
	}
	if code, body := env.Do(t, "GET", "/api/v1/counters", login.Token, nil, nil); code != 200 || !strings.Contains(body, `"q1"`) {
		t.Fatalf("Do with the token: %d %s", code, body)
	}
	if code, _ := env.Do(t, "POST", "/api/v1/login", "", `{"username":"giamsat","password":"sai"}`, &login); code != 401 {
		t.Fatalf("Do with a raw body: %d", code)
	}
	if code, _ := env.Do(t, "GET", "/api/v1/counters", "", nil, nil); code != 401 {
		t.Fatalf("Do without a token: %d", code)
	}
	if _, _, ok := env.Rating("ticket:" + got.ID); ok {
		t.Fatal("a rating nobody gave")
	}
	env.Stop()
	if _, err := env.Client(env.Token("k1")).Services(ctx); err == nil {
		t.Fatal("the server answered while stopped")
	}
	env.Resume()
	if _, err := env.Client(env.Token("k1")).Services(ctx); err != nil {
		t.Fatalf("after Resume: %v", err)
	}
	env.Close()
	env.Close() // twice is harmless
	if background == nil || background.Err() == nil {
		t.Fatal("Close returned before the background work saw its context end")
	}
}

package console_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// TestConsoleConfigTextsCleaned: an admin saves the configuration with
// names pasted with a right-to-left override, a zero-width space, an
// isolate, a tab, decomposed (NFD) Vietnamese and a description with CR LF
// and a bell: the console stores and serves them cleaned by
// internal/textrule (what the kiosk and the boards then show), the engine
// runs with the cleaned ones, and a service name made only of invisible
// characters is refused as empty, naming the field.
func TestConsoleConfigTextsCleaned(t *testing.T) {
	e := newEnv(t)
	adm := e.login("quantri")
	var cfg queue.Config
	if st, body := adm.get("/console/api/config", &cfg); st != 200 {
		t.Fatalf("config: %d %s", st, body)
	}
	cfg.CentreName = "Trung tâm\u202e Phục vụ"
	cfg.Services[0].Name = norm.NFD.String("Đăng ký hộ tịch") + "\u200b"
	cfg.Services[0].Description = "Khai sinh\r\nkết hôn\u0007"
	cfg.Counters[0].Name = "Quầy\t1\u2066"
	cfg.Counters[0].NameEN = "Counter\u00ad 1"
	var saved queue.Config
	if st, body := adm.post("/console/api/config", cfg, &saved); st != 200 {
		t.Fatalf("save: %d %s", st, body)
	}
	var again queue.Config
	adm.get("/console/api/config", &again)
	run := e.srv.Engine().Config()
	for _, c := range []*queue.Config{&saved, &again, run} {
		for _, tc := range []struct{ got, want string }{
			{c.CentreName, "Trung tâm Phục vụ"},
			{c.Services[0].Name, "Đăng ký hộ tịch"},
			{c.Services[0].Description, "Khai sinh\nkết hôn"},
			{c.Counters[0].Name, "Quầy 1"},
			{c.Counters[0].NameEN, "Counter 1"},
		} {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		}
	}
	bad := again
	bad.Services = append([]queue.Service(nil), again.Services...)
	bad.Services[1].Name = "\u200b\u202e"
	st, body := adm.post("/console/api/config", bad, nil)
	if st != 400 || !strings.Contains(body, "services[1].name") {
		t.Fatalf("an invisible-only name: %d %s", st, body)
	}
}

// TestStoredConfigTextsCleaned: a configuration saved by an older version
// with an override in a counter's name is cleaned when loaded at start.
func TestStoredConfigTextsCleaned(t *testing.T) {
	e := newEnv(t)
	cfg := *e.srv.Engine().Config()
	cfg.Counters = append([]queue.Counter(nil), cfg.Counters...)
	cfg.Counters[1].Name = "Quầy\u202e 2\u200b"
	b, err := json.Marshal(&cfg)
	if err != nil {
		t.Fatal(err)
	}
	e.write(func(tx *store.Tx) error { return tx.PutSetting("config", string(b)) })
	found, err := console.LoadStoredConfig(context.Background(), e.db, e.srv.Engine())
	if err != nil || !found {
		t.Fatalf("load: %v %v", found, err)
	}
	if got := e.srv.Engine().Config().Counters[1].Name; got != "Quầy 2" {
		t.Fatalf("counter name %q", got)
	}
}

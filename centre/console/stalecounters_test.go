package console_test

// A counter removed from the configuration (docs/CONSOLE.md, "A counter
// removed from the configuration"): its id leaves every officer's
// assignment, the supervisor sees what was taken out, and a counter
// created later with the same id starts with no one assigned.

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/internal/browsertest"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func sessions(t *testing.T, db *store.DB, username string) int {
	t.Helper()
	var n int
	if err := db.Read().QueryRow(`SELECT COUNT(*) FROM sessions WHERE username=?`, username).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestConsoleCounterRemovedFromConfig(t *testing.T) {
	e := newEnv(t)
	adm, sup := e.login("quantri"), e.login("giamsat")
	for user, ks := range map[string][]string{"canbo1": {"q1", "q4"}, "canbo2": {"q4"}} {
		if st, b := adm.post("/console/api/officers/"+user, map[string]any{"full_name": user, "role": "officer", "counters": ks}, nil); st != 204 {
			t.Fatalf("assign %s: %d %s", user, st, b)
		}
	}
	tok := e.ts.Session("canbo2", "q4") // canbo2's counter app at Quầy 4
	if st, b := e.api("GET", "/api/v1/me", tok, nil); st != 200 {
		t.Fatalf("canbo2 at q4: %d %s", st, b)
	}
	if al := monitorAlert(t, sup, "removed_counters"); al != "" {
		t.Fatalf("alert before: %q", al)
	}

	// The admin removes Quầy 4 from the configuration.
	var cfg queue.Config
	if st, b := adm.get("/console/api/config", &cfg); st != 200 {
		t.Fatalf("config: %d %s", st, b)
	}
	all := cfg.Counters
	cfg.Counters = slices.DeleteFunc(slices.Clone(all), func(k queue.Counter) bool { return k.ID == "q4" })
	if st, b := adm.post("/console/api/config", cfg, nil); st != 200 {
		t.Fatalf("save without q4: %d %s", st, b)
	}
	o1, o2 := officerRow(t, sup, "canbo1"), officerRow(t, sup, "canbo2")
	if !slices.Equal(o1.Counters, []string{"q1"}) || !slices.Equal(o1.RemovedCounters, []string{"q4"}) || !o1.Assigned {
		t.Fatalf("canbo1 after the removal: %+v", o1)
	}
	// canbo2 had only q4: still assigned (to none), never "any counter".
	if len(o2.Counters) != 0 || !slices.Equal(o2.RemovedCounters, []string{"q4"}) || !o2.Assigned {
		t.Fatalf("canbo2 after the removal: %+v", o2)
	}
	al := monitorAlert(t, sup, "removed_counters")
	if !strings.Contains(al, "canbo1 (q4); canbo2 (q4)") || !strings.Contains(al, "đã bị xoá khỏi cấu hình") || !strings.Contains(al, "same id has no one assigned") {
		t.Fatalf("alert: %q", al)
	}
	if st, b := e.api("GET", "/api/v1/me", tok, nil); st != 401 {
		t.Fatalf("canbo2's session at the removed counter: %d %s", st, b)
	}
	var audits int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM console_audit WHERE action='officer.counters_removed' AND actor='quantri' AND detail LIKE '%"removed":["q4"]%'`).Scan(&audits)
	if audits != 2 {
		t.Fatalf("%d audit rows of the removal", audits)
	}

	// A new Quầy 4 (same id): nobody inherits it.
	cfg.Counters = all
	if st, b := adm.post("/console/api/config", cfg, nil); st != 200 {
		t.Fatalf("save with a new q4: %d %s", st, b)
	}
	for _, u := range []string{"canbo1", "canbo2"} {
		if o, err := e.db.Officer(context.Background(), u); err != nil || slices.Contains(o.Counters, "q4") || o.MayUseCounter("q4") {
			t.Fatalf("%s inherits the new q4: %+v %v", u, o, err)
		}
	}
	if st, b := e.api("POST", "/api/v1/login", "", map[string]string{"username": "canbo2", "password": testPassword, "counter": "q4"}); st != 403 || !strings.Contains(b, "chưa được phân công") {
		t.Fatalf("canbo2 signs in at the new q4: %d %s", st, b)
	}
	if o := officerRow(t, sup, "canbo2"); !slices.Equal(o.RemovedCounters, []string{"q4"}) {
		t.Fatalf("the record went away by itself: %+v", o)
	}

	// The admin sets canbo1's counters again: canbo1 leaves the record.
	if st, b := adm.post("/console/api/officers/canbo1", map[string]any{"full_name": "Nguyễn Văn An", "role": "officer", "counters": []string{"q1", "q4"}}, nil); st != 204 {
		t.Fatalf("reassign canbo1: %d %s", st, b)
	}
	if o := officerRow(t, sup, "canbo1"); len(o.RemovedCounters) != 0 || !slices.Equal(o.Counters, []string{"q1", "q4"}) {
		t.Fatalf("canbo1 reassigned: %+v", o)
	}
	if al := monitorAlert(t, sup, "removed_counters"); strings.Contains(al, "canbo1") || !strings.Contains(al, "canbo2 (q4)") {
		t.Fatalf("alert after reassigning canbo1: %q", al)
	}
	// An update of canbo2 that does not set counters keeps the record.
	if st, b := adm.post("/console/api/officers/canbo2", map[string]any{"full_name": "Trần Thị Bình", "role": "officer"}, nil); st != 204 {
		t.Fatalf("rename canbo2: %d %s", st, b)
	}
	if o := officerRow(t, sup, "canbo2"); !slices.Equal(o.RemovedCounters, []string{"q4"}) {
		t.Fatalf("canbo2 after a rename: %+v", o)
	}
}

// A counter that left the configuration file while the centre was stopped
// leaves the assignments at the next start, with its sessions, an audit
// entry by "system" and the console's record; an officer never assigned
// stays so.
func TestCounterLeftConfigWhileStopped(t *testing.T) {
	var db *store.DB
	centretest.Start(t, centretest.Options{
		Officers: []centretest.Officer{
			{Username: "canbo1", FullName: "Nguyễn Văn An", Role: "officer"},
			{Username: "canbo2", FullName: "Trần Thị Bình", Role: "officer"},
			{Username: "canbo3", FullName: "Lê Văn Cường", Role: "officer"},
			{Username: "giamsat", FullName: "Lê Thị Giám", Role: "supervisor"},
		},
		Mount: func(m centretest.Mount) error {
			db = m.DB
			// As the database stands after "q99" was deleted from the file.
			if err := m.DB.Write(context.Background(), func(tx *store.Tx) error {
				if err := tx.SetOfficerCounters("canbo1", []string{"q1", "q99"}); err != nil {
					return err
				}
				if err := tx.SetOfficerCounters("canbo2", []string{"q99"}); err != nil {
					return err
				}
				return tx.PutSession(store.HashToken("stale-session"), "canbo2", "q99", time.Now().Add(time.Hour))
			}); err != nil {
				return err
			}
			_, err := console.Mount(m.Server, m.DB, console.Options{})
			return err
		},
	})
	ctx := context.Background()
	for u, want := range map[string][]string{"canbo1": {"q1"}, "canbo2": {}} {
		o, err := db.Officer(ctx, u)
		if err != nil || !o.Assigned || !slices.Equal(o.Counters, want) {
			t.Fatalf("%s after the start: %+v %v", u, o, err)
		}
	}
	if o, _ := db.Officer(ctx, "canbo3"); o.Assigned {
		t.Fatalf("canbo3 (never assigned) became assigned: %+v", o)
	}
	if n := sessions(t, db, "canbo2"); n != 0 {
		t.Fatalf("%d sessions of canbo2 left", n)
	}
	rec, err := db.RemovedOfficerCounters(ctx)
	if err != nil || len(rec) != 2 || !slices.Equal(rec["canbo1"].Counters, []string{"q99"}) || !slices.Equal(rec["canbo2"].Counters, []string{"q99"}) {
		t.Fatalf("record: %+v %v", rec, err)
	}
	var audits int
	db.Read().QueryRow(`SELECT COUNT(*) FROM console_audit WHERE action='officer.counters_removed' AND actor='system'`).Scan(&audits)
	if audits != 2 {
		t.Fatalf("%d audit rows", audits)
	}
	// A second start changes nothing more.
	if err := db.Write(ctx, func(tx *store.Tx) error {
		p, err := tx.PruneOfficerCounters([]string{"q1", "q2"}, time.Now())
		if len(p) != 0 {
			t.Errorf("pruned again: %+v", p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// The Officers page shows, on each officer's row, the counters taken out
// because they left the configuration, and an officer left with none.
func TestBrowserRemovedCounters(t *testing.T) {
	e := newEnv(t)
	adm := e.login("quantri")
	for user, ks := range map[string][]string{"canbo1": {"q1", "q4"}, "canbo2": {"q4"}} {
		if st, b := adm.post("/console/api/officers/"+user, map[string]any{"full_name": user, "role": "officer", "counters": ks}, nil); st != 204 {
			t.Fatalf("assign %s: %d %s", user, st, b)
		}
	}
	var cfg queue.Config
	adm.get("/console/api/config", &cfg)
	cfg.Counters = slices.DeleteFunc(cfg.Counters, func(k queue.Counter) bool { return k.ID == "q4" })
	if st, b := adm.post("/console/api/config", cfg, nil); st != 200 {
		t.Fatalf("save without q4: %d %s", st, b)
	}
	ctx := browsertest.Start(t, 1366, 768)
	run(t, ctx, "supervisor, officers page",
		chromedp.Navigate(e.ts.URL+"/console"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "giamsat"),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login-btn")),
		chromedp.WaitVisible(chromedp.ID("tab-admin")),
		poll(`!!(window.__console && window.__console.ready)`),
		chromedp.Click(chromedp.ID("tab-admin")),
		chromedp.Click(chromedp.CSS(`button[data-sub="off"]`)),
		poll(`!!document.querySelector('tr[data-username="canbo1"] .removed-counters')`),
	)
	if c := browsertest.Text(t, ctx, `tr[data-username="canbo1"] .removed-counters`); c != "Quầy đã xoá khỏi cấu hình, đã bỏ khỏi phân công: q4" {
		t.Fatalf("canbo1 row: %q", c)
	}
	if c := browsertest.Text(t, ctx, `tr[data-username="canbo2"]`); !strings.Contains(c, "Không còn quầy nào") || !strings.Contains(c, "bỏ khỏi phân công: q4") {
		t.Fatalf("canbo2 row: %q", c)
	}
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('tr[data-username="canbo2"] input:checked').length`)); n != 0 {
		t.Fatalf("canbo2 shows %d counters ticked", n)
	}
	writeShot(t, shotDir(t), "console-removed-counters.png", value(t, ctx, chromedp.CaptureScreenshot()))
}

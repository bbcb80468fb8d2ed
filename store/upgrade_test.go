package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// previousRelease is the last commit before the session that added
// migrations 0064 and 0065 (cmd/motcua/upgrade_test.go runs its binary).
const previousRelease = "1238e1b"

// oldDatabase writes at path a database exactly as the previous release's
// migrate() left it: its own migration files, read from git, applied in
// name order and recorded. It skips without the git history.
func oldDatabase(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	from := previousRelease
	if c := os.Getenv("MOTCUA_UPGRADE_FROM"); c != "" { // another older release, for the benchmark
		from = c
	}
	ls, err := exec.Command("git", "ls-tree", "-r", "--name-only", from, "--", "migrations/").Output()
	if err != nil {
		tb.Skipf("the previous release (%s) is not in the git history (shallow clone?): %v", from, err)
	}
	top, err := exec.Command("git", "rev-parse", "--show-prefix").Output()
	if err != nil {
		tb.Skipf("git: %v", err)
	}
	prefix := strings.TrimSpace(string(top))
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)")
	if err != nil {
		tb.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	if _, err := raw.Exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		tb.Fatal(err)
	}
	names := strings.Fields(string(ls))
	for i, name := range names {
		b, err := exec.Command("git", "show", from+":"+prefix+name).Output()
		if err != nil {
			tb.Fatalf("git show %s: %v", name, err)
		}
		if _, err := raw.Exec(string(b)); err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		if _, err := raw.Exec(`INSERT INTO schema_migrations VALUES (?, 0)`, filepath.Base(name)); err != nil {
			tb.Fatal(err)
		}
		if _, err := raw.Exec(fmt.Sprintf(`PRAGMA user_version = %d`, i+1)); err != nil {
			tb.Fatal(err)
		}
	}
	if len(names) == 0 || (from == previousRelease && !strings.HasSuffix(names[len(names)-1], "0062_officer_counters.sql")) {
		tb.Fatalf("the previous release's migrations end with %v", names[len(names)-1:])
	}
	return raw
}

// fillHistory writes days×perDay tickets of four services into the old
// schema, with their issued/called/finished events, as days of work: all
// served but on the last day, where tickets wait in the queue (plain, sent
// on to counter q2, booked for later), are called or absent.
func fillHistory(tb testing.TB, raw *sql.DB, days, perDay int) {
	tb.Helper()
	first := time.Date(2026, 8, 1, 7, 30, 0, 0, queue.Loc)
	start := first.UnixMilli()
	n := days * perDay
	tx, err := raw.Begin()
	if err != nil {
		tb.Fatal(err)
	}
	q := `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i+1 FROM n WHERE i < ` + strconv.Itoa(n-1) + `),
	r AS (SELECT i, i / ` + strconv.Itoa(perDay) + ` AS d, i % ` + strconv.Itoa(perDay) + ` AS k FROM n)
	INSERT INTO tickets (id, day, prefix, seq, number, service, pri, appointment_at, status, issued_at, arrival_at, called_at, finished_at, counter, officer, target_counter, device)
	SELECT printf('t%08d', i), date('2026-08-01', '+' || d || ' days'),
	  substr('ABCD', i % 4 + 1, 1), k + 1, substr('ABCD', i % 4 + 1, 1) || printf('%03d', k + 1),
	  CASE i % 4 WHEN 0 THEN 'hotich' WHEN 1 THEN 'chungthuc' WHEN 2 THEN 'datdai' ELSE 'xaydung' END,
	  CASE WHEN i % 13 = 0 THEN 1 ELSE 0 END,
	  CASE WHEN d = ` + strconv.Itoa(days-1) + ` AND k % 10 = 8 THEN ?1 + d * 86400000 + 3600000 + k * 1000 END,
	  CASE WHEN d < ` + strconv.Itoa(days-1) + ` THEN (CASE WHEN k % 17 = 0 THEN 'no_show' ELSE 'done' END)
	       WHEN k % 10 IN (6, 7, 8) THEN 'waiting' WHEN k % 10 = 9 THEN 'called' ELSE 'done' END,
	  ?1 + d * 86400000 + k * 60000, ?1 + d * 86400000 + k * 60000,
	  CASE WHEN d < ` + strconv.Itoa(days-1) + ` OR k % 10 NOT IN (6, 7, 8) THEN ?1 + d * 86400000 + k * 60000 + 600000 END,
	  CASE WHEN d < ` + strconv.Itoa(days-1) + ` OR k % 10 NOT IN (6, 7, 8, 9) THEN ?1 + d * 86400000 + k * 60000 + 900000 END,
	  CASE WHEN d < ` + strconv.Itoa(days-1) + ` OR k % 10 NOT IN (6, 7, 8) THEN 'q' || (i % 5 + 1) ELSE '' END,
	  CASE WHEN d < ` + strconv.Itoa(days-1) + ` OR k % 10 NOT IN (6, 7, 8) THEN 'canbo' || (i % 5 + 1) ELSE '' END,
	  CASE WHEN d = ` + strconv.Itoa(days-1) + ` AND k % 10 = 7 THEN 'q2' ELSE '' END,
	  'dev-kiosk'
	FROM r`
	if _, err := tx.Exec(q, start); err != nil {
		tb.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO events (at, day, kind, ticket, counter, officer, service, payload)
	  SELECT issued_at, day, 'ticket.issued', id, '', '', service, '{"id":"' || id || '"}' FROM tickets
	  UNION ALL SELECT called_at, day, 'ticket.called', id, counter, officer, service, '{"id":"' || id || '"}' FROM tickets WHERE called_at IS NOT NULL
	  UNION ALL SELECT finished_at, day, 'ticket.finished', id, counter, officer, service, '{"id":"' || id || '"}' FROM tickets WHERE finished_at IS NOT NULL
	  ORDER BY 1`); err != nil {
		tb.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
}

func planOf(t *testing.T, db *store.DB, counter string, svcs []string) string {
	t.Helper()
	var plan []string
	if err := db.Write(context.Background(), func(tx *store.Tx) error {
		q, args := store.CandidatesSQL(counter, svcs)
		rows, err := tx.Query(`EXPLAIN QUERY PLAN `+q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				return err
			}
			plan = append(plan, detail)
		}
		return rows.Err()
	}); err != nil {
		t.Fatal(err)
	}
	return strings.Join(plan, "\n")
}

// A database of the previous release, with history and a live queue, is
// upgraded by Open: 0064 and 0065 apply, tickets_target is gone and
// tickets_redirected is there, the call path's Candidates statement reads
// tickets_wait, tickets_redirected and tickets_appt (never the table), and
// it finds the waiting heads the old release left: the number sent on to
// q2, the booked one and the plain ones.
func TestUpgradedDatabaseCandidatesOnIndexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centre.db")
	raw := oldDatabase(t, path)
	fillHistory(t, raw, 3, 200)
	raw.Close()

	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var idx []string
	rows, err := db.Read().Query(`SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='tickets' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		idx = append(idx, n)
	}
	rows.Close()
	got := strings.Join(idx, " ")
	for _, want := range []string{"tickets_wait", "tickets_appt", "tickets_redirected", "tickets_counter", "tickets_status", "tickets_day", "tickets_counter_done"} {
		if !strings.Contains(" "+got+" ", " "+want+" ") {
			t.Errorf("index %s missing after the upgrade: %s", want, got)
		}
	}
	if strings.Contains(got, "tickets_target") {
		t.Errorf("tickets_target left after the upgrade: %s", got)
	}
	svcs := []string{"hotich", "chungthuc", "datdai", "xaydung"}
	plan := planOf(t, db, "q2", svcs)
	for _, want := range []string{"USING INDEX tickets_wait", "USING INDEX tickets_redirected", "USING INDEX tickets_appt"} {
		if !strings.Contains(plan, want) {
			t.Errorf("the upgraded database's Candidates plan lacks %q:\n%s", want, plan)
		}
	}
	for _, l := range strings.Split(plan, "\n") {
		if strings.Contains(l, "SCAN tickets") && !strings.Contains(l, "INDEX") {
			t.Errorf("Candidates scans the tickets table: %s\n%s", l, plan)
		}
	}
	var heads []queue.Ticket
	if err := db.Write(context.Background(), func(tx *store.Tx) error {
		heads, err = tx.Candidates("q2", svcs)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var redirected, booked, plain int
	for _, h := range heads {
		if h.Status != queue.Waiting || h.Day != "2026-08-03" {
			t.Errorf("candidate %s is %s of %s", h.Number, h.Status, h.Day)
		}
		switch {
		case h.TargetCounter == "q2":
			redirected++
		case h.AppointmentAt != nil:
			booked++
		default:
			plain++
		}
	}
	if redirected == 0 || booked == 0 || plain == 0 {
		t.Fatalf("candidates at q2 after the upgrade: %d redirected, %d booked, %d plain", redirected, booked, plain)
	}
}

// BenchmarkUpgradeMigrations times the first start of this release on a
// big database of the previous one: store.Open applying 0064 and 0065.
// MOTCUA_UPGRADE_TICKETS (default 300000) tickets over 100 days, with
// three events each; MOTCUA_UPGRADE_FROM=<commit> starts from an older
// release than 1238e1b. docs/DEPLOY.md has the numbers:
//
//	go test ./store -run '^$' -bench UpgradeMigrations -benchtime 1x
func BenchmarkUpgradeMigrations(b *testing.B) {
	n := 300000
	if s := os.Getenv("MOTCUA_UPGRADE_TICKETS"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	dir := b.TempDir()
	tmpl := filepath.Join(dir, "old.db")
	raw := oldDatabase(b, tmpl)
	t0 := time.Now()
	fillHistory(b, raw, 100, n/100)
	raw.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	raw.Close()
	st, _ := os.Stat(tmpl)
	b.Logf("previous release's database: %d tickets, %.0f MB, made in %s", n, float64(st.Size())/1e6, time.Since(t0).Round(time.Millisecond))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		path := filepath.Join(dir, fmt.Sprintf("c%d.db", i))
		copyFile(b, tmpl, path)
		b.StartTimer()
		t1 := time.Now()
		db, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("first start (migrations since %s): %s", os.Getenv("MOTCUA_UPGRADE_FROM"), time.Since(t1).Round(time.Millisecond))
		b.StopTimer()
		db.Close()
		os.Remove(path)
		b.StartTimer()
	}
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

// AppliedMigrations reads a database without changing it: nothing for a
// missing file, every migration of this build after Open.
func TestAppliedMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centre.db")
	if a, err := store.AppliedMigrations(path); err != nil || a != nil {
		t.Fatalf("missing file: %v %v", a, err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatal("AppliedMigrations created the file")
	}
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	a, err := store.AppliedMigrations(path)
	if err != nil || strings.Join(a, ",") != strings.Join(store.Migrations(), ",") || len(a) < 19 || a[len(a)-1] != "0065_tickets_redirected.sql" {
		t.Fatalf("applied %v, want %v (%v)", a, store.Migrations(), err)
	}
}

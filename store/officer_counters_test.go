package store_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/motcua/motcua/store"
)

// Upgrade (docs/SECURITY.md, "Centre: officer → counters assignment"): the
// officers of a centre upgraded from a version before 0062 are not
// assigned (any counter) and listed as such; an assignment set afterwards
// is read back sorted and distinct, and an empty one is kept as "none".
func TestOfficerCountersOnUpgrade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "centre.db")
	raw, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join("migrations", "*.sql"))
	slices.Sort(names)
	if _, err := raw.Exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, f := range names {
		if filepath.Base(f) >= "0062_officer_counters.sql" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(string(b)); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if _, err := raw.Exec(`INSERT INTO schema_migrations VALUES (?, 0)`, filepath.Base(f)); err != nil {
			t.Fatal(err)
		}
	}
	for _, o := range [][2]string{{"canbo1", "officer"}, {"canbo2", "officer"}, {"giamsat", "supervisor"}} {
		if _, err := raw.Exec(`INSERT INTO officers (username, full_name, password_hash, role, created_at) VALUES (?,?,'x',?,0)`, o[0], "Cán bộ "+o[0], o[1]); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	o, err := db.Officer(ctx, "canbo1")
	if err != nil {
		t.Fatal(err)
	}
	if o.Assigned || !o.MayUseCounter("q1") || !o.MayUseCounter("q9") {
		t.Fatalf("upgraded officer: %+v", o)
	}
	list, err := db.UnassignedOfficers(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var names2 []string
	for _, o := range list {
		names2 = append(names2, o.Username)
	}
	if !slices.Equal(names2, []string{"canbo1", "canbo2"}) {
		t.Fatalf("unassigned: %v (supervisors are not listed)", names2)
	}

	if err := db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.SetOfficerCounters("canbo1", []string{"q2", "q1", " q2 ", ""}); err != nil {
			return err
		}
		return tx.SetOfficerCounters("canbo2", nil)
	}); err != nil {
		t.Fatal(err)
	}
	o, _ = db.Officer(ctx, "canbo1")
	if !o.Assigned || !slices.Equal(o.Counters, []string{"q1", "q2"}) || !o.MayUseCounter("q2") || o.MayUseCounter("q4") {
		t.Fatalf("assigned officer: %+v", o)
	}
	o, _ = db.Officer(ctx, "canbo2")
	if !o.Assigned || len(o.Counters) != 0 || o.MayUseCounter("q1") {
		t.Fatalf("officer assigned no counter: %+v", o)
	}
	if list, _ := db.UnassignedOfficers(ctx, 10); len(list) != 0 {
		t.Fatalf("still unassigned: %+v", list)
	}
	// The list shows the assignment too; PutOfficer (the CLI's re-save)
	// keeps it; an unknown officer is ErrNoRows.
	all, _ := db.Officers(ctx)
	if len(all) != 3 || !all[0].Assigned || all[2].Assigned {
		t.Fatalf("officers: %+v", all)
	}
	if err := db.Write(ctx, func(tx *store.Tx) error {
		return tx.PutOfficer(store.Officer{Username: "canbo1", FullName: "Cán bộ 1", PasswordHash: "y", Role: "officer"})
	}); err != nil {
		t.Fatal(err)
	}
	if o, _ := db.Officer(ctx, "canbo1"); !slices.Equal(o.Counters, []string{"q1", "q2"}) {
		t.Fatalf("PutOfficer lost the assignment: %+v", o)
	}
	err = db.Write(ctx, func(tx *store.Tx) error { return tx.SetOfficerCounters("khongco", []string{"q1"}) })
	if !store.IsNoRows(err) {
		t.Fatalf("unknown officer: %v", err)
	}
}

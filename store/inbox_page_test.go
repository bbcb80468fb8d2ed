package store_test

import (
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/motcua/motcua/store"
)

// A centre upgraded with items already in its inbox: 0060 adds the
// procedure column computed from each stored document (no backfill step),
// normalised as the catalogue looks codes up, empty for what an officer
// cannot be shown; the field filter and counts read it.
func TestInboxFieldColumnOnUpgrade(t *testing.T) {
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
		if filepath.Base(f) >= "0060_inbox_field.sql" {
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
	docs := []struct{ id, kind, doc, want string }{
		{"a", "nop_truc_tuyen", `{"ma_tthc":"1.001193"}`, "1.001193"},
		{"b", "nop_truc_tuyen", `{"ma_tthc":" 1.003560.000.00.00.h56 "}`, "1.003560.000.00.00.H56"},
		{"c", "lien_thong", `{"ma_don_vi_nhan":"X","ho_so":{"MaHoSo":"H1","MaTTHC":"1.012789"}}`, "1.012789"},
		{"d", "nop_truc_tuyen", `{"ma_tthc":1.5}`, ""},       // not text
		{"e", "nop_truc_tuyen", `not json {`, ""},            // unreadable
		{"f", "tien_do", `{"ma_tthc":"1.001193"}`, ""},       // not an officer's kind
		{"g", "nop_truc_tuyen", `{"trich_yeu":"thiếu"}`, ""}, // no procedure
	}
	for i, d := range docs {
		if _, err := raw.Exec(`INSERT INTO inbox (portal_id, agency, seq, kind, doc, submitted_at, pulled_at) VALUES (?,?,?,?,?,0,0)`,
			d.id, "000.00.00.H01", i+1, d.kind, d.doc); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := t.Context()
	rows, err := db.InboxItems(ctx, "", 100)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.PortalID] = r.MaTTHC
	}
	for _, d := range docs {
		if got[d.id] != d.want {
			t.Errorf("%s (%s): ma_tthc %q, want %q", d.id, d.doc, got[d.id], d.want)
		}
	}

	kinds := []string{"nop_truc_tuyen", "lien_thong"}
	mine := store.InboxFilter{Status: store.InboxNew, Kinds: kinds, Procedures: []string{"1.001193", "1.012789"}}
	page, err := db.InboxPage(ctx, mine, 10)
	if err != nil || len(page) != 2 || page[0].PortalID != "c" || page[1].PortalID != "a" {
		t.Fatalf("page %+v %v", page, err)
	}
	for f, want := range map[*store.InboxFilter]int{
		&mine: 2,
		{Status: store.InboxNew, Kinds: kinds, AllProcedures: true}:    6,
		{Kinds: kinds, Procedures: []string{"1.003560.000.00.00.H56"}}: 1,
		{Kinds: kinds}:                                    0, // no procedures: nothing, never everything
		{Procedures: []string{"1.001193"}}:                0, // no kinds: nothing
		{Kinds: kinds, Procedures: []string{"X"}}:         0,
		{Kinds: []string{"tien_do"}, AllProcedures: true}: 1,
	} {
		if n, err := db.InboxCount(ctx, *f); err != nil || n != want {
			t.Errorf("count %+v: %d %v, want %d", *f, n, err, want)
		}
	}
	if m, err := db.InboxOutside(ctx, store.InboxNew, kinds, []string{"1.001193", "1.012789"}, 10); err != nil || fmt.Sprint(m) != "map[:3 1.003560.000.00.00.H56:1]" {
		t.Errorf("outside: %v %v, want b, and d, e, g unreadable", m, err)
	}
	if m, err := db.InboxOutside(ctx, store.InboxNew, kinds, nil, 10); err != nil || fmt.Sprint(m) != "map[:3 1.001193:1 1.003560.000.00.00.H56:1 1.012789:1]" {
		t.Errorf("outside of nothing: %v %v", m, err)
	}
}

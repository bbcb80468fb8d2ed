package inbox_test

// The officer inbox filtered by field in SQL and paged by cursor
// (docs/SECURITY.md, "Centre: officer inbox by field"; docs/API.md,
// GET /api/v1/inbox).

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Fields of the demo ward: canbo1 (q1) receives TP-HT, canbo4 (q4) TNMT-DD.
const (
	civilTTHC   = "1.001193" // Đăng ký khai sinh, TP-HT
	landTTHC    = "1.012789" // Đăng ký biến động đất đai, TNMT-DD
	unknownTTHC = "9.999999" // not in the catalogue: no field
)

// putMany stores n online submissions of procedure tthc with codes
// prefix000001…, as the sync agent does (one transaction).
func (e *env) putMany(t *testing.T, prefix, tthc string, n int) {
	t.Helper()
	e.putKinds(t, func(i int) (string, string) { return fmt.Sprintf("%s%06d", prefix, i), tthc }, n)
}

// putKinds stores n online submissions; at(i) gives the i-th code and procedure.
func (e *env) putKinds(t *testing.T, at func(i int) (code, tthc string), n int) {
	t.Helper()
	var seq int64
	e.db.Read().QueryRow(`SELECT coalesce(max(seq), 0) FROM inbox`).Scan(&seq)
	rows := make([]store.InboxItem, 0, n)
	for i := range n {
		code, tthc := at(i)
		s := submission(code, "Người nộp "+code)
		s.MaTTHC = tthc
		doc, _ := json.Marshal(s)
		seq++
		rows = append(rows, store.InboxItem{PortalID: code, Seq: seq, Kind: portal.KindOnline, Doc: doc, SubmittedAt: s.ThoiDiemNop})
	}
	if err := e.db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(queue.DemoConfig().AgencyCode, rows, seq)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

type page struct {
	Items []struct {
		ID     int64  `json:"id"`
		Code   string `json:"ma_nop"`
		Status string `json:"status"`
	} `json:"items"`
	Total   int    `json:"total"`
	Waiting int    `json:"waiting"`
	Next    string `json:"next_cursor"`
}

func (e *env) page(t *testing.T, user string, q url.Values) (page, string) {
	t.Helper()
	var p page
	st, b := e.do(t, user, "GET", "/api/v1/inbox?"+q.Encode(), "", &p)
	if st != 200 {
		t.Fatalf("%s GET /api/v1/inbox?%s: %d %s", user, q.Encode(), st, b)
	}
	return p, b
}

// walk follows the cursors from the newest page to the last, checking
// each page's size bound, and returns every page's raw answer and the
// item codes in order.
func (e *env) walk(t *testing.T, user, status string, limit int) (answers []string, codes []string) {
	t.Helper()
	q := url.Values{"status": {status}, "limit": {fmt.Sprint(limit)}}
	for pages := 0; ; pages++ {
		if pages > 10000 {
			t.Fatalf("%s: cursors do not end", user)
		}
		p, raw := e.page(t, user, q)
		answers = append(answers, raw)
		if len(p.Items) > limit || (p.Next != "" && len(p.Items) != limit) {
			t.Fatalf("%s page %d: %d items, limit %d, next %q", user, pages, len(p.Items), limit, p.Next)
		}
		for _, it := range p.Items {
			codes = append(codes, it.Code)
		}
		if p.Next == "" {
			return answers, codes
		}
		q.Set("cursor", p.Next)
	}
}

// The case that failed: the inbox took the newest 500 items and filtered
// them by field afterwards, so an officer whose item was older than 500
// items of other fields saw an empty inbox.
func TestInboxOlderItemBehindOtherFields(t *testing.T) {
	e := startFields(t)
	e.putMany(t, "NTT-HOTICH", civilTTHC, 1)
	e.putMany(t, "NTT-DATDAI", landTTHC, 600)
	var l list
	if st, b := e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l); st != 200 {
		t.Fatalf("list: %d %s", st, b)
	}
	if len(l.Items) != 1 || l.Items[0].Code != "NTT-HOTICH000000" {
		t.Fatalf("canbo1 sees %d items, want its one item behind 600 of another field", len(l.Items))
	}
}

// Thousands of items across fields and states: every reader pages through
// exactly their own items, newest first, none twice; the counts are theirs;
// a page never exceeds its bound.
func TestInboxPagesThousandsByField(t *testing.T) {
	e := startFields(t)
	tthcs := []string{landTTHC, landTTHC, civilTTHC, unknownTTHC, landTTHC, civilTTHC, "1.001193 "} // a padded code is still TP-HT
	const n = 2400
	e.putKinds(t, func(i int) (string, string) { return fmt.Sprintf("NTT-MIX%09d", i), tthcs[i%len(tthcs)] }, n)
	// Every 5th item decided (status is part of the filter too).
	if err := e.db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE inbox SET status = 'accepted' WHERE id % 5 = 0`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	rows, err := e.db.InboxItems(context.Background(), "", n+1)
	if err != nil || len(rows) != n {
		t.Fatalf("rows %d %v", len(rows), err)
	}
	want := map[string]map[string][]string{"canbo1": {}, "canbo4": {}, "giamsat": {}} // user → status → codes, newest first
	for _, r := range rows {
		var s portal.Submission
		json.Unmarshal(r.Doc, &s)
		users := []string{"giamsat"}
		switch s.MaTTHC {
		case civilTTHC, "1.001193 ":
			users = append(users, "canbo1")
		case landTTHC:
			users = append(users, "canbo4")
		}
		for _, u := range users {
			want[u][r.Status] = append(want[u][r.Status], r.PortalID)
			want[u]["all"] = append(want[u]["all"], r.PortalID)
		}
	}
	for user, byStatus := range want {
		for _, status := range []string{"new", "all"} {
			_, got := e.walk(t, user, status, 97)
			if !slices.Equal(got, byStatus[status]) {
				t.Errorf("%s %s: paged %d items, want %d (first %v / %v)", user, status, len(got), len(byStatus[status]), got[:min(3, len(got))], byStatus[status][:3])
			}
			p, _ := e.page(t, user, url.Values{"status": {status}, "limit": {"5"}})
			if p.Total != len(byStatus[status]) || p.Waiting != len(byStatus["new"]) {
				t.Errorf("%s %s: total %d waiting %d, want %d and %d", user, status, p.Total, p.Waiting, len(byStatus[status]), len(byStatus["new"]))
			}
		}
	}
	// The page size is bounded: a huge limit gives MaxPageSize, the default 50.
	if p, _ := e.page(t, "giamsat", url.Values{"status": {"all"}, "limit": {"100000"}}); len(p.Items) != 200 || p.Next == "" {
		t.Fatalf("limit 100000: %d items", len(p.Items))
	}
	if p, _ := e.page(t, "giamsat", url.Values{}); len(p.Items) != 50 {
		t.Fatalf("default page: %d items", len(p.Items))
	}
	for _, bad := range []url.Values{{"limit": {"0"}}, {"limit": {"x"}}, {"cursor": {"-1"}}, {"cursor": {"abc"}}, {"status": {"gone"}}} {
		if st, b := e.do(t, "canbo1", "GET", "/api/v1/inbox?"+bad.Encode(), "", nil); st != 400 {
			t.Errorf("%s: %d %s", bad.Encode(), st, b)
		}
	}
}

// Nothing an officer receives depends on items outside their field:
// their whole paged answer (items, counts, cursors, the last page's end)
// is byte for byte the same after thousands of other fields' items
// arrive, older and newer, and are decided; a cursor pointing anywhere,
// another field's item id included, gives only their own items below it.
func TestInboxPagingLeaksNoOtherField(t *testing.T) {
	e := startFields(t)
	e.putMany(t, "NTT-DATDAI-OLD", landTTHC, 400) // older than every civil item: the last page must still end
	e.putMany(t, "NTT-KHONGRO-OLD", unknownTTHC, 100)
	e.putMany(t, "NTT-HOTICH", civilTTHC, 45)
	before, codes := e.walk(t, "canbo1", "all", 10)
	if len(codes) != 45 || len(before) != 5 {
		t.Fatalf("canbo1: %d items over %d pages", len(codes), len(before))
	}

	e.putMany(t, "NTT-DATDAI-NEW", landTTHC, 1500)
	e.putMany(t, "NTT-KHONGRO-NEW", unknownTTHC, 500)
	if err := e.db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE inbox SET status = 'returned' WHERE portal_id LIKE 'NTT-DATDAI%' AND id % 3 = 0`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	after, _ := e.walk(t, "canbo1", "all", 10)
	if !slices.Equal(before, after) {
		t.Fatalf("canbo1's answers changed when other fields' items arrived:\n%v\n%v", before[0][:200], after[0][:200])
	}
	for _, status := range []string{"new", "returned"} {
		p, _ := e.page(t, "canbo1", url.Values{"status": {status}})
		if want := map[string]int{"new": 45, "returned": 0}[status]; p.Total != want || p.Waiting != 45 {
			t.Fatalf("canbo1 %s: total %d waiting %d", status, p.Total, p.Waiting)
		}
	}

	// Any cursor: the answer is canbo1's items below it, whatever lies there.
	var ids, own []int64
	rows, _ := e.db.Read().Query(`SELECT id, portal_id LIKE 'NTT-HOTICH%' FROM inbox ORDER BY id DESC`)
	for rows.Next() {
		var id int64
		var mine bool
		rows.Scan(&id, &mine)
		ids = append(ids, id)
		if mine {
			own = append(own, id)
		}
	}
	rows.Close()
	for _, c := range []int64{ids[0] + 1000, ids[0], ids[10], ids[len(ids)/2], own[3], own[3] + 1, own[len(own)-1], own[len(own)-1] - 1, 1} {
		p, _ := e.page(t, "canbo1", url.Values{"status": {"all"}, "cursor": {fmt.Sprint(c)}, "limit": {"200"}})
		var got, want []int64
		for _, it := range p.Items {
			got = append(got, it.ID)
		}
		for _, id := range own {
			if id < c {
				want = append(want, id)
			}
		}
		if !slices.Equal(got, want) || p.Next != "" || p.Total != 45 {
			t.Errorf("cursor %d: %v next %q total %d, want %v", c, got, p.Next, p.Total, want)
		}
	}
}

// The field filter runs on the inbox_field index (store.InboxPage names it:
// a query it cannot serve fails), not on a scan of every row's document.
func TestInboxPageUsesFieldIndex(t *testing.T) {
	e := startFields(t)
	e.putMany(t, "NTT-HOTICH", civilTTHC, 3)
	codes, _ := json.Marshal([]string{civilTTHC})
	rows, err := e.db.Read().Query(`EXPLAIN QUERY PLAN SELECT id FROM inbox INDEXED BY inbox_field WHERE kind IN (?, ?) AND status = ? AND ma_tthc IN (SELECT value FROM json_each(?)) AND id < ? ORDER BY id DESC LIMIT 10`,
		portal.KindOnline, portal.KindTransfer, "new", string(codes), 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		rows.Scan(&id, &parent, &unused, &detail)
		plan = append(plan, detail)
	}
	if !slices.ContainsFunc(plan, func(s string) bool { return strings.Contains(s, "INDEX inbox_field") }) {
		t.Fatalf("plan does not use inbox_field: %q", plan)
	}
}

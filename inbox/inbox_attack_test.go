package inbox_test

// Attacks on the officer inbox API behind the counter's inbox tab
// (session 5 review, docs/SECURITY.md): accept and return racing on one
// item, items officers must not see, hostile bodies, authentication before
// the body.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Two officers press "accept" and "return" on the same submission, 50
// times at once: one decision wins, and the dossiers match it.
func TestAttackInboxAcceptReturnRace(t *testing.T) {
	for round := range 3 {
		e := start(t)
		e.put(t, submission(fmt.Sprintf("NTT-RACE%08d", round), "Lê Thị Dung"))
		var l list
		e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l)
		if len(l.Items) != 1 {
			t.Fatalf("items %+v", l.Items)
		}
		id := l.Items[0].ID
		var mu sync.Mutex
		got := map[string]int{}
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				user := []string{"canbo1", "canbo2"}[i%2]
				var st int
				var op string
				if i%4 < 2 {
					op = "accept"
					st, _ = e.do(t, user, "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", id), "", nil)
				} else {
					op = "return"
					st, _ = e.do(t, user, "POST", fmt.Sprintf("/api/v1/inbox/%d/return", id), `{"reason":"Thiếu giấy chứng sinh"}`, nil)
				}
				mu.Lock()
				got[fmt.Sprint(op, " ", st)]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		rows, err := e.db.Dossiers(context.Background(), store.DossierFilter{})
		if err != nil {
			t.Fatal(err)
		}
		accepted, returned := got["accept 201"], got["return 200"]
		if accepted+returned != 1 || len(rows) != accepted || got["accept 409"]+got["return 409"] != 49 {
			t.Fatalf("round %d: answers %v, %d dossiers", round, got, len(rows))
		}
	}
}

// Items the centre applies itself (a forwarded dossier's progress, a
// hand-over) are not the officers': reading, accepting or returning one is
// answered exactly as an item that does not exist.
func TestAttackInboxHiddenItems(t *testing.T) {
	e := start(t)
	doc, _ := json.Marshal(map[string]string{"MaHoSo": "000.00.06.H56-260901-0001"})
	if err := e.db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(queue.DemoConfig().AgencyCode, []store.InboxItem{
			{PortalID: "TD-X-1", Seq: 1, Kind: portal.KindProgress, Doc: doc},
			{PortalID: "TK-X", Seq: 2, Kind: portal.KindHandOver, Doc: doc},
		}, 2)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	rows, _ := e.db.Read().Query(`SELECT id FROM inbox ORDER BY id`)
	for rows.Next() {
		var id int64
		rows.Scan(&id)
		ids = append(ids, id)
	}
	rows.Close()
	if len(ids) != 2 {
		t.Fatalf("ids %v", ids)
	}
	var first string
	for _, id := range []string{fmt.Sprint(ids[0]), fmt.Sprint(ids[1]), "999999", "-1", "abc", strings.Repeat("9", 40)} {
		for _, m := range []string{"GET /api/v1/inbox/" + id, "POST /api/v1/inbox/" + id + "/accept", "POST /api/v1/inbox/" + id + "/return"} {
			method, path, _ := strings.Cut(m, " ")
			st, body := e.do(t, "canbo1", method, path, `{"reason":"Thiếu giấy tờ"}`, nil)
			a := fmt.Sprint(st, " ", body)
			if first == "" {
				first = a
			}
			if a != first || st != 404 {
				t.Errorf("%s: %q, first answer %q", m, a, first)
			}
		}
	}
	var l list
	e.do(t, "canbo1", "GET", "/api/v1/inbox?status=all", "", &l)
	if len(l.Items) != 0 {
		t.Fatalf("listed: %+v", l.Items)
	}
	var decided int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM inbox WHERE status != 'new'`).Scan(&decided)
	if decided != 0 {
		t.Fatalf("%d hidden items decided by an officer", decided)
	}
}

// Hostile bodies on accept and return change nothing; the anonymous caller
// and a device are refused before the body is read.
func TestAttackInboxBodies(t *testing.T) {
	e := start(t)
	e.put(t, submission("NTT-DDDDDDDDDDDD", "Phạm Văn Em"))
	var l list
	e.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l)
	id := l.Items[0].ID
	comps := `[` + strings.Repeat(`{"name":"Tờ khai","originals":1},`, 2000) + `{"name":"x","originals":1}]`
	for name, c := range map[string]struct{ op, body string }{
		"return huge":        {"return", `{"reason":"` + strings.Repeat("a", 70<<10) + `"}`},
		"return long":        {"return", `{"reason":"` + strings.Repeat("ă", 1001) + `"}`},
		"return control":     {"return", `{"reason":"Thiếu\u001b[2J giấy tờ"}`},
		"return empty":       {"return", `{"reason":"   "}`},
		"return deep":        {"return", `{"reason":` + strings.Repeat("[", 20000) + strings.Repeat("]", 20000) + `}`},
		"accept many comps":  {"accept", `{"components":` + comps + `}`},
		"accept neg copies":  {"accept", `{"components":[{"name":"Tờ khai","originals":-5}]}`},
		"accept huge copies": {"accept", `{"components":[{"name":"Tờ khai","originals":99999999999}]}`},
		"accept long name":   {"accept", `{"components":[{"name":"` + strings.Repeat("a", 5000) + `","originals":1}]}`},
		"accept summary":     {"accept", `{"summary":"` + strings.Repeat("b", 60000) + `"}`},
		"accept trailing":    {"accept", `{} {}`},
	} {
		st, body := e.do(t, "canbo1", "POST", fmt.Sprintf("/api/v1/inbox/%d/%s", id, c.op), c.body, nil)
		if st != 400 && st != 413 {
			t.Errorf("%s: %d %.300s", name, st, body)
		}
	}
	var decided int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM inbox WHERE status != 'new'`).Scan(&decided)
	rows, _ := e.db.Dossiers(context.Background(), store.DossierFilter{})
	if decided != 0 || len(rows) != 0 {
		t.Fatalf("%d decided, %d dossiers after hostile bodies", decided, len(rows))
	}
	for _, p := range []string{fmt.Sprintf("/api/v1/inbox/%d/accept", id), fmt.Sprintf("/api/v1/inbox/%d/return", id)} {
		for _, hdr := range []map[string]string{nil, {"Authorization": "Bearer forged"}} {
			if st := centretest.HeadersOnly(t, e.url, "POST", p, hdr, 100<<20); st != 401 {
				t.Fatalf("%s %v: %d", p, hdr, st)
			}
		}
	}
}

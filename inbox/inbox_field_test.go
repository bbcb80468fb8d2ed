package inbox_test

// The officer inbox by field (docs/SECURITY.md, "Centre: officer inbox by
// field"): an officer lists, reads, accepts and returns only the items of
// their counter's fields, as for dossiers (centre.TestDossierFieldRule);
// any other item answers exactly as an unknown id.

import (
	"context"
	"fmt"
	"sort"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/store"
)

// startFields runs a real centre (demo ward configuration) with canbo1 at
// q1 (Tư pháp – Hộ tịch), canbo4 at q4 (Đất đai) and a supervisor.
func startFields(t *testing.T) *env {
	t.Helper()
	e := &env{token: map[string]string{}}
	c := centretest.Start(t, centretest.Options{
		Dossiers: &centre.DossierOptions{},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Cán bộ hộ tịch"}, {Username: "canbo4", FullName: "Cán bộ đất đai"},
			{Username: "giamsat", FullName: "Giám sát", Role: "supervisor"}},
		Mount: func(m centretest.Mount) error {
			e.db = m.DB
			_, err := inbox.Mount(m.Server, m.DB, inbox.Options{})
			return err
		},
	})
	e.url = c.URL
	for u, k := range map[string]string{"canbo1": "q1", "canbo4": "q4", "giamsat": ""} {
		e.token[u] = c.Login(context.Background(), u, k).Token()
	}
	return e
}

func (e *env) listCodes(t *testing.T, user string) []string {
	t.Helper()
	var l list
	if st, b := e.do(t, user, "GET", "/api/v1/inbox?status=all", "", &l); st != 200 {
		t.Fatalf("%s list: %d %s", user, st, b)
	}
	var out []string
	for _, it := range l.Items {
		out = append(out, it.Code)
	}
	sort.Strings(out)
	return out
}

func TestInboxFieldRule(t *testing.T) {
	e := startFields(t)
	civil := submission("NTT-HOTICH000001", "Nguyễn Thị Bình") // 1.001193, lĩnh vực TP-HT
	land := submission("NTT-DATDAI000001", "Trần Văn Cường")
	land.MaTTHC, land.TrichYeu = "1.012789", "Đăng ký biến động đất đai" // lĩnh vực TNMT-DD
	unknown := submission("NTT-KHONGRO00001", "Lê Văn Dũng")
	unknown.MaTTHC = "9.999999" // not in the catalogue: no field
	e.put(t, civil, land, unknown)
	ids := map[string]int64{}
	rows, err := e.db.InboxItems(context.Background(), "", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		ids[r.PortalID] = r.ID
	}
	if len(ids) != 3 {
		t.Fatalf("items %v", ids)
	}

	for user, want := range map[string]string{
		"canbo1":  "[NTT-HOTICH000001]",
		"canbo4":  "[NTT-DATDAI000001]",
		"giamsat": "[NTT-DATDAI000001 NTT-HOTICH000001 NTT-KHONGRO00001]",
	} {
		if got := fmt.Sprint(e.listCodes(t, user)); got != want {
			t.Errorf("%s lists %s, want %s", user, got, want)
		}
	}

	// Another field's item, and an item of no field, answer as an unknown id
	// on every route (same status, same bytes), and nothing is decided.
	routes := []string{"GET /api/v1/inbox/%v", "POST /api/v1/inbox/%v/accept", "POST /api/v1/inbox/%v/return"}
	answer := func(user, route string, id any) string {
		var method, path string
		fmt.Sscanf(route, "%s %s", &method, &path)
		st, body := e.do(t, user, method, fmt.Sprintf(path, id), `{"reason":"Thiếu giấy tờ"}`, nil)
		return fmt.Sprint(st, " ", body)
	}
	for user, others := range map[string][]string{"canbo1": {land.MaNop, unknown.MaNop}, "canbo4": {civil.MaNop, unknown.MaNop}} {
		for _, route := range routes {
			want := answer(user, route, 999999)
			if want[:4] != "404 " {
				t.Fatalf("%s %s unknown id: %s", user, route, want)
			}
			for _, code := range others {
				if got := answer(user, route, ids[code]); got != want {
					t.Errorf("%s %s on %s: %q, unknown id %q", user, route, code, got, want)
				}
			}
		}
	}
	var decided int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM inbox WHERE status != 'new'`).Scan(&decided)
	if decided != 0 {
		t.Fatalf("%d items decided by an officer of another field", decided)
	}

	// Each officer reads and decides their own; the supervisor reads all.
	for _, code := range []string{civil.MaNop, land.MaNop, unknown.MaNop} {
		var it inbox.Item
		if st, b := e.do(t, "giamsat", "GET", fmt.Sprintf("/api/v1/inbox/%d", ids[code]), "", &it); st != 200 || it.Code != code {
			t.Fatalf("supervisor reading %s: %d %s", code, st, b)
		}
	}
	var it inbox.Item
	if st, b := e.do(t, "canbo1", "GET", fmt.Sprintf("/api/v1/inbox/%d", ids[civil.MaNop]), "", &it); st != 200 || it.Submission.ChuHoSo.SoGiayTo == "" {
		t.Fatalf("canbo1 reading own field: %d %s", st, b)
	}
	var v centre.DossierView
	if st, b := e.do(t, "canbo1", "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", ids[civil.MaNop]), "", &v); st != 201 || v.Dossier.Code == "" {
		t.Fatalf("canbo1 accepting own field: %d %s", st, b)
	}
	if st, b := e.do(t, "canbo4", "POST", fmt.Sprintf("/api/v1/inbox/%d/return", ids[land.MaNop]), `{"reason":"Thiếu bản đồ thửa đất"}`, nil); st != 200 {
		t.Fatalf("canbo4 returning own field: %d %s", st, b)
	}
	// The accepted dossier then follows the dossier rule: canbo4 may not read it.
	if st, b := e.do(t, "canbo4", "GET", "/api/v1/dossiers/"+v.Dossier.Code, "", nil); st != 403 {
		t.Fatalf("canbo4 reading the accepted dossier: %d %s", st, b)
	}
	var states []string
	r2, _ := e.db.InboxItems(context.Background(), "", 10)
	for _, r := range r2 {
		states = append(states, r.PortalID+"="+r.Status+"/"+r.DecidedBy)
	}
	sort.Strings(states)
	if want := fmt.Sprint([]string{"NTT-DATDAI000001=" + store.InboxReturned + "/canbo4", "NTT-HOTICH000001=" + store.InboxAccepted + "/canbo1", "NTT-KHONGRO00001=" + store.InboxNew + "/"}); fmt.Sprint(states) != want {
		t.Fatalf("states %v, want %s", states, want)
	}
}

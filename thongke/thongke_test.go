package thongke_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/thongke"
)

func vn(m time.Month, d int) time.Time { return time.Date(2023, m, d, 9, 0, 0, 0, dossier.Loc) }

type env struct {
	t      *testing.T
	ts     *centretest.Env
	tokens map[string]string
	cfg    *queue.Config
	db     *store.DB
}

func newEnv(t *testing.T) *env {
	e := &env{t: t, tokens: map[string]string{}}
	e.ts = centretest.Start(t, centretest.Options{
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "canbo1", Role: "officer"}, {Username: "giamsat", FullName: "giamsat", Role: "supervisor"}},
		Mount: func(m centretest.Mount) error {
			e.db, e.cfg = m.DB, m.Config
			thongke.Mount(m.Server, m.DB, m.Config, func() time.Time { return time.Date(2023, 12, 1, 0, 0, 0, 0, dossier.Loc) })
			return nil
		},
	})
	for _, who := range []string{"canbo1", "giamsat"} {
		e.tokens[who] = e.ts.Session(who, "")
	}
	cfg := e.cfg
	// A: on time in October; B: late in October; C: received in November, open past due.
	ds := []struct {
		received, due, resolved time.Time
		status                  dossier.Status
	}{
		{vn(10, 2), vn(10, 9), vn(10, 6), dossier.StatusResolved},
		{vn(10, 3), vn(10, 10), vn(10, 13), dossier.StatusResolved},
		{vn(11, 5), vn(11, 12), time.Time{}, dossier.StatusProcessing},
	}
	err := e.db.Write(e.ts.Ctx, func(tx *store.Tx) error {
		for i, s := range ds {
			code, err := dossier.FormatCode(cfg.AgencyCode, s.received, i+1)
			if err != nil {
				return err
			}
			d := dossier.Dossier{Code: code, Status: s.status, ReceivedAt: s.received, AppointmentAt: s.due, ResolvedAt: s.resolved,
				History: []dossier.Event{{At: s.received, Action: "receive", To: dossier.StatusReceived}}}
			doc, _ := json.Marshal(map[string]any{"dossier": d})
			if err := tx.InsertDossier(store.DossierRow{Code: code, Agency: cfg.AgencyCode, Day: s.received.Format("2006-01-02"), Seq: i + 1,
				ProcedureCode: "1.001193", Status: int(s.status), ReceivedAt: s.received, AppointmentAt: s.due, UpdatedAt: s.received, Doc: doc}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) get(query, who string) (int, thongke.Answer, string) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.ts.URL+"/api/v1/thong-ke-ho-so?"+query, nil)
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[who])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var a thongke.Answer
	if resp.StatusCode == 200 {
		if err := json.Unmarshal(b, &a); err != nil {
			e.t.Fatal(err)
		}
	}
	return resp.StatusCode, a, string(b)
}

func TestStatisticsForAnyPeriod(t *testing.T) {
	e := newEnv(t)

	st, a, body := e.get("thang=2023-10", "giamsat")
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	p := a.TongHop
	if a.Tu != "2023-10-01" || a.Den != "2023-10-31" || p.Thang != 10 || p.Nam != 2023 || p.SoNhanTrongKy != 2 || p.TongDaXuLy != 2 ||
		p.TongXuLyDungHan != 1 || p.TongXuLyTreHan != 1 || p.PhanTramXuLyDungHan != "50.00" || p.TongChuaXuLy != 0 {
		t.Fatalf("October %+v", a)
	}
	if len(a.TheoThang) != 1 || a.TheoThang[0] != p {
		t.Fatalf("a month's own packet must equal the period figures: %+v", a.TheoThang)
	}
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}

	st, a, body = e.get("nam=2023", "giamsat")
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	p = a.TongHop
	if p.SoNhanTrongKy != 3 || p.TongDaXuLy != 2 || p.TongChuaXuLy != 1 || p.TongChuaXuLyTreHan != 1 || len(a.TheoThang) != 12 {
		t.Fatalf("2023 %+v (%d months)", p, len(a.TheoThang))
	}
	if a.TheoThang[10].SoNhanTrongKy != 1 || a.TheoThang[10].Thang != 11 || a.TheoThang[9].SoNhanTrongKy != 2 {
		t.Fatalf("monthly packets %+v", a.TheoThang)
	}

	// A range of days: both October dossiers were received before it, so carried.
	st, a, body = e.get("tu=2023-10-05&den=2023-10-31", "giamsat")
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	if p = a.TongHop; p.SoNhanTrongKy != 0 || p.SoTonKyTruoc != 2 || p.TongDaXuLy != 2 {
		t.Fatalf("range %+v", p)
	}
}

func TestStatisticsRefusals(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		query, who string
		status     int
	}{
		{"thang=2023-10", "", http.StatusUnauthorized},
		{"thang=2023-10", "canbo1", http.StatusForbidden},
		{"thang=2023-13", "giamsat", http.StatusBadRequest},
		{"", "giamsat", http.StatusBadRequest},
		{"tu=2022-01-01&den=2023-06-30", "giamsat", http.StatusBadRequest}, // over 366 days
		{"tu=2023-10-05&den=2023-10-01", "giamsat", http.StatusBadRequest}, // backwards
		{"nam=1999", "giamsat", http.StatusBadRequest},
	} {
		if st, _, body := e.get(c.query, c.who); st != c.status {
			t.Errorf("%q as %q: %d %s, want %d", c.query, c.who, st, body, c.status)
		}
	}
	// Concurrent requests: each either computes or is told to come back (429), none fails.
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if st, _, body := e.get("nam=2023", "giamsat"); st != 200 && st != http.StatusTooManyRequests {
				t.Errorf("concurrent: %d %s", st, body)
			}
		}()
	}
	wg.Wait()
}

// A dossier forwarded between two centres (liên thông) counts once, at the
// centre that received it: the receiving centre's row (lien_thong_den)
// counts, the deciding centre's working copy (lien_thong_tu, under the
// receiving centre's code) does not (docs/DOMAIN.md, "Statistics of
// forwarded dossiers").
func TestForwardedDossierCountedOnce(t *testing.T) {
	e := newEnv(t)
	other := "000.00.07.H26"
	err := e.db.Write(context.Background(), func(tx *store.Tx) error {
		for i, c := range []struct {
			agency, key string
			resolved    time.Time
		}{
			{e.cfg.AgencyCode, "lien_thong_den", vn(10, 20)}, // received here, decided there: counted
			{other, "lien_thong_tu", vn(10, 20)},             // received there, decided here: not counted
		} {
			code, err := dossier.FormatCode(c.agency, vn(10, 16), 50+i)
			if err != nil {
				return err
			}
			d := dossier.Dossier{Code: code, Status: dossier.StatusResolved, ReceivedAt: vn(10, 16), AppointmentAt: vn(10, 23), ResolvedAt: c.resolved,
				History: []dossier.Event{{At: vn(10, 16), Action: "receive", To: dossier.StatusReceived}}}
			doc, _ := json.Marshal(map[string]any{"dossier": d, c.key: "000.10.00.H26"})
			if err := tx.InsertDossier(store.DossierRow{Code: code, Agency: c.agency, Day: "2023-10-16", Seq: 50 + i,
				ProcedureCode: "1.001193", Status: int(dossier.StatusResolved), ReceivedAt: vn(10, 16), AppointmentAt: vn(10, 23), UpdatedAt: vn(10, 20), Doc: doc}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	st, a, body := e.get("thang=2023-10", "giamsat")
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	// The two of newEnv and the forwarded one received here; not the working copy.
	if p := a.TongHop; p.SoNhanTrongKy != 3 || p.TongDaXuLy != 3 || p.TongXuLyDungHan != 2 || p.TongXuLyTreHan != 1 {
		t.Fatalf("October with a forwarded dossier and a working copy: %+v", p)
	}
}

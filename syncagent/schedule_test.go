package syncagent_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	portalstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// A province's schedule for 2027 (no official notice exists yet; this one is a test fixture).
const published2027 = `{"version":1,"years":{"2027":{"source":"Lịch nghỉ do tỉnh công bố (thử nghiệm)","notice":"TEST/2027",
 "days_off":[{"date":"2027-01-01","name":"Tết Dương lịch"},{"date":"2027-02-04","name":"Tết Nguyên Đán (28 tháng Chạp)"},
 {"date":"2027-02-05","name":"Tết Nguyên Đán (29 tháng Chạp)"},{"date":"2027-02-08","name":"Tết Nguyên Đán (mùng 3 Tết)"},
 {"date":"2027-02-09","name":"Tết Nguyên Đán (mùng 4 Tết)"},{"date":"2027-02-10","name":"Tết Nguyên Đán (mùng 5 Tết)"}],
 "working_days":[{"date":"2027-02-20","name":"Làm bù"}]}}}`

// servePortal runs a real portal (SQLite store, loopback HTTP) publishing sched, counting the
// schedule requests and how many bodies it sent.
func servePortal(t *testing.T, sched string) (url string, requests, bodies *atomic.Int64) {
	t.Helper()
	ctx := context.Background()
	st, err := portalstore.Open(ctx, filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := portal.New(ctx, st, portal.Options{Logger: quiet, HolidaySchedule: []byte(sched)})
	if err != nil {
		t.Fatal(err)
	}
	requests, bodies = new(atomic.Int64), new(atomic.Int64)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/lich-nghi" {
			requests.Add(1)
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, r)
			if rec.Code == 200 {
				bodies.Add(1)
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
			return
		}
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(ts.Close)
	return ts.URL, requests, bodies
}

func centreDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// The province publishes its holiday schedule once; every centre's agent pulls it (as the
// catalogue is pulled), stores it only when it validates and changed, and the centre's
// calendar layers it over the embedded schedule, under the console's local override.
func TestPullScheduleFromPortal(t *testing.T) {
	ctx := context.Background()
	db := centreDB(t)

	// Nothing published: nothing stored, no error.
	none, _, _ := servePortal(t, "")
	if changed, err := syncagent.PullSchedule(ctx, db, syncagent.PortalClient{C: client.New(none, "", "")}); err != nil || changed {
		t.Fatalf("no schedule: changed=%v err=%v", changed, err)
	}
	if s, err := syncagent.PortalSchedule(ctx, db); err != nil || s != nil {
		t.Fatalf("stored %v %v", s, err)
	}

	url, requests, bodies := servePortal(t, published2027)
	src := syncagent.PortalClient{C: client.New(url, "", "")}
	changed, err := syncagent.PullSchedule(ctx, db, src)
	if err != nil || !changed {
		t.Fatalf("first pull: changed=%v err=%v", changed, err)
	}
	// Unchanged: one conditional request, 304, no body, no write.
	if changed, err := syncagent.PullSchedule(ctx, db, src); err != nil || changed {
		t.Fatalf("second pull: changed=%v err=%v", changed, err)
	}
	if requests.Load() != 2 || bodies.Load() != 1 {
		t.Errorf("requests %d, bodies %d; want 2 and 1 (ETag)", requests.Load(), bodies.Load())
	}

	fromPortal, err := syncagent.PortalSchedule(ctx, db)
	if err != nil || fromPortal == nil || fromPortal.Years["2027"].Notice != "TEST/2027" {
		t.Fatalf("stored schedule %+v %v", fromPortal, err)
	}
	cal := dossier.NewCalendar(dossier.MergeSchedules(dossier.DefaultSchedule(), fromPortal), dossier.DefaultRules())
	day := func(s string) time.Time {
		v, _ := time.ParseInLocation(time.DateOnly, s, dossier.Loc)
		return v.Add(9 * time.Hour)
	}
	if cal.IsWorkingDay(day("2027-02-04")) || !cal.IsWorkingDay(day("2027-02-20")) {
		t.Error("the portal's 2027 is not in the calendar")
	}
	if _, src := cal.DaysOff(2026); src != dossier.SourceSchedule || cal.IsWorkingDay(day("2026-02-17")) {
		t.Error("the embedded 2026 was lost")
	}
	// Appointments computed with it name its version.
	if v := cal.YearVersion(2027); !strings.HasPrefix(v, "2027:schedule:") {
		t.Errorf("version %q", v)
	}
	// A local (console) override of 2027 wins over the portal's.
	local, _ := dossier.ParseSchedule(strings.NewReader(`{"version":1,"years":{"2027":{"source":"local","days_off":[],"working_days":[]}}}`))
	if !dossier.NewCalendar(dossier.MergeSchedules(dossier.DefaultSchedule(), fromPortal, local), dossier.DefaultRules()).IsWorkingDay(day("2027-02-04")) {
		t.Error("the console override did not win")
	}
}

// Bytes from the network are hostile: an invalid or oversized schedule is refused and the
// stored one is kept; a portal refuses to start with an invalid one.
func TestPullScheduleRefusesBadSchedules(t *testing.T) {
	ctx := context.Background()
	db := centreDB(t)
	url, _, _ := servePortal(t, published2027)
	if _, err := syncagent.PullSchedule(ctx, db, syncagent.PortalClient{C: client.New(url, "", "")}); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"not json":   "<html>",
		"bad date":   `{"version":1,"years":{"2027":{"source":"x","days_off":[{"date":"2027-02-30","name":"x"}],"working_days":[]}}}`,
		"oversized":  `{"version":1,"years":{}, "x":"` + strings.Repeat("a", client.MaxScheduleBytes) + `"}`,
		"wrong year": `{"version":1,"years":{"2027":{"source":"x","days_off":[{"date":"2028-01-01","name":"x"}],"working_days":[]}}}`,
	} {
		evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("ETag", `"evil"`)
			w.Write([]byte(body))
		}))
		changed, err := syncagent.PullSchedule(ctx, db, syncagent.PortalClient{C: client.New(evil.URL, "", "")})
		evil.Close()
		if err == nil || changed {
			t.Errorf("%s: accepted (changed=%v)", name, changed)
		}
	}
	if s, err := syncagent.PortalSchedule(ctx, db); err != nil || s == nil || s.Years["2027"].Notice != "TEST/2027" {
		t.Errorf("the good schedule was not kept: %+v %v", s, err)
	}
	st, err := portalstore.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := portal.New(ctx, st, portal.Options{Logger: quiet, HolidaySchedule: []byte(`{"version":2}`)}); err == nil {
		t.Error("portal started with an invalid schedule")
	}
}

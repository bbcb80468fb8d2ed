package console_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The scripted day: Monday 10 March 2025, two services (hộ tịch, target 15
// min; chứng thực, target 10 min), counters q1 (canbo1) and q2 (canbo2).
//
//	T1 hotich    issued 08:00, called q1 08:10 (wait 10), finished 08:20 (service 10)
//	T2 hotich    issued 08:05, called q1 08:30 (wait 25), started 08:32, finished 08:40 (service 8)
//	T3 chungthuc issued 08:10, called q2 08:15 (wait 5),  finished 08:19 (service 4)
//	T4 chungthuc issued 09:00, called q2 09:20 (wait 20), no-show 09:25
//	T5 hotich    issued 09:10, cancelled 09:30 (never called)
//	T6 chungthuc issued 09:30, called q2 09:38 (wait 8),  finished 09:50 (service 12)
//
// and on Tuesday 11 March: T7 hotich issued 08:00, called q1 08:05, finished 08:15.
func at(day, hm string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" "+hm, queue.Loc)
	if err != nil {
		panic(err)
	}
	return t
}

const d1, d2 = "2025-03-10", "2025-03-11"

func scriptedEvents() []queue.Event {
	ev := func(day, hm, kind, id, svc, counter, officer string) queue.Event {
		return queue.Event{At: at(day, hm), Kind: kind, TicketID: id, Number: id, Service: svc, Counter: counter, Officer: officer}
	}
	return []queue.Event{
		ev(d1, "08:00", queue.EvIssued, "T1", "hotich", "", ""),
		ev(d1, "08:05", queue.EvIssued, "T2", "hotich", "", ""),
		ev(d1, "08:10", queue.EvCalled, "T1", "hotich", "q1", "canbo1"),
		ev(d1, "08:10", queue.EvIssued, "T3", "chungthuc", "", ""),
		ev(d1, "08:15", queue.EvCalled, "T3", "chungthuc", "q2", "canbo2"),
		ev(d1, "08:19", queue.EvFinished, "T3", "chungthuc", "q2", "canbo2"),
		ev(d1, "08:20", queue.EvFinished, "T1", "hotich", "q1", "canbo1"),
		ev(d1, "08:30", queue.EvCalled, "T2", "hotich", "q1", "canbo1"),
		ev(d1, "08:32", queue.EvStarted, "T2", "hotich", "q1", "canbo1"),
		ev(d1, "08:40", queue.EvFinished, "T2", "hotich", "q1", "canbo1"),
		ev(d1, "09:00", queue.EvIssued, "T4", "chungthuc", "", ""),
		ev(d1, "09:10", queue.EvIssued, "T5", "hotich", "", ""),
		ev(d1, "09:20", queue.EvCalled, "T4", "chungthuc", "q2", "canbo2"),
		ev(d1, "09:25", queue.EvNoShow, "T4", "chungthuc", "q2", "canbo2"),
		ev(d1, "09:30", queue.EvCancelled, "T5", "hotich", "", ""),
		ev(d1, "09:30", queue.EvIssued, "T6", "chungthuc", "", ""),
		ev(d1, "09:38", queue.EvCalled, "T6", "chungthuc", "q2", "canbo2"),
		ev(d1, "09:50", queue.EvFinished, "T6", "chungthuc", "q2", "canbo2"),
		ev(d2, "08:00", queue.EvIssued, "T7", "hotich", "", ""),
		ev(d2, "08:05", queue.EvCalled, "T7", "hotich", "q1", "canbo1"),
		ev(d2, "08:15", queue.EvFinished, "T7", "hotich", "q1", "canbo1"),
	}
}

func eventsOf(day string) []queue.Event {
	var out []queue.Event
	for _, e := range scriptedEvents() {
		if queue.Day(e.At) == day {
			out = append(out, e)
		}
	}
	return out
}

func pf(v float64) *float64 { return &v }

func TestComputeQueueScriptedDay(t *testing.T) {
	cfg := queue.DemoConfig()
	r := console.ComputeQueue(cfg, console.Filter{From: d1, To: d1}, eventsOf(d1))
	want := console.Figures{Issued: 6, Called: 5, Served: 4, NoShows: 1, Cancelled: 1,
		WaitP50: 10, WaitP90: 25, WaitMax: 25, ServiceP50: 8, ServiceP90: 12, ServiceMax: 12,
		ServiceLevelPct: pf(60), WithinTarget: 3, WithTarget: 5}
	assertFigures(t, "total", r.Total, want)
	groups := map[string]*console.Figures{}
	for _, g := range append(r.Services, r.Counters...) {
		groups[g.ID] = g.Figures
	}
	assertFigures(t, "hotich", groups["hotich"], console.Figures{Issued: 3, Called: 2, Served: 2, Cancelled: 1,
		WaitP50: 10, WaitP90: 25, WaitMax: 25, ServiceP50: 8, ServiceP90: 10, ServiceMax: 10, ServiceLevelPct: pf(50), WithinTarget: 1, WithTarget: 2})
	assertFigures(t, "chungthuc", groups["chungthuc"], console.Figures{Issued: 3, Called: 3, Served: 2, NoShows: 1,
		WaitP50: 8, WaitP90: 20, WaitMax: 20, ServiceP50: 4, ServiceP90: 12, ServiceMax: 12, ServiceLevelPct: pf(66.7), WithinTarget: 2, WithTarget: 3})
	assertFigures(t, "q1", groups["q1"], console.Figures{Called: 2, Served: 2,
		WaitP50: 10, WaitP90: 25, WaitMax: 25, ServiceP50: 8, ServiceP90: 10, ServiceMax: 10, ServiceLevelPct: pf(50), WithinTarget: 1, WithTarget: 2})
	assertFigures(t, "q2", groups["q2"], console.Figures{Called: 3, Served: 2, NoShows: 1,
		WaitP50: 8, WaitP90: 20, WaitMax: 20, ServiceP50: 4, ServiceP90: 12, ServiceMax: 12, ServiceLevelPct: pf(66.7), WithinTarget: 2, WithTarget: 3})

	if h := r.Hours[8]; h.Issued != 3 || h.MeanWaitMin != 13.3 {
		t.Errorf("08h = %+v, want 3 issued, mean wait 13.3", h)
	}
	if h := r.Hours[9]; h.Issued != 3 || h.MeanWaitMin != 14 {
		t.Errorf("09h = %+v, want 3 issued, mean wait 14", h)
	}
	got := map[string]int{}
	for _, b := range r.WaitBuckets {
		got[b.Label] = b.Count
	}
	wantB := map[string]int{"0–5": 0, "5–10": 2, "10–15": 1, "15–20": 0, "20–30": 2, "30–45": 0, "45–60": 0, "≥60": 0}
	for k, v := range wantB {
		if got[k] != v {
			t.Errorf("bucket %s = %d, want %d (all %v)", k, got[k], v, got)
		}
	}

	// The same numbers as the centre's own day statistics (the portal's).
	st := queue.ComputeStats(d1, eventsOf(d1))
	if st.Total.Issued != r.Total.Issued || st.Total.Served != r.Total.Served || st.Total.NoShows != r.Total.NoShows ||
		st.Total.Cancelled != r.Total.Cancelled || st.Total.WaitP50 != r.Total.WaitP50 || st.Total.WaitP90 != r.Total.WaitP90 ||
		st.Total.WaitMax != r.Total.WaitMax || st.Total.ServiceP50 != r.Total.ServiceP50 || st.Total.ServiceP90 != r.Total.ServiceP90 {
		t.Errorf("report total %+v differs from queue.ComputeStats %+v", r.Total, st.Total)
	}
}

func TestComputeQueueFilters(t *testing.T) {
	cfg := queue.DemoConfig()
	tests := []struct {
		name                                  string
		f                                     console.Filter
		issued, served, noShows, cancelled, n int // n: days in the report
		level                                 *float64
	}{
		{"officer canbo1", console.Filter{From: d1, To: d1, Officer: "canbo1"}, 2, 2, 0, 0, 1, pf(50)},
		{"counter q2", console.Filter{From: d1, To: d1, Counter: "q2"}, 3, 2, 1, 0, 1, pf(66.7)},
		{"service hotich", console.Filter{From: d1, To: d1, Service: "hotich"}, 3, 2, 0, 1, 1, pf(50)},
		{"two days", console.Filter{From: d1, To: d2}, 7, 5, 1, 1, 2, pf(66.7)},
		{"a week with empty days", console.Filter{From: "2025-03-10", To: "2025-03-16"}, 7, 5, 1, 1, 7, pf(66.7)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := console.ComputeQueue(cfg, tc.f, scriptedEvents())
			f := r.Total
			if f.Issued != tc.issued || f.Served != tc.served || f.NoShows != tc.noShows || f.Cancelled != tc.cancelled || len(r.Days) != tc.n {
				t.Fatalf("total %+v, %d days", f, len(r.Days))
			}
			if (f.ServiceLevelPct == nil) != (tc.level == nil) || f.ServiceLevelPct != nil && *f.ServiceLevelPct != *tc.level {
				t.Fatalf("service level %v, want %v", f.ServiceLevelPct, *tc.level)
			}
			if tc.f.Service != "" && len(r.Services) != 1 {
				t.Fatalf("service filter kept %d services", len(r.Services))
			}
		})
	}
	r := console.ComputeQueue(cfg, console.Filter{From: d1, To: d2}, scriptedEvents())
	if r.Days[0].ServiceLevelPct == nil || *r.Days[0].ServiceLevelPct != 60 || r.Days[1].ServiceLevelPct == nil || *r.Days[1].ServiceLevelPct != 100 {
		t.Fatalf("days %+v", r.Days)
	}
}

func assertFigures(t *testing.T, name string, got *console.Figures, want console.Figures) {
	t.Helper()
	if got == nil {
		t.Fatalf("%s: no figures", name)
	}
	g := *got
	lv := func(p *float64) float64 {
		if p == nil {
			return -1
		}
		return *p
	}
	if g.Issued != want.Issued || g.Called != want.Called || g.Served != want.Served || g.NoShows != want.NoShows || g.Cancelled != want.Cancelled ||
		g.WaitP50 != want.WaitP50 || g.WaitP90 != want.WaitP90 || g.WaitMax != want.WaitMax ||
		g.ServiceP50 != want.ServiceP50 || g.ServiceP90 != want.ServiceP90 || g.ServiceMax != want.ServiceMax ||
		lv(g.ServiceLevelPct) != lv(want.ServiceLevelPct) || g.WithinTarget != want.WithinTarget || g.WithTarget != want.WithTarget {
		t.Errorf("%s:\n got %+v (level %v)\nwant %+v (level %v)", name, g, lv(g.ServiceLevelPct), want, lv(want.ServiceLevelPct))
	}
}

// seedReportData writes the scripted events, three dossiers and five
// ratings into the centre database.
func seedReportData(e *env) {
	e.write(func(tx *store.Tx) error {
		for _, ev := range scriptedEvents() {
			if _, err := tx.AppendEvent(ev); err != nil {
				return err
			}
		}
		return nil
	})
	// Dz1 received 10/3, due 13/3, resolved 11/3 (on time), returned 12/3.
	// Dz2 received 10/3, due 11/3 09:00, resolved 11/3 15:00 (late).
	// Dz3 received 26/2, due 8/3, resolved 7/3 (on time), returned 10/3.
	mk := func(code, recv, due, resolved, returned string) store.DossierRow {
		d := dossier.Dossier{Code: code, ReceivedAt: parse(recv), AppointmentAt: parse(due), ResolvedAt: parse(resolved), Status: dossier.StatusResolved}
		if returned != "" {
			d.Status = dossier.StatusReturned
			d.Return = &dossier.ResultReturn{At: parse(returned)}
		}
		doc, _ := json.Marshal(map[string]any{"dossier": d})
		upd := d.ResolvedAt
		if d.Return != nil {
			upd = d.Return.At
		}
		return store.DossierRow{Code: code, Agency: "000.00.06.H26", Day: queue.Day(d.ReceivedAt), ProcedureCode: "1.001193", Status: int(d.Status),
			Counter: "q3", Officer: "canbo1", ReceivedAt: d.ReceivedAt, AppointmentAt: d.AppointmentAt, UpdatedAt: upd, Doc: doc}
	}
	rows := []store.DossierRow{
		mk("000.00.06.H26-250310-0001", "2025-03-10 08:30", "2025-03-13 08:30", "2025-03-11 10:00", "2025-03-12 09:00"),
		mk("000.00.06.H26-250310-0002", "2025-03-10 09:00", "2025-03-11 09:00", "2025-03-11 15:00", ""),
		mk("000.00.06.H26-250226-0001", "2025-02-26 09:00", "2025-03-08 09:00", "2025-03-07 10:00", "2025-03-10 10:00"),
	}
	e.write(func(tx *store.Tx) error {
		for i, r := range rows {
			r.Seq = i + 1
			if err := tx.InsertDossier(r); err != nil {
				return err
			}
		}
		for i, rt := range []struct {
			at    string
			level int
		}{{"2025-03-10 08:21", 1}, {"2025-03-10 08:41", 1}, {"2025-03-10 09:51", 2}, {"2025-03-11 08:16", 3}, {"2025-03-09 10:00", 1}} {
			if err := tx.InsertRating(store.Rating{ID: string(rune('a' + i)), Subject: "ticket:" + string(rune('a'+i)), At: parse(rt.at),
				Counter: "q1", Service: "hotich", Level: rt.level, Doc: []byte("{}")}); err != nil {
				return err
			}
		}
		return nil
	})
}

func parse(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	return at(s[:10], s[11:])
}

func TestReportEndpoint(t *testing.T) {
	e := newEnv(t)
	seedReportData(e)
	sup := e.login("giamsat")
	var r console.Report
	if st, body := sup.get("/console/api/report?from="+d1+"&to="+d2, &r); st != 200 {
		t.Fatalf("report: %d %s", st, body)
	}
	if r.Total.Issued != 7 || r.Total.Served != 5 {
		t.Fatalf("total %+v", r.Total)
	}
	if want := (console.DossierFigures{Received: 2, ResolvedOnTime: 1, ResolvedLate: 1, Returned: 1}); r.Dossiers != want {
		t.Fatalf("dossiers %+v, want %+v", r.Dossiers, want)
	}
	if len(r.Ratings) != 3 || r.Ratings[0].Count != 2 || r.Ratings[1].Count != 1 || r.Ratings[2].Count != 1 || r.Ratings[0].Label != "Rất hài lòng" {
		t.Fatalf("ratings %+v", r.Ratings)
	}
	for _, q := range []string{"from=2025-13-01", "from=2025-03-10&to=2025-03-01", "from=2025-03-10&service=khongco", "from=2024-01-01&to=2025-06-01"} {
		if st, body := sup.get("/console/api/report?"+q, nil); st != 400 || !strings.Contains(body, `"field"`) {
			t.Errorf("report?%s: %d %s", q, st, body)
		}
	}
}

func TestReportCSV(t *testing.T) {
	e := newEnv(t)
	seedReportData(e)
	sup := e.login("giamsat")
	resp, err := sup.hc.Get(e.ts.URL + "/console/report.csv?from=" + d1 + "&to=" + d1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatalf("no UTF-8 BOM: % x", b[:8])
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || !strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("headers %v", resp.Header)
	}
	rd := csv.NewReader(bytes.NewReader(b[3:]))
	rd.FieldsPerRecord = -1
	recs, err := rd.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if recs[1][1] != "Cấp số" || recs[2][0] != "Toàn trung tâm" || recs[2][1] != "6" || recs[2][2] != "4" || recs[2][5] != "10.0" || recs[2][11] != "60.0" {
		t.Fatalf("csv head %q %q", recs[1], recs[2])
	}
	// Anonymous downloads go to the login page.
	resp2, _ := e.anon().hc.Get(e.ts.URL + "/console/report.csv")
	resp2.Body.Close()
	if resp2.StatusCode != 303 {
		t.Fatalf("anonymous CSV: %d", resp2.StatusCode)
	}
}

func TestCharts(t *testing.T) {
	e := newEnv(t)
	seedReportData(e)
	sup := e.login("giamsat")
	for _, name := range []string{"arrivals.svg", "service_level.svg", "waits.svg"} {
		st, body := sup.get("/console/chart/"+name+"?from="+d1+"&to="+d2, nil)
		if st != 200 {
			t.Fatalf("%s: %d %s", name, st, body)
		}
		dec := xml.NewDecoder(strings.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", name, err)
			}
		}
		if !strings.Contains(body, "<title>") {
			t.Fatalf("%s has no title", name)
		}
	}
	_, body := sup.get("/console/chart/waits.svg?from="+d1+"&to="+d1, nil)
	if !strings.Contains(body, "<title>5–10 — 2</title>") || !strings.Contains(body, "<title>20–30 — 2</title>") {
		t.Fatalf("waits chart bars: %s", body)
	}
	if st, _ := sup.get("/console/chart/khac.svg", nil); st != 404 {
		t.Fatalf("unknown chart: %d", st)
	}
}

func TestPrintMonthlyMatchesPacket(t *testing.T) {
	e := newEnvWith(t, console.Options{Now: func() time.Time { return at("2025-04-02", "09:00") }})
	seedReportData(e)
	sup := e.login("giamsat")
	st, body := sup.get("/console/print?month=2025-03", nil)
	if st != 200 {
		t.Fatalf("print: %d %s", st, body)
	}
	// Hand-computed March 2025: received 2 (Dz1, Dz2), carried over 1 (Dz3),
	// processed 3, on time 2 (66.67 %), late 1 (33.33 %), none pending.
	for _, want := range []string{"Báo cáo tháng 03/2025", "<td class=\"mono\">SoNhanTrongKy</td><td class=\"num\">2</td>",
		"<td class=\"mono\">SoTonKyTruoc</td><td class=\"num\">1</td>", "<td class=\"mono\">TongDaXuLy</td><td class=\"num\">3</td>",
		"<td class=\"mono\">TongXuLyDungHan</td><td class=\"num\">2</td>", "<td class=\"mono\">PhanTramXuLyDungHan</td><td class=\"num\">66.67</td>",
		"<td class=\"mono\">TongXuLyTreHan</td><td class=\"num\">1</td>", "<td class=\"mono\">TongChuaXuLy</td><td class=\"num\">0</td>", "<svg"} {
		if !strings.Contains(body, want) {
			t.Errorf("printed report lacks %q", want)
		}
	}
	_ = context.Background
	if st, _ := sup.get("/console/print?month=2025-3x", nil); st != 400 {
		t.Fatalf("bad month: %d", st)
	}
}

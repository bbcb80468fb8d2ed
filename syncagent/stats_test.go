package syncagent_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// scripted is one dossier of the scripted month: when it came in, when it
// was due, and how it ended (zero times: not yet).
type scripted struct {
	name     string
	received time.Time
	due      time.Time
	status   dossier.Status
	resolved time.Time // for 9/10
	closed   time.Time // for 3/7/8: when it was refused, withdrawn or stopped
}

func vn(m time.Month, d, h int) time.Time { return time.Date(2023, m, d, h, 0, 0, 0, dossier.Loc) }

// october2023 is the scripted month; the comments give each dossier's
// expected place in the October figures (period 1/10–1/11).
var october2023 = []scripted{
	{"C1", vn(9, 20, 9), vn(9, 28, 9), dossier.StatusResolved, vn(9, 27, 9), time.Time{}},            // done in September: out
	{"C2", vn(9, 25, 9), vn(10, 5, 9), dossier.StatusReturned, vn(10, 4, 9), time.Time{}},            // carried, on time
	{"C3", vn(9, 26, 9), vn(10, 3, 9), dossier.StatusResolved, vn(10, 10, 9), time.Time{}},           // carried, late
	{"C4", vn(9, 28, 9), vn(10, 20, 9), dossier.StatusProcessing, time.Time{}, time.Time{}},          // carried, pending past due
	{"C5", vn(9, 29, 9), vn(10, 6, 9), dossier.StatusRefused, time.Time{}, vn(9, 29, 10)},            // refused in September: out
	{"C6", vn(9, 29, 14), vn(10, 6, 9), dossier.StatusWithdrawn, time.Time{}, vn(10, 2, 9)},          // carried, withdrawn: neither
	{"R1", vn(10, 2, 9), vn(10, 9, 9), dossier.StatusReturned, vn(10, 6, 9), time.Time{}},            // on time
	{"R2", vn(10, 3, 9), vn(10, 10, 9), dossier.StatusResolved, vn(10, 10, 9), time.Time{}},          // on time (exactly at the appointment)
	{"R3", vn(10, 5, 9), vn(10, 12, 9), dossier.StatusResolved, vn(10, 13, 9), time.Time{}},          // late
	{"R9", vn(10, 9, 9), vn(10, 16, 9), dossier.StatusResolved, vn(10, 16, 8), time.Time{}},          // on time
	{"R4", vn(10, 20, 9), vn(11, 3, 9), dossier.StatusProcessing, time.Time{}, time.Time{}},          // pending in time
	{"R5", vn(10, 25, 9), vn(10, 30, 9), dossier.StatusSupplementRequired, time.Time{}, time.Time{}}, // pending past due
	{"R8", vn(10, 28, 9), vn(10, 31, 9), dossier.StatusProcessing, time.Time{}, time.Time{}},         // pending past due
	{"R6", vn(10, 30, 9), vn(11, 6, 9), dossier.StatusResolved, vn(11, 2, 9), time.Time{}},           // resolved after the period: pending in time
	{"R7", vn(10, 31, 9), vn(11, 7, 9), dossier.StatusStopped, time.Time{}, vn(10, 31, 15)},          // stopped: neither
	{"N1", vn(11, 2, 9), vn(11, 9, 9), dossier.StatusProcessing, time.Time{}, time.Time{}},           // November: out
}

func insertScripted(t *testing.T, db *store.DB, agency string, ds []scripted) {
	t.Helper()
	must(t, db.Write(context.Background(), func(tx *store.Tx) error {
		for i, s := range ds {
			code, err := dossier.FormatCode(agency, s.received, i+1)
			if err != nil {
				return err
			}
			d := dossier.Dossier{Code: code, Status: s.status, ReceivedAt: s.received, AppointmentAt: s.due, ResolvedAt: s.resolved,
				History: []dossier.Event{{At: s.received, Action: "receive", To: dossier.StatusReceived}}}
			if !s.closed.IsZero() {
				d.History = append(d.History, dossier.Event{At: s.closed, Action: "close", From: dossier.StatusReceived, To: s.status})
			}
			doc, _ := json.Marshal(map[string]any{"dossier": d, "summary": s.name})
			if err := tx.InsertDossier(store.DossierRow{Code: code, Agency: agency, Day: s.received.Format("2006-01-02"), Seq: i + 1,
				ProcedureCode: "1.001193", Status: int(s.status), ReceivedAt: s.received, AppointmentAt: s.due, UpdatedAt: s.received, Doc: doc}); err != nil {
				return err
			}
		}
		return nil
	}))
}

func TestMonthlyStatsScriptedMonth(t *testing.T) {
	ctx := context.Background()
	c := newCentre(t, nil)
	ag := c.cfg.AgencyCode
	insertScripted(t, c.db, ag, october2023)

	for _, tc := range []struct {
		name string
		now  time.Time
		want qcvn120.DongBoThongKeHoSo
	}{
		{"closed month", vn(11, 10, 9), qcvn120.DongBoThongKeHoSo{
			SoNhanTrongKy: 9, SoTonKyTruoc: 4, TongSoXuLy: 13,
			TongDaXuLy: 6, TongXuLyDungHan: 4, PhanTramXuLyDungHan: "66.67", TongXuLyTreHan: 2, PhanTramXuLyTreHan: "33.33",
			TongChuaXuLy: 5, TongChuaXuLyTrongHan: 2, PhanTramChuaXuLyTrongHan: "40.00", TongChuaXuLyTreHan: 3, PhanTramChuaXuLyTreHan: "60.00",
		}},
		// The current month ends now: R9 (due 16/10) is still pending and in time.
		{"month in progress", vn(10, 15, 0), qcvn120.DongBoThongKeHoSo{
			SoNhanTrongKy: 4, SoTonKyTruoc: 4, TongSoXuLy: 8,
			TongDaXuLy: 5, TongXuLyDungHan: 3, PhanTramXuLyDungHan: "60.00", TongXuLyTreHan: 2, PhanTramXuLyTreHan: "40.00",
			TongChuaXuLy: 2, TongChuaXuLyTrongHan: 2, PhanTramChuaXuLyTrongHan: "100.00", TongChuaXuLyTreHan: 0, PhanTramChuaXuLyTreHan: "0.00",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := syncagent.MonthlyStats(ctx, c.db, ag, "UBND phường Hoàn Kiếm", 2023, time.October, tc.now)
			must(t, err)
			want := tc.want
			want.MaDonVi, want.TenDonVi, want.Thang, want.Nam, want.LoaiThongKe = ag, "UBND phường Hoàn Kiếm", 10, 2023, "1"
			if got != want {
				t.Fatalf("got  %+v\nwant %+v", got, want)
			}
			must(t, got.Validate())
		})
	}

	// Queued once while the figures stay the same, and synced to the portal.
	p := newPortal(t)
	a := syncagent.New(c.db, p.client(""), syncagent.Options{Logger: quiet})
	for i, want := range []bool{true, false} {
		queued, err := syncagent.QueueMonthlyStats(ctx, c.db, ag, "UBND phường Hoàn Kiếm", 2023, time.October, vn(11, 10, 9+i))
		if err != nil || queued != want {
			t.Fatalf("queue #%d: %v %v, want %v", i, queued, err, want)
		}
	}
	drain(t, a)
	reports, err := p.st.Reports(ctx, 2023, 10)
	must(t, err)
	if len(reports) != 1 {
		t.Fatalf("portal reports: %+v", reports)
	}
	var r qcvn120.DongBoThongKeHoSo
	must(t, json.Unmarshal(reports[0].Doc, &r))
	if r.TongSoXuLy != 13 || r.PhanTramXuLyDungHan != "66.67" {
		t.Fatalf("portal report %+v", r)
	}
}

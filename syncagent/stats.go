package syncagent

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/thongke/tally"
)

// MonthlyStats computes DongBoThongKeHoSo for one month from the centre's
// dossiers. For the current month the period ends now. Withdrawn, refused
// and stopped dossiers leave the count of dossiers to process; resolved
// ones count on time when resolved no later than their appointment.
func MonthlyStats(ctx context.Context, db *store.DB, agency, agencyName string, year int, month time.Month, now time.Time) (qcvn120.DongBoThongKeHoSo, error) {
	start := time.Date(year, month, 1, 0, 0, 0, 0, dossier.Loc)
	return PeriodStats(ctx, db, agency, agencyName, start, start.AddDate(0, 1, 0), now)
}

// PeriodStats computes the DongBoThongKeHoSo figures for any period
// [start, end) (cut at now) with the rules of thongke/tally; Thang and Nam
// are those of start, the packet's only period fields. A forwarded
// dossier's working copy at the deciding centre (lien_thong_tu) is not
// counted: the dossier counts once, at the centre that received it
// (docs/DOMAIN.md, "Statistics of forwarded dossiers").
func PeriodStats(ctx context.Context, db *store.DB, agency, agencyName string, start, end, now time.Time) (qcvn120.DongBoThongKeHoSo, error) {
	end = tally.Clamp(end, now)
	rows, err := db.DossiersReceivedBefore(ctx, end)
	if err != nil {
		return qcvn120.DongBoThongKeHoSo{}, err
	}
	var n tally.Counts
	for _, row := range rows {
		var sd struct {
			Dossier      dossier.Dossier `json:"dossier"`
			TransferFrom string          `json:"lien_thong_tu"`
		}
		if err := json.Unmarshal(row.Doc, &sd); err != nil {
			return qcvn120.DongBoThongKeHoSo{}, fmt.Errorf("dossier %s: %w", row.Code, err)
		}
		if sd.TransferFrom != "" {
			continue // counted at the receiving centre
		}
		d := sd.Dossier
		c := tally.Case{Received: d.ReceivedAt, Due: d.AppointmentAt, Resolved: d.ResolvedAt}
		if d.ResolvedAt.IsZero() {
			c.Closed = closedAt(d)
		}
		n.Add(c, start, end)
	}
	return n.Packet(agency, agencyName, start), nil
}

// closedAt is when a dossier left processing without a result (refused,
// withdrawn, stopped), or when it was resolved; zero while open.
func closedAt(d dossier.Dossier) time.Time {
	if !d.ResolvedAt.IsZero() {
		return d.ResolvedAt
	}
	switch d.Status {
	case dossier.StatusRefused, dossier.StatusWithdrawn, dossier.StatusStopped:
		for i := len(d.History) - 1; i >= 0; i-- {
			if d.History[i].To == d.Status {
				return d.History[i].At
			}
		}
	}
	return time.Time{}
}

// QueueMonthlyStats computes a month's statistics and, when they changed
// since last time, puts a DongBoThongKeHoSo packet in the outbox (keyed by
// month; a newer version supersedes the older at the portal).
func QueueMonthlyStats(ctx context.Context, db *store.DB, agency, agencyName string, year int, month time.Month, now time.Time) (bool, error) {
	p, err := MonthlyStats(ctx, db, agency, agencyName, year, month, now)
	if err != nil {
		return false, err
	}
	if err := p.Validate(); err != nil {
		return false, err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return false, err
	}
	key := fmt.Sprintf("thongke:%s:%04d-%02d", agency, year, month)
	last, err := db.Setting(ctx, key)
	if err != nil || last == string(b) {
		return false, err
	}
	return true, db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.AppendOutbox(qcvn120.SvcDongBoThongKe, key, now.UnixMilli(), b); err != nil {
			return err
		}
		return tx.PutSetting(key, string(b))
	})
}

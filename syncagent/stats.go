package syncagent

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/store"
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
// [start, end) (cut at now); Thang and Nam are those of start, the
// packet's only period fields.
func PeriodStats(ctx context.Context, db *store.DB, agency, agencyName string, start, end, now time.Time) (qcvn120.DongBoThongKeHoSo, error) {
	if now.Before(end) {
		end = now
	}
	year, month := start.In(dossier.Loc).Year(), start.In(dossier.Loc).Month()
	rows, err := db.DossiersReceivedBefore(ctx, end)
	if err != nil {
		return qcvn120.DongBoThongKeHoSo{}, err
	}
	var recv, carried, done, onTime, late, open, openOK, openLate int64
	for _, row := range rows {
		var sd struct {
			Dossier dossier.Dossier `json:"dossier"`
		}
		if err := json.Unmarshal(row.Doc, &sd); err != nil {
			return qcvn120.DongBoThongKeHoSo{}, fmt.Errorf("dossier %s: %w", row.Code, err)
		}
		d := sd.Dossier
		closedAt := closedAt(d)
		if !closedAt.IsZero() && closedAt.Before(start) {
			continue // finished before the period
		}
		if d.ReceivedAt.Before(start) {
			carried++
		} else {
			recv++
		}
		switch {
		case !d.ResolvedAt.IsZero() && d.ResolvedAt.Before(end):
			done++
			if d.ResolvedAt.After(d.AppointmentAt) {
				late++
			} else {
				onTime++
			}
		case !closedAt.IsZero() && closedAt.Before(end):
			// refused, withdrawn or stopped in the period: not processed, not pending
		default:
			open++
			if d.AppointmentAt.Before(end) {
				openLate++
			} else {
				openOK++
			}
		}
	}
	return qcvn120.DongBoThongKeHoSo{
		MaDonVi: agency, TenDonVi: agencyName, Thang: qcvn120.Int(month), Nam: qcvn120.Int(year), LoaiThongKe: "1",
		SoNhanTrongKy: qcvn120.Int(recv), SoTonKyTruoc: qcvn120.Int(carried), TongSoXuLy: qcvn120.Int(recv + carried),
		TongDaXuLy: qcvn120.Int(done), TongXuLyDungHan: qcvn120.Int(onTime), PhanTramXuLyDungHan: qcvn120.Ratio(onTime, done),
		TongXuLyTreHan: qcvn120.Int(late), PhanTramXuLyTreHan: qcvn120.Ratio(late, done),
		TongChuaXuLy: qcvn120.Int(open), TongChuaXuLyTrongHan: qcvn120.Int(openOK), PhanTramChuaXuLyTrongHan: qcvn120.Ratio(openOK, open),
		TongChuaXuLyTreHan: qcvn120.Int(openLate), PhanTramChuaXuLyTreHan: qcvn120.Ratio(openLate, open),
	}, nil
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

package engine

// A hand-over the deciding centre could not record (liên thông,
// docs/SYNC.md "Liên thông", step 8). The receiving centre handed a
// forwarded dossier's result over (handover.go); the deciding centre found
// it unusable (no such dossier there, not forwarded from here, no result)
// and sent back a refusal through the portal. Here it is kept in the
// dossier's document at the version held (the deciding centre owns the
// version line), with a history step, and the dossier view carries the
// alert and what the officer should do. A later state from the deciding
// centre that records the return clears it (ApplyProgress).

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/store"
)

// HandOverAlert is what the receiving centre's officers see of a refused hand-over.
type HandOverAlert struct {
	DonViGiaiQuyet string    `json:"don_vi_giai_quyet"` // the deciding agency
	NoiGiaiQuyet   string    `json:"noi_giai_quyet"`    // its centre's name
	MaLyDo         string    `json:"ma_ly_do"`
	LyDo           string    `json:"ly_do"`
	ThoiDiem       time.Time `json:"thoi_diem"`
	ThongBao       string    `json:"thong_bao"` // "Bàn giao kết quả chưa được ghi nhận tại …: …"
	CanLam         string    `json:"can_lam"`   // what the officer should do
	// LanGui: the attempt refused; GuiLai: what sending it again does
	// (handoverresend.go), empty when no attempt is left.
	LanGui int         `json:"lan_gui"`
	GuiLai *ResendPlan `json:"gui_lai,omitempty"`
}

// ResendPlan is what attempt LanGui would send, and to whom: the counter
// shows it for the officer to confirm.
type ResendPlan struct {
	LanGui    int       `json:"lan_gui"`
	DonViNhan string    `json:"don_vi_nhan"` // the deciding agency's code
	TenDonVi  string    `json:"ten_don_vi"`  // its name (this centre's configuration)
	NoiNhan   string    `json:"noi_nhan"`    // its centre, as it named itself in the refusal
	NoiTra    string    `json:"noi_tra"`     // the place of return sent
	NguoiNhan string    `json:"nguoi_nhan"`  // the collector sent
	NgayTra   time.Time `json:"ngay_tra"`
	XacNhan   string    `json:"xac_nhan"` // the confirmation sentence
}

func (d *Dossiers) handOverAlert(sd storedDossier) *HandOverAlert {
	r := sd.HandOverRefused
	if r == nil {
		return nil
	}
	n := lienthong.Attempt(r.LanGui)
	a := &HandOverAlert{DonViGiaiQuyet: r.MaDonViGiaiQuyet, NoiGiaiQuyet: r.NoiGiaiQuyet, MaLyDo: r.MaLyDo, LyDo: r.LyDo,
		ThoiDiem: r.ThoiDiem, ThongBao: r.Notice(), CanLam: r.Advice(), LanGui: n}
	if n < lienthong.MaxAttempts && sd.Dossier.Return != nil {
		p := &ResendPlan{LanGui: n + 1, DonViNhan: sd.TransferTo, TenDonVi: d.agencyName(sd.TransferTo), NoiNhan: r.Where(),
			NoiTra: sd.handOverPlace(d.e.Config().CentreName), NguoiNhan: sd.Dossier.Return.CollectedBy, NgayTra: sd.Dossier.Return.At}
		at := p.NgayTra.In(dossier.Loc)
		p.XacNhan = fmt.Sprintf("Gửi lại bàn giao kết quả hồ sơ %s (lần %d) qua cổng liên thông đến %s (%s): kết quả đã trả lúc %s ngày %s tại %s cho %s.",
			sd.Dossier.Code, p.LanGui, p.TenDonVi, p.NoiNhan, at.Format("15:04"), at.Format("02/01/2006"), p.NoiTra, p.NguoiNhan)
		a.GuiLai = p
	}
	return a
}

// ApplyHandOverRefusal records, at the receiving centre, that the deciding
// centre could not record the hand-over made here. The dossier must have
// been forwarded to the refusing agency and handed over here (its result
// returned, still at the version held then); applied is false when a
// refusal is already recorded or a newer state of the deciding centre (its
// return) has arrived since. inTx runs last in the
// transaction either way.
func (d *Dossiers) ApplyHandOverRefusal(ctx context.Context, x lienthong.HandOverRefusal, inTx func(tx *store.Tx) error) (applied bool, err error) {
	x.LyDo, x.NoiGiaiQuyet, x.NguoiNhan = textrule.Line(x.LyDo), textrule.Line(x.NoiGiaiQuyet), textrule.Line(x.NguoiNhan)
	if !qcvn120.ValidMaHoSo(x.MaHoSo) || !lienthong.ValidRefusalCode(x.MaLyDo) || strings.TrimSpace(x.LyDo) == "" ||
		!oneLine(x.LyDo, 500) || !oneLine(x.NoiGiaiQuyet, 200) || !oneLine(x.NguoiNhan, 200) {
		return false, bad("Thông báo từ chối ghi nhận trả kết quả không hợp lệ", "hand-over refusal: %q %q", x.MaHoSo, x.MaLyDo)
	}
	err = d.db.Write(ctx, func(tx *store.Tx) error {
		applied = false
		row, err := tx.Dossier(x.MaHoSo)
		if err != nil {
			return domainErr(err)
		}
		sd, err := decodeStored(row)
		if err != nil {
			return err
		}
		if sd.TransferTo == "" || sd.TransferTo != x.MaDonViGiaiQuyet {
			return bad("Hồ sơ không được chuyển liên thông đến đơn vị "+x.MaDonViGiaiQuyet, "hand-over refusal for %s from %s, forwarded to %q", x.MaHoSo, x.MaDonViGiaiQuyet, sd.TransferTo)
		}
		// Only while the dossier still holds the hand-over made here (kept at
		// the version held then): a newer state of the deciding centre —
		// its return, pulled in the same round — supersedes the refusal.
		// A newer state that is not a return (the deciding centre resolved
		// again after a restore, pulled before the refusal) leaves the
		// hand-over unrecorded there: the refusal still holds.
		current := x.PhienBan == 0 || row.Version == x.PhienBan
		if sd.Dossier.Status != dossier.StatusReturned {
			current = row.Version >= x.PhienBan
		}
		// And only of the attempt sent last: an older attempt's refusal,
		// replayed late, never marks a newer attempt refused.
		current = current && lienthong.Attempt(x.LanGui) == sd.handOverAttempt()
		if sd.HandOverRefused == nil && current && sd.Dossier.Return != nil {
			now := d.now()
			xr := x
			sd.HandOverRefused = &xr
			ev := dossier.Event{At: now, Action: "HandOverRefused", From: sd.Dossier.Status, To: sd.Dossier.Status, Note: x.Notice()}
			sd.Dossier.History = append(sd.Dossier.History, ev)
			doc, err := json.Marshal(sd)
			if err != nil {
				return err
			}
			row.UpdatedAt, row.Doc = now, doc
			if err := tx.SetDossierLocal(row); err != nil {
				return err
			}
			if err := d.appendHistory(tx, row.Code, ev, ""); err != nil {
				return err
			}
			applied = true
		}
		if inTx != nil {
			return inTx(tx)
		}
		return nil
	})
	if applied {
		d.log.Warn("result hand-over not recorded at the deciding centre", "dossier", x.MaHoSo, "deciding", x.MaDonViGiaiQuyet, "code", x.MaLyDo)
	}
	return applied, err
}

// oneLine: valid UTF-8, at most max characters, no control characters
// (what the portal lets through; checked again here: the item came over the network).
func oneLine(s string, max int) bool {
	return utf8.ValidString(s) && utf8.RuneCountInString(s) <= max && strings.IndexFunc(s, unicode.IsControl) < 0
}

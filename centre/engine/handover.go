package engine

// Result return of a forwarded dossier at the centre that received it
// (liên thông, docs/SYNC.md "Liên thông", step 7). The deciding centre
// resolves the dossier; its state flows back (ApplyProgress); when the
// applicant chose to collect the result at the receiving centre, that
// centre's officer records the hand-over (the ordinary return action,
// allowed by dossier.MayAct), which is kept there at the version held and
// queued as a motcua.TraKetQuaLienThong outbox row; the portal queues it for
// the deciding centre, which records it as its next version
// (ApplyHandOver), and that version flows back to the receiving centre and
// to the portal like any other state.

import (
	"context"
	"encoding/json"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// side is this centre's part in the dossier.
func (sd storedDossier) side() dossier.Side {
	switch {
	case sd.TransferTo != "":
		return dossier.SideReceiving
	case sd.TransferFrom != "":
		return dossier.SideDeciding
	}
	return dossier.SideOwn
}

// mayAct applies the liên thông rule (dossier.MayAct) to an action here.
func (sd storedDossier) mayAct(a dossier.Action) error {
	switch err := dossier.MayAct(sd.Dossier, sd.side(), a); err {
	case nil:
		return nil
	case dossier.ErrReturnedAtReceiving:
		return queue.Errf(queue.CodeConflict, "Kết quả hồ sơ này được trả tại đơn vị tiếp nhận ("+sd.Dossier.ReceivingCentre+"); việc trả kết quả do đơn vị đó ghi nhận",
			"dossier %s: result returned at the receiving centre", sd.Dossier.Code)
	default:
		return errForwarded(sd.Dossier.Code, sd.TransferTo)
	}
}

// handOverHere records, at the receiving centre, the return of a forwarded
// dossier's result (nd, ev: the Return applied): the row keeps the version
// held (the deciding centre's), and the hand-over is queued for the
// deciding centre under the dossier's key. No dossier packet goes out from
// here: the portal has the state from the deciding centre.
func (d *Dossiers) handOverHere(tx *store.Tx, row store.DossierRow, sd storedDossier, ev dossier.Event, officer string) error {
	doc, err := json.Marshal(sd)
	if err != nil {
		return err
	}
	row.Status, row.UpdatedAt, row.Officer, row.Doc = int(sd.Dossier.Status), d.now(), officer, doc
	if err := tx.SetDossierLocal(row); err != nil {
		return err
	}
	if err := d.appendHistory(tx, row.Code, ev, officer); err != nil {
		return err
	}
	return d.queueHandOver(tx, row, sd, sd.HandOverAttempt)
}

// nextHandOver numbers the hand-over about to be made here (handoverresend.go):
// the first, or the one after a refused attempt (a newer state of the
// deciding centre may have reopened the return). One sent and not refused
// is still pending there: a second would be a live duplicate.
func nextHandOver(sd *storedDossier) error {
	switch {
	case sd.HandOverRefused != nil:
		if lienthong.Attempt(sd.HandOverRefused.LanGui) >= lienthong.MaxAttempts {
			return queue.Errf(queue.CodeConflict, "Đã gửi bàn giao kết quả nhiều lần mà đơn vị giải quyết chưa ghi nhận: liên hệ đơn vị đó để đối chiếu trực tiếp",
				"dossier %s: hand-over attempts exhausted", sd.Dossier.Code)
		}
		sd.HandOverAttempt = lienthong.Attempt(sd.HandOverRefused.LanGui) + 1
		sd.HandOverRefused = nil
	case sd.HandOverAttempt > 0:
		return queue.Errf(queue.CodeConflict, "Bàn giao kết quả của hồ sơ này đã gửi, đang chờ đơn vị giải quyết ghi nhận",
			"dossier %s: hand-over attempt %d pending", sd.Dossier.Code, sd.HandOverAttempt)
	default:
		sd.HandOverAttempt = 1
	}
	return nil
}

// ApplyHandOver records, at the deciding centre, the hand-over of a
// forwarded dossier's result made at the centre that received it: the
// dossier.HandedOver step at the next version, with its outbox packets (the
// state flows to the portal and back to the receiving centre). applied is
// false when the dossier already has its result returned (the same
// hand-over again changes nothing); inTx runs last in the transaction
// either way.
func (d *Dossiers) ApplyHandOver(ctx context.Context, h lienthong.HandOver, inTx func(tx *store.Tx) error) (applied bool, err error) {
	if !qcvn120.ValidMaHoSo(h.MaHoSo) {
		return false, bad("Mã hồ sơ không hợp lệ", "hand-over: dossier code %q", h.MaHoSo)
	}
	// From another centre through the portal: cleaned as the portal does.
	h.NguoiNhan, h.NguoiTra, h.NoiTra = textrule.Line(h.NguoiNhan), textrule.Line(h.NguoiTra), textrule.Line(h.NoiTra)
	err = d.db.Write(ctx, func(tx *store.Tx) error {
		applied = false
		row, err := tx.Dossier(h.MaHoSo)
		if err != nil {
			return domainErr(err)
		}
		sd, err := decodeStored(row)
		if err != nil {
			return err
		}
		if sd.TransferFrom == "" || sd.TransferFrom != qcvn120.AgencyOf(h.MaHoSo) {
			return bad("Hồ sơ không phải hồ sơ liên thông nhận tại đơn vị khác", "hand-over for %s, not forwarded here", h.MaHoSo)
		}
		if sd.Dossier.Status == dossier.StatusReturned {
			if inTx != nil {
				return inTx(tx)
			}
			return nil
		}
		a := dossier.HandedOver{Centre: h.NoiTra, Return: dossier.ResultReturn{At: h.NgayTra, CollectedBy: h.NguoiNhan,
			IDChecked: h.DaKiemTraGiayTo, Method: dossier.ReturnInPerson, Officer: h.NguoiTra}}
		nd, ev, err := dossier.Apply(sd.Dossier, a, d.now(), nil)
		if err != nil {
			return domainErr(err)
		}
		sd.Dossier = nd
		doc, err := json.Marshal(sd)
		if err != nil {
			return err
		}
		row.Status, row.UpdatedAt, row.Doc = int(nd.Status), d.now(), doc
		v, err := tx.UpdateDossier(row)
		if err != nil {
			return err
		}
		if err := d.appendHistory(tx, row.Code, ev, ""); err != nil {
			return err
		}
		if err := d.writeOutbox(tx, sd, ev, v, h.NguoiTra); err != nil {
			return err
		}
		applied = true
		if inTx != nil {
			return inTx(tx)
		}
		return nil
	})
	if applied {
		d.log.Info("result handed over at the receiving centre recorded", "dossier", h.MaHoSo, "centre", h.NoiTra)
	}
	return applied, err
}

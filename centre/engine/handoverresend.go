package engine

// Sending a refused hand-over again (liên thông, docs/SYNC.md "Liên
// thông", step 9). The deciding centre refused attempt n of the hand-over
// made here (handoverrefusal.go); once the cause is fixed (the deciding
// centre restored its record, or the collector's name or the place of
// return was wrong here), an officer or supervisor sends attempt n+1. One
// write transaction checks that attempt n is the refused one, records the
// correction and queues the new attempt, so two presses make one attempt
// and a screen showing an old refusal cannot send twice.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// ActResendHandOver is the dossier action (POST /api/v1/dossiers/{code}/resend-handover).
const ActResendHandOver = "resend-handover"

// ResendRequest is what the officer confirms: the refused attempt seen on
// screen, and the corrections (empty: unchanged).
type ResendRequest struct {
	Attempt     int    // the refused attempt (HandOverAlert.LanGui)
	CollectedBy string // corrected collector's name
	Place       string // corrected place of return (NoiTra)
}

// handOverAttempt is the attempt last sent from here (0: none).
func (sd storedDossier) handOverAttempt() int {
	if sd.HandOverAttempt > 0 {
		return sd.HandOverAttempt
	}
	if sd.TransferTo == "" || sd.Dossier.Return == nil {
		return 0
	}
	if pl := sd.Dossier.ReturnPlace; pl == dossier.PlacePost || pl == dossier.PlaceDeciding {
		return 0 // returned by the deciding centre, not handed over here
	}
	return 1 // a hand-over from before attempts were numbered
}

// handOverPlace is where the last attempt said the result was handed over.
func (sd storedDossier) handOverPlace(centre string) string {
	if sd.HandOverPlace != "" {
		return sd.HandOverPlace
	}
	return centre
}

// agencyName is the name of an agency in this centre's configuration, else its code.
func (d *Dossiers) agencyName(code string) string {
	for _, a := range d.e.Config().Agencies {
		if a.Code == code && a.Name != "" {
			return a.Name
		}
	}
	return "đơn vị " + code
}

// ResendHandOver sends again, as attempt n+1, the hand-over the deciding
// centre refused (attempt n = req.Attempt), with the corrections asked.
func (d *Dossiers) ResendHandOver(ctx context.Context, p Actor, code string, req ResendRequest) (DossierView, error) {
	req.CollectedBy = strings.Join(strings.Fields(textrule.FormLine(req.CollectedBy)), " ")
	req.Place = strings.Join(strings.Fields(textrule.FormLine(req.Place)), " ")
	if !oneLine(req.CollectedBy, 200) || !oneLine(req.Place, 200) || req.Attempt < 1 || req.Attempt > lienthong.MaxAttempts {
		return DossierView{}, bad("Thông tin gửi lại bàn giao kết quả không hợp lệ", "resend hand-over: bad request")
	}
	officerName := p.name()
	var out DossierView
	var n int
	err := d.db.Write(ctx, func(tx *store.Tx) error {
		row, err := tx.Dossier(code)
		if err != nil {
			return domainErr(err)
		}
		if !d.mayTouchDossier(p, row.Counter) {
			return errOtherField(row.Code)
		}
		sd, err := decodeStored(row)
		if err != nil {
			return err
		}
		r := sd.HandOverRefused
		switch {
		case sd.TransferTo == "" || sd.Dossier.Return == nil:
			return queue.Errf(queue.CodeConflict, "Hồ sơ này không có bàn giao kết quả liên thông đã trả tại đơn vị để gửi lại",
				"resend hand-over %s: no hand-over made here", code)
		case r == nil:
			return queue.Errf(queue.CodeConflict, "Bàn giao kết quả của hồ sơ này không ở trạng thái bị từ chối (có thể vừa được gửi lại): tải lại hồ sơ để xem trạng thái mới",
				"resend hand-over %s: not refused (attempt %d)", code, sd.handOverAttempt())
		case lienthong.Attempt(r.LanGui) != req.Attempt:
			return queue.Errf(queue.CodeConflict, fmt.Sprintf("Màn hình đang hiện lần gửi %d, nhưng lần bị từ chối là lần %d: tải lại hồ sơ rồi thử lại", req.Attempt, lienthong.Attempt(r.LanGui)),
				"resend hand-over %s: attempt %d seen, %d refused", code, req.Attempt, lienthong.Attempt(r.LanGui))
		case req.Attempt >= lienthong.MaxAttempts:
			return queue.Errf(queue.CodeConflict, fmt.Sprintf("Đã gửi bàn giao kết quả %d lần: không gửi lại được nữa; liên hệ %s để đối chiếu trực tiếp", lienthong.MaxAttempts, r.Where()),
				"resend hand-over %s: %d attempts", code, lienthong.MaxAttempts)
		}
		n = req.Attempt + 1
		now := d.now()
		var fixed []string
		if req.CollectedBy != "" && req.CollectedBy != sd.Dossier.Return.CollectedBy {
			fixed = append(fixed, "người nhận kết quả "+req.CollectedBy)
			ret := *sd.Dossier.Return
			ret.CollectedBy = req.CollectedBy
			sd.Dossier.Return = &ret
		}
		centre := d.e.Config().CentreName
		if req.Place != "" && req.Place != sd.handOverPlace(centre) {
			fixed = append(fixed, "nơi trả "+req.Place)
			sd.HandOverPlace = req.Place
			if req.Place == centre {
				sd.HandOverPlace = ""
			}
		}
		from := sd.Dossier.Status
		sd.Dossier.Status = dossier.StatusReturned // the result was handed over here; a newer state of the deciding centre may have said resolved
		sd.HandOverRefused = nil
		sd.HandOverAttempt = n
		note := fmt.Sprintf("Gửi lại bàn giao kết quả (lần %d) đến %s", n, r.Where())
		if len(fixed) > 0 {
			note += "; sửa " + strings.Join(fixed, ", ")
		}
		ev := dossier.Event{At: now, Action: "HandOverResent", From: from, To: dossier.StatusReturned, Officer: officerName, Note: note}
		sd.Dossier.History = append(sd.Dossier.History, ev)
		doc, err := json.Marshal(sd)
		if err != nil {
			return err
		}
		row.Status, row.UpdatedAt, row.Officer, row.Doc = int(dossier.StatusReturned), now, p.Officer, doc
		if err := tx.SetDossierLocal(row); err != nil {
			return err
		}
		if err := d.appendHistory(tx, row.Code, ev, p.Officer); err != nil {
			return err
		}
		if err := d.queueHandOver(tx, row, sd, n); err != nil {
			return err
		}
		out = d.view(sd, row.Version)
		return nil
	})
	if err != nil {
		return DossierView{}, err
	}
	d.log.Info("liên thông hand-over sent again", "dossier", code, "attempt", n, "officer", p.Officer)
	return out, nil
}

// queueHandOver writes attempt n of the hand-over made here to the outbox,
// under the dossier's key (after its earlier packets).
func (d *Dossiers) queueHandOver(tx *store.Tx, row store.DossierRow, sd storedDossier, n int) error {
	r := sd.Dossier.Return
	h := lienthong.HandOver{MaHoSo: row.Code, MaDonViNhan: sd.TransferTo, PhienBan: row.Version,
		NoiTra: textrule.Line(sd.handOverPlace(d.e.Config().CentreName)), NgayTra: r.At, NguoiTra: textrule.Line(r.Officer), NguoiNhan: textrule.Line(r.CollectedBy), DaKiemTraGiayTo: r.IDChecked}
	if n >= 2 {
		h.LanGui = n
	}
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	return tx.AppendOutbox(lienthong.SvcHandOver, row.Code, row.Version, b)
}

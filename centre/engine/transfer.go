package engine

// Liên thông (issue 16 item 2, docs/SYNC.md): a dossier received here for
// an agency another centre decides is forwarded through the portal
// (queueTransfer); the deciding centre accepts it from its inbox
// (ReceiveTransferred) and processes it as its own, its states flowing back
// to the receiving centre (ApplyProgress).

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// DecidingAgency names the agency that decides procedure p and says
// whether a dossier of it received here is forwarded there (the counter
// then offers "return at the deciding centre").
func (d *Dossiers) DecidingAgency(p dossier.Procedure) (name string, forwarded, ok bool) {
	a, ok := d.e.Config().CompetentAgency(string(p.Competence()), p.CompetentAgencyCode, p.Agency)
	if !ok {
		return "", false, false
	}
	return a.Name, d.forwardTo(storedDossier{Dossier: dossier.Dossier{CompetentAgencyCode: a.Code}}) != "", true
}

// forwardTo is the agency a dossier received here is forwarded to: its
// competent agency when that is marked forward in the configuration.
func (d *Dossiers) forwardTo(sd storedDossier) string {
	cfg := d.e.Config()
	code := sd.Dossier.CompetentAgencyCode
	if code == "" || code == cfg.AgencyCode {
		return ""
	}
	for _, a := range cfg.Agencies {
		if a.Code == code && a.Forward {
			return code
		}
	}
	return ""
}

// queueTransfer writes, after the dossier's packets, the outbox row that
// forwards it to the centre of its competent agency when that agency is
// marked forward in the configuration (liên thông, docs/SYNC.md). The row
// has the dossier's key, so the agent sends it only after the dossier
// packet was acknowledged. It is written at reception (version 1).
func (d *Dossiers) queueTransfer(tx *store.Tx, sd storedDossier) error {
	code := sd.TransferTo
	if code == "" {
		return nil
	}
	hs, err := json.Marshal(hoSoPacket(sd))
	if err != nil {
		return err
	}
	where := string(sd.Dossier.Place()) // chosen at reception (dossier/returnplace.go)
	detail, err := json.Marshal(sd)
	if err != nil {
		return err
	}
	b, err := json.Marshal(lienthong.Transfer{MaDonViNhan: code, HoSo: hs, TraKetQuaTai: where, PhienBan: 1, ChiTiet: detail})
	if err != nil {
		return err
	}
	return tx.AppendOutbox(lienthong.SvcTransfer, sd.Dossier.Code, 1, b)
}

// errForwarded: officers of the receiving centre do not act on a dossier
// forwarded to another agency; one centre changes it (one version line).
func errForwarded(code, to string) error {
	return queue.Errf(queue.CodeConflict, "Hồ sơ đã được chuyển liên thông đến đơn vị "+to+" giải quyết; trạng thái do đơn vị đó cập nhật",
		"dossier %s was forwarded to %s", code, to)
}

// ReceiveTransferred accepts a dossier another centre received and
// forwarded to this one: it becomes this centre's working copy under the
// same dossier code (no code of its own, no new receipt: the applicant
// holds the receiving centre's), with the receiving agency recorded, the
// appointment promised at reception, and versions continuing the receiving
// centre's. The acceptance is a step that goes out through the outbox like
// any other; later steps are the ordinary dossier actions. inTx runs last
// in the same write transaction.
func (d *Dossiers) ReceiveTransferred(ctx context.Context, t lienthong.Transfer, p Actor, inTx func(tx *store.Tx, v DossierView) error) (DossierView, error) {
	t.HoSo, t.ChiTiet = textrule.JSON(t.HoSo), textrule.JSON(t.ChiTiet)
	pk, err := qcvn120.Decode(qcvn120.SvcDongBoHoSo, t.HoSo)
	if err != nil {
		return DossierView{}, bad("Không đọc được hồ sơ liên thông", "transfer: %v", err)
	}
	hs := pk.(qcvn120.DongBoHoSoMC)
	code, err := dossier.ParseCode(hs.MaHoSo)
	cfg := d.e.Config()
	if err != nil || code.Agency == cfg.AgencyCode {
		return DossierView{}, bad("Mã hồ sơ liên thông không hợp lệ", "transfer: dossier code %q", hs.MaHoSo)
	}
	var det storedDossier
	if json.Unmarshal(t.ChiTiet, &det) != nil || det.Dossier.Code != hs.MaHoSo {
		det = storedDossier{}
	}
	req := ReceiveRequest{ProcedureCode: hs.MaTTHC, Channel: dossier.Channel(hs.KenhThucHien), Components: det.Dossier.Components,
		ReturnMethod: det.Dossier.ReturnMethod, Summary: det.Summary, Applicant: det.Dossier.Applicant,
		ReturnPlace: det.Dossier.ReturnPlace, ReturnAddress: det.Dossier.ReturnAddress}
	if req.ReturnPlace == "" && dossier.ReturnPlace(t.TraKetQuaTai).Valid() {
		req.ReturnPlace = dossier.ReturnPlace(t.TraKetQuaTai)
	}
	receivedBy := det.Dossier.ReceivingCentre
	if receivedBy == "" {
		receivedBy = "Đơn vị tiếp nhận (mã " + code.Agency + ")"
	}
	if req.Applicant.Name == "" {
		req.Applicant = dossier.Applicant{Name: hs.ChuHoSo, IDNumber: string(hs.SoGiayToChuHoSo), Phone: string(hs.SoDienThoai), Email: hs.Email}
	}
	if req.Summary == "" {
		req.Summary = hs.TrichYeuHoSo
	}
	if len(req.Components) == 0 {
		req.Components = []dossier.ComponentReceived{{Name: "Hồ sơ tiếp nhận tại đơn vị " + code.Agency, Originals: 1}}
	}
	if err := req.validate(); err != nil {
		return DossierView{}, err
	}
	proc, ok := d.Catalogue(ctx).Get(req.ProcedureCode)
	if !ok {
		return DossierView{}, bad("Trung tâm chưa có thủ tục %q trong danh mục", "unknown procedure %q", req.ProcedureCode)
	}
	officerName := p.name()
	cal := d.Calendar(ctx)
	var out DossierView
	err = d.db.Write(ctx, func(tx *store.Tx) error {
		now := d.now().In(dossier.Loc)
		receivedAt := hs.NgayTiepNhan.Time
		if receivedAt.IsZero() || receivedAt.After(now) {
			receivedAt = now
		}
		draft := dossier.Dossier{Code: hs.MaHoSo, Procedure: proc, Applicant: req.Applicant, Channel: req.Channel, Status: dossier.Draft}
		nd, _, err := dossier.Apply(draft, dossier.Receive{Officer: officerName, Counter: p.Counter, Components: req.Components,
			ReturnMethod: req.ReturnMethod, ReturnPlace: req.ReturnPlace, ReturnAddress: req.ReturnAddress,
			ReceivingCentre: receivedBy}, receivedAt.In(dossier.Loc), cal)
		if err != nil {
			return domainErr(err)
		}
		// The receiving centre's officer and its promised date stand.
		if det.Dossier.Officer != "" {
			nd.Officer = det.Dossier.Officer
		}
		if at := hs.NgayHenTra.Time; !at.IsZero() {
			nd.AppointmentAt, nd.AppointmentSchedule = at.In(dossier.Loc), det.Dossier.AppointmentSchedule
		}
		nd.Fees = det.Dossier.Fees
		nd.CompetentAgency, nd.CompetentAgencyCode = hs.DonViXuLy, t.MaDonViNhan
		for _, a := range cfg.Agencies {
			if a.Code == t.MaDonViNhan && a.Name != "" {
				nd.CompetentAgency = a.Name
			}
		}
		nd.History[len(nd.History)-1].Note = "Tiếp nhận hồ sơ tại đơn vị " + code.Agency + ", hẹn trả kết quả lúc " + dossier.FormatAppointment(nd.AppointmentAt)
		ev := dossier.Event{At: now, Action: "ReceiveTransfer", From: dossier.StatusReceived, To: dossier.StatusReceived, Officer: officerName,
			Note: "Tiếp nhận hồ sơ liên thông từ đơn vị " + code.Agency + " tại " + cfg.CentreName}
		nd.History = append(nd.History, ev)
		sd := storedDossier{Dossier: nd, Summary: strings.TrimSpace(req.Summary), TransferFrom: code.Agency}
		doc, err := json.Marshal(sd)
		if err != nil {
			return err
		}
		version := max(t.PhienBan, 1) + 1
		row := store.DossierRow{Code: hs.MaHoSo, Agency: code.Agency, Day: code.Day.Format("2006-01-02"), Seq: code.Seq, ProcedureCode: proc.Code,
			Status: int(nd.Status), ApplicantKey: d.ApplicantKey(req.Applicant.IDNumber), Counter: p.Counter, Officer: p.Officer,
			ReceivedAt: nd.ReceivedAt, AppointmentAt: nd.AppointmentAt, UpdatedAt: now, Version: version, Doc: doc}
		if _, err := tx.Dossier(hs.MaHoSo); err == nil {
			return queue.Errf(queue.CodeConflict, "Hồ sơ "+hs.MaHoSo+" đã có tại trung tâm", "dossier %s already held", hs.MaHoSo)
		} else if !errors.Is(err, store.ErrDossierNotFound) {
			return err
		}
		if err := tx.InsertDossier(row); err != nil {
			return err
		}
		if err := d.appendHistory(tx, hs.MaHoSo, ev, p.Officer); err != nil {
			return err
		}
		if err := d.writeOutbox(tx, sd, ev, version, officerName); err != nil {
			return err
		}
		out = d.view(sd, version)
		if inTx != nil {
			return inTx(tx, out)
		}
		return nil
	})
	return out, err
}

// ApplyProgress applies, at the receiving centre, a state of a forwarded
// dossier that the deciding centre reached (the portal's tien_do item): the
// status, dates, supplement rounds, result and reasons, at the deciding
// centre's version, only
// if that is above the one held — an older state never overwrites a newer
// one, and the same state twice changes nothing. It writes no outbox: the
// portal has the state from the deciding centre. applied is false when the
// state was not newer; inTx runs last in the transaction either way.
func (d *Dossiers) ApplyProgress(ctx context.Context, pr lienthong.Progress, inTx func(tx *store.Tx) error) (applied bool, err error) {
	pr.HoSo = textrule.JSON(pr.HoSo)
	pk, err := qcvn120.Decode(qcvn120.SvcDongBoHoSo, pr.HoSo)
	if err != nil {
		return false, bad("Không đọc được tiến độ hồ sơ liên thông", "progress: %v", err)
	}
	hs := pk.(qcvn120.DongBoHoSoMC)
	if hs.MaHoSo != pr.MaHoSo || pr.PhienBan < 1 {
		return false, bad("Tiến độ hồ sơ liên thông không hợp lệ", "progress for %q carries %q v%d", pr.MaHoSo, hs.MaHoSo, pr.PhienBan)
	}
	st := dossier.Status(hs.TrangThaiHoSo)
	if st.Label() == "" || st == dossier.Draft {
		return false, bad("Trạng thái hồ sơ không hợp lệ", "progress: status %d", hs.TrangThaiHoSo)
	}
	err = d.db.Write(ctx, func(tx *store.Tx) error {
		row, err := tx.Dossier(pr.MaHoSo)
		if err != nil {
			return domainErr(err)
		}
		applied = false
		if pr.PhienBan > row.Version {
			sd, err := decodeStored(row)
			if err != nil {
				return err
			}
			now := d.now()
			x := &sd.Dossier
			from := x.Status
			x.Status = st
			if at := hs.NgayHenTra.Time; !at.IsZero() {
				x.AppointmentAt = at.In(dossier.Loc)
			}
			x.ResolvedAt = hs.NgayKetThucXuLy.Time
			if st == dossier.StatusRefused {
				x.RefusalReason = hs.GhiChu
			}
			if at := hs.NgayTra.Time; !at.IsZero() && x.Return == nil {
				x.Return = &dossier.ResultReturn{At: at, Method: x.ReturnMethod}
			}
			if hs.DonViXuLy != "" {
				x.CompetentAgency = hs.DonViXuLy
			}
			if st == dossier.StatusReturned { // the deciding centre recorded the return after all
				sd.HandOverRefused = nil
			}
			// The supplement rounds, so the kiosk tells the applicant what to bring.
			x.Supplements = x.Supplements[:0:0]
			for _, bs := range hs.DanhSachHoSoBoSung {
				x.Supplements = append(x.Supplements, dossier.SupplementRound{RequestedAt: bs.NgayBoSung.Time, RequestedBy: bs.NguoiYeuCauBoSung,
					Missing: []string{bs.NoiDungBoSung}, SupplementedAt: bs.NgayTiepNhanBoSung.Time, ReceivedBy: bs.NguoiTiepNhanBoSung,
					PrevAppointment: bs.NgayHenTraTruoc.Time, NewAppointment: bs.NgayHenTraMoi.Time})
			}
			ev := dossier.Event{At: now, Action: "TransferProgress", From: from, To: st,
				Note: "Đơn vị giải quyết (" + x.Competent() + ") cập nhật: " + st.Label()}
			x.History = append(x.History, ev)
			doc, err := json.Marshal(sd)
			if err != nil {
				return err
			}
			row.Status, row.AppointmentAt, row.UpdatedAt, row.Version, row.Doc = int(st), x.AppointmentAt, now, pr.PhienBan, doc
			if applied, err = tx.SetDossierRemote(row); err != nil {
				return err
			}
			if err := d.appendHistory(tx, pr.MaHoSo, ev, ""); err != nil {
				return err
			}
		}
		if inTx != nil {
			return inTx(tx)
		}
		return nil
	})
	return applied, err
}

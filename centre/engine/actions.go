package engine

// The dossier actions after reception (processing, supplements, fees,
// result, return, apology), one write transaction each.

import (
	"context"
	"encoding/json"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// ActRequest is the body of POST /api/v1/dossiers/{code}/{action}.
type ActRequest struct {
	Missing        []string                    `json:"missing"`
	Reason         string                      `json:"reason"`
	Deadline       time.Time                   `json:"deadline"`
	Fees           []dossier.FeePaid           `json:"fees"`
	Components     []dossier.ComponentReceived `json:"components"`
	CollectedBy    string                      `json:"collected_by"`
	IDChecked      bool                        `json:"id_checked"`
	Method         dossier.ReturnMethod        `json:"method"`
	NewAppointment time.Time                   `json:"new_appointment"`
	Department     string                      `json:"department"`
	Result         string                      `json:"result"`
	// resend-handover (handoverresend.go): the refused attempt on screen and the place of return.
	Attempt int    `json:"attempt"`
	Place   string `json:"place"`
}

func (d *Dossiers) action(name string, req ActRequest, officer string) (dossier.Action, error) {
	switch name {
	case "start-processing":
		return dossier.StartProcessing{Officer: officer, Department: req.Department}, nil
	case "request-supplement":
		return dossier.RequestSupplement{Officer: officer, Missing: req.Missing, Reason: req.Reason, Deadline: req.Deadline}, nil
	case "supplement":
		return dossier.Supplement{Officer: officer, Components: req.Components}, nil
	case "request-fees":
		return dossier.RequestFees{Officer: officer, Fees: req.Fees}, nil
	case "fees-paid":
		return dossier.FeesPaid{Officer: officer}, nil
	case "resolve":
		return dossier.Resolve{Officer: officer, Result: req.Result}, nil
	case "refuse":
		return dossier.Refuse{Officer: officer, Reason: req.Reason}, nil
	case "withdraw":
		return dossier.Withdraw{Officer: officer, Reason: req.Reason}, nil
	case "stop":
		return dossier.Stop{Officer: officer, Reason: req.Reason}, nil
	case "return":
		return dossier.Return{Officer: officer, CollectedBy: textrule.Line(req.CollectedBy), IDChecked: req.IDChecked, Method: req.Method}, nil
	case "apologise":
		return dossier.Apologise{Officer: officer, NewDate: req.NewAppointment, Reason: req.Reason}, nil
	}
	return nil, queue.Errf(queue.CodeNotFound, "Thao tác hồ sơ không tồn tại: %s", "unknown dossier action %q", name)
}

// Act performs the dossier action named (start-processing, resolve,
// return, ...) for the officer p on the dossier code.
func (d *Dossiers) Act(ctx context.Context, p Actor, code, name string, req ActRequest) (DossierView, error) {
	if len(req.Reason) > 2000 || len(req.Missing) > 50 || len(req.CollectedBy) > 200 || len(req.Result) > 500 {
		return DossierView{}, bad("Nội dung quá dài", "field too long")
	}
	req.tidy()
	if name == ActResendHandOver {
		return d.ResendHandOver(ctx, p, code, ResendRequest{Attempt: req.Attempt, CollectedBy: req.CollectedBy, Place: req.Place})
	}
	officerName := p.name()
	a, err := d.action(name, req, officerName)
	if err != nil {
		return DossierView{}, err
	}
	var out DossierView
	cal := d.Calendar(ctx)
	err = d.db.Write(ctx, func(tx *store.Tx) error {
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
		// Liên thông: the receiving centre only hands the result over, the
		// deciding centre does not when that is done elsewhere (handover.go).
		if err := sd.mayAct(a); err != nil {
			return err
		}
		nd, ev, err := dossier.Apply(sd.Dossier, a, d.now(), cal)
		if err != nil {
			return domainErr(err)
		}
		sd.Dossier = nd
		if sd.TransferTo != "" {
			if err := nextHandOver(&sd); err != nil {
				return err
			}
			out = d.view(sd, row.Version)
			return d.handOverHere(tx, row, sd, ev, p.Officer)
		}
		doc, err := json.Marshal(sd)
		if err != nil {
			return err
		}
		row.Status, row.AppointmentAt, row.UpdatedAt, row.Officer, row.Doc = int(nd.Status), nd.AppointmentAt, d.now(), p.Officer, doc
		v, err := tx.UpdateDossier(row)
		if err != nil {
			return err
		}
		if err := d.appendHistory(tx, code, ev, p.Officer); err != nil {
			return err
		}
		if err := d.writeOutbox(tx, sd, ev, v, officerName); err != nil {
			return err
		}
		out = d.view(sd, v)
		return nil
	})
	if err != nil {
		return DossierView{}, err
	}
	d.log.Info("dossier updated", "dossier", code, "action", a.Name(), "status", int(out.Dossier.Status), "officer", p.Officer)
	return out, nil
}

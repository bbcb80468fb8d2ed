package centre

import (
	"encoding/json"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/store"
)

// queueTransfer writes, after the dossier's packets, the outbox row that
// forwards it to the centre of its competent agency when that agency is
// marked forward in the configuration (liên thông, docs/SYNC.md). The row
// has the dossier's key, so the agent sends it only after the dossier
// packet was acknowledged.
func (d *dossierService) queueTransfer(tx *store.Tx, sd storedDossier) error {
	cfg := d.s.engine.Config()
	code := sd.Dossier.CompetentAgencyCode
	if code == "" || code == cfg.AgencyCode {
		return nil
	}
	forward := false
	for _, a := range cfg.Agencies {
		if a.Code == code && a.Forward {
			forward = true
		}
	}
	if !forward {
		return nil
	}
	hs, err := json.Marshal(hoSoPacket(sd))
	if err != nil {
		return err
	}
	where := "noi_tiep_nhan"
	if sd.Dossier.ReturnMethod == dossier.ReturnByPost {
		where = "buu_chinh"
	}
	b, err := json.Marshal(portal.Transfer{MaDonViNhan: code, HoSo: hs, TraKetQuaTai: where})
	if err != nil {
		return err
	}
	return tx.AppendOutbox(portal.SvcTransfer, sd.Dossier.Code, 1, b)
}

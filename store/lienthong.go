package store

import "fmt"

// SetDossierLocal writes a dossier's state at the version held, without
// moving it: the receiving centre's hand-over of a forwarded dossier's
// result (liên thông), whose version line belongs to the deciding centre —
// its next version, carrying the same hand-over, comes back and replaces
// this. It fails when the version changed since the row was read.
func (t *Tx) SetDossierLocal(d DossierRow) error {
	res, err := t.Exec(`UPDATE dossiers SET status=?, updated_at=?, officer=?, doc=? WHERE code=? AND version=?`,
		d.Status, ms(d.UpdatedAt), d.Officer, string(d.Doc), d.Code, d.Version)
	if err != nil {
		return fmt.Errorf("update dossier: %w", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("update dossier %s: changed by someone else or missing", d.Code)
	}
	return nil
}

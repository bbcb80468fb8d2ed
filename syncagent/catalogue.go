package syncagent

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/store"
)

// CatalogueSource is where procedures come from (the portal's LayThuTuc).
type CatalogueSource interface {
	Catalogue(ctx context.Context) ([]qcvn120.LayThuTuc, error)
}

// FromLayThuTuc converts a portal procedure to the centre's model. The
// processing time is the in-person channel's (KENH 1).
func FromLayThuTuc(p qcvn120.LayThuTuc) (dossier.Procedure, error) {
	out := dossier.Procedure{Code: strings.TrimSpace(p.MATTHC), Name: strings.TrimSpace(p.TENTTHC), Level: 2}
	if len(p.LINHVUCTHUCHIEN) > 0 {
		out.Sector = dossier.Sector{Code: string(p.LINHVUCTHUCHIEN[0].MALINHVUC), Name: p.LINHVUCTHUCHIEN[0].TENLINHVUC}
	}
	amount, unit, ok := p.ThoiHan(qcvn120.KenhThucHien(1))
	if !ok {
		return out, fmt.Errorf("procedure %s: no processing time for the in-person channel", out.Code)
	}
	n, err := strconv.ParseFloat(strings.ReplaceAll(strings.TrimSpace(amount), ",", "."), 64)
	if err != nil || n < 0 {
		return out, fmt.Errorf("procedure %s: processing time %q is not a number", out.Code, amount)
	}
	u := strings.ToLower(strings.TrimSpace(unit))
	switch {
	case strings.Contains(u, "giờ"):
		out.Time = dossier.ProcessingTime{Amount: int(n + 0.5), Unit: dossier.UnitWorkingHours}
	case strings.Contains(u, "làm việc"):
		out.Time = dossier.ProcessingTime{Amount: int(n + 0.5), Unit: dossier.UnitWorkingDays}
	case strings.Contains(u, "trong ngày") || n == 0:
		out.Time = dossier.ProcessingTime{Unit: dossier.UnitSameDay}
	case strings.Contains(u, "ngày"):
		out.Time = dossier.ProcessingTime{Amount: int(n + 0.5), Unit: dossier.UnitCalendarDays}
	default:
		return out, fmt.Errorf("procedure %s: unknown time unit %q", out.Code, unit)
	}
	for _, c := range p.CACHTHUCTHUCHIEN {
		if c.KENH != 1 || len(c.THOIGIAN) == 0 {
			continue
		}
		for _, f := range c.THOIGIAN[0].PHILEPHI {
			amt, _ := strconv.ParseInt(strings.NewReplacer(".", "", ",", "", " ", "").Replace(string(f.SOTIEN)), 10, 64)
			name := f.MOTA
			if name == "" {
				name = "Phí, lệ phí"
			}
			out.Fees = append(out.Fees, dossier.Fee{Name: name, Amount: amt})
		}
	}
	if len(p.THANHPHANHOSO) > 0 {
		for _, g := range p.THANHPHANHOSO[0].GIAYTO {
			out.Components = append(out.Components, dossier.Component{Name: g.TENGIAYTO, Originals: int(g.SOBANCHINH), Copies: int(g.SOBANSAO)})
		}
	}
	if len(p.COQUANTHUCHIEN) > 0 {
		out.Agency = p.COQUANTHUCHIEN[0].TENDONVI
	}
	if len(p.CAPTHUCHIEN) > 0 {
		out.AdminLevel = int(p.CAPTHUCHIEN[0].CAPTHUCHIEN)
	}
	if len(p.KETQUATHUCHIEN) > 0 {
		out.Result = p.KETQUATHUCHIEN[0].TENKETQUA
	}
	if err := out.Validate(); err != nil {
		return out, err
	}
	return out, nil
}

// PullCatalogue fetches the portal's catalogue and stores every procedure
// that converts. Dossiers already received keep the copy of the procedure
// they were received with, so an update never changes them.
func PullCatalogue(ctx context.Context, db *store.DB, src CatalogueSource) (stored int, skipped []error, err error) {
	ps, err := src.Catalogue(ctx)
	if err != nil {
		return 0, nil, err
	}
	type conv struct {
		code string
		doc  []byte
	}
	var ok []conv
	for _, p := range ps {
		proc, err := FromLayThuTuc(p)
		if err != nil {
			skipped = append(skipped, err)
			continue
		}
		b, err := json.Marshal(proc)
		if err != nil {
			return 0, skipped, err
		}
		ok = append(ok, conv{proc.Code, b})
	}
	err = db.Write(ctx, func(tx *store.Tx) error {
		for _, c := range ok {
			if err := tx.PutProcedure(c.code, c.doc, "LayThuTuc"); err != nil {
				return err
			}
		}
		return nil
	})
	return len(ok), skipped, err
}

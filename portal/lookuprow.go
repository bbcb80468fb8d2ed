package portal

// The public lookup's own row (issue 20, docs/PORTAL.md "Public lookup"):
// the store keeps, beside each dossier, a narrow projection holding exactly
// what GET /api/v1/tra-cuu/{code} shows, written in the same transaction as
// the dossier or its steps. At 10 million dossiers the dossier rows (the
// whole QCVN 120 packet each, 1.5 KB) and their steps are 31 GB and do not
// stay in memory; the projection is 3.75 GB and does, so a lookup reads one
// cached row instead of 3–6 pages from disk (docs/BENCHMARKS.md). It is also a privacy boundary:
// the name is stored masked, and no ID number, address, phone, e-mail,
// officer or note is in it, so the public handler cannot show one.

import (
	"context"
	"encoding/json"
	"time"

	"github.com/motcua/motcua/qcvn120"
)

// LookupRow is the public lookup's projection of a dossier.
type LookupRow struct {
	MaHoSo       string
	Status       int
	TenTTHC      string
	TenLinhVuc   string
	ChuHoSo      string // already masked (MaskName)
	DonViXuLy    string
	NgayTiepNhan time.Time
	NgayHenTra   time.Time
	NgayXong     time.Time // for "late" only; not shown
	NgayTra      time.Time
	BuuChinh     bool         // the result is sent by post (HinhThuc 1 in the packet)
	TienDo       []LookupStep // in the order of Store.Dossier's steps
}

// LookupStep is a step as the public sees it: when, and the status.
type LookupStep struct {
	At     time.Time
	Status int
}

// LookupStore is implemented by stores that keep the projection; the
// portal reads the public lookup from it instead of Store.Dossier.
type LookupStore interface {
	// Lookup returns the projection of a dossier, ErrNotFound when none.
	Lookup(ctx context.Context, maHoSo string) (LookupRow, error)
}

// LookupOf is the projection of a dossier and its steps (in Store.Dossier
// order): the one definition used by the stores when writing and by the
// portal when a store has no projection.
func LookupOf(d Dossier, steps []Step) LookupRow {
	l := LookupRow{MaHoSo: d.MaHoSo, Status: d.Status, TenTTHC: d.TenTTHC, TenLinhVuc: d.TenLinhVuc, ChuHoSo: MaskName(d.ChuHoSo),
		DonViXuLy: d.DonViXuLy, NgayTiepNhan: d.NgayTiepNhan, NgayHenTra: d.NgayHenTra, NgayXong: d.NgayXong, NgayTra: d.NgayTra,
		BuuChinh: ByPost(d.Doc)}
	for _, s := range steps {
		l.TienDo = append(l.TienDo, LookupStep{At: s.At, Status: s.Status})
	}
	return l
}

// ByPost reports whether a dossier packet asks for the result by post.
func ByPost(doc []byte) bool {
	var hs struct {
		HinhThuc qcvn120.HinhThuc `json:"HinhThuc"`
	}
	return json.Unmarshal(doc, &hs) == nil && hs.HinhThuc == qcvn120.NhanBuuChinh
}

// lookupRow reads the public view's data of code from the public store.
func (s *Server) lookupRow(ctx context.Context, code string) (LookupRow, error) {
	return lookupIn(ctx, s.pub, code)
}

// lookupIn reads the public view's data of code from st: from the
// projection when st keeps one, else from the dossier and its steps.
func lookupIn(ctx context.Context, st Store, code string) (LookupRow, error) {
	if ls, ok := st.(LookupStore); ok {
		return ls.Lookup(ctx, code)
	}
	d, steps, err := st.Dossier(ctx, code)
	if err != nil {
		return LookupRow{}, err
	}
	return LookupOf(d, steps), nil
}

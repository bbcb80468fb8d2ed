package qcvn120

import "fmt"

// SvcDanhSachPAKNCongKhai lists the petitions (phản ánh, kiến nghị) the
// national petition system has published with their answers. Field names
// as OpenCPS reads them (docs/QCVN120.md); the other PAKN services of
// QCVN 120 (DanhSachPAKNChoXuLy, LayTaiLieuPAKN, …) have no public field
// list and are not implemented.
const SvcDanhSachPAKNCongKhai = "DanhSachPAKNCongKhai"

// DanhSachPAKNCongKhaiRequest pages through the public petitions.
type DanhSachPAKNCongKhaiRequest struct {
	TrangHienTai     Int    `json:"trangHienTai"`     // page, from 1
	SoBanGhiMoiTrang Int    `json:"soBanGhiMoiTrang"` // items per page
	Keyword          string `json:"keyword"`
}

// MaxPAKNPage is the largest page a request may ask for.
const MaxPAKNPage = 100

// Validate checks the paging.
func (r DanhSachPAKNCongKhaiRequest) Validate() error {
	c := &checker{packet: SvcDanhSachPAKNCongKhai}
	if r.TrangHienTai < 1 {
		c.fail("trangHienTai", ReasonRange+": ≥ 1")
	}
	if r.SoBanGhiMoiTrang < 1 || r.SoBanGhiMoiTrang > MaxPAKNPage {
		c.fail("soBanGhiMoiTrang", fmt.Sprintf("%s: 1..%d", ReasonRange, MaxPAKNPage))
	}
	c.maxLen("keyword", r.Keyword, 200)
	return c.err()
}

// DanhSachPAKNCongKhai is the answer: one page of public petitions.
type DanhSachPAKNCongKhai struct {
	DanhSachPAKNCongKhai List[PAKNCongKhai] `json:"DanhSachPAKNCongKhai"`
}

// PAKNCongKhai is one published petition with its answer.
type PAKNCongKhai struct {
	Id            Str    `json:"Id"`
	Ten           string `json:"Ten"`    // the sender as published (masked by the publisher)
	TieuDe        string `json:"TieuDe"` // title
	NgayGuiPAKN   string `json:"NgayGuiPAKN"`
	NoiDungPAKN   string `json:"NoiDungPAKN"`
	NoiDungTraLoi string `json:"NoiDungTraLoi"`
	TrangThai     Str    `json:"TrangThai"`
	// TongSo is the total number of public petitions (every item carries it;
	// OpenCPS reads the first).
	TongSo Int `json:"TongSo"`
}

// Validate checks one page of the answer.
func (l DanhSachPAKNCongKhai) Validate() error {
	c := &checker{packet: SvcDanhSachPAKNCongKhai}
	for i, p := range l.DanhSachPAKNCongKhai {
		f := fmt.Sprintf("DanhSachPAKNCongKhai[%d].", i)
		c.required(f+"Id", string(p.Id))
		c.required(f+"NoiDungPAKN", p.NoiDungPAKN)
		c.maxLen(f+"NoiDungPAKN", p.NoiDungPAKN, MaxHoiDapText)
		c.maxLen(f+"NoiDungTraLoi", p.NoiDungTraLoi, MaxHoiDapText)
		c.nonNegative(f+"TongSo", p.TongSo)
	}
	return c.err()
}

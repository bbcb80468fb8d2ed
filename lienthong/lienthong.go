// Package lienthong holds the wire types of liên thông (issue 16 item 2,
// docs/SYNC.md): the dossier a centre forwards through the portal to the
// centre of the agency that decides it, and the states that come back.
// The centre's engine writes and reads them and the portal serves them, so
// they live here, importing nothing of ours and nothing of net/http.
package lienthong

import (
	"encoding/json"
	"time"
)

// SvcTransfer is the outbox service of a dossier to forward: the sync agent
// sends its payload (a Transfer) to POST /api/v1/lien-thong.
const SvcTransfer = "motcua.LienThong"

// Transfer is the body of POST /api/v1/lien-thong.
type Transfer struct {
	MaDonViNhan string          `json:"ma_don_vi_nhan"` // the competent agency
	HoSo        json.RawMessage `json:"ho_so"`          // the dossier as DongBoHoSoMC
	// TraKetQuaTai: where the result is returned, as chosen at reception:
	// "noi_tiep_nhan" (the receiving centre), "noi_giai_quyet" (the deciding one) or "buu_chinh".
	TraKetQuaTai string `json:"tra_ket_qua_tai"`
	// PhienBan is the dossier's version at the receiving centre when it was
	// forwarded; the deciding centre's versions continue above it.
	PhienBan int64 `json:"phien_ban,omitempty"`
	// ChiTiet is the receiving centre's dossier document (components, fees,
	// applicant as received), so the deciding centre does not retype it.
	ChiTiet json.RawMessage `json:"chi_tiet,omitempty"`
}

// Progress is the content of a portal "tien_do" inbound item: the dossier
// packet the deciding centre sent, with its version (items of one dossier
// are applied in version order, an older one never over a newer one).
type Progress struct {
	MaHoSo   string          `json:"ma_ho_so"`
	PhienBan int64           `json:"phien_ban"`
	HoSo     json.RawMessage `json:"ho_so"` // DongBoHoSoMC
}

// SvcHandOver is the outbox service of a result handed over at the
// receiving centre: the sync agent sends its payload (a HandOver) to
// POST /api/v1/lien-thong/tra-ket-qua, and the portal queues it for the
// deciding centre (inbound item "TK-<MaHoSo>", kind "tra_ket_qua").
const SvcHandOver = "motcua.TraKetQuaLienThong"

// HandOver is the body of POST /api/v1/lien-thong/tra-ket-qua: the result
// of a forwarded dossier was handed over at the centre that received it.
// The deciding centre records it as its next version, which flows back.
type HandOver struct {
	MaHoSo      string `json:"ma_ho_so"`
	MaDonViNhan string `json:"ma_don_vi_nhan"` // the deciding agency
	// PhienBan is the version the receiving centre held (the deciding
	// centre's resolution) when it handed the result over.
	PhienBan        int64     `json:"phien_ban"`
	NoiTra          string    `json:"noi_tra"`   // the receiving centre's name
	NgayTra         time.Time `json:"ngay_tra"`  // when
	NguoiTra        string    `json:"nguoi_tra"` // the officer
	NguoiNhan       string    `json:"nguoi_nhan"`
	DaKiemTraGiayTo bool      `json:"da_kiem_tra_giay_to"` // the collector's ID checked
}

package qcvn120

// DongBoDanhGia is one answer of a citizen's rating.
//
// PENDING CONFIRMATION: the official field list of this packet (8 fields) was
// not found. This is the one place it is defined; it carries what the packet
// must carry and nothing that identifies the assessor (Decree 42/2022 Art.
// 13): no name, ID number, phone or account, and MaDanhGia is a random id,
// never derived from the citizen. Rename fields here once confirmed.
type DongBoDanhGia struct {
	// MaDanhGia identifies this answer (random, e.g. a UUID); the portal
	// deduplicates on it.
	MaDanhGia Str `json:"MaDanhGia"`
	// MaDonVi is the agency code of the centre where the service was given.
	MaDonVi string `json:"MaDonVi"`
	// MaHoSo is the dossier code of a dossier rating, and empty for a
	// visit without a dossier (a ticket rated at the kiosk or on the
	// counter pad): no public source gives the standard a field for a
	// ticket, and a made-up code would look like a dossier to the portal
	// (docs/PORTAL.md). "STT-yyyyMMdd-<ticket>", which centres sent before,
	// is still accepted.
	MaHoSo string `json:"MaHoSo"`
	// MaTTHC is the procedure's short code; "" for a visit without a dossier.
	MaTTHC string `json:"MaTTHC"`
	// MaCauHoi is the question (criterion) being answered, e.g. "THAIDO".
	MaCauHoi Str `json:"MaCauHoi"`
	// MucDanhGia is the answer level: 1 = best (Rất hài lòng) … up to the
	// scale size (3 by default, 5 on some systems).
	MucDanhGia Int `json:"MucDanhGia"`
	// ThoiGianDanhGia is when the citizen answered.
	ThoiGianDanhGia Time `json:"ThoiGianDanhGia"`
	// LyDo is the reason given for a low rating ("" otherwise).
	LyDo string `json:"LyDo"`
}

// MaxMucDanhGia is the largest answer level the portal accepts (5-level
// scales exist; 3 is the default scale).
const MaxMucDanhGia = 5

// Rating labels of the default 3-level scale.
var MucDanhGia3 = map[Int]string{1: "Rất hài lòng", 2: "Hài lòng", 3: "Không hài lòng"}

package qcvn120

import (
	"fmt"
	"regexp"
)

// The question-and-answer exchanges with the national portal besides
// DongBoHoiDap, with the field lists OpenCPS's DVCQG integration reads and
// writes (VietOpenCPS/opencps-v2, DVCQGIntegrationActionImpl.java:
// doSyncSharingQA, extractFAQResult, getAnswer, syncFAQToDVCQG; snapshot
// 2c719850c; docs/QCVN120.md). Codecs only: no program of motcua calls
// DVCQG for them yet.

const (
	// SvcLayDanhSachHoiDapGuiTuDVCQG lists the questions citizens asked the
	// agency on the national portal (portal → agency).
	SvcLayDanhSachHoiDapGuiTuDVCQG = "LayDanhSachHoiDapGuiTuDVCQG"
	// SvcLayDanhSachHoiDapBoCoQuan lists the questions and answers of the
	// ministries and agencies (portal → agency). Same item as above.
	SvcLayDanhSachHoiDapBoCoQuan = "LayDanhSachHoiDapBoCoQuan"
	// SvcLayNoiDungTraLoiTheoCauHoi reads the answers of one question.
	SvcLayNoiDungTraLoiTheoCauHoi = "LayNoiDungTraLoiTheoCauHoi"
	// SvcDongBoKetQuaHoiDapGuiTuDVCQG sends the agency's answer to a
	// question asked on the national portal (agency → portal).
	SvcDongBoKetQuaHoiDapGuiTuDVCQG = "DongBoKetQuaHoiDapGuiTuDVCQG"
)

// HoiDapDVCQG is one item of the answer of LayDanhSachHoiDapGuiTuDVCQG and
// LayDanhSachHoiDapBoCoQuan (`result` of the portal's answer): 13 fields.
// HOVATEN, THUDIENTU, DIACHI and SODIENTHOAI are the asker's identity and
// contact: for the agency's answer only; Public drops them.
type HoiDapDVCQG struct {
	HOIDAPID      Str    `json:"HOIDAPID"` // a number on the wire (OpenCPS reads getLong)
	MALINHVUC     Str    `json:"MALINHVUC"`
	TENDONVI      string `json:"TENDONVI"`
	NOIDUNG       string `json:"NOIDUNG"`
	MADONVI       string `json:"MADONVI"`
	NOIDUNGTRALOI string `json:"NOIDUNGTRALOI"`
	TRALOIID      Str    `json:"TRALOIID"` // 0 or absent: not answered
	HOVATEN       string `json:"HOVATEN"`
	THUDIENTU     string `json:"THUDIENTU"`
	DIACHI        string `json:"DIACHI"`
	SODIENTHOAI   Str    `json:"SODIENTHOAI"`
	MATTHCDP      Str    `json:"MATTHCDP"`  // the local procedure code it is about
	TRANGTHAI     Str    `json:"TRANGTHAI"` // 1 publish, 0 do not (OpenCPS reads getInt)
}

// Public is the item without the asker's identity and contact.
func (q HoiDapDVCQG) Public() HoiDapDVCQG {
	q.HOVATEN, q.THUDIENTU, q.DIACHI, q.SODIENTHOAI = "", "", "", ""
	return q
}

// Validate checks one listed question.
func (q HoiDapDVCQG) Validate() error {
	c := &checker{packet: SvcLayDanhSachHoiDapGuiTuDVCQG}
	if c.required("HOIDAPID", string(q.HOIDAPID)) {
		c.maxLen("HOIDAPID", string(q.HOIDAPID), 64)
	}
	if c.required("NOIDUNG", q.NOIDUNG) {
		c.maxLen("NOIDUNG", q.NOIDUNG, MaxHoiDapText)
	}
	if q.MADONVI != "" {
		c.match("MADONVI", q.MADONVI, reAgency, agencyHint)
	}
	c.maxLen("MALINHVUC", string(q.MALINHVUC), 50)
	c.maxLen("TENDONVI", q.TENDONVI, 250)
	c.maxLen("NOIDUNGTRALOI", q.NOIDUNGTRALOI, MaxHoiDapText)
	c.maxLen("TRALOIID", string(q.TRALOIID), 64)
	c.maxLen("HOVATEN", q.HOVATEN, 250)
	c.maxLen("THUDIENTU", q.THUDIENTU, 250)
	c.maxLen("DIACHI", q.DIACHI, 500)
	c.maxLen("SODIENTHOAI", string(q.SODIENTHOAI), 50)
	c.maxLen("MATTHCDP", string(q.MATTHCDP), 64)
	switch q.TRANGTHAI {
	case HoiDapCongKhai, HoiDapKhongCongKhai, "":
	default:
		c.fail("TRANGTHAI", ReasonCode+": 0..1")
	}
	return c.err()
}

// Answered reports whether the listed question carries its answer.
func (q HoiDapDVCQG) Answered() bool {
	return q.TRALOIID != "" && q.TRALOIID != "0" && q.NOIDUNGTRALOI != ""
}

// LayNoiDungTraLoiTheoCauHoiRequest asks for the answers of one question.
type LayNoiDungTraLoiTheoCauHoiRequest struct {
	CauHoiID Str `json:"cauhoiid"` // the question's HOIDAPID
}

// Validate checks the request.
func (r LayNoiDungTraLoiTheoCauHoiRequest) Validate() error {
	c := &checker{packet: SvcLayNoiDungTraLoiTheoCauHoi}
	if c.required("cauhoiid", string(r.CauHoiID)) {
		c.maxLen("cauhoiid", string(r.CauHoiID), 64)
	}
	return c.err()
}

// TraLoiDVCQG is one answer of LayNoiDungTraLoiTheoCauHoi (`result`).
type TraLoiDVCQG struct {
	TRALOIID      Str    `json:"TRALOIID"`
	NOIDUNGTRALOI string `json:"NOIDUNGTRALOI"`
}

// Validate checks one answer.
func (a TraLoiDVCQG) Validate() error {
	c := &checker{packet: SvcLayNoiDungTraLoiTheoCauHoi}
	if c.required("TRALOIID", string(a.TRALOIID)) {
		c.maxLen("TRALOIID", string(a.TRALOIID), 64)
	}
	if c.required("NOIDUNGTRALOI", a.NOIDUNGTRALOI) {
		c.maxLen("NOIDUNGTRALOI", a.NOIDUNGTRALOI, MaxHoiDapText)
	}
	return c.err()
}

// DongBoKetQuaHoiDapGuiTuDVCQG is the agency's answer to a question asked
// on the national portal: 6 fields. NGAYTRALOI is "dd/MM/yyyy" as OpenCPS
// sends it (APIDateTimeUtils._NORMAL_DATE), or yyyyMMddHHmmss as the other
// packets carry dates; both are accepted and kept as sent.
type DongBoKetQuaHoiDapGuiTuDVCQG struct {
	HOIDAPID          Str    `json:"HOIDAPID"`
	MADONVI           string `json:"MADONVI"`
	NGUOITRALOI       string `json:"NGUOITRALOI"`
	CHUCVUNGUOITRALOI string `json:"CHUCVUNGUOITRALOI"`
	NGAYTRALOI        string `json:"NGAYTRALOI"`
	NOIDUNGTRALOI     string `json:"NOIDUNGTRALOI"`
}

// Service implements Packet.
func (DongBoKetQuaHoiDapGuiTuDVCQG) Service() string { return SvcDongBoKetQuaHoiDapGuiTuDVCQG }

var reNgayTraLoi = regexp.MustCompile(`^(\d{2}/\d{2}/\d{4}|\d{14})$`)

// Validate checks the answer.
func (a DongBoKetQuaHoiDapGuiTuDVCQG) Validate() error {
	c := &checker{packet: SvcDongBoKetQuaHoiDapGuiTuDVCQG}
	if c.required("HOIDAPID", string(a.HOIDAPID)) {
		c.maxLen("HOIDAPID", string(a.HOIDAPID), 64)
	}
	c.match("MADONVI", a.MADONVI, reAgency, agencyHint)
	if c.required("NGUOITRALOI", a.NGUOITRALOI) {
		c.maxLen("NGUOITRALOI", a.NGUOITRALOI, 100)
	}
	c.maxLen("CHUCVUNGUOITRALOI", a.CHUCVUNGUOITRALOI, 100)
	if c.required("NGAYTRALOI", a.NGAYTRALOI) && !reNgayTraLoi.MatchString(a.NGAYTRALOI) {
		c.fail("NGAYTRALOI", fmt.Sprintf("%s: dd/MM/yyyy or yyyyMMddHHmmss", ReasonDate))
	}
	if c.required("NOIDUNGTRALOI", a.NOIDUNGTRALOI) {
		c.maxLen("NOIDUNGTRALOI", a.NOIDUNGTRALOI, MaxHoiDapText)
	}
	return c.err()
}

package qcvn120

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// FieldError is a packet refused because of one field. Reason is an English
// reason kind, optionally followed by ": detail"; Error() adds Vietnamese.
type FieldError struct {
	Packet, Field, Reason string
}

// Reason kinds.
const (
	ReasonRequired = "required"
	ReasonFormat   = "bad format"
	ReasonTooLong  = "too long"
	ReasonDate     = "bad date"
	ReasonCode     = "unknown code"
	ReasonRange    = "out of range"
	ReasonJSON     = "malformed JSON"
	ReasonOrder    = "dates out of order"
)

var reasonVI = map[string]string{
	ReasonRequired: "bắt buộc, không được để trống",
	ReasonFormat:   "sai định dạng",
	ReasonTooLong:  "quá dài",
	ReasonDate:     "ngày giờ không hợp lệ (định dạng yyyyMMddHHmmss)",
	ReasonCode:     "mã không có trong danh mục",
	ReasonRange:    "giá trị ngoài phạm vi",
	ReasonJSON:     "dữ liệu JSON không đọc được",
	ReasonOrder:    "thứ tự ngày không hợp lệ",
}

func (e *FieldError) Error() string {
	kind, detail, _ := strings.Cut(e.Reason, ": ")
	vi := reasonVI[kind]
	if vi == "" {
		vi = kind
	}
	if detail != "" {
		vi += " (" + detail + ")"
	}
	where := e.Packet
	if e.Field != "" {
		where += "." + e.Field
	}
	return fmt.Sprintf("%s: %s / %s", where, vi, e.Reason)
}

// Vietnamese is the message for a citizen- or officer-facing screen.
func (e *FieldError) Vietnamese() string {
	kind, detail, _ := strings.Cut(e.Reason, ": ")
	vi := reasonVI[kind]
	if vi == "" {
		vi = kind
	}
	if detail != "" {
		vi += " (" + detail + ")"
	}
	return fmt.Sprintf("Trường %s của gói %s: %s", e.Field, e.Packet, vi)
}

var (
	reAgency  = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$`)
	reMaHoSo  = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$`)
	reMaTTHC  = regexp.MustCompile(`^\d\.\d{6}$`)
	rePercent = regexp.MustCompile(`^\d{1,3}(\.\d{1,2})?$`)
	reTicket  = regexp.MustCompile(`^STT-\d{8}-[A-Z0-9]{1,10}$`)
	reDigits  = regexp.MustCompile(`^\d+$`)
)

// ValidAgency reports an agency code (mã đơn vị) such as 000.00.06.H56.
func ValidAgency(s string) bool { return reAgency.MatchString(s) }

// ValidMaHoSo reports a dossier code such as 000.00.06.H56-231027-0361.
func ValidMaHoSo(s string) bool { return reMaHoSo.MatchString(s) }

// ValidMaTTHC reports a short national procedure code such as 2.000488.
func ValidMaTTHC(s string) bool { return reMaTTHC.MatchString(s) }

// AgencyOf returns the agency code that prefixes a dossier code ("" if none).
func AgencyOf(maHoSo string) string {
	a, _, ok := strings.Cut(maHoSo, "-")
	if !ok || !reAgency.MatchString(a) {
		return ""
	}
	return a
}

// Packet is any of the packets a centre sends.
type Packet interface {
	Service() string
	Validate() error
}

func (DongBoHoSoMC) Service() string        { return SvcDongBoHoSo }
func (CapNhatTienDoHoSoMC) Service() string { return SvcCapNhatTienDo }
func (DongBoDanhGia) Service() string       { return SvcDongBoDanhGia }
func (DongBoThongKeHoSo) Service() string   { return SvcDongBoThongKe }
func (LayThuTuc) Service() string           { return SvcLayThuTuc }
func (DongBoHoiDap) Service() string        { return SvcDongBoHoiDap }

// ErrUnknownService is returned by Decode for a service it does not know.
var ErrUnknownService = errors.New("qcvn120: unknown service")

// Decode reads and validates one item of service. Errors are *FieldError
// (errors.As) or wrap ErrUnknownService.
func Decode(service string, item []byte) (Packet, error) {
	var p Packet
	var err error
	switch service {
	case SvcDongBoHoSo:
		p, err = decodeAs[DongBoHoSoMC](service, item)
	case SvcCapNhatTienDo:
		p, err = decodeAs[CapNhatTienDoHoSoMC](service, item)
	case SvcDongBoDanhGia:
		p, err = decodeAs[DongBoDanhGia](service, item)
	case SvcDongBoThongKe:
		p, err = decodeAs[DongBoThongKeHoSo](service, item)
	case SvcLayThuTuc:
		p, err = decodeAs[LayThuTuc](service, item)
	case SvcDongBoHoiDap:
		p, err = decodeAs[DongBoHoiDap](service, item)
	default:
		return nil, fmt.Errorf("%w %q", ErrUnknownService, service)
	}
	if err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return p, nil
}

func decodeAs[T Packet](service string, b []byte) (Packet, error) {
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			reason := ReasonFormat
			if strings.Contains(te.Type.String(), "Time") {
				reason = ReasonDate
			}
			return nil, &FieldError{Packet: service, Field: te.Field, Reason: reason}
		}
		return nil, &FieldError{Packet: service, Reason: ReasonJSON + ": " + err.Error()}
	}
	return v, nil
}

// checker collects field errors of one packet.
type checker struct {
	packet string
	errs   []error
}

func (c *checker) fail(field, reason string) {
	c.errs = append(c.errs, &FieldError{Packet: c.packet, Field: field, Reason: reason})
}

func (c *checker) required(field, v string) bool {
	if strings.TrimSpace(v) == "" {
		c.fail(field, ReasonRequired)
		return false
	}
	return true
}

func (c *checker) maxLen(field, v string, n int) {
	if l := utf8.RuneCountInString(v); l > n {
		c.fail(field, fmt.Sprintf("%s: %d > %d characters", ReasonTooLong, l, n))
	}
}

func (c *checker) match(field, v string, re *regexp.Regexp, what string) {
	if c.required(field, v) && !re.MatchString(v) {
		c.fail(field, ReasonFormat+": "+what)
	}
}

func (c *checker) date(field string, t Time) {
	if t.IsZero() {
		c.fail(field, ReasonRequired)
	}
}

func (c *checker) percent(field string, p Percent) {
	s := string(p)
	if !rePercent.MatchString(s) {
		c.fail(field, ReasonFormat+": percentage with at most 2 decimals, e.g. 93.50")
		return
	}
	if f, _ := strconv.ParseFloat(s, 64); f > 100 {
		c.fail(field, ReasonRange+": 0.00–100.00")
	}
}

func (c *checker) nonNegative(field string, n Int) {
	if n < 0 {
		c.fail(field, ReasonRange+": must be ≥ 0")
	}
}

func (c *checker) err() error { return errors.Join(c.errs...) }

const (
	maTTHCHint = "short national code D.NNNNNN, e.g. 2.000488"
	maHoSoHint = "<agency>-<yyMMdd>-<NNNN>, e.g. 000.00.06.H56-231027-0361"
	agencyHint = "agency code like 000.00.06.H56"
)

// Validate applies the portal's rules; the error joins one *FieldError per
// offending field (errors.As finds the first).
func (h DongBoHoSoMC) Validate() error {
	c := &checker{packet: SvcDongBoHoSo}
	c.match("MaHoSo", h.MaHoSo, reMaHoSo, maHoSoHint)
	c.match("MaTTHC", h.MaTTHC, reMaTTHC, maTTHCHint)
	c.required("TenTTHC", h.TenTTHC)
	c.required("MaLinhVuc", string(h.MaLinhVuc))
	c.required("TenLinhVuc", h.TenLinhVuc)
	// ChuHoSo is optional: OpenCPS, a real DVCQG sender, treats it so.
	c.maxLen("ChuHoSo", h.ChuHoSo, 250)
	if !h.LoaiDoiTuong.Valid() {
		c.fail("LoaiDoiTuong", ReasonCode+": 1..4")
	}
	if c.required("TrichYeuHoSo", h.TrichYeuHoSo) {
		c.maxLen("TrichYeuHoSo", h.TrichYeuHoSo, 1000)
	}
	if !h.TrangThaiHoSo.Valid() {
		c.fail("TrangThaiHoSo", ReasonCode+": 1..10")
	}
	// Our rule: a dossier past status 1 (online, not yet received) has a
	// receipt date; a received one that was not refused has an appointment.
	if h.TrangThaiHoSo != MoiDangKy {
		c.date("NgayTiepNhan", h.NgayTiepNhan)
	}
	if h.TrangThaiHoSo.Valid() && h.TrangThaiHoSo != MoiDangKy && h.TrangThaiHoSo != KhongDuocTiepNhan {
		c.date("NgayHenTra", h.NgayHenTra)
	}
	if !h.NgayHenTra.IsZero() && !h.NgayTiepNhan.IsZero() && h.NgayHenTra.Before(h.NgayTiepNhan.Time) {
		c.fail("NgayHenTra", ReasonOrder+": NgayHenTra before NgayTiepNhan")
	}
	if h.TrangThaiHoSo == DaTraKetQua {
		c.date("NgayTra", h.NgayTra)
	}
	if !h.HinhThuc.Valid() {
		c.fail("HinhThuc", ReasonCode+": 0..1")
	}
	if h.KenhThucHien != 0 && !h.KenhThucHien.Valid() {
		c.fail("KenhThucHien", ReasonCode+": 1..3")
	}
	c.required("DonViXuLy", h.DonViXuLy)
	if h.Email != "" && !strings.Contains(h.Email, "@") {
		c.fail("Email", ReasonFormat)
	}
	for i, d := range h.DinhDanhCHS {
		f := fmt.Sprintf("DinhDanhCHS[%d].", i)
		switch d.LoaiDinhDanh {
		case DinhDanhCaNhan:
			if len(d.SoDinhDanh) != 12 || !reDigits.MatchString(string(d.SoDinhDanh)) {
				c.fail(f+"SoDinhDanh", ReasonFormat+": 12 digits")
			}
		case CMND9So:
			if len(d.SoDinhDanh) != 9 || !reDigits.MatchString(string(d.SoDinhDanh)) {
				c.fail(f+"SoDinhDanh", ReasonFormat+": 9 digits")
			}
		default:
			c.fail(f+"LoaiDinhDanh", ReasonCode+": 1..2")
		}
	}
	for i, t := range h.TaiLieuNop {
		c.required(fmt.Sprintf("TaiLieuNop[%d].TenTepDinhKem", i), t.TenTepDinhKem)
	}
	return c.err()
}

func (p CapNhatTienDoHoSoMC) Validate() error {
	c := &checker{packet: SvcCapNhatTienDo}
	c.match("MaHoSo", p.MaHoSo, reMaHoSo, maHoSoHint)
	if c.required("NguoiXuLy", p.NguoiXuLy) {
		c.maxLen("NguoiXuLy", p.NguoiXuLy, 50)
	}
	c.date("ThoiDiemXuLy", p.ThoiDiemXuLy)
	c.required("NoiDungXuLy", p.NoiDungXuLy)
	if !p.TrangThai.Valid() {
		c.fail("TrangThai", ReasonCode+": 1..10")
	}
	return c.err()
}

func (r DongBoDanhGia) Validate() error {
	c := &checker{packet: SvcDongBoDanhGia}
	if c.required("MaDanhGia", string(r.MaDanhGia)) {
		c.maxLen("MaDanhGia", string(r.MaDanhGia), 64)
	}
	c.match("MaDonVi", r.MaDonVi, reAgency, agencyHint)
	// MaHoSo: a dossier code, or empty for a visit without a dossier (a
	// counter rating). STT-yyyyMMdd-<ticket>, which centres sent before,
	// is still accepted from packets already queued.
	switch {
	case reMaHoSo.MatchString(r.MaHoSo):
		c.match("MaTTHC", r.MaTTHC, reMaTTHC, maTTHCHint)
	case r.MaHoSo == "" || reTicket.MatchString(r.MaHoSo):
		if r.MaTTHC != "" && !reMaTTHC.MatchString(r.MaTTHC) {
			c.fail("MaTTHC", ReasonFormat+": "+maTTHCHint)
		}
	default:
		c.fail("MaHoSo", ReasonFormat+": dossier code, or empty for a visit without a dossier")
	}
	c.required("MaCauHoi", string(r.MaCauHoi))
	if r.MucDanhGia < 1 || r.MucDanhGia > MaxMucDanhGia {
		c.fail("MucDanhGia", fmt.Sprintf("%s: 1..%d", ReasonRange, MaxMucDanhGia))
	}
	c.date("ThoiGianDanhGia", r.ThoiGianDanhGia)
	c.maxLen("LyDo", r.LyDo, 1000)
	return c.err()
}

func (s DongBoThongKeHoSo) Validate() error {
	c := &checker{packet: SvcDongBoThongKe}
	c.match("MaDonVi", s.MaDonVi, reAgency, agencyHint)
	c.required("TenDonVi", s.TenDonVi)
	if s.Thang < 1 || s.Thang > 12 {
		c.fail("Thang", ReasonRange+": 1..12")
	}
	if s.Nam < 2000 || s.Nam > 2100 {
		c.fail("Nam", ReasonRange+": 2000..2100")
	}
	c.required("LoaiThongKe", string(s.LoaiThongKe))
	for _, f := range []struct {
		name string
		v    Int
	}{{"SoNhanTrongKy", s.SoNhanTrongKy}, {"SoTonKyTruoc", s.SoTonKyTruoc}, {"TongSoXuLy", s.TongSoXuLy},
		{"TongDaXuLy", s.TongDaXuLy}, {"TongXuLyDungHan", s.TongXuLyDungHan}, {"TongXuLyTreHan", s.TongXuLyTreHan},
		{"TongChuaXuLy", s.TongChuaXuLy}, {"TongChuaXuLyTrongHan", s.TongChuaXuLyTrongHan}, {"TongChuaXuLyTreHan", s.TongChuaXuLyTreHan}} {
		c.nonNegative(f.name, f.v)
	}
	c.percent("PhanTramXuLyDungHan", s.PhanTramXuLyDungHan)
	c.percent("PhanTramXuLyTreHan", s.PhanTramXuLyTreHan)
	c.percent("PhanTramChuaXuLyTrongHan", s.PhanTramChuaXuLyTrongHan)
	c.percent("PhanTramChuaXuLyTreHan", s.PhanTramChuaXuLyTreHan)
	return c.err()
}

func (p LayThuTuc) Validate() error {
	c := &checker{packet: SvcLayThuTuc}
	c.match("MATTHC", p.MATTHC, reMaTTHC, maTTHCHint)
	c.required("TENTTHC", p.TENTTHC)
	for i, k := range p.CACHTHUCTHUCHIEN {
		if !k.KENH.Valid() {
			c.fail(fmt.Sprintf("CACHTHUCTHUCHIEN[%d].KENH", i), ReasonCode+": 1..3")
		}
	}
	return c.err()
}

func (q DongBoHoiDap) Validate() error {
	c := &checker{packet: SvcDongBoHoiDap}
	if c.required("HOIDAPID", string(q.HOIDAPID)) {
		c.maxLen("HOIDAPID", string(q.HOIDAPID), 64)
	}
	c.maxLen("MaLinhVuc", string(q.MaLinhVuc), 50)
	if c.required("NOIDUNG", q.NOIDUNG) {
		c.maxLen("NOIDUNG", q.NOIDUNG, MaxHoiDapText)
	}
	c.match("MADONVI", q.MADONVI, reAgency, agencyHint)
	c.maxLen("TENDONVI", q.TENDONVI, 250)
	// OpenCPS sends no TRANGTHAI: absent means not to be published.
	switch q.TRANGTHAI {
	case HoiDapCongKhai, HoiDapKhongCongKhai, "":
	default:
		c.fail("TRANGTHAI", ReasonCode+": 0..1")
	}
	c.maxLen("NOIDUNGTRALOI", q.NOIDUNGTRALOI, MaxHoiDapText)
	c.maxLen("NGUOITRALOI", q.NGUOITRALOI, 100)
	c.maxLen("CHUCVUNGUOITRALOI", q.CHUCVUNGUOITRALOI, 100)
	c.maxLen("TRALOIID", string(q.TRALOIID), 64)
	// An answer is whole or absent: its id, text, author and date together.
	answered := q.TRALOIID != "" || q.NOIDUNGTRALOI != "" || q.NGUOITRALOI != "" || !q.NGAYTRALOI.IsZero()
	if answered {
		c.required("TRALOIID", string(q.TRALOIID))
		c.required("NOIDUNGTRALOI", q.NOIDUNGTRALOI)
		c.required("NGUOITRALOI", q.NGUOITRALOI)
		c.date("NGAYTRALOI", q.NGAYTRALOI)
	}
	return c.err()
}

// MaxHoiDapText is the longest question or answer text (characters).
const MaxHoiDapText = 4000

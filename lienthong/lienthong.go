// Package lienthong holds the wire types of liên thông (issue 16 item 2,
// docs/SYNC.md): the dossier a centre forwards through the portal to the
// centre of the agency that decides it, and the states that come back.
// The centre's engine writes and reads them and the portal serves them, so
// they live here, importing nothing of ours and nothing of net/http.
package lienthong

import (
	"encoding/json"
	"strconv"
	"strings"
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
	// LanGui is the attempt (1 = the first hand-over, omitted = 1): after
	// the deciding centre refused attempt n, the receiving centre may send
	// attempt n+1 (docs/SYNC.md, step 9). The portal keeps one item per
	// attempt (HandOverItemID) and takes n+1 only once n was refused.
	LanGui int `json:"lan_gui,omitempty"`
}

// MaxAttempts bounds the attempts of one dossier's hand-over.
const MaxAttempts = 10

// Attempt is n normalised: 0 (a hand-over from before attempts) is 1.
func Attempt(n int) int {
	if n < 1 {
		return 1
	}
	return n
}

// HandOverItemID is the portal's inbound id of attempt n of a dossier's
// hand-over: "TK-<MaHoSo>" for the first (as before attempts existed),
// "TK-<MaHoSo>-<n>" for the next ones.
func HandOverItemID(maHoSo string, n int) string { return attemptID("TK-", maHoSo, n) }

// RefusalItemID is the portal's inbound id of the refusal of attempt n
// ("TC-<MaHoSo>", "TC-<MaHoSo>-<n>").
func RefusalItemID(maHoSo string, n int) string { return attemptID("TC-", maHoSo, n) }

func attemptID(prefix, maHoSo string, n int) string {
	if n <= 1 {
		return prefix + maHoSo
	}
	return prefix + maHoSo + "-" + strconv.Itoa(n)
}

// ParseAttemptID splits an inbound id made by HandOverItemID or
// RefusalItemID (after its prefix) into the dossier code and the attempt.
// A dossier code has three dash-separated parts; a fourth is the attempt.
func ParseAttemptID(prefix, id string) (maHoSo string, n int, ok bool) {
	rest, found := strings.CutPrefix(id, prefix)
	if !found {
		return "", 0, false
	}
	parts := strings.Split(rest, "-")
	switch len(parts) {
	case 3:
		return rest, 1, true
	case 4:
		n, err := strconv.Atoi(parts[3])
		if err != nil || n < 2 || n > MaxAttempts || strconv.Itoa(n) != parts[3] {
			return "", 0, false
		}
		return strings.Join(parts[:3], "-"), n, true
	}
	return "", 0, false
}

// SvcHandOverRefusal is the outbox service of a hand-over the deciding
// centre could not record: its sync agent sends the payload (a
// HandOverRefusal) to POST /api/v1/lien-thong/tra-ket-qua/tu-choi, and the
// portal queues it for the receiving centre (inbound item "TC-<MaHoSo>",
// kind "tra_ket_qua_tu_choi"), which marks its hand-over refused.
const SvcHandOverRefusal = "motcua.TuChoiTraKetQuaLienThong"

// Machine reasons of a HandOverRefusal (MaLyDo).
const (
	RefusalNoDossier    = "khong_co_ho_so"        // no such dossier at the deciding centre
	RefusalNotForwarded = "khong_phai_lien_thong" // the dossier there was not forwarded from the receiving centre
	RefusalNotResolved  = "chua_co_ket_qua"       // the dossier there has no result to hand over
	RefusalUnreadable   = "khong_doc_duoc"        // the hand-over could not be read
)

// ValidRefusalCode tells whether code is one of the machine reasons.
func ValidRefusalCode(code string) bool {
	switch code {
	case RefusalNoDossier, RefusalNotForwarded, RefusalNotResolved, RefusalUnreadable:
		return true
	}
	return false
}

// HandOverRefusal is the body of POST /api/v1/lien-thong/tra-ket-qua/tu-choi:
// the deciding centre could not record a hand-over the receiving centre
// made. The portal takes it only from the centre the hand-over was queued
// for, fills in the hand-over's fields it holds, and queues it once for
// the receiving centre.
type HandOverRefusal struct {
	MaHoSo string `json:"ma_ho_so"`
	// MaDonViGiaiQuyet is the deciding agency the hand-over was queued for
	// (the portal sets it; a different one is refused).
	MaDonViGiaiQuyet string `json:"ma_don_vi_giai_quyet,omitempty"`
	NoiGiaiQuyet     string `json:"noi_giai_quyet"` // the deciding centre's name
	// The hand-over refused, as the portal holds it.
	PhienBan  int64     `json:"phien_ban,omitempty"`
	NgayTra   time.Time `json:"ngay_tra,omitzero"`
	NguoiNhan string    `json:"nguoi_nhan,omitempty"`
	// LanGui is the attempt refused (omitted = 1): a refusal marks only
	// that attempt, never a later one (an old refusal replayed late).
	LanGui   int       `json:"lan_gui,omitempty"`
	MaLyDo   string    `json:"ma_ly_do"` // one of the Refusal… codes
	LyDo     string    `json:"ly_do"`    // the reason in Vietnamese, as the deciding centre found it
	ThoiDiem time.Time `json:"thoi_diem"`
}

// Where is the deciding centre as the receiving centre's officers read it.
func (r HandOverRefusal) Where() string {
	if r.NoiGiaiQuyet != "" {
		return r.NoiGiaiQuyet
	}
	return "đơn vị " + r.MaDonViGiaiQuyet
}

// Notice is the sentence the receiving centre's officers see.
func (r HandOverRefusal) Notice() string {
	return "Bàn giao kết quả chưa được ghi nhận tại " + r.Where() + ": " + r.LyDo
}

// Advice is what the receiving centre's officer should do about it.
func (r HandOverRefusal) Advice() string {
	const common = "Kết quả đã trao cho công dân vẫn có giá trị: không thu hồi, không ghi nhận trả lại lần nữa; lưu giữ giấy tờ bàn giao. "
	tell := "; báo mã hồ sơ, thời điểm trả và người nhận kết quả để đơn vị đó đối chiếu, cập nhật hồ sơ."
	var a string
	switch r.MaLyDo {
	case RefusalNotResolved:
		a = common + "Liên hệ " + r.Where() + ": tại đó hồ sơ chưa ở trạng thái đã có kết quả (có thể do khôi phục dữ liệu cũ)" + tell
	case RefusalNoDossier, RefusalNotForwarded:
		a = common + "Liên hệ " + r.Where() + ": tại đó không có hồ sơ liên thông này (có thể do khôi phục dữ liệu cũ)" + tell
	default:
		a = common + "Liên hệ " + r.Where() + tell
	}
	if Attempt(r.LanGui) < MaxAttempts { // the hand-over may be sent again (docs/SYNC.md step 9)
		a += " Khi đơn vị đó đã cập nhật (hoặc cần sửa họ tên người nhận, nơi trả), bấm “Gửi lại bàn giao kết quả” trên ứng dụng quầy."
	}
	return a
}

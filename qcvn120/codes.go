package qcvn120

import (
	"encoding/json"
	"strconv"
)

// enum is the shared codec of the code lists: a JSON string holding a number.
type enum interface{ ~int }

func marshalEnum[E enum](e E) ([]byte, error) { return json.Marshal(strconv.Itoa(int(e))) }

func unmarshalEnum[E enum](b []byte, e *E) error {
	v, err := parseInt(b)
	if err != nil {
		return typeErr(b, e)
	}
	*e = E(v)
	return nil
}

// TrangThaiHoSo is the dossier status (also the progress packet's TrangThai).
type TrangThaiHoSo int

const (
	MoiDangKy             TrangThaiHoSo = 1  // submitted online, not yet received
	DuocTiepNhan          TrangThaiHoSo = 2  // received
	KhongDuocTiepNhan     TrangThaiHoSo = 3  // refused at receipt
	DangXuLy              TrangThaiHoSo = 4  // processing
	YeuCauBoSung          TrangThaiHoSo = 5  // supplement requested
	YeuCauNghiaVuTaiChinh TrangThaiHoSo = 6  // fees/taxes due
	CongDanRutHoSo        TrangThaiHoSo = 7  // withdrawn
	DungXuLy              TrangThaiHoSo = 8  // stopped
	DaXuLyXong            TrangThaiHoSo = 9  // resolved, result back at the one-stop shop
	DaTraKetQua           TrangThaiHoSo = 10 // handed over
)

var trangThaiLabels = map[TrangThaiHoSo]string{
	1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý",
	5: "Yêu cầu bổ sung giấy tờ", 6: "Yêu cầu thực hiện nghĩa vụ tài chính",
	7: "Công dân yêu cầu rút hồ sơ", 8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
}

// Valid reports whether s is one of the ten codes.
func (s TrangThaiHoSo) Valid() bool { _, ok := trangThaiLabels[s]; return ok }

// Label is the Vietnamese name of the status.
func (s TrangThaiHoSo) Label() string { return trangThaiLabels[s] }

// Done reports a status after which the dossier is no longer being processed
// (resolved, handed over, refused, withdrawn or stopped).
func (s TrangThaiHoSo) Done() bool {
	switch s {
	case KhongDuocTiepNhan, CongDanRutHoSo, DungXuLy, DaXuLyXong, DaTraKetQua:
		return true
	}
	return false
}

func (s TrangThaiHoSo) MarshalJSON() ([]byte, error)  { return marshalEnum(s) }
func (s *TrangThaiHoSo) UnmarshalJSON(b []byte) error { return unmarshalEnum(b, s) }

// KenhThucHien is the channel a dossier came through.
type KenhThucHien int

const (
	KenhTrucTiep  KenhThucHien = 1 // in person
	KenhTrucTuyen KenhThucHien = 2 // online
	KenhBuuChinh  KenhThucHien = 3 // public postal service (BCCI)
)

var kenhLabels = map[KenhThucHien]string{1: "Trực tiếp", 2: "Trực tuyến", 3: "Bưu chính công ích"}

func (k KenhThucHien) Valid() bool                   { _, ok := kenhLabels[k]; return ok }
func (k KenhThucHien) Label() string                 { return kenhLabels[k] }
func (k KenhThucHien) MarshalJSON() ([]byte, error)  { return marshalEnum(k) }
func (k *KenhThucHien) UnmarshalJSON(b []byte) error { return unmarshalEnum(b, k) }

// LoaiDoiTuong is the kind of applicant.
type LoaiDoiTuong int

const (
	CongDan       LoaiDoiTuong = 1
	DoanhNghiep   LoaiDoiTuong = 2
	CoQuanNhaNuoc LoaiDoiTuong = 3
	ToChucKhac    LoaiDoiTuong = 4
)

var doiTuongLabels = map[LoaiDoiTuong]string{1: "Công dân", 2: "Doanh nghiệp", 3: "Cơ quan nhà nước", 4: "Tổ chức khác"}

func (l LoaiDoiTuong) Valid() bool                   { _, ok := doiTuongLabels[l]; return ok }
func (l LoaiDoiTuong) Label() string                 { return doiTuongLabels[l] }
func (l LoaiDoiTuong) MarshalJSON() ([]byte, error)  { return marshalEnum(l) }
func (l *LoaiDoiTuong) UnmarshalJSON(b []byte) error { return unmarshalEnum(b, l) }

// HinhThuc is how the result is returned.
type HinhThuc int

const (
	NhanTrucTiep HinhThuc = 0 // in person
	NhanBuuChinh HinhThuc = 1 // by post
)

var hinhThucLabels = map[HinhThuc]string{0: "Nhận trực tiếp", 1: "Nhận qua bưu chính"}

func (h HinhThuc) Valid() bool                   { _, ok := hinhThucLabels[h]; return ok }
func (h HinhThuc) Label() string                 { return hinhThucLabels[h] }
func (h HinhThuc) MarshalJSON() ([]byte, error)  { return marshalEnum(h) }
func (h *HinhThuc) UnmarshalJSON(b []byte) error { return unmarshalEnum(b, h) }

// LoaiDinhDanh is the kind of personal identifier.
type LoaiDinhDanh int

const (
	DinhDanhCaNhan LoaiDinhDanh = 1 // twelve-digit personal ID
	CMND9So        LoaiDinhDanh = 2 // nine-digit old ID card
)

var dinhDanhLabels = map[LoaiDinhDanh]string{1: "Số định danh cá nhân", 2: "Chứng minh nhân dân 9 số"}

func (l LoaiDinhDanh) Valid() bool                   { _, ok := dinhDanhLabels[l]; return ok }
func (l LoaiDinhDanh) Label() string                 { return dinhDanhLabels[l] }
func (l LoaiDinhDanh) MarshalJSON() ([]byte, error)  { return marshalEnum(l) }
func (l *LoaiDinhDanh) UnmarshalJSON(b []byte) error { return unmarshalEnum(b, l) }

// MucDo is the level of online service of a procedure.
type MucDo int

const (
	MucDo2 MucDo = 2 // information only
	MucDo3 MucDo = 3 // partly online
	MucDo4 MucDo = 4 // fully online
)

var mucDoLabels = map[MucDo]string{2: "Mức độ 2 (cung cấp thông tin)", 3: "Mức độ 3 (một phần trực tuyến)", 4: "Mức độ 4 (toàn trình)"}

func (m MucDo) Valid() bool                   { _, ok := mucDoLabels[m]; return ok }
func (m MucDo) Label() string                 { return mucDoLabels[m] }
func (m MucDo) MarshalJSON() ([]byte, error)  { return marshalEnum(m) }
func (m *MucDo) UnmarshalJSON(b []byte) error { return unmarshalEnum(b, m) }

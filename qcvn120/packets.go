package qcvn120

// Service names: the "service" of the envelope.
const (
	SvcDongBoHoSo    = "DongBoHoSoMC"
	SvcCapNhatTienDo = "CapNhatTienDoHoSoMC"
	SvcDongBoDanhGia = "DongBoDanhGia"
	SvcDongBoThongKe = "DongBoThongKeHoSo"
	SvcLayThuTuc     = "LayThuTuc"
	SvcDongBoHoiDap  = "DongBoHoiDap"
)

// DongBoHoSoMC creates or updates one dossier. Optional fields are still
// sent (as "" or []) because receivers expect every key.
type DongBoHoSoMC struct {
	MaHoSo          string        `json:"MaHoSo"`
	MaTTHC          string        `json:"MaTTHC"` // short national code, e.g. 2.000488
	TenTTHC         string        `json:"TenTTHC"`
	MaLinhVuc       Str           `json:"MaLinhVuc"`
	TenLinhVuc      string        `json:"TenLinhVuc"`
	SoBienNhan      Str           `json:"SoBienNhan"`
	ChuHoSo         string        `json:"ChuHoSo"`
	LoaiDoiTuong    LoaiDoiTuong  `json:"LoaiDoiTuong"`
	MaDoiTuong      Str           `json:"MaDoiTuong"`
	ThongTinKhac    string        `json:"ThongTinKhac"`
	Email           string        `json:"Email"`
	Fax             string        `json:"Fax"`
	SoDienThoai     Str           `json:"SoDienThoai"`
	TrichYeuHoSo    string        `json:"TrichYeuHoSo"`
	NgayTiepNhan    Time          `json:"NgayTiepNhan"`
	NgayHenTra      Time          `json:"NgayHenTra"`
	TrangThaiHoSo   TrangThaiHoSo `json:"TrangThaiHoSo"`
	NgayTra         Time          `json:"NgayTra"`
	ThongTinTra     string        `json:"ThongTinTra"`
	HinhThuc        HinhThuc      `json:"HinhThuc"`
	NgayKetThucXuLy Time          `json:"NgayKetThucXuLy"`
	DonViXuLy       string        `json:"DonViXuLy"`
	GhiChu          string        `json:"GhiChu"`

	TaiLieuNop             List[TaiLieuNop]     `json:"TaiLieuNop"`
	DanhSachLePhi          List[LePhi]          `json:"DanhSachLePhi"`
	DanhSachTepDinhKemKhac List[TepDinhKemKhac] `json:"DanhSachTepDinhKemKhac"`
	DanhSachHoSoBoSung     List[HoSoBoSung]     `json:"DanhSachHoSoBoSung"`
	DanhSachGiayToKetQua   List[GiayToKetQua]   `json:"DanhSachGiayToKetQua"`

	// Fields added in 2022.
	KenhThucHien                KenhThucHien      `json:"KenhThucHien"`
	SoGiayToChuHoSo             Str               `json:"SoGiayToChuHoSo"`
	NoiNopHoSo                  Str               `json:"NoiNopHoSo"`
	HoSoCoThanhPhanSoHoa        Str               `json:"HoSoCoThanhPhanSoHoa"`
	TaiKhoanDuocXacThucVoiVNeID Str               `json:"TaiKhoanDuocXacThucVoiVNeID"`
	DuocThanhToanTrucTuyen      Str               `json:"DuocThanhToanTrucTuyen"`
	NgayTuChoi                  Time              `json:"NgayTuChoi"`
	NgayNopHoSo                 Time              `json:"NgayNopHoSo"`
	DinhDanhCHS                 List[DinhDanhCHS] `json:"DinhDanhCHS"`
	DSKetNoiCSDL                List[KetNoiCSDL]  `json:"DSKetNoiCSDL"`
}

// TaiLieuNop is a submitted file; files travel as download URLs.
type TaiLieuNop struct {
	TepDinhKemId      Str    `json:"TepDinhKemId"`
	TenTepDinhKem     string `json:"TenTepDinhKem"`
	IsDeleted         Str    `json:"IsDeleted"`
	MaThanhPhanHoSo   Str    `json:"MaThanhPhanHoSo"`
	DuongDanTaiTepTin string `json:"DuongDanTaiTepTin"`
}

// LePhi is a fee or charge.
type LePhi struct {
	TenPhiLePhi  string `json:"TenPhiLePhi"`
	MaPhiLePhi   Str    `json:"MaPhiLePhi"`
	HinhThucThu  Str    `json:"HinhThucThu"`
	Gia          Int    `json:"Gia"`
	LoaiPhiLePhi Str    `json:"LoaiPhiLePhi"`
}

// TepDinhKemKhac is a paper component received without a file.
type TepDinhKemKhac struct {
	TenGiayTo  string `json:"TenGiayTo"`
	SoLuong    Int    `json:"SoLuong"`
	LoaiGiayTo Str    `json:"LoaiGiayTo"`
}

// HoSoBoSung is one supplement round.
type HoSoBoSung struct {
	HoSoBoSungId         Str                `json:"HoSoBoSungId"`
	NguoiYeuCauBoSung    string             `json:"NguoiYeuCauBoSung"`
	NoiDungBoSung        string             `json:"NoiDungBoSung"`
	NgayBoSung           Time               `json:"NgayBoSung"`
	NguoiTiepNhanBoSung  string             `json:"NguoiTiepNhanBoSung"`
	ThongTinTiepNhan     string             `json:"ThongTinTiepNhan"`
	NgayTiepNhanBoSung   Time               `json:"NgayTiepNhanBoSung"`
	TrangThaiBoSung      Str                `json:"TrangThaiBoSung"`
	DanhSachGiayToBoSung List[GiayToBoSung] `json:"DanhSachGiayToBoSung"`
	DanhSachLePhiBoSung  List[LePhi]        `json:"DanhSachLePhiBoSung"`
	NgayHenTraTruoc      Time               `json:"NgayHenTraTruoc"`
	NgayHenTraMoi        Time               `json:"NgayHenTraMoi"`
}

// GiayToBoSung is a paper handed in with a supplement. The standard's inner
// fields were not at hand; these mirror TaiLieuNop (pending confirmation).
type GiayToBoSung struct {
	TenGiayTo         string `json:"TenGiayTo"`
	MaThanhPhanHoSo   Str    `json:"MaThanhPhanHoSo"`
	DuongDanTaiTepTin string `json:"DuongDanTaiTepTin"`
}

// GiayToKetQua is a result document.
type GiayToKetQua struct {
	TenGiayTo            string `json:"TenGiayTo"`
	MaThanhPhanHoSo      Str    `json:"MaThanhPhanHoSo"`
	GiayToId             Str    `json:"GiayToId"`
	DuongDanTepTinKetQua string `json:"DuongDanTepTinKetQua"`
}

// DinhDanhCHS is an identifier of the applicant.
type DinhDanhCHS struct {
	LoaiDinhDanh LoaiDinhDanh `json:"LoaiDinhDanh"`
	SoDinhDanh   Str          `json:"SoDinhDanh"`
}

// KetNoiCSDL names a national database the dossier was checked against.
type KetNoiCSDL struct {
	MaCSDL Str `json:"MaCSDL"`
}

// CapNhatTienDoHoSoMC is one processing step of a dossier. Send it after the
// dossier itself was accepted; the first step is the receipt (TrangThai 2).
type CapNhatTienDoHoSoMC struct {
	MaHoSo                 string        `json:"MaHoSo"`
	NguoiXuLy              string        `json:"NguoiXuLy"` // ≤ 50 characters
	ChucDanh               string        `json:"ChucDanh"`
	ThoiDiemXuLy           Time          `json:"ThoiDiemXuLy"`
	PhongBanXuLy           string        `json:"PhongBanXuLy"`
	NoiDungXuLy            string        `json:"NoiDungXuLy"`
	TrangThai              TrangThaiHoSo `json:"TrangThai"`
	NgayBatDau             Time          `json:"NgayBatDau"`
	NgayKetThucTheoQuyDinh Time          `json:"NgayKetThucTheoQuyDinh"`
}

// DongBoThongKeHoSo is the monthly statistics of one agency.
type DongBoThongKeHoSo struct {
	MaDonVi                  string  `json:"MaDonVi"`
	TenDonVi                 string  `json:"TenDonVi"`
	Thang                    Int     `json:"Thang"`
	Nam                      Int     `json:"Nam"`
	LoaiThongKe              Str     `json:"LoaiThongKe"`
	SoNhanTrongKy            Int     `json:"SoNhanTrongKy"`
	SoTonKyTruoc             Int     `json:"SoTonKyTruoc"`
	TongSoXuLy               Int     `json:"TongSoXuLy"`
	TongDaXuLy               Int     `json:"TongDaXuLy"`
	TongXuLyDungHan          Int     `json:"TongXuLyDungHan"`
	PhanTramXuLyDungHan      Percent `json:"PhanTramXuLyDungHan"`
	TongXuLyTreHan           Int     `json:"TongXuLyTreHan"`
	PhanTramXuLyTreHan       Percent `json:"PhanTramXuLyTreHan"`
	TongChuaXuLy             Int     `json:"TongChuaXuLy"`
	TongChuaXuLyTrongHan     Int     `json:"TongChuaXuLyTrongHan"`
	PhanTramChuaXuLyTrongHan Percent `json:"PhanTramChuaXuLyTrongHan"`
	TongChuaXuLyTreHan       Int     `json:"TongChuaXuLyTreHan"`
	PhanTramChuaXuLyTreHan   Percent `json:"PhanTramChuaXuLyTreHan"`
}

// DongBoHoiDap is one question, with its answer once there is one, that an
// agency publishes to the portal. Field list: see docs/QCVN120.md (assembled
// from OpenCPS's DVCQG integration; the standard's own table was not found —
// pending confirmation). The asker's name and contact are never part of it.
type DongBoHoiDap struct {
	HOIDAPID  Str    `json:"HOIDAPID"`  // the question's id at the sender
	MaLinhVuc Str    `json:"MaLinhVuc"` // sector code ("" if none)
	NOIDUNG   string `json:"NOIDUNG"`   // the question
	MADONVI   string `json:"MADONVI"`   // agency code
	TENDONVI  string `json:"TENDONVI"`  // agency name
	// TRALOIID identifies the answer ("" while unanswered).
	TRALOIID Str `json:"TRALOIID"`
	// NOIDUNGTRALOI is the answer text ("" while unanswered).
	NOIDUNGTRALOI string `json:"NOIDUNGTRALOI"`
	// NGUOITRALOI and CHUCVUNGUOITRALOI: who answered, and their title.
	NGUOITRALOI       string `json:"NGUOITRALOI"`
	CHUCVUNGUOITRALOI string `json:"CHUCVUNGUOITRALOI"`
	// NGAYTRALOI is when the answer was given (unset while unanswered).
	NGAYTRALOI Time `json:"NGAYTRALOI"`
	// TRANGTHAI: HoiDapCongKhai (1) the portal may publish it,
	// HoiDapKhongCongKhai (0) it may not.
	TRANGTHAI Str `json:"TRANGTHAI"`
}

// DongBoHoiDap.TRANGTHAI values.
const (
	HoiDapKhongCongKhai Str = "0"
	HoiDapCongKhai      Str = "1"
)

// Public reports whether the portal may publish this question and answer:
// marked public and answered.
func (q DongBoHoiDap) Public() bool {
	return q.TRANGTHAI == HoiDapCongKhai && q.NOIDUNGTRALOI != ""
}

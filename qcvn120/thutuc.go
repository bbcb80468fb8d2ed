package qcvn120

import "encoding/json"

// LayThuTuc is a procedure of the national catalogue (portal → centre):
// the 28 keys of DVCQG's answer as OpenCPS models it (docs/QCVN120.md).
type LayThuTuc struct {
	ID                   Str                    `json:"ID"`
	MATTHC               string                 `json:"MATTHC"`
	TENTTHC              string                 `json:"TENTTHC"`
	LOAITTHC             Str                    `json:"LOAITTHC"`
	TRANGTHAI            Str                    `json:"TRANGTHAI"`
	MACOQUANCONGBO       Str                    `json:"MACOQUANCONGBO"`
	IDQUYETDINHCONGBO    Str                    `json:"IDQUYETDINHCONGBO"`
	YEUCAU               string                 `json:"YEUCAU"`
	MOTADOITUONGTHUCHIEN string                 `json:"MOTADOITUONGTHUCHIEN"`
	LINHVUCTHUCHIEN      List[LinhVucThucHien]  `json:"LINHVUCTHUCHIEN"`
	TRINHTUTHUCHIEN      List[TrinhTuThucHien]  `json:"TRINHTUTHUCHIEN"`
	CACHTHUCTHUCHIEN     List[CachThucThucHien] `json:"CACHTHUCTHUCHIEN"`
	DOITUONGTHUCHIEN     List[DoiTuongThucHien] `json:"DOITUONGTHUCHIEN"`
	KETQUATHUCHIEN       List[KetQuaThucHien]   `json:"KETQUATHUCHIEN"`
	CANCUPHAPLY          List[CanCuPhapLy]      `json:"CANCUPHAPLY"`
	COQUANTHUCHIEN       List[CoQuanThucHien]   `json:"COQUANTHUCHIEN"`
	CAPTHUCHIEN          List[CapThucHien]      `json:"CAPTHUCHIEN"`
	THANHPHANHOSO        List[ThanhPhanHoSo]    `json:"THANHPHANHOSO"`

	// The ten keys added from OpenCPS's model of the DVCQG answer.
	MOTACOQUANTHUCHIEN  string               `json:"MOTACOQUANTHUCHIEN"`
	MOTACOQUANTHAMQUYEN string               `json:"MOTACOQUANTHAMQUYEN"`
	DIACHITIEPNHAN      string               `json:"DIACHITIEPNHAN"`
	TUKHOA              string               `json:"TUKHOA"`
	MOTA                string               `json:"MOTA"`
	COQUANCOTHAMQUYEN   List[CoQuanThucHien] `json:"COQUANCOTHAMQUYEN"`
	COQUANDUOCUYQUYEN   List[CoQuanThucHien] `json:"COQUANDUOCUYQUYEN"`
	COQUANPHOIHOP       List[CoQuanThucHien] `json:"COQUANPHOIHOP"`
	// TTHCLIENQUAN and TTHCLIENTHONG: related and linked procedures. One
	// integration reads them as strings; their items are kept as sent.
	TTHCLIENQUAN  List[json.RawMessage] `json:"TTHCLIENQUAN"`
	TTHCLIENTHONG List[json.RawMessage] `json:"TTHCLIENTHONG"`
}

type LinhVucThucHien struct {
	MALINHVUC  Str    `json:"MALINHVUC"`
	TENLINHVUC string `json:"TENLINHVUC"`
}

type TrinhTuThucHien struct {
	TRUONGHOP string        `json:"TRUONGHOP"`
	TRINHTU   List[TrinhTu] `json:"TRINHTU"`
}

type TrinhTu struct {
	TENTRINHTU string `json:"TENTRINHTU"`
}

// CachThucThucHien is one channel (KENH 1 in person, 2 online, 3 post) with
// its processing times and fees.
type CachThucThucHien struct {
	KENH     KenhThucHien   `json:"KENH"`
	THOIGIAN List[ThoiGian] `json:"THOIGIAN"`
}

type ThoiGian struct {
	THOIGIANGIAIQUYET Str            `json:"THOIGIANGIAIQUYET"`
	DONVITINH         string         `json:"DONVITINH"` // e.g. "Ngày làm việc", "Ngày", "Giờ"
	MOTA              string         `json:"MOTA"`
	PHILEPHI          List[PhiLePhi] `json:"PHILEPHI"`
}

type PhiLePhi struct {
	MAPHILEPHI Str    `json:"MAPHILEPHI"`
	SOTIEN     Str    `json:"SOTIEN"`
	DONVI      string `json:"DONVI"`
	MOTA       string `json:"MOTA"`
	TENTEP     string `json:"TENTEP"`
	URL        string `json:"URL"`
}

type DoiTuongThucHien struct {
	MADOITUONG  Str    `json:"MADOITUONG"`
	TENDOITUONG string `json:"TENDOITUONG"`
}

type KetQuaThucHien struct {
	MAKETQUA  Str    `json:"MAKETQUA"`
	TENKETQUA string `json:"TENKETQUA"`
	TENTEP    string `json:"TENTEP"`
	URL       string `json:"URL"`
}

// CanCuPhapLy is a legal basis. Its dates are kept as sent (their format is
// not documented).
type CanCuPhapLy struct {
	SOVANBAN      string `json:"SOVANBAN"`
	TENVANBAN     string `json:"TENVANBAN"`
	COQUANBANHANH string `json:"COQUANBANHANH"`
	NGAYBANHANH   Str    `json:"NGAYBANHANH"`
	NGAYHIEULUC   Str    `json:"NGAYHIEULUC"`
	DIACHITRUYCAP string `json:"DIACHITRUYCAP"`
}

type CoQuanThucHien struct {
	MADONVI  string `json:"MADONVI"`
	TENDONVI string `json:"TENDONVI"`
}

// CapThucHien: CAPTHUCHIEN 0 ministry, 1 province, 2 district, 3 commune.
type CapThucHien struct {
	CAPTHUCHIEN        Int    `json:"CAPTHUCHIEN"`
	TENCAP             string `json:"TENCAP"`
	MOTACOQUANTHUCHIEN string `json:"MOTACOQUANTHUCHIEN"`
	DIACHITIEPNHAN     string `json:"DIACHITIEPNHAN"`
}

type ThanhPhanHoSo struct {
	TRUONGHOP string       `json:"TRUONGHOP"`
	GIAYTO    List[GiayTo] `json:"GIAYTO"`
}

type GiayTo struct {
	MAGIAYTO   Str    `json:"MAGIAYTO"`
	TENGIAYTO  string `json:"TENGIAYTO"`
	TENMAUDON  string `json:"TENMAUDON"`
	URL        string `json:"URL"`
	SOBANCHINH Int    `json:"SOBANCHINH"`
	SOBANSAO   Int    `json:"SOBANSAO"`
	// MA_KQ_THAYTHE: the result code that may replace this paper.
	MA_KQ_THAYTHE Str `json:"MA_KQ_THAYTHE"`
}

// ThoiHan returns the processing time of channel kenh (falling back to the
// in-person channel): the first THOIGIAN entry's amount and unit.
func (p LayThuTuc) ThoiHan(kenh KenhThucHien) (amount, unit string, ok bool) {
	for _, k := range []KenhThucHien{kenh, KenhTrucTiep} {
		for _, c := range p.CACHTHUCTHUCHIEN {
			if c.KENH == k && len(c.THOIGIAN) > 0 {
				return string(c.THOIGIAN[0].THOIGIANGIAIQUYET), c.THOIGIAN[0].DONVITINH, true
			}
		}
	}
	return "", "", false
}

package qcvn120

import (
	"encoding/json"
	"time"
)

func vn(y int, m time.Month, d, h, min int) Time {
	return At(time.Date(y, m, d, h, min, 0, 0, Location))
}

func sampleHoSo() DongBoHoSoMC {
	return DongBoHoSoMC{
		MaHoSo: "000.00.06.H56-231027-0361", MaTTHC: "2.000488", TenTTHC: "Thủ tục đăng ký khai sinh",
		MaLinhVuc: "HT", TenLinhVuc: "Hộ tịch", SoBienNhan: "0361", ChuHoSo: "Nguyễn Văn An",
		LoaiDoiTuong: CongDan, Email: "an@example.vn", SoDienThoai: "0912345678",
		TrichYeuHoSo: "Đăng ký khai sinh cho con", NgayTiepNhan: vn(2023, 10, 27, 9, 32),
		NgayHenTra: vn(2023, 11, 3, 9, 0), TrangThaiHoSo: DuocTiepNhan, HinhThuc: NhanTrucTiep,
		DonViXuLy: "UBND phường Tràng Tiền",
		TaiLieuNop: List[TaiLieuNop]{{TepDinhKemId: "1", TenTepDinhKem: "To khai.pdf", IsDeleted: "0",
			MaThanhPhanHoSo: "TP1", DuongDanTaiTepTin: "https://motcua.example.vn/f/1"}},
		DanhSachLePhi: List[LePhi]{{TenPhiLePhi: "Lệ phí đăng ký khai sinh", MaPhiLePhi: "LP1", HinhThucThu: "1", Gia: 8000, LoaiPhiLePhi: "2"}},
		KenhThucHien:  KenhTrucTiep, SoGiayToChuHoSo: "001099012345",
		DinhDanhCHS: List[DinhDanhCHS]{{LoaiDinhDanh: DinhDanhCaNhan, SoDinhDanh: "001099012345"}},
	}
}

func sampleTienDo() CapNhatTienDoHoSoMC {
	return CapNhatTienDoHoSoMC{
		MaHoSo: "000.00.06.H56-231027-0361", NguoiXuLy: "Trần Thị Bình", ChucDanh: "Công chức tư pháp",
		ThoiDiemXuLy: vn(2023, 10, 27, 9, 35), PhongBanXuLy: "Bộ phận một cửa",
		NoiDungXuLy: "Tiếp nhận hồ sơ", TrangThai: DuocTiepNhan, NgayBatDau: vn(2023, 10, 27, 9, 35),
		NgayKetThucTheoQuyDinh: vn(2023, 11, 3, 9, 0),
	}
}

func sampleDanhGia() DongBoDanhGia {
	return DongBoDanhGia{
		MaDanhGia: "5f1c7a0e-2b8d-4c55-9a31-0d8c9e6b1a77", MaDonVi: "000.00.06.H56",
		MaHoSo: "000.00.06.H56-231027-0361", MaTTHC: "2.000488", MaCauHoi: "THAIDO",
		MucDanhGia: 1, ThoiGianDanhGia: vn(2023, 11, 3, 10, 5),
	}
}

func sampleThongKe() DongBoThongKeHoSo {
	return DongBoThongKeHoSo{
		MaDonVi: "000.00.06.H56", TenDonVi: "UBND phường Tràng Tiền", Thang: 10, Nam: 2023, LoaiThongKe: "1",
		SoNhanTrongKy: 120, SoTonKyTruoc: 8, TongSoXuLy: 128, TongDaXuLy: 110, TongXuLyDungHan: 104,
		PhanTramXuLyDungHan: Ratio(104, 110), TongXuLyTreHan: 6, PhanTramXuLyTreHan: Ratio(6, 110),
		TongChuaXuLy: 18, TongChuaXuLyTrongHan: 17, PhanTramChuaXuLyTrongHan: Ratio(17, 18),
		TongChuaXuLyTreHan: 1, PhanTramChuaXuLyTreHan: Ratio(1, 18),
	}
}

func sampleThuTuc() LayThuTuc {
	return LayThuTuc{
		ID: "1", MATTHC: "1.001193", TENTTHC: "Thủ tục đăng ký khai sinh", LOAITTHC: "1", TRANGTHAI: "1",
		LINHVUCTHUCHIEN: List[LinhVucThucHien]{{MALINHVUC: "HT", TENLINHVUC: "Hộ tịch"}},
		CACHTHUCTHUCHIEN: List[CachThucThucHien]{{KENH: KenhTrucTiep, THOIGIAN: List[ThoiGian]{{
			THOIGIANGIAIQUYET: "1", DONVITINH: "Ngày làm việc", MOTA: "Ngay trong ngày làm việc",
			PHILEPHI: List[PhiLePhi]{{MAPHILEPHI: "LP1", SOTIEN: "0", DONVI: "Đồng", MOTA: "Miễn lệ phí"}}}}}},
		CAPTHUCHIEN: List[CapThucHien]{{CAPTHUCHIEN: 3, TENCAP: "Cấp Xã", MOTACOQUANTHUCHIEN: "UBND cấp xã"}},
		CANCUPHAPLY: List[CanCuPhapLy]{{SOVANBAN: "60/2014/QH13", TENVANBAN: "Luật Hộ tịch", COQUANBANHANH: "Quốc hội",
			NGAYBANHANH: "20/11/2014", NGAYHIEULUC: "01/01/2016", DIACHITRUYCAP: "https://vbpl.vn/"}},
		DOITUONGTHUCHIEN: List[DoiTuongThucHien]{{MADOITUONG: "1", TENDOITUONG: "Công dân Việt Nam"}},
		KETQUATHUCHIEN:   List[KetQuaThucHien]{{MAKETQUA: "KQ1", TENKETQUA: "Giấy khai sinh", TENTEP: "mau.docx", URL: "https://dichvucong.gov.vn/kq1"}},
		THANHPHANHOSO: List[ThanhPhanHoSo]{{TRUONGHOP: "", GIAYTO: List[GiayTo]{{MAGIAYTO: "GT1", TENGIAYTO: "Tờ khai đăng ký khai sinh",
			SOBANCHINH: 1, MA_KQ_THAYTHE: "KQ9"}}}},
		MOTACOQUANTHUCHIEN: "UBND cấp xã", MOTACOQUANTHAMQUYEN: "UBND cấp xã", DIACHITIEPNHAN: "Bộ phận một cửa UBND cấp xã",
		TUKHOA: "khai sinh", MOTA: "Đăng ký khai sinh cho trẻ em",
		COQUANCOTHAMQUYEN: List[CoQuanThucHien]{{MADONVI: "000.00.06.H56", TENDONVI: "UBND phường Tràng Tiền"}},
		COQUANDUOCUYQUYEN: List[CoQuanThucHien]{},
		COQUANPHOIHOP:     List[CoQuanThucHien]{{MADONVI: "000.00.00.G12", TENDONVI: "Bộ Tư pháp"}},
		TTHCLIENQUAN:      List[json.RawMessage]{json.RawMessage(`"1.001022"`)},
		TTHCLIENTHONG:     List[json.RawMessage]{json.RawMessage(`{"MATTHC":"1.004772"}`)},
	}
}

func sampleHoiDap() DongBoHoiDap {
	return DongBoHoiDap{HOIDAPID: "77", MaLinhVuc: "HT", NOIDUNG: "Đăng ký khai sinh cần giấy tờ gì?",
		MADONVI: "000.00.06.H56", TENDONVI: "UBND phường Tràng Tiền",
		TRALOIID: "77-1", NOIDUNGTRALOI: "Tờ khai theo mẫu và giấy chứng sinh.", NGUOITRALOI: "Nguyễn Văn An",
		CHUCVUNGUOITRALOI: "Công chức tư pháp - hộ tịch", NGAYTRALOI: vn(2023, 10, 27, 15, 4), TRANGTHAI: HoiDapCongKhai}
}

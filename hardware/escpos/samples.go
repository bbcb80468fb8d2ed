package escpos

// SampleTicket lays out a queue ticket as the kiosk prints it. Tests,
// benchmarks and `motcua sim printer --demo` use it.
func SampleTicket(p Profile) *Doc {
	return NewDoc(p).
		Center().Text("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG").
		Text("Phường Hoàn Kiếm").
		Separator().
		Title("SỐ THỨ TỰ").
		Center().Bold(true).Size(3, 3).Text("A001").Size(1, 1).Bold(false).
		Text("Lĩnh vực: Tư pháp – Hộ tịch").
		Text("Đang chờ trước bạn: 5 người").
		Line("Ngày 27/10/2023", "09:32").
		Feed(1).
		QR("https://motcua.example.vn/t/01HF3Q8Z2K7T").
		Text("Quét mã để theo dõi lượt của bạn").
		Cut()
}

// SampleReceipt lays out a dossier receipt (Mẫu 01 in short).
func SampleReceipt(p Profile) *Doc {
	return NewDoc(p).
		Center().Bold(true).Text("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ").Bold(false).
		Text("Mã hồ sơ: 000.00.06.H56-231027-0361").
		Separator().
		Left().Text("Người nộp: Nguyễn Văn An").
		Text("Địa chỉ: Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội").
		Text("Thủ tục: Đăng ký khai sinh").
		Line("Tiếp nhận:", "09:32 27/10/2023").
		Line("Hẹn trả:", "09:00 03/11/2023").
		Text("Cán bộ tiếp nhận: Trần Thị Bình").
		Separator().
		Center().Barcode("000.00.06.H56-231027-0361").
		QR("000.00.06.H56-231027-0361").
		Text("ĐẾN HẸN MANG THEO GIẤY NÀY").
		Cut()
}

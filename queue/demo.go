package queue

// DemoConfig is the built-in demo centre used when no config file is given:
// a district one-stop shop with the usual sectors and ten counters.
func DemoConfig() *Config {
	c := &Config{
		CentreName:   "Trung tâm Phục vụ hành chính công quận Hoàn Kiếm",
		AgencyCode:   "000.00.06.H26",
		AgencyName:   "UBND quận Hoàn Kiếm",
		TicketFormat: "letter",
		Digits:       3,
		Notice:       "Giờ làm việc: sáng 7:30–11:30, chiều 13:30–17:00, thứ Hai đến thứ Sáu. Vui lòng giữ phiếu số thứ tự và chú ý màn hình gọi số.",
		Sectors: []Sector{
			{ID: "tuphap", Name: "Tư pháp – Hộ tịch"},
			{ID: "datdai", Name: "Đất đai"},
			{ID: "xaydung", Name: "Xây dựng"},
			{ID: "kinhte", Name: "Kinh tế – Đăng ký kinh doanh"},
			{ID: "ldtbxh", Name: "Lao động – Thương binh và Xã hội"},
			{ID: "tnmt", Name: "Tài nguyên – Môi trường"},
		},
		Services: []Service{
			{ID: "hotich", Name: "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)", NameEN: "Civil status registration", Sector: "tuphap", Prefix: "A", Description: "Khai sinh, kết hôn, khai tử, xác nhận tình trạng hôn nhân", DescriptionEN: "Birth, marriage and death registration, marital status certificates", TargetWaitMin: 15},
			{ID: "chungthuc", Name: "Chứng thực bản sao, chữ ký", NameEN: "Certification of copies and signatures", Sector: "tuphap", Prefix: "B", Description: "Chứng thực bản sao từ bản chính, chứng thực chữ ký, hợp đồng", DescriptionEN: "Certified copies of originals, signatures and contracts", TargetWaitMin: 10},
			{ID: "datdai", Name: "Đăng ký đất đai, cấp giấy chứng nhận", NameEN: "Land registration and certificates", Sector: "datdai", Prefix: "C", Description: "Đăng ký biến động, cấp đổi, cấp lại giấy chứng nhận quyền sử dụng đất", DescriptionEN: "Land changes; issuing, renewing and replacing land use right certificates", TargetWaitMin: 20},
			{ID: "xaydung", Name: "Cấp giấy phép xây dựng", NameEN: "Construction permits", Sector: "xaydung", Prefix: "D", Description: "Giấy phép xây dựng nhà ở riêng lẻ, sửa chữa, cải tạo", DescriptionEN: "Building permits for houses, repairs and renovation", TargetWaitMin: 20},
			{ID: "dkkd", Name: "Đăng ký hộ kinh doanh", NameEN: "Household business registration", Sector: "kinhte", Prefix: "E", Description: "Thành lập, thay đổi, tạm ngừng, chấm dứt hộ kinh doanh", DescriptionEN: "Setting up, changing, suspending or closing a household business", TargetWaitMin: 15},
			{ID: "ldtbxh", Name: "Chính sách người có công, bảo trợ xã hội", NameEN: "Social protection and war veterans", Sector: "ldtbxh", Prefix: "G", Description: "Trợ cấp xã hội, người có công, hộ nghèo", DescriptionEN: "Social allowances, people with meritorious services, poor households", TargetWaitMin: 15},
			{ID: "moitruong", Name: "Tài nguyên – Môi trường", NameEN: "Natural resources and environment", Sector: "tnmt", Prefix: "H", Description: "Kế hoạch bảo vệ môi trường, tài nguyên nước", DescriptionEN: "Environmental protection plans, water resources", TargetWaitMin: 20},
		},
		Counters: []Counter{
			{ID: "q1", Number: 1, Name: "Quầy 1", Services: map[string]int{"hotich": 3, "chungthuc": 1}},
			{ID: "q2", Number: 2, Name: "Quầy 2", Services: map[string]int{"hotich": 2, "chungthuc": 2}},
			{ID: "q3", Number: 3, Name: "Quầy 3", Services: map[string]int{"chungthuc": 3, "hotich": 1}},
			{ID: "q4", Number: 4, Name: "Quầy 4", Services: map[string]int{"datdai": 1}},
			{ID: "q5", Number: 5, Name: "Quầy 5", Services: map[string]int{"datdai": 2, "moitruong": 1}},
			{ID: "q6", Number: 6, Name: "Quầy 6", Services: map[string]int{"xaydung": 1}},
			{ID: "q7", Number: 7, Name: "Quầy 7", Services: map[string]int{"dkkd": 1}},
			{ID: "q8", Number: 8, Name: "Quầy 8", Services: map[string]int{"ldtbxh": 1}},
			{ID: "q9", Number: 9, Name: "Quầy 9", Services: map[string]int{"moitruong": 2, "xaydung": 1}},
			{ID: "q10", Number: 10, Name: "Quầy 10", Services: map[string]int{"hotich": 1, "chungthuc": 1, "datdai": 1, "xaydung": 1, "dkkd": 1, "ldtbxh": 1, "moitruong": 1}},
		},
		Priorities: []PriorityCategory{
			{ID: "caotuoi", Name: "Người cao tuổi", NameEN: "Elderly"},
			{ID: "khuyettat", Name: "Người khuyết tật", NameEN: "Person with a disability"},
			{ID: "mangthai", Name: "Phụ nữ mang thai", NameEN: "Pregnant woman"},
			{ID: "nguoicocong", Name: "Người có công với cách mạng", NameEN: "Person with meritorious service"},
			{ID: "treem", Name: "Người đi cùng trẻ nhỏ", NameEN: "With a small child"},
		},
	}
	c.applyDefaults()
	return c
}

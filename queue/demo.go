package queue

import "fmt"

// Demo names the built-in demo centres (`motcua run --demo NAME`).
var Demo = map[string]func() *Config{
	"ward":     DemoConfig,
	"province": DemoProvinceConfig,
}

// DemoByName is the demo centre with that name ("ward" or "province").
func DemoByName(name string) (*Config, error) {
	f, ok := Demo[name]
	if !ok {
		return nil, fmt.Errorf("demo %q: want ward or province", name)
	}
	return f(), nil
}

// The demo agency codes are well-formed but synthetic (H26 is Hà Nội's province code in the
// national agency-code list; the other digits are made up).
const (
	demoWardCode     = "000.00.06.H26"
	demoProvinceCode = "000.00.01.H26"
)

var demoPriorities = []PriorityCategory{
	{ID: "caotuoi", Name: "Người cao tuổi", NameEN: "Elderly"},
	{ID: "khuyettat", Name: "Người khuyết tật", NameEN: "Person with a disability"},
	{ID: "mangthai", Name: "Phụ nữ mang thai", NameEN: "Pregnant woman"},
	{ID: "nguoicocong", Name: "Người có công với cách mạng", NameEN: "Person with meritorious service"},
	{ID: "treem", Name: "Người đi cùng trẻ nhỏ", NameEN: "With a small child"},
}

// demoOpening: weekdays and Saturday morning; numbers at any hour so that `motcua run` and
// the tests work at night (a real centre's file leaves always_issue off).
func demoOpening() Opening {
	return Opening{Weekdays: DefaultOpening().Weekdays, Saturday: []Span{{"07:30", "11:30"}}, AlwaysIssue: true}
}

// DemoConfig is the built-in demo centre used when no config file is given: the public
// administration service centre of a Hà Nội ward (two-level local government since
// 1/7/2025), receiving its ward's procedures, the ward police's, and — regardless of
// administrative boundary — dossiers of provincial agencies (land registration, home affairs).
func DemoConfig() *Config {
	c := &Config{
		CentreName:   "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
		AgencyCode:   demoWardCode,
		AgencyName:   "UBND phường Hoàn Kiếm",
		CentreLevel:  LevelCommune,
		Province:     "Hà Nội",
		TicketFormat: "letter",
		Digits:       3,
		Notice:       "Giờ tiếp công dân: sáng 7:30–11:30, chiều 13:00–17:00 từ thứ Hai đến thứ Sáu; sáng thứ Bảy 7:30–11:30. Vui lòng giữ phiếu số thứ tự và chú ý màn hình gọi số.",
		NoticeEN:     "Opening hours: 7:30–11:30 and 13:00–17:00 Monday to Friday; Saturday 7:30–11:30. Please keep your queue ticket and watch the call screen.",
		Opening:      demoOpening(),
		Agencies: []Agency{
			{Code: "000.01.06.H26", Name: "UBND phường Hoàn Kiếm", Level: LevelCommune, StandsFor: []string{"Ủy ban nhân dân xã, phường"}},
			{Code: "000.02.06.H26", Name: "Công an phường Hoàn Kiếm", Level: LevelCommune, StandsFor: []string{"Công an xã, phường"}},
			{Code: "000.10.00.H26", Name: "Văn phòng Đăng ký đất đai Hà Nội", Level: LevelProvince,
				StandsFor: []string{"Văn phòng đăng ký đất đai (Sở Nông nghiệp và Môi trường)", "Sở Nông nghiệp và Môi trường"}},
			{Code: "000.11.00.H26", Name: "Sở Nội vụ thành phố Hà Nội", Level: LevelProvince, StandsFor: []string{"Sở Nội vụ"}},
		},
		Sectors: []Sector{
			{ID: "tuphap", Name: "Tư pháp – Hộ tịch", NameEN: "Justice – Civil status", LinhVuc: []string{"TP-HT", "TP-CT"}},
			{ID: "cutru", Name: "Cư trú", NameEN: "Residence", LinhVuc: []string{"CA-CT"}},
			{ID: "xaydung", Name: "Xây dựng – Đô thị", NameEN: "Construction – Urban planning", LinhVuc: []string{"XD-HDXD"}},
			{ID: "kinhte", Name: "Kinh tế – Hộ kinh doanh", NameEN: "Economy – Household businesses", LinhVuc: []string{"KT-DKKD"}},
			{ID: "vhxh", Name: "Văn hóa – Xã hội", NameEN: "Culture – Social affairs", LinhVuc: []string{"LDTBXH-BTXH", "LDTBXH-NCC", "LDTBXH-VL", "GDDT"}},
			{ID: "datdai", Name: "Đất đai", NameEN: "Land", LinhVuc: []string{"TNMT-DD"}},
		},
		Services: []Service{
			{ID: "hotich", Name: "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)", NameEN: "Civil status registration", Sector: "tuphap", Prefix: "A", Description: "Khai sinh, kết hôn, khai tử, xác nhận tình trạng hôn nhân, kể cả có yếu tố nước ngoài", DescriptionEN: "Birth, marriage and death registration, marital status certificates, foreign cases included", TargetWaitMin: 15},
			{ID: "chungthuc", Name: "Chứng thực bản sao, chữ ký, hợp đồng", NameEN: "Certification of copies and signatures", Sector: "tuphap", Prefix: "B", Description: "Chứng thực bản sao từ bản chính, chứng thực chữ ký, hợp đồng, giao dịch", DescriptionEN: "Certified copies of originals, signatures, contracts and transactions", TargetWaitMin: 10},
			{ID: "datdai", Name: "Đăng ký đất đai, cấp Giấy chứng nhận", NameEN: "Land registration and certificates", Sector: "datdai", Prefix: "C", Description: "Tiếp nhận cho Văn phòng Đăng ký đất đai Hà Nội", DescriptionEN: "Received here for the Hà Nội Land Registration Office", TargetWaitMin: 20},
			{ID: "xaydung", Name: "Giấy phép xây dựng nhà ở riêng lẻ", NameEN: "Building permits for houses", Sector: "xaydung", Prefix: "D", Description: "Cấp mới, điều chỉnh, gia hạn, cấp lại giấy phép xây dựng", DescriptionEN: "New, amended, extended and replaced building permits", TargetWaitMin: 20},
			{ID: "dkkd", Name: "Đăng ký hộ kinh doanh", NameEN: "Household business registration", Sector: "kinhte", Prefix: "E", Description: "Thành lập, thay đổi, tạm ngừng, chấm dứt hộ kinh doanh", DescriptionEN: "Setting up, changing, suspending or closing a household business", TargetWaitMin: 15},
			{ID: "ldtbxh", Name: "Bảo trợ xã hội, người có công", NameEN: "Social protection and war veterans", Sector: "vhxh", Prefix: "G", Description: "Trợ cấp xã hội, xác nhận khuyết tật, hộ nghèo, người có công", DescriptionEN: "Social allowances, disability certificates, poor households, people with meritorious services", TargetWaitMin: 15},
			{ID: "congan", Name: "Đăng ký thường trú, tạm trú (Công an phường)", NameEN: "Residence registration (ward police)", Sector: "cutru", Prefix: "H", Description: "Đăng ký, xóa đăng ký thường trú, tạm trú, gia hạn tạm trú", DescriptionEN: "Registering, removing and extending permanent and temporary residence", TargetWaitMin: 15},
		},
		Counters: []Counter{
			{ID: "q1", Number: 1, Name: "Quầy 1", Services: map[string]int{"hotich": 3, "chungthuc": 1}},
			{ID: "q2", Number: 2, Name: "Quầy 2", Services: map[string]int{"hotich": 2, "chungthuc": 2}},
			{ID: "q3", Number: 3, Name: "Quầy 3", Services: map[string]int{"chungthuc": 3, "hotich": 1}},
			{ID: "q4", Number: 4, Name: "Quầy 4", Services: map[string]int{"datdai": 1}},
			{ID: "q5", Number: 5, Name: "Quầy 5", Services: map[string]int{"datdai": 2, "xaydung": 1}},
			{ID: "q6", Number: 6, Name: "Quầy 6", Services: map[string]int{"xaydung": 1}},
			{ID: "q7", Number: 7, Name: "Quầy 7", Services: map[string]int{"dkkd": 1}},
			{ID: "q8", Number: 8, Name: "Quầy 8", Services: map[string]int{"ldtbxh": 1}},
			{ID: "q9", Number: 9, Name: "Quầy 9 – Công an phường", NameEN: "Counter 9 – Ward police", Services: map[string]int{"congan": 1}},
			{ID: "q10", Number: 10, Name: "Quầy 10", Services: map[string]int{"hotich": 1, "chungthuc": 1, "datdai": 1, "xaydung": 1, "dkkd": 1, "ldtbxh": 1, "congan": 1}},
		},
		Priorities: append([]PriorityCategory(nil), demoPriorities...),
	}
	c.applyDefaults()
	return c
}

// DemoProvinceConfig is the second demo centre: a branch of Hà Nội's provincial public
// administration service centre, receiving the city's departments' procedures and, regardless
// of administrative boundary, the communes' (`motcua run --demo province`).
func DemoProvinceConfig() *Config {
	c := &Config{
		CentreName:   "Trung tâm Phục vụ hành chính công thành phố Hà Nội – Chi nhánh số 1",
		AgencyCode:   demoProvinceCode,
		AgencyName:   "UBND thành phố Hà Nội",
		CentreLevel:  LevelProvince,
		Branch:       "Chi nhánh số 1",
		Province:     "Hà Nội",
		TicketFormat: "numeric",
		Digits:       3,
		Notice:       "Giờ tiếp công dân: sáng 7:30–11:30, chiều 13:00–17:00 từ thứ Hai đến thứ Sáu; sáng thứ Bảy 7:30–11:30. Trung tâm tiếp nhận hồ sơ không phụ thuộc địa giới hành chính trong thành phố.",
		NoticeEN:     "Opening hours: 7:30–11:30 and 13:00–17:00 Monday to Friday; Saturday 7:30–11:30. Dossiers are received here wherever in the city you live.",
		Opening:      demoOpening(),
		Agencies: []Agency{
			{Code: "000.10.00.H26", Name: "Văn phòng Đăng ký đất đai Hà Nội", Level: LevelProvince,
				StandsFor: []string{"Văn phòng đăng ký đất đai (Sở Nông nghiệp và Môi trường)"}},
			{Code: "000.12.00.H26", Name: "Sở Nông nghiệp và Môi trường thành phố Hà Nội", Level: LevelProvince, StandsFor: []string{"Sở Nông nghiệp và Môi trường"}},
			{Code: "000.11.00.H26", Name: "Sở Nội vụ thành phố Hà Nội", Level: LevelProvince, StandsFor: []string{"Sở Nội vụ"}},
			{Code: "000.13.00.H26", Name: "Sở Tài chính thành phố Hà Nội", Level: LevelProvince},
			{Code: "000.14.00.H26", Name: "Sở Xây dựng thành phố Hà Nội", Level: LevelProvince},
			{Code: "000.15.00.H26", Name: "Sở Tư pháp thành phố Hà Nội", Level: LevelProvince},
			{Name: "UBND các xã, phường thuộc thành phố Hà Nội (tiếp nhận không phụ thuộc địa giới hành chính)", Level: LevelCommune,
				StandsFor: []string{"Ủy ban nhân dân xã, phường", "Công an xã, phường"}},
		},
		Sectors: []Sector{
			{ID: "datdai", Name: "Đất đai – Môi trường", NameEN: "Land – Environment", LinhVuc: []string{"TNMT-DD"}},
			{ID: "kinhte", Name: "Đăng ký doanh nghiệp, đầu tư", NameEN: "Business and investment registration", LinhVuc: []string{"KT-DKKD"}},
			{ID: "xaydung", Name: "Xây dựng – Quy hoạch", NameEN: "Construction – Planning", LinhVuc: []string{"XD-HDXD"}},
			{ID: "noivu", Name: "Lao động – Việc làm, Nội vụ", NameEN: "Labour – Employment, Home affairs", LinhVuc: []string{"LDTBXH-NCC", "LDTBXH-VL"}},
			{ID: "tuphap", Name: "Tư pháp", NameEN: "Justice"},
			{ID: "capxa", Name: "Thủ tục cấp xã", NameEN: "Commune-level procedures", LinhVuc: []string{"TP-HT", "TP-CT", "CA-CT", "LDTBXH-BTXH"}},
		},
		Services: []Service{
			{ID: "datdai", Name: "Đất đai: đăng ký, cấp Giấy chứng nhận, cung cấp thông tin", NameEN: "Land registration", Sector: "datdai", Prefix: "1001", TargetWaitMin: 20},
			{ID: "doanhnghiep", Name: "Đăng ký doanh nghiệp", NameEN: "Enterprise registration", Sector: "kinhte", Prefix: "2001", TargetWaitMin: 20},
			{ID: "xaydung", Name: "Giấy phép xây dựng, quy hoạch", NameEN: "Building permits and planning", Sector: "xaydung", Prefix: "3001", TargetWaitMin: 20},
			{ID: "laodong", Name: "Giấy phép lao động, người có công", NameEN: "Work permits, war veterans", Sector: "noivu", Prefix: "4001", TargetWaitMin: 15},
			{ID: "tuphap", Name: "Lý lịch tư pháp, quốc tịch", NameEN: "Judicial records, nationality", Sector: "tuphap", Prefix: "5001", TargetWaitMin: 15},
			{ID: "capxa", Name: "Thủ tục cấp xã (hộ tịch, chứng thực, cư trú…) không phụ thuộc địa giới", NameEN: "Commune procedures from anywhere in the city", Sector: "capxa", Prefix: "6001", TargetWaitMin: 15},
		},
		Counters: []Counter{
			{ID: "q1", Number: 1, Name: "Quầy 1", Services: map[string]int{"datdai": 2}},
			{ID: "q2", Number: 2, Name: "Quầy 2", Services: map[string]int{"datdai": 1, "xaydung": 1}},
			{ID: "q3", Number: 3, Name: "Quầy 3", Services: map[string]int{"doanhnghiep": 1}},
			{ID: "q4", Number: 4, Name: "Quầy 4", Services: map[string]int{"laodong": 1, "tuphap": 1}},
			{ID: "q5", Number: 5, Name: "Quầy 5", Services: map[string]int{"capxa": 2, "tuphap": 1}},
			{ID: "q6", Number: 6, Name: "Quầy 6", Services: map[string]int{"capxa": 1, "datdai": 1, "doanhnghiep": 1, "xaydung": 1, "laodong": 1}},
		},
		Priorities: append([]PriorityCategory(nil), demoPriorities...),
	}
	c.applyDefaults()
	return c
}

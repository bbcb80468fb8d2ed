package dossier

import (
	"strings"
	"time"
)

// The forms of Circular 03/2025/TT-VPCP (15/9/2025), Phụ lục I, guiding Decree
// 118/2025/NĐ-CP; docs/DOMAIN.md. Printed documents carry their form number.
const (
	FormLegal      = "Ban hành kèm theo Thông tư số 03/2025/TT-VPCP"
	FormReceipt    = "Mẫu số 01" // Giấy tiếp nhận hồ sơ và hẹn trả kết quả
	FormSupplement = "Mẫu số 02" // Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
	FormRefusal    = "Mẫu số 03" // Phiếu từ chối tiếp nhận giải quyết hồ sơ
	FormApology    = "Mẫu số 04" // Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết
	FormStop       = "Mẫu số 05" // Thông báo dừng giải quyết hồ sơ
	FormControl    = "Mẫu số 06" // Phiếu kiểm soát quá trình giải quyết hồ sơ
	FormRegister   = "Mẫu số 07" // Sổ theo dõi hồ sơ
)

// ReceiptLine is one component row of a receipt.
type ReceiptLine struct {
	No        int
	Name      string
	Originals int
	Copies    int
	Count     int
	Note      string
}

// Receipt is the content of Mẫu số 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (Circular
// 03/2025/TT-VPCP): pure data for the printer and PDF layers.
type Receipt struct {
	Form       string // "Mẫu số 01"
	FormLegal  string // "Ban hành kèm theo Thông tư số 03/2025/TT-VPCP"
	Title      string // "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
	CentreName string
	AgencyName string // the receiving centre's parent agency (line above the centre's name)
	// CompetentAgency decides the procedure; it is printed because since 1/7/2025 it is
	// often not the receiving centre (Decree 118/2025, reception regardless of boundary).
	CompetentAgency string
	Code            string
	Applicant       string
	Address         string
	Phone           string
	Email           string
	Procedure       string
	ProcedureCode   string
	Lines           []ReceiptLine
	ReceivedAt      time.Time
	ReceivedText    string // "09 giờ 32 phút, ngày 27/10/2023"
	AppointmentAt   time.Time
	Appointment     string // "09 giờ 00 phút, ngày 03/11/2023"
	Processing      string // "05 ngày làm việc"
	ReturnPlace     string // where/how to collect
	Officer         string
	Counter         string
	Fees            []FeePaid
	FeesTotal       string
	QR              string // payload of the QR and barcode: the dossier code
	Footer          string
}

// BuildReceipt fills the receipt of a received dossier.
func BuildReceipt(d Dossier, centreName, agencyName string) Receipt {
	r := Receipt{
		Form: FormReceipt, FormLegal: FormLegal, CompetentAgency: d.Competent(),
		Title: "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", CentreName: centreName, AgencyName: agencyName,
		Code: d.Code, Applicant: d.Applicant.Name, Address: d.Applicant.Address, Phone: d.Applicant.Phone,
		Email: d.Applicant.Email, Procedure: d.Procedure.Name, ProcedureCode: d.Procedure.Code,
		ReceivedAt: d.ReceivedAt, AppointmentAt: d.AppointmentAt, Processing: d.Procedure.Time.Vietnamese(),
		Officer: d.Officer, Counter: d.Counter, Fees: append([]FeePaid(nil), d.Fees...),
		FeesTotal: FormatVND(d.FeesTotal()), QR: d.Code,
		Footer: "Tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc quét mã QR. Khi nhận kết quả, vui lòng mang theo giấy này và giấy tờ tùy thân.",
	}
	if !d.ReceivedAt.IsZero() {
		r.ReceivedText = FormatAppointment(d.ReceivedAt)
	}
	if !d.AppointmentAt.IsZero() {
		r.Appointment = FormatAppointment(d.AppointmentAt)
	}
	r.ReturnPlace = d.CollectText(centreName)
	if d.Channel == ChannelOnline && d.Place() == PlaceReceiving {
		r.ReturnPlace = "Nhận kết quả điện tử trên Cổng Dịch vụ công hoặc trực tiếp tại " + centreName
	}
	for i, c := range d.Components {
		r.Lines = append(r.Lines, ReceiptLine{No: i + 1, Name: c.Name, Originals: c.Originals, Copies: c.Copies, Count: c.Count(), Note: c.Note})
	}
	return r
}

// SupplementSlip is the content of Mẫu số 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ"
// (Circular 03/2025/TT-VPCP).
type SupplementSlip struct {
	Form        string // "Mẫu số 02"
	FormLegal   string
	Title       string // "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"
	CentreName  string
	AgencyName  string
	Code        string
	Applicant   string
	Address     string
	Phone       string
	Email       string
	Procedure   string
	Missing     []string // what to supplement
	Reason      string   // why
	RequestedAt string
	Deadline    string // empty when none was set
	Officer     string
	Note        string
	QR          string
}

// BuildSupplementSlip fills the slip of the dossier's latest supplement round; ok is false
// when the dossier has none.
func BuildSupplementSlip(d Dossier, centreName, agencyName string) (SupplementSlip, bool) {
	if len(d.Supplements) == 0 {
		return SupplementSlip{}, false
	}
	r := d.Supplements[len(d.Supplements)-1]
	s := SupplementSlip{
		Form: FormSupplement, FormLegal: FormLegal,
		Title: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", CentreName: centreName, AgencyName: agencyName,
		Code: d.Code, Applicant: d.Applicant.Name, Address: d.Applicant.Address, Phone: d.Applicant.Phone,
		Email: d.Applicant.Email, Procedure: d.Procedure.Name, Missing: append([]string(nil), r.Missing...),
		Reason: r.Reason, RequestedAt: FormatAppointment(r.RequestedAt), Officer: r.RequestedBy, QR: d.Code,
		Note: "Thời gian giải quyết tạm dừng cho đến khi ông/bà nộp đủ giấy tờ bổ sung. Ngày hẹn trả kết quả sẽ được tính lại khi tiếp nhận hồ sơ bổ sung.",
	}
	if !r.Deadline.IsZero() {
		s.Deadline = FormatAppointment(r.Deadline)
	}
	return s, true
}

// RefusalSlip is the content of Mẫu số 03 "Phiếu từ chối tiếp nhận giải quyết hồ sơ"
// (Circular 03/2025/TT-VPCP): why the dossier is not accepted.
type RefusalSlip struct {
	Form       string // "Mẫu số 03"
	FormLegal  string
	Title      string // "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"
	CentreName string
	AgencyName string
	Code       string
	Applicant  string
	Address    string
	Procedure  string
	Reason     string
	RefusedAt  string // "10 giờ 15 phút, ngày 03/03/2026"
	Officer    string
	Note       string
	QR         string
}

// BuildRefusalSlip fills the refusal slip of a refused dossier; ok is false otherwise.
func BuildRefusalSlip(d Dossier, centreName, agencyName string) (RefusalSlip, bool) {
	if d.Status != StatusRefused {
		return RefusalSlip{}, false
	}
	s := RefusalSlip{
		Form: FormRefusal, FormLegal: FormLegal, Title: "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
		CentreName: centreName, AgencyName: agencyName, Code: d.Code, Applicant: d.Applicant.Name,
		Address: d.Applicant.Address, Procedure: d.Procedure.Name, Reason: d.RefusalReason, QR: d.Code,
		Note: "Xin lỗi ông/bà vì sự bất tiện này. Mọi thắc mắc xin liên hệ Bộ phận Một cửa theo số điện thoại niêm yết tại trung tâm.",
	}
	if e, ok := lastEvent(d, "Refuse"); ok {
		s.RefusedAt, s.Officer = FormatAppointment(e.At), e.Officer
	}
	return s, true
}

// ApologyLetter is the content of Mẫu số 04 "Văn bản xin lỗi và đề nghị gia hạn thời gian
// giải quyết" (Circular 03/2025/TT-VPCP) for the dossier's latest apology.
type ApologyLetter struct {
	Form            string // "Mẫu số 04"
	FormLegal       string
	Title           string // "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"
	CentreName      string
	AgencyName      string // the agency that apologises: the competent one
	Code            string
	Applicant       string
	Procedure       string
	ReceivedAt      string
	PrevAppointment string
	Reason          string
	NewAppointment  string
	At              string
	Officer         string
	QR              string
}

// BuildApologyLetter fills the letter of the dossier's latest apology; ok is false when
// there is none.
func BuildApologyLetter(d Dossier, centreName, agencyName string) (ApologyLetter, bool) {
	if len(d.Apologies) == 0 {
		return ApologyLetter{}, false
	}
	a := d.Apologies[len(d.Apologies)-1]
	l := ApologyLetter{
		Form: FormApology, FormLegal: FormLegal, Title: "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
		CentreName: centreName, AgencyName: agencyName, Code: d.Code, Applicant: d.Applicant.Name,
		Procedure: d.Procedure.Name, PrevAppointment: FormatAppointment(a.PrevAppointment), Reason: a.Reason,
		NewAppointment: FormatAppointment(a.NewAppointment), At: FormatAppointment(a.At), QR: d.Code,
	}
	if agencyName == "" {
		l.AgencyName = d.Competent()
	}
	if !d.ReceivedAt.IsZero() {
		l.ReceivedAt = FormatAppointment(d.ReceivedAt)
	}
	if e, ok := lastEvent(d, "Apologise"); ok {
		l.Officer = e.Officer
	}
	return l, true
}

// Text is the letter's body as printed: the apology, the reason and the new date.
func (l ApologyLetter) Text() string {
	var b strings.Builder
	b.WriteString("Lúc " + l.ReceivedAt + ", " + l.CentreName + " tiếp nhận hồ sơ " + l.Code + " của ông/bà " + l.Applicant +
		" đề nghị giải quyết thủ tục " + l.Procedure + ", hẹn trả kết quả lúc " + l.PrevAppointment + ". ")
	b.WriteString("Đến nay đã quá thời hạn giải quyết theo quy định nhưng hồ sơ của ông/bà chưa được giải quyết xong. ")
	b.WriteString("Lý do: " + l.Reason + ". ")
	b.WriteString(l.AgencyName + " xin lỗi ông/bà và đề nghị gia hạn thời gian giải quyết; hẹn trả kết quả vào lúc " + l.NewAppointment + ".")
	return b.String()
}

func lastEvent(d Dossier, action string) (Event, bool) {
	for i := len(d.History) - 1; i >= 0; i-- {
		if d.History[i].Action == action {
			return d.History[i], true
		}
	}
	return Event{}, false
}

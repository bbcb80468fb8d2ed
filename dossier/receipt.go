package dossier

import "time"

// ReceiptLine is one component row of a receipt.
type ReceiptLine struct {
	No        int
	Name      string
	Originals int
	Copies    int
	Count     int
	Note      string
}

// Receipt is the content of Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" (Circular
// 01/2018/TT-VPCP): pure data for the printer and PDF layers.
type Receipt struct {
	Title         string // "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
	CentreName    string
	AgencyName    string // receiving agency
	Code          string
	Applicant     string
	Address       string
	Phone         string
	Email         string
	Procedure     string
	ProcedureCode string
	Lines         []ReceiptLine
	ReceivedAt    time.Time
	ReceivedText  string // "09 giờ 32 phút, ngày 27/10/2023"
	AppointmentAt time.Time
	Appointment   string // "09 giờ 00 phút, ngày 03/11/2023"
	Processing    string // "05 ngày làm việc"
	ReturnPlace   string // where/how to collect
	Officer       string
	Counter       string
	Fees          []FeePaid
	FeesTotal     string
	QR            string // payload of the QR and barcode: the dossier code
	Footer        string
}

// BuildReceipt fills the receipt of a received dossier.
func BuildReceipt(d Dossier, centreName, agencyName string) Receipt {
	r := Receipt{
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
	switch {
	case d.ReturnMethod == ReturnByPost:
		r.ReturnPlace = "Trả kết quả qua dịch vụ bưu chính công ích đến địa chỉ: " + d.Applicant.Address
	case d.Channel == ChannelOnline:
		r.ReturnPlace = "Nhận kết quả điện tử trên Cổng Dịch vụ công hoặc trực tiếp tại " + centreName
	default:
		r.ReturnPlace = "Nhận trực tiếp tại Bộ phận tiếp nhận và trả kết quả, " + centreName
	}
	for i, c := range d.Components {
		r.Lines = append(r.Lines, ReceiptLine{No: i + 1, Name: c.Name, Originals: c.Originals, Copies: c.Copies, Count: c.Count(), Note: c.Note})
	}
	return r
}

// SupplementSlip is the content of Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ".
type SupplementSlip struct {
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

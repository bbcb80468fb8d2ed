package counter

import (
	"fmt"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
)

// ReceiptJob lays out Mẫu 01 "Giấy tiếp nhận hồ sơ và hẹn trả kết quả" for
// the counter printer: every item DOMAIN.md lists, and the dossier code as
// a barcode and a QR for lookup at the kiosk or on a phone.
func ReceiptJob(p escpos.Profile, r dossier.Receipt) ([]byte, error) {
	d := escpos.NewDoc(p).Center()
	if r.AgencyName != "" {
		d.Text(strings.ToUpper(r.AgencyName))
	}
	if r.CentreName != "" {
		d.Bold(true).Text(strings.ToUpper(r.CentreName)).Bold(false)
	}
	d.Separator().Bold(true).Text(r.Title).Bold(false).
		Text("Mã hồ sơ: " + r.Code).
		Separator().Left().
		Text("Người nộp: " + r.Applicant)
	if r.Address != "" {
		d.Text("Địa chỉ: " + r.Address)
	}
	if contact := joinNonEmpty(" · ", r.Phone, r.Email); contact != "" {
		d.Text("Liên hệ: " + contact)
	}
	d.Text("Thủ tục: " + r.Procedure + " (" + r.ProcedureCode + ")").
		Text("Thành phần hồ sơ đã nhận:")
	for _, l := range r.Lines {
		d.Text(fmt.Sprintf("%d. %s — %s", l.No, l.Name, copiesText(l.Originals, l.Copies)))
	}
	if len(r.Fees) > 0 {
		for _, f := range r.Fees {
			d.Line("Phí, lệ phí: "+f.Name, dossier.FormatVND(f.Amount))
		}
		d.Line("Tổng đã thu:", r.FeesTotal)
	}
	d.Text("Thời gian giải quyết: " + r.Processing).
		Text("Tiếp nhận lúc: " + r.ReceivedText).
		Separator().
		Center().Bold(true).Text("HẸN TRẢ KẾT QUẢ").Text(r.Appointment).Bold(false).
		Left().Text(r.ReturnPlace).
		Text("Cán bộ tiếp nhận: " + r.Officer + counterSuffix(r.Counter)).
		Separator().Center().
		Barcode(r.Code). // the bare code, for typing and lookups
		QR(r.QR).        // the code and the rating token (centre.DossierQR)
		Text(r.Footer).
		Cut()
	return d.Bytes(), d.Err()
}

// SlipJob lays out Mẫu 02 "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ".
func SlipJob(p escpos.Profile, s dossier.SupplementSlip) ([]byte, error) {
	d := escpos.NewDoc(p).Center()
	if s.AgencyName != "" {
		d.Text(strings.ToUpper(s.AgencyName))
	}
	if s.CentreName != "" {
		d.Bold(true).Text(strings.ToUpper(s.CentreName)).Bold(false)
	}
	d.Separator().Bold(true).Text(s.Title).Bold(false).
		Text("Mã hồ sơ: " + s.Code).
		Separator().Left().
		Text("Người nộp: " + s.Applicant).
		Text("Thủ tục: " + s.Procedure).
		Bold(true).Text("Giấy tờ cần bổ sung, hoàn thiện:").Bold(false)
	for i, m := range s.Missing {
		d.Text(fmt.Sprintf("%d. %s", i+1, m))
	}
	d.Text("Lý do: " + s.Reason).
		Text("Ngày yêu cầu: " + s.RequestedAt)
	if s.Deadline != "" {
		d.Bold(true).Text("Hạn nộp bổ sung: " + s.Deadline).Bold(false)
	}
	d.Text("Cán bộ yêu cầu: " + s.Officer).
		Text(s.Note).
		Separator().Center().
		QR(s.QR).
		Cut()
	return d.Bytes(), d.Err()
}

func copiesText(originals, copies int) string {
	var parts []string
	if originals > 0 {
		parts = append(parts, fmt.Sprintf("%d bản chính", originals))
	}
	if copies > 0 {
		parts = append(parts, fmt.Sprintf("%d bản sao", copies))
	}
	if len(parts) == 0 {
		return "0 bản"
	}
	return strings.Join(parts, ", ")
}

func counterSuffix(c string) string {
	if c == "" {
		return ""
	}
	return " – " + c
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}

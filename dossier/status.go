package dossier

import "fmt"

// Status is TrangThaiHoSo of QCVN 120:2019; the numbers are the wire codes.
type Status int

const (
	StatusSubmitted          Status = 1  // Mới đăng ký (online, not yet received)
	StatusReceived           Status = 2  // Được tiếp nhận
	StatusRefused            Status = 3  // Không được tiếp nhận
	StatusProcessing         Status = 4  // Đang xử lý
	StatusSupplementRequired Status = 5  // Yêu cầu bổ sung giấy tờ
	StatusFeesDue            Status = 6  // Yêu cầu thực hiện nghĩa vụ tài chính
	StatusWithdrawn          Status = 7  // Công dân yêu cầu rút hồ sơ
	StatusStopped            Status = 8  // Dừng xử lý
	StatusResolved           Status = 9  // Đã xử lý xong
	StatusReturned           Status = 10 // Đã trả kết quả
)

type statusText struct{ vi, citizen, en string }

var statusTexts = map[Status]statusText{
	StatusSubmitted: {"Mới đăng ký", "Hồ sơ đã được nộp trực tuyến và đang chờ cán bộ tiếp nhận kiểm tra.",
		"Submitted online"},
	StatusReceived: {"Được tiếp nhận", "Hồ sơ đã được tiếp nhận đầy đủ; Quý khách vui lòng chờ đến ngày hẹn trả kết quả.",
		"Received"},
	StatusRefused: {"Không được tiếp nhận", "Hồ sơ không được tiếp nhận; lý do được ghi trong phiếu từ chối. Quý khách có thể liên hệ quầy để được hướng dẫn.",
		"Refused at receipt"},
	StatusProcessing: {"Đang xử lý", "Hồ sơ đang được cơ quan có thẩm quyền giải quyết.",
		"Processing"},
	StatusSupplementRequired: {"Yêu cầu bổ sung giấy tờ", "Hồ sơ cần bổ sung, hoàn thiện giấy tờ; Quý khách vui lòng xem phiếu yêu cầu bổ sung và nộp bổ sung đúng hạn.",
		"Supplement requested"},
	StatusFeesDue: {"Yêu cầu thực hiện nghĩa vụ tài chính", "Quý khách cần nộp phí, lệ phí hoặc thực hiện nghĩa vụ tài chính để hồ sơ được tiếp tục giải quyết.",
		"Fees or taxes due"},
	StatusWithdrawn: {"Công dân yêu cầu rút hồ sơ", "Hồ sơ đã được rút theo yêu cầu của Quý khách.",
		"Withdrawn by the applicant"},
	StatusStopped: {"Dừng xử lý", "Hồ sơ đã dừng xử lý; Quý khách vui lòng liên hệ quầy để biết lý do.",
		"Processing stopped"},
	StatusResolved: {"Đã xử lý xong", "Đã có kết quả; Quý khách vui lòng đến nhận kết quả theo giấy hẹn.",
		"Resolved, result ready"},
	StatusReturned: {"Đã trả kết quả", "Kết quả đã được trả cho Quý khách.",
		"Result handed over"},
}

// Valid reports whether s is one of the ten QCVN 120 codes.
func (s Status) Valid() bool { _, ok := statusTexts[s]; return ok }

// Label is the plain Vietnamese label (the QCVN 120 name).
func (s Status) Label() string { return statusTexts[s].vi }

// Explain is a citizen-friendly sentence for kiosk and web lookup; it
// addresses the citizen as "Quý khách", as the kiosk's screens do.
func (s Status) Explain() string { return statusTexts[s].citizen }

// English is the English label, for logs and the admin UI.
func (s Status) English() string { return statusTexts[s].en }

func (s Status) String() string {
	if t, ok := statusTexts[s]; ok {
		return fmt.Sprintf("%d %s", int(s), t.en)
	}
	return fmt.Sprintf("status(%d)", int(s))
}

// Final reports whether no further action is possible.
func (s Status) Final() bool {
	switch s {
	case StatusRefused, StatusWithdrawn, StatusStopped, StatusReturned:
		return true
	}
	return false
}

// Channel is KenhThucHien.
type Channel int

const (
	ChannelDirect Channel = 1 // trực tiếp
	ChannelOnline Channel = 2 // trực tuyến
	ChannelPostal Channel = 3 // bưu chính công ích
)

// Vietnamese label of the channel.
func (c Channel) Vietnamese() string {
	switch c {
	case ChannelDirect:
		return "Trực tiếp"
	case ChannelOnline:
		return "Trực tuyến"
	case ChannelPostal:
		return "Qua dịch vụ bưu chính công ích"
	}
	return ""
}

// ReturnMethod is HinhThuc.
type ReturnMethod int

const (
	ReturnInPerson ReturnMethod = 0 // tại bộ phận một cửa
	ReturnByPost   ReturnMethod = 1 // qua bưu chính
)

// Vietnamese label of the return method.
func (r ReturnMethod) Vietnamese() string {
	if r == ReturnByPost {
		return "Trả qua dịch vụ bưu chính công ích"
	}
	return "Nhận trực tiếp tại Bộ phận tiếp nhận và trả kết quả"
}

// ApplicantKind is LoaiDoiTuong.
type ApplicantKind int

const (
	ApplicantCitizen    ApplicantKind = 1
	ApplicantEnterprise ApplicantKind = 2
	ApplicantAgency     ApplicantKind = 3
	ApplicantOtherOrg   ApplicantKind = 4
)

// IDType is LoaiDinhDanh.
type IDType int

const (
	IDPersonal12 IDType = 1 // 12-digit personal ID (CCCD / Căn cước)
	IDOldCMND9   IDType = 2 // 9-digit old ID card
	IDTaxCode    IDType = 0 // our value for an organisation's tax code (not a QCVN 120 code)
)

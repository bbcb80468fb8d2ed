package inbox

import "github.com/motcua/motcua/lienthong"

// The reason a deciding centre refused a hand-over, in words for the
// receiving centre's supervisors; the machine code (lienthong.Refusal…)
// stays on the page's technical details line for the provincial IT
// officer.

// RefusalReason is the reason of code in plain Vietnamese and English.
func RefusalReason(code string) (vi, en string) {
	switch code {
	case lienthong.RefusalNoDossier:
		return "Đơn vị giải quyết không tìm thấy hồ sơ này trong hệ thống của họ.",
			"The deciding centre cannot find this dossier in its system."
	case lienthong.RefusalNotForwarded:
		return "Tại đơn vị giải quyết, hồ sơ này không được ghi nhận là hồ sơ liên thông do đơn vị này chuyển đến.",
			"At the deciding centre, this dossier is not recorded as forwarded by this centre."
	case lienthong.RefusalNotResolved:
		return "Tại đơn vị giải quyết, hồ sơ này chưa ở trạng thái đã có kết quả, nên chưa ghi nhận được việc trả kết quả.",
			"At the deciding centre, this dossier has no result yet, so the hand-over could not be recorded."
	case lienthong.RefusalUnreadable:
		return "Đơn vị giải quyết không đọc được thông tin bàn giao kết quả gửi đến.",
			"The deciding centre could not read the hand-over it received."
	}
	return "Đơn vị giải quyết không ghi nhận được việc trả kết quả (lý do khác).",
		"The deciding centre could not record the hand-over (another reason)."
}

// refusalAdviceEN is HandOverRefusal.Advice in English.
func refusalAdviceEN(r RefusedHandOver) string {
	where := r.NoiGiaiQuyet
	if where == "" {
		where = "agency " + r.MaDonViGiaiQuyet
	}
	const common = "The result handed to the citizen stays valid: do not take it back or record the hand-over again; keep the hand-over papers. "
	const tell = ", and give them the dossier code, when the result was handed over and to whom, so they can check and update the dossier."
	switch r.MaLyDo {
	case lienthong.RefusalNotResolved:
		return common + "Contact " + where + ": the dossier there has no result yet (perhaps an old backup was restored)" + tell
	case lienthong.RefusalNoDossier, lienthong.RefusalNotForwarded:
		return common + "Contact " + where + ": this forwarded dossier is not there (perhaps an old backup was restored)" + tell
	}
	return common + "Contact " + where + tell
}

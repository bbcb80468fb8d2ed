package counter

// Texts of the sign-out question (leave.go, ui/leave.go), merged into the
// window's and the presenter's tables.

func init() {
	for k, v := range map[string][2]string{
		"leave.title":      {"Đăng xuất", "Sign out"},
		"leave.titleQuit":  {"Đóng ứng dụng", "Close the app"},
		"leave.number":     {"Số %s đang ở quầy.", "Number %s is at the counter."},
		"leave.called":     {"Công dân đang được mời tới quầy.", "The citizen has been called to the counter."},
		"leave.serving":    {"Công dân đang được phục vụ.", "The citizen is being served."},
		"leave.ask":        {"Trước khi đăng xuất, hãy chọn cách kết thúc số này:", "Before you sign out, choose what becomes of this number:"},
		"leave.finish":     {"Hoàn thành", "Finish"},
		"leave.requeue":    {"Trả lại hàng chờ (đầu hàng)", "Back to the queue (first in line)"},
		"leave.noshow":     {"Vắng mặt", "Absent"},
		"leave.cancel":     {"Hủy đăng xuất", "Cancel sign-out"},
		"leave.cancelQuit": {"Không đóng ứng dụng", "Keep the app open"},
	} {
		TextVI[k], TextEN[k] = v[0], v[1]
	}
	MsgEN["Công dân đang được phục vụ tại quầy: không ghi vắng mặt được."] = "The citizen is being served at the counter: they cannot be marked absent."
}

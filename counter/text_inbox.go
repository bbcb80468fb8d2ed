package counter

// Texts of the inbox tab (inbox.go, ui/inbox.go), merged into the window's
// and the presenter's tables.

func init() {
	for k, v := range map[string][2]string{
		"r.atDeciding":     {"Nhận trực tiếp tại nơi giải quyết: %s", "Collect in person at the deciding centre: %s"},
		"r.postTo":         {"Gửi đến:", "Send to:"},
		"r.postAddr":       {"Địa chỉ nhận kết quả qua bưu chính", "Postal address for the result"},
		"d.place":          {"\nNơi trả kết quả: %s", "\nResult collection: %s"},
		"tab.inbox":        {"Hộp thư (%d)", "Inbox (%d)"},
		"keys.more":        {"Alt+1/2/3 Chuyển thẻ · Tab/Shift+Tab Di chuyển · Space Chọn", "Alt+1/2/3 Tabs · Tab/Shift+Tab Move · Space Choose"},
		"i.refresh":        {"Làm mới", "Refresh"},
		"tab.inboxN":       {"Hộp thư (%s)", "Inbox (%s)"},
		"i.countN":         {"%s hồ sơ chờ tiếp nhận", "%s dossiers waiting"},
		"i.shown":          {"Hiển thị %s / %s hồ sơ chờ tiếp nhận", "Showing %s of %s dossiers waiting"},
		"i.more":           {"Xem thêm %s hồ sơ", "Load %s more"},
		"i.count":          {"%d hồ sơ chờ tiếp nhận", "%d dossiers waiting"},
		"i.empty":          {"Không có hồ sơ nào chờ tiếp nhận.", "No dossier is waiting."},
		"i.pick":           {"Chọn một hồ sơ trong danh sách để kiểm tra.", "Choose a dossier in the list to check it."},
		"i.online":         {"Nộp trực tuyến", "Submitted online"},
		"i.transfer":       {"Liên thông từ đơn vị khác", "Forwarded by another centre"},
		"i.head":           {"%s · %s\nNộp lúc: %s", "%s · %s\nSubmitted: %s"},
		"i.applicant":      {"Chủ hồ sơ: %s · Số giấy tờ: %s\nĐịa chỉ: %s\nĐiện thoại: %s", "Applicant: %s · ID number: %s\nAddress: %s\nPhone: %s"},
		"i.procedure":      {"Thủ tục: %s\nTrích yếu: %s", "Procedure: %s\nSummary: %s"},
		"i.from":           {"Mã hồ sơ: %s · Đơn vị tiếp nhận: %s\nHẹn trả đã ghi: %s", "Dossier code: %s · Receiving agency: %s\nReturn date given: %s"},
		"i.return":         {"Nhận kết quả: %s", "Result collection: %s"},
		"i.byPost":         {"qua bưu chính công ích", "by public postal service"},
		"i.inPerson":       {"trực tiếp tại bộ phận một cửa", "in person at the one-stop desk"},
		"i.components":     {"Thành phần hồ sơ – đánh dấu từng thành phần đã kiểm tra:", "Dossier components – tick each one you have checked:"},
		"i.component":      {"%s (%s)", "%s (%s)"},
		"i.accept":         {"Tiếp nhận và in giấy tiếp nhận", "Accept and print the receipt"},
		"i.acceptTransfer": {"Tiếp nhận hồ sơ liên thông", "Accept the forwarded dossier"},
		"i.reason":         {"Nội dung cần bổ sung, hoàn thiện (gửi cho người nộp)", "What to add or correct (sent to the applicant)"},
		"i.giveBack":       {"Trả lại để bổ sung", "Return for supplement"},
		"i.transferNote":   {"Hồ sơ liên thông không trả lại từ hộp thư: tiếp nhận rồi yêu cầu bổ sung hoặc từ chối trong danh sách hồ sơ.", "A forwarded dossier is not returned from the inbox: accept it, then ask for documents or refuse it in the dossier list."},
	} {
		TextVI[k], TextEN[k] = v[0], v[1]
	}
	for k, v := range map[string]string{
		"Hãy chọn một hồ sơ trong hộp thư.": "Choose a dossier in the inbox.",
		"Hãy kiểm tra và đánh dấu đủ các thành phần hồ sơ trước khi tiếp nhận; nếu thiếu, trả lại để bổ sung.":          "Check and tick every component before accepting; if one is missing, return the dossier for supplement.",
		"Đã tiếp nhận hồ sơ liên thông %s. Hẹn trả: %s.":                                                                "Forwarded dossier %s accepted. Return on: %s.",
		"Đã tiếp nhận hồ sơ %s. Hẹn trả: %s.":                                                                           "Dossier %s accepted. Return on: %s.",
		"Hãy ghi rõ nội dung cần bổ sung, hoàn thiện (tối đa 1000 ký tự).":                                              "Write what to add or correct (at most 1000 characters).",
		"Hồ sơ liên thông: hãy tiếp nhận rồi yêu cầu bổ sung trong danh sách hồ sơ, để đơn vị tiếp nhận được cập nhật.": "Forwarded dossier: accept it, then ask for documents in the dossier list, so the receiving centre is told.",
		"Thủ tục này do chính trung tâm giải quyết: hãy chọn nhận kết quả tại nơi tiếp nhận hoặc qua bưu chính.":        "This procedure is decided here: choose collection where it is received, or by post.",
		"Hãy ghi địa chỉ nhận kết quả qua bưu chính.":                                                                   "Write the postal address for the result.",
		"Đã trả lại hồ sơ %s để bổ sung. Người nộp xem nội dung cần bổ sung khi tra cứu.":                               "Dossier %s returned for supplement. The applicant sees what to add when looking it up.",
	} {
		MsgEN[k] = v
	}
}

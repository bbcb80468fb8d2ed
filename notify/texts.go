package notify

import (
	"fmt"
	"strconv"
)

// Message kinds.
const (
	KindBooked   = "booked"   // booking confirmed
	KindReminder = "reminder" // the day before the appointment
	KindAway     = "away"     // your number is N places away
	KindCalled   = "called"   // your number is called
	KindResult   = "result"   // the dossier's result is ready
)

// Kinds in the order the console lists them, with their labels.
var Kinds = []struct{ ID, VI, EN string }{
	{KindBooked, "Xác nhận đặt lịch", "Booking confirmed"},
	{KindReminder, "Nhắc lịch hẹn", "Reminder"},
	{KindAway, "Sắp đến lượt", "Almost your turn"},
	{KindCalled, "Đến lượt", "Called"},
	{KindResult, "Có kết quả hồ sơ", "Result ready"},
	{KindCode, "Mã xác nhận số điện thoại", "Phone verification code"},
}

// Render makes the subject (e-mail) and the Vietnamese text of a message
// from its fields. Texts are short: one SMS page of Unicode is 70
// characters, brand-name gateways join up to about 5 pages.
func Render(kind string, p map[string]string) (subject, text string) {
	c := p["centre"]
	switch kind {
	case KindBooked:
		return "Xác nhận lịch hẹn " + p["code"],
			fmt.Sprintf("%s: Quý khách đã đặt lịch %s lúc %s ngày %s. Mã đặt lịch: %s. Xem, đổi giờ hoặc hủy: %s",
				c, p["service"], p["time"], p["date"], p["code"], p["link"])
	case KindReminder:
		return "Nhắc lịch hẹn ngày " + p["date"],
			fmt.Sprintf("%s: Nhắc quý khách lịch hẹn %s lúc %s ngày mai %s, mã %s. Xin mang theo giấy tờ và đến trước giờ hẹn ít phút.",
				c, p["service"], p["time"], p["date"], p["code"])
	case KindAway:
		if n, _ := strconv.Atoi(p["ahead"]); n == 0 {
			return "Sắp đến lượt số " + p["number"],
				fmt.Sprintf("%s: Số %s của quý khách là số tiếp theo được gọi. Xin quý khách có mặt gần quầy.", c, p["number"])
		}
		return "Sắp đến lượt số " + p["number"],
			fmt.Sprintf("%s: Còn %s người nữa là đến lượt số %s của quý khách. Xin quý khách có mặt tại sảnh.", c, p["ahead"], p["number"])
	case KindCalled:
		return "Mời số " + p["number"],
			fmt.Sprintf("%s: Mời công dân có số %s đến %s.", c, p["number"], p["counter"])
	case KindResult:
		return "Hồ sơ " + p["code"] + " đã có kết quả",
			fmt.Sprintf("%s: Hồ sơ %s (%s) đã có kết quả. Mời quý khách đến nhận theo giấy hẹn, nhớ mang theo giấy tiếp nhận.",
				c, p["code"], p["procedure"])
	case KindCode:
		return "Mã xác nhận", renderCode(p)
	}
	return kind, kind
}

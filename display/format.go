package display

import (
	"fmt"
	"time"
)

var weekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// DateText is the board's date line, e.g. "Thứ Hai, 14/07/2025".
func DateText(t time.Time) string {
	return fmt.Sprintf("%s, %02d/%02d/%04d", weekdays[t.Weekday()], t.Day(), t.Month(), t.Year())
}

// ClockText is the board's clock, e.g. "09:05:07".
func ClockText(t time.Time) string { return t.Format("15:04:05") }

// CounterLabel names a counter for the board ("Quầy 3").
func CounterLabel(number int, name string) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("Quầy %d", number)
}

// FeaturedText is the large call line, e.g. "A025 » Quầy 3" (not "→":
// the bundled font lacks it and Windows has no system font to fill in).
func (c Call) FeaturedText() string {
	return c.Number + " » " + CounterLabel(c.CounterNumber, c.CounterName)
}

// StatusText is what a counter's panel shows under its number.
func (k CounterRow) StatusText() string {
	switch {
	case k.Status == "paused" && k.Reason != "":
		return "Tạm dừng: " + k.Reason
	case k.Status == "paused":
		return "Tạm dừng"
	case k.Status == "closed" && k.Current == "":
		return "Đóng"
	case k.Current == "":
		return "Đang chờ gọi số"
	case k.Serving:
		return "Đang phục vụ"
	default:
		return "Đang gọi"
	}
}

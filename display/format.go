package display

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/motcua/motcua/queue"
)

var weekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// DateText is the board's date line, e.g. "Thứ Hai, 14/07/2025", in the
// centre's time (Asia/Ho_Chi_Minh) whatever the machine's zone.
func DateText(t time.Time) string {
	t = t.In(queue.Loc)
	return fmt.Sprintf("%s, %02d/%02d/%04d", weekdays[t.Weekday()], t.Day(), t.Month(), t.Year())
}

// ClockText is the board's clock, e.g. "09:05", in the centre's time. Hours and
// minutes only: a seconds digit repainted the whole 1080p board every second
// (with software GL, most of its idle CPU; issue 20).
func ClockText(t time.Time) string { return t.In(queue.Loc).Format("15:04") }

// CounterLabel names a counter for the board ("Quầy 3").
func CounterLabel(number int, name string) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("Quầy %d", number)
}

// CounterLabelEN is a counter's name on the English board: its English
// name from the config, else "Counter N" (never the Vietnamese name).
func CounterLabelEN(number int, nameEN string) string {
	if nameEN != "" {
		return nameEN
	}
	return fmt.Sprintf("Counter %d", number)
}

// FeaturedText is the large call line, e.g. "A025 » Quầy 3" (not "→":
// the bundled font lacks it and Windows has no system font to fill in).
func (c Call) FeaturedText() string {
	return c.Number + " » " + CounterLabel(c.CounterNumber, c.CounterName)
}

// AwayReason is centre.AwayReason: the server paused the counter because
// its app is gone. The board says just that, not "Tạm dừng: …".
const AwayReason = "Quầy tạm vắng"

// StatusText is what a counter's panel shows under its number.
func (k CounterRow) StatusText() string {
	switch {
	case k.Status == "paused" && k.Reason == AwayReason:
		return AwayReason
	case k.Status == "paused" && k.Reason != "":
		return "Tạm dừng: " + k.Reason
	case k.Status == "paused":
		return "Tạm dừng"
	case k.Status == "closed": // its officer logged out with a number called: the tile says closed
		return "Đóng"
	case k.Current == "":
		return "Đang chờ gọi số"
	case k.Serving:
		return "Đang phục vụ"
	default:
		return "Đang gọi"
	}
}

// TileNumber is the number a counter's tile shows and whether it is dimmed.
// Only an open counter presents its number as a current call: a closed
// counter (its officer logged out, or its app was stopped) shows "—" though
// its last number stays called there in the queue; a paused or away
// counter shows that number dimmed, under its status ("Quầy tạm vắng"), so
// the citizen called there sees the counter is away, not calling.
func (k CounterRow) TileNumber() (text string, dim bool) {
	switch {
	case k.Current == "" || k.Status == "closed":
		return "—", false
	case k.Status == "paused":
		return k.Current, true
	}
	return k.Current, false
}

// English board (motcua-display --lang en; Decree 42/2022 asks for an
// English interface). The voice says each call in Vietnamese, then in
// English (voice.go, Announcer).
var (
	weekdaysEN = [...]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	wordsEN    = map[string]string{
		"MỜI SỐ": "NOW CALLING", "Số vừa gọi": "Recent calls", "đang chờ": "waiting", "(gọi lại)": "(again)",
		Offline: "Connection lost, reconnecting…", "Đang kết nối tới máy chủ…": "Connecting to the server…",
		AwayReason: "Counter unattended", "Tạm dừng": "Paused", "Đóng": "Closed", "Đang chờ gọi số": "Ready",
		"Đang phục vụ": "Serving", "Đang gọi": "Calling",
	}
	counterVI = regexp.MustCompile(`^Quầy (\d+)$`)
)

// DateTextEN is the date line in English, e.g. "Monday, 14/07/2025".
func DateTextEN(t time.Time) string {
	t = t.In(queue.Loc)
	return fmt.Sprintf("%s, %02d/%02d/%04d", weekdaysEN[t.Weekday()], t.Day(), t.Month(), t.Year())
}

// EN gives the English of one of the board's own words or lines: fixed
// words, "Quầy 3" → "Counter 3", "Tạm dừng: <reason>" → "Paused: <reason>"
// (the officer's reason is kept). Anything else is returned as it is.
func EN(s string) string {
	if e, ok := wordsEN[s]; ok {
		return e
	}
	if m := counterVI.FindStringSubmatch(s); m != nil {
		return "Counter " + m[1]
	}
	if head, rest, ok := strings.Cut(s, ": "); ok {
		if e, ok := wordsEN[head]; ok {
			return e + ": " + queue.PauseReasonEN(rest)
		}
	}
	return s
}

// pauseEN is a pause reason in English: the server's own (the counter's
// app is gone) and those the counter offers; a typed one as typed.
func pauseEN(reason string) string {
	if reason == AwayReason {
		return EN(AwayReason)
	}
	return queue.PauseReasonEN(reason)
}

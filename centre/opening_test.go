package centre_test

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
)

// A centre whose file leaves always_issue off refuses numbers outside its opening hours with
// a typed error ("closed") the kiosk shows as is, follows the holiday schedule, and serves
// again when it opens.
func TestIssueOnlyWithinOpeningHours(t *testing.T) {
	cfg := queue.DemoConfig()
	cfg.Opening = queue.Opening{Weekdays: queue.DefaultOpening().Weekdays, Saturday: []queue.Span{{Start: "07:30", End: "11:30"}}}
	e := newEnv(t, cfg)
	clock := func(s string) {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, queue.Loc)
		if err != nil {
			t.Fatal(err)
		}
		e.srv.Engine().SetClock(func() time.Time { return v })
	}
	take := func() (int, string) {
		return e.do("POST", "/api/v1/tickets", e.kiosk, `{"service":"hotich"}`, nil)
	}
	tests := []struct {
		at     string
		status int
		want   string
	}{
		{"2026-03-08 09:00", 409, "ngoài giờ tiếp công dân"},                               // Sunday
		{"2026-03-09 06:59", 409, "quay lại từ 07:30 thứ Hai, ngày 09/03/2026"},            // before opening
		{"2026-03-09 12:15", 409, "quay lại từ 13:00 thứ Hai, ngày 09/03/2026"},            // lunch
		{"2026-01-01 09:00", 409, "ngày nghỉ (Tết Dương lịch)"},                            // holiday (embedded schedule)
		{"2026-01-02 09:00", 409, "ngày nghỉ (Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026))"}, // swapped day off
		{"2026-03-09 13:00", 201, `"number":"A001"`},
		{"2026-03-14 10:00", 201, `"number":"A001"`}, // Saturday morning opening
		{"2026-01-10 15:00", 201, `"number":"A001"`}, // swapped working Saturday: weekday hours
	}
	for _, tt := range tests {
		clock(tt.at)
		st, body := take()
		if st != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %d %s, want %d with %q", tt.at, st, body, tt.status, tt.want)
		}
		if st == 409 && !strings.Contains(body, `"code":"closed"`) {
			t.Errorf("%s: not the typed closed error: %s", tt.at, body)
		}
	}
}

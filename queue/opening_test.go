package queue

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, Loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// days stands for the holiday schedule: Tết Dương lịch 2026 (Thu 1/1, Fri 2/1 swapped) and
// the swapped working Saturday 10/1/2026 (Văn bản 12729/VPCP-KGVX).
func days(t time.Time) (string, bool) {
	switch t.In(Loc).Format(time.DateOnly) {
	case "2026-01-01":
		return "Tết Dương lịch", false
	case "2026-01-02":
		return "Nghỉ hoán đổi", false
	case "2026-01-10":
		return "", true
	}
	return "", false
}

func TestOpeningIsOpen(t *testing.T) {
	plain := DefaultOpening()
	sat := DefaultOpening()
	sat.Saturday = []Span{{"07:30", "11:30"}}
	tests := []struct {
		o    Opening
		at   string
		want bool
	}{
		{plain, "2026-03-02 07:29", false},
		{plain, "2026-03-02 07:30", true},
		{plain, "2026-03-02 11:29", true},
		{plain, "2026-03-02 11:30", false}, // lunch
		{plain, "2026-03-02 12:59", false},
		{plain, "2026-03-02 13:00", true}, // the 8-hour day: afternoon from 13:00
		{plain, "2026-03-02 16:59", true},
		{plain, "2026-03-02 17:00", false},
		{plain, "2026-03-07 09:00", false}, // Saturday
		{sat, "2026-03-07 09:00", true},    // Saturday morning opening
		{sat, "2026-03-07 14:00", false},
		{sat, "2026-03-08 09:00", false},   // Sunday
		{plain, "2026-01-01 09:00", false}, // holiday
		{plain, "2026-01-02 09:00", false}, // swapped day off
		{plain, "2026-01-10 09:00", true},  // swapped working Saturday: weekday hours
		{plain, "2026-01-10 14:00", true},
	}
	for _, tt := range tests {
		if got := tt.o.IsOpen(at(t, tt.at), days); got != tt.want {
			t.Errorf("IsOpen(%s, sat=%v) = %v", tt.at, len(tt.o.Saturday) > 0, got)
		}
	}
}

func TestOpeningCheckIssue(t *testing.T) {
	o := DefaultOpening()
	o.Saturday = []Span{{"07:30", "11:30"}}
	if err := o.CheckIssue(at(t, "2026-03-02 09:00"), days); err != nil {
		t.Fatalf("open: %v", err)
	}
	err := o.CheckIssue(at(t, "2026-03-06 17:30"), days) // Friday evening
	var qe *Error
	if !errors.As(err, &qe) || !errors.Is(err, ErrClosed) {
		t.Fatalf("closed: %v", err)
	}
	for _, want := range []string{"ngoài giờ tiếp công dân", "sáng 07:30–11:30, chiều 13:00–17:00 từ thứ Hai đến thứ Sáu; sáng 07:30–11:30 thứ Bảy",
		"quay lại từ 07:30 thứ Bảy, ngày 07/03/2026"} {
		if !strings.Contains(qe.Message, want) {
			t.Errorf("message %q lacks %q", qe.Message, want)
		}
	}
	if qe.MessageEN != "Numbers are issued only during opening hours (07:30–11:30, 13:00–17:00 Monday to Friday; 07:30–11:30 Saturday). Please come back at 07:30 on Saturday 07/03/2026." {
		t.Errorf("English %q", qe.MessageEN)
	}
	err = o.CheckIssue(at(t, "2026-01-01 09:00"), days)
	if !errors.As(err, &qe) || !strings.Contains(qe.Message, "ngày nghỉ (Tết Dương lịch)") || !strings.Contains(qe.Message, "ngày 03/01/2026") {
		t.Errorf("holiday: %v", err)
	}
	o.AlwaysIssue = true
	if err := o.CheckIssue(at(t, "2026-01-01 23:00"), days); err != nil {
		t.Errorf("always_issue: %v", err)
	}
	// Without a schedule only weekdays count.
	if !DefaultOpening().IsOpen(at(t, "2026-01-01 09:00"), nil) {
		t.Error("nil DayInfo closed a Thursday")
	}
}

func TestOpeningConfig(t *testing.T) {
	dir := t.TempDir()
	base, err := os.ReadFile("testdata/letter.toml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(extra string) string {
		p := filepath.Join(dir, "c.toml")
		if err := os.WriteFile(p, append(append([]byte(nil), base...), extra...), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// No [opening]: the legal 8-hour day, enforced.
	c, err := LoadConfig(write(""))
	if err != nil {
		t.Fatal(err)
	}
	if c.Opening.AlwaysIssue || len(c.Opening.Weekdays) != 2 || c.Opening.Weekdays[1].Start != "13:00" {
		t.Errorf("default opening %+v", c.Opening)
	}
	c, err = LoadConfig(write("\n[opening]\nweekdays = [{start = \"07:00\", end = \"11:30\"}, {start = \"13:30\", end = \"17:00\"}]\nsaturday = [{start = \"07:30\", end = \"11:30\"}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !c.Opening.IsOpen(at(t, "2026-03-07 08:00"), nil) || c.Opening.IsOpen(at(t, "2026-03-02 13:10"), nil) {
		t.Errorf("configured opening %+v", c.Opening)
	}
	for _, bad := range []string{
		"\n[opening]\nweekdays = [{start = \"7h\", end = \"11:30\"}]\n",
		"\n[opening]\nweekdays = [{start = \"11:30\", end = \"07:30\"}]\n",
		"\n[opening]\nweekdays = [{start = \"13:00\", end = \"17:00\"}, {start = \"07:30\", end = \"11:30\"}]\n",
	} {
		if _, err := LoadConfig(write(bad)); err == nil || !strings.Contains(err.Error(), "opening.weekdays") {
			t.Errorf("%q: err %v", bad, err)
		}
	}
	// The demo issues numbers at any hour (make run at night, the tests), with real hours shown.
	if d := DemoConfig(); !d.Opening.AlwaysIssue || d.Opening.CheckIssue(at(t, "2026-03-08 23:00"), nil) != nil {
		t.Errorf("demo opening %+v", d.Opening)
	}
}

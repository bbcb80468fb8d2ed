package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/motcua/motcua/dossier"
)

func init() {
	register("calendar", "working-day calendar: list days off, compute an appointment", func(ctx context.Context, args []string) error {
		return runCalendar(ctx, args, os.Stdout)
	})
}

func runCalendar(_ context.Context, args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("calendar: want a subcommand: holidays | due")
	}
	switch args[0] {
	case "holidays":
		return calendarHolidays(args[1:], out)
	case "due":
		return calendarDue(args[1:], out)
	}
	return fmt.Errorf("calendar: unknown subcommand %q (holidays | due)", args[0])
}

// loadSchedule returns the file's schedule, or the embedded one, and a label for the output.
func loadSchedule(path string) (*dossier.Schedule, string, error) {
	if path == "" {
		return dossier.DefaultSchedule(), "lịch tích hợp sẵn", nil
	}
	s, err := dossier.LoadScheduleFile(path)
	if err != nil {
		return nil, "", err
	}
	return s, "tệp " + path, nil
}

func calendarHolidays(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("calendar holidays", flag.ContinueOnError)
	year := fs.Int("year", time.Now().In(dossier.Loc).Year(), "year to list")
	schedFile := fs.String("schedule", "", "yearly schedule file (JSON, docs/CALENDAR.md); default: the embedded one")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sched, label, err := loadSchedule(*schedFile)
	if err != nil {
		return err
	}
	cal := dossier.NewCalendar(sched, dossier.DefaultRules())
	days, src := cal.DaysOff(*year)
	if src == dossier.SourceSchedule {
		fmt.Fprintf(out, "Năm %d: lịch nghỉ theo lịch của năm trong %s\n", *year, label)
		y := sched.Years[strconv.Itoa(*year)]
		if y.Source != "" {
			fmt.Fprintf(out, "Nguồn: %s\n", y.Source)
		}
		if y.Note != "" {
			fmt.Fprintf(out, "Ghi chú: %s\n", y.Note)
		}
	} else {
		fmt.Fprintf(out, "Năm %d: chưa có lịch nghỉ chính thức trong %s; các ngày dưới đây do phần mềm tính mặc định (Bộ luật Lao động 2019 Điều 112, âm lịch Việt Nam UTC+7)\n", *year, label)
	}
	fmt.Fprintln(out)
	for _, d := range days {
		kind := ""
		switch d.Kind {
		case dossier.KindCompensatory:
			kind = " [nghỉ bù]"
		case dossier.KindExtra:
			kind = " [nghỉ thêm]"
		}
		fmt.Fprintf(out, "%s  %-9s %s%s\n", d.Date.Format(time.DateOnly), dossier.WeekdayVI(d.Date.Weekday()), d.Name, kind)
	}
	if work := cal.WorkingWeekendDays(*year); len(work) > 0 {
		fmt.Fprintln(out, "\nNgày nghỉ cuối tuần chuyển thành ngày làm việc:")
		for _, d := range work {
			fmt.Fprintf(out, "%s  %s\n", d.Format(time.DateOnly), dossier.WeekdayVI(d.Weekday()))
		}
	}
	return nil
}

func calendarDue(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("calendar due", flag.ContinueOnError)
	from := fs.String("from", "", `receipt time "YYYY-MM-DD HH:MM" (Asia/Ho_Chi_Minh)`)
	wd := fs.Int("working-days", -1, "processing time in working days")
	wh := fs.Int("working-hours", -1, "processing time in working hours")
	cd := fs.Int("calendar-days", -1, "processing time in calendar days")
	same := fs.Bool("same-day", false, "same-day procedure (15:00 cut-off)")
	schedFile := fs.String("schedule", "", "yearly schedule file (JSON); default: the embedded one")
	rounding := fs.String("rounding", string(dossier.RoundDownHour), "down_hour | none | up_hour")
	open := fs.String("open", "07:30", "start of the morning session")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *from == "" {
		return errors.New(`calendar due: --from "YYYY-MM-DD HH:MM" is required`)
	}
	at, err := time.ParseInLocation("2006-01-02 15:04", *from, dossier.Loc)
	if err != nil {
		return fmt.Errorf(`calendar due: --from %q: want "YYYY-MM-DD HH:MM"`, *from)
	}
	var p []dossier.ProcessingTime
	if *wd >= 0 {
		p = append(p, dossier.ProcessingTime{Amount: *wd, Unit: dossier.UnitWorkingDays})
	}
	if *wh >= 0 {
		p = append(p, dossier.ProcessingTime{Amount: *wh, Unit: dossier.UnitWorkingHours})
	}
	if *cd >= 0 {
		p = append(p, dossier.ProcessingTime{Amount: *cd, Unit: dossier.UnitCalendarDays})
	}
	if *same {
		p = append(p, dossier.ProcessingTime{Unit: dossier.UnitSameDay})
	}
	if len(p) != 1 {
		return errors.New("calendar due: give exactly one of --working-days, --working-hours, --calendar-days, --same-day")
	}
	rules := dossier.DefaultRules()
	rules.Rounding = dossier.Rounding(*rounding)
	if rules.Sessions[0].Start, err = dossier.ParseClock(*open); err != nil {
		return fmt.Errorf("calendar due: --open: %w", err)
	}
	if err := rules.Validate(); err != nil {
		return err
	}
	sched, _, err := loadSchedule(*schedFile)
	if err != nil {
		return err
	}
	due, err := dossier.NewCalendar(sched, rules).Due(at, p[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(out, due.Format("2006-01-02 15:04"))
	return nil
}

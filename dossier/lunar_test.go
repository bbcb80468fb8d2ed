package dossier

import (
	"testing"
	"time"
)

func TestLunarNewYear(t *testing.T) {
	for y, want := range map[int]string{
		1985: "1985-01-21", // UTC+8 (Chinese) gives 1985-02-20
		2007: "2007-02-17", // UTC+8 gives 2007-02-18
		2017: "2017-01-28",
		2020: "2020-01-25",
		2021: "2021-02-12",
		2022: "2022-02-01",
		2023: "2023-01-22",
		2024: "2024-02-10",
		2025: "2025-01-29",
		2026: "2026-02-17",
		2027: "2027-02-06",
		2028: "2028-01-26",
	} {
		if got := LunarNewYear(y).Format(time.DateOnly); got != want {
			t.Errorf("Tết %d = %s, want %s", y, got, want)
		}
	}
}

// The Chinese calendar (UTC+8) differs in exactly the years the DOMAIN names.
func TestLunarTimeZoneMatters(t *testing.T) {
	for y, want := range map[int]string{1985: "1985-02-20", 2007: "2007-02-18"} {
		dd, mm, yy, ok := lunarToSolar(LunarDate{Day: 1, Month: 1, Year: y}, 8)
		if got := dateIn(yy, time.Month(mm), dd).Format(time.DateOnly); !ok || got != want {
			t.Errorf("UTC+8 Tết %d = %s, want %s", y, got, want)
		}
	}
}

func TestHungKings(t *testing.T) {
	for y, want := range map[int]string{
		2023: "2023-04-29", 2024: "2024-04-18", 2025: "2025-04-07", 2026: "2026-04-26",
	} {
		got, ok := LunarToSolar(LunarDate{Day: 10, Month: 3, Year: y})
		if !ok || got.Format(time.DateOnly) != want {
			t.Errorf("Giỗ Tổ %d = %s, want %s", y, got.Format(time.DateOnly), want)
		}
	}
}

func TestSolarLunarRoundTrip(t *testing.T) {
	leaps := 0
	for d := dateIn(1990, 1, 1); d.Year() < 2040; d = d.AddDate(0, 0, 1) {
		l := SolarToLunar(d)
		if l.Leap {
			leaps++
		}
		back, ok := LunarToSolar(l)
		if !ok || !back.Equal(d) {
			t.Fatalf("%s → %+v → %s", d.Format(time.DateOnly), l, back)
		}
	}
	// 2023 had a leap 2nd month (tháng 2 nhuận) from 2023-03-22.
	if l := SolarToLunar(dateIn(2023, 3, 22)); l != (LunarDate{Day: 1, Month: 2, Year: 2023, Leap: true}) {
		t.Errorf("2023-03-22 = %+v", l)
	}
	if leaps == 0 {
		t.Error("no leap months found")
	}
	if _, ok := LunarToSolar(LunarDate{Day: 1, Month: 5, Year: 2023, Leap: true}); ok {
		t.Error("2023 has no leap 5th month")
	}
}

package dossier

import (
	"math"
	"time"
)

// The Vietnamese lunar calendar after Hồ Ngọc Đức's astronomical algorithm
// (https://www.informatik.uni-leipzig.de/~duc/amlich/), evaluated for the time zone UTC+7.
// It differs from the Chinese calendar (UTC+8) when a new moon falls between 23:00 and
// 24:00 Beijing time, e.g. Tết 1985 (21/1 vs 20/2) and Tết 2007 (17/2 vs 18/2).

// LunarDate is a day of the Vietnamese lunar calendar.
type LunarDate struct {
	Day, Month, Year int
	Leap             bool // a leap (nhuận) month
}

// VietnamTZ is the time zone, in hours, the lunar calendar is computed for.
const VietnamTZ = 7.0

func ifloor(x float64) int { return int(math.Floor(x)) }

// jdFromDate is the Julian day number of a Gregorian (or, before 1582-10-15, Julian) date.
func jdFromDate(dd, mm, yy int) int {
	a := (14 - mm) / 12
	y := yy + 4800 - a
	m := mm + 12*a - 3
	jd := dd + (153*m+2)/5 + 365*y + y/4 - y/100 + y/400 - 32045
	if jd < 2299161 {
		jd = dd + (153*m+2)/5 + 365*y + y/4 - 32083
	}
	return jd
}

func jdToDate(jd int) (dd, mm, yy int) {
	var b, c int
	if jd > 2299160 {
		a := jd + 32044
		b = (4*a + 3) / 146097
		c = a - b*146097/4
	} else {
		b = 0
		c = jd + 32082
	}
	d := (4*c + 3) / 1461
	e := c - 1461*d/4
	m := (5*e + 2) / 153
	dd = e - (153*m+2)/5 + 1
	mm = m + 3 - 12*(m/10)
	yy = b*100 + d - 4800 + m/10
	return
}

// newMoon is the Julian date (UT) of the k-th new moon after 1900-01-01 (Meeus).
func newMoon(k int) float64 {
	kf := float64(k)
	T := kf / 1236.85
	T2 := T * T
	T3 := T2 * T
	dr := math.Pi / 180
	jd1 := 2415020.75933 + 29.53058868*kf + 0.0001178*T2 - 0.000000155*T3
	jd1 += 0.00033 * math.Sin((166.56+132.87*T-0.009173*T2)*dr)
	M := 359.2242 + 29.10535608*kf - 0.0000333*T2 - 0.00000347*T3
	Mpr := 306.0253 + 385.81691806*kf + 0.0107306*T2 + 0.00001236*T3
	F := 21.2964 + 390.67050646*kf - 0.0016528*T2 - 0.00000239*T3
	C1 := (0.1734-0.000393*T)*math.Sin(M*dr) + 0.0021*math.Sin(2*dr*M)
	C1 = C1 - 0.4068*math.Sin(Mpr*dr) + 0.0161*math.Sin(dr*2*Mpr)
	C1 -= 0.0004 * math.Sin(dr*3*Mpr)
	C1 = C1 + 0.0104*math.Sin(dr*2*F) - 0.0051*math.Sin(dr*(M+Mpr))
	C1 = C1 - 0.0074*math.Sin(dr*(M-Mpr)) + 0.0004*math.Sin(dr*(2*F+M))
	C1 = C1 - 0.0004*math.Sin(dr*(2*F-M)) - 0.0006*math.Sin(dr*(2*F+Mpr))
	C1 = C1 + 0.0010*math.Sin(dr*(2*F-Mpr)) + 0.0005*math.Sin(dr*(2*Mpr+M))
	var deltat float64
	if T < -11 {
		deltat = 0.001 + 0.000839*T + 0.0002261*T2 - 0.00000845*T3 - 0.000000081*T*T3
	} else {
		deltat = -0.000278 + 0.000265*T + 0.000262*T2
	}
	return jd1 + C1 - deltat
}

// sunLongitude is the sun's apparent longitude in radians at Julian date jdn (UT).
func sunLongitude(jdn float64) float64 {
	T := (jdn - 2451545.0) / 36525
	T2 := T * T
	dr := math.Pi / 180
	M := 357.52910 + 35999.05030*T - 0.0001559*T2 - 0.00000048*T*T2
	L0 := 280.46645 + 36000.76983*T + 0.0003032*T2
	DL := (1.914600 - 0.004817*T - 0.000014*T2) * math.Sin(dr*M)
	DL += (0.019993-0.000101*T)*math.Sin(dr*2*M) + 0.000290*math.Sin(dr*3*M)
	L := (L0 + DL) * dr
	L -= math.Pi * 2 * math.Floor(L/(math.Pi*2))
	return L
}

func newMoonDay(k int, tz float64) int { return ifloor(newMoon(k) + 0.5 + tz/24) }

// sunSector is the 30° sector (0..11) the sun is in at local midnight starting day jd.
func sunSector(jd int, tz float64) int {
	return ifloor(sunLongitude(float64(jd)-0.5-tz/24) / math.Pi * 6)
}

// lunarMonth11 is the Julian day starting the 11th lunar month (containing the winter solstice) of year yy.
func lunarMonth11(yy int, tz float64) int {
	off := jdFromDate(31, 12, yy) - 2415021
	k := ifloor(float64(off) / 29.530588853)
	nm := newMoonDay(k, tz)
	if sunSector(nm, tz) >= 9 {
		nm = newMoonDay(k-1, tz)
	}
	return nm
}

// leapMonthOffset is the index, counted from month 11 at a11, of the leap month: the first
// month without a major solar term.
func leapMonthOffset(a11 int, tz float64) int {
	k := ifloor((float64(a11)-2415021.076998695)/29.530588853 + 0.5)
	i := 1
	arc := sunSector(newMoonDay(k+i, tz), tz)
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k+i, tz), tz)
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// SolarToLunar converts the calendar date of t (taken in Loc) to the Vietnamese lunar date.
func SolarToLunar(t time.Time) LunarDate {
	t = t.In(Loc)
	return solarToLunar(t.Day(), int(t.Month()), t.Year(), VietnamTZ)
}

func solarToLunar(dd, mm, yy int, tz float64) LunarDate {
	dayNumber := jdFromDate(dd, mm, yy)
	k := ifloor((float64(dayNumber) - 2415021.076998695) / 29.530588853)
	monthStart := newMoonDay(k+1, tz)
	if monthStart > dayNumber {
		monthStart = newMoonDay(k, tz)
	}
	a11 := lunarMonth11(yy, tz)
	b11 := a11
	var lunarYear int
	if a11 >= monthStart {
		lunarYear = yy
		a11 = lunarMonth11(yy-1, tz)
	} else {
		lunarYear = yy + 1
		b11 = lunarMonth11(yy+1, tz)
	}
	ld := LunarDate{Day: dayNumber - monthStart + 1}
	diff := ifloor(float64(monthStart-a11) / 29)
	ld.Month = diff + 11
	if b11-a11 > 365 {
		leapDiff := leapMonthOffset(a11, tz)
		if diff >= leapDiff {
			ld.Month = diff + 10
			ld.Leap = diff == leapDiff
		}
	}
	if ld.Month > 12 {
		ld.Month -= 12
	}
	if ld.Month >= 11 && diff < 4 {
		lunarYear--
	}
	ld.Year = lunarYear
	return ld
}

// LunarToSolar returns midnight (Loc) of the solar day of a lunar date, and false when the
// date does not exist (a leap month that year does not have, or a day 30 of a 29-day month).
func LunarToSolar(l LunarDate) (time.Time, bool) {
	dd, mm, yy, ok := lunarToSolar(l, VietnamTZ)
	if !ok {
		return time.Time{}, false
	}
	t := dateIn(yy, time.Month(mm), dd)
	if back := solarToLunar(dd, mm, yy, VietnamTZ); back != l {
		return time.Time{}, false
	}
	return t, true
}

func lunarToSolar(l LunarDate, tz float64) (dd, mm, yy int, ok bool) {
	if l.Month < 1 || l.Month > 12 || l.Day < 1 || l.Day > 30 {
		return 0, 0, 0, false
	}
	var a11, b11 int
	if l.Month < 11 {
		a11 = lunarMonth11(l.Year-1, tz)
		b11 = lunarMonth11(l.Year, tz)
	} else {
		a11 = lunarMonth11(l.Year, tz)
		b11 = lunarMonth11(l.Year+1, tz)
	}
	k := ifloor(0.5 + (float64(a11)-2415021.076998695)/29.530588853)
	off := l.Month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		leapOff := leapMonthOffset(a11, tz)
		leapMonth := leapOff - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if l.Leap && l.Month != leapMonth {
			return 0, 0, 0, false
		} else if l.Leap || off >= leapOff {
			off++
		}
	} else if l.Leap {
		return 0, 0, 0, false
	}
	monthStart := newMoonDay(k+off, tz)
	dd, mm, yy = jdToDate(monthStart + l.Day - 1)
	return dd, mm, yy, true
}

// LunarNewYear is Tết Nguyên Đán (1/1 lunar) of the lunar year that starts in solar year y.
func LunarNewYear(y int) time.Time {
	t, _ := LunarToSolar(LunarDate{Day: 1, Month: 1, Year: y})
	return t
}

package booking

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
)

func hn(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, queue.Loc)
	if err != nil {
		panic(err)
	}
	return t
}

// Codes carry 80 random bits in an alphabet without I, L, O, U, and read
// back whatever the case, dashes and look-alike letters.
func TestCodeUnguessableAndTypeable(t *testing.T) {
	seen := map[string]bool{}
	counts := map[rune]int{}
	for i := 0; i < 2000; i++ {
		c := NewCode()
		if len(c) != 19 || seen[c] || strings.ContainsAny(c, "ILOU") {
			t.Fatalf("code %q (seen %v)", c, seen[c])
		}
		seen[c] = true
		for _, r := range strings.ReplaceAll(c, "-", "") {
			counts[r]++
		}
		if n, ok := NormCode(strings.ToLower(strings.ReplaceAll(c, "-", " "))); !ok || n != c {
			t.Fatalf("NormCode(%q) = %q %v", c, n, ok)
		}
	}
	// Every one of the 32 symbols is used, about equally (16 × 2000 / 32 = 1000 each).
	if len(counts) != 32 {
		t.Fatalf("%d symbols used", len(counts))
	}
	for r, n := range counts {
		if n < 700 || n > 1300 {
			t.Fatalf("symbol %c used %d times of ~1000", r, n)
		}
	}
	if n, ok := NormCode("oilo-0000-1111-abcd"); !ok || n != "0110-0000-1111-ABCD" {
		t.Fatalf("look-alikes: %q %v", n, ok)
	}
	// The booking QR as the kiosk's scanner reads it.
	for _, scan := range []string{"http://192.168.1.20:8080/dat-lich?ma=ABCD-EFGH-JKMN-PQRS", "https://hcc.example.vn/dat-lich?ma=abcd%20efgh%20jkmn%20pqrs&x=1"} {
		if n, ok := NormCode(scan); !ok || n != "ABCD-EFGH-JKMN-PQRS" {
			t.Fatalf("scan %q: %q %v", scan, n, ok)
		}
	}
	for _, bad := range []string{"", "ABCD-EFGH", "ABCD-EFGH-JKMN-PQRU", "http://x/dat-lich?ma=", "http://x/dat-lich?ma=%zz", "ABCD-EFGH-JKMN-PQRST", "ĐBCD-EFGH-JKMN-PQRS", strings.Repeat("A", 65)} {
		if _, ok := NormCode(bad); ok {
			t.Fatalf("NormCode(%q) accepted", bad)
		}
	}
}

func TestPhoneAndCCCD(t *testing.T) {
	for in, want := range map[string]string{"0912345678": "0912345678", "0912 345 678": "0912345678", "+84 912.345.678": "0912345678", "84912345678": "0912345678"} {
		if got, ok := NormPhone(in); !ok || got != want {
			t.Fatalf("NormPhone(%q) = %q %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "12345", "0012345678", "091234567a", "09123456789", "+8409123456789", "0912+345678"} {
		if p, ok := NormPhone(bad); ok {
			t.Fatalf("NormPhone(%q) = %q", bad, p)
		}
	}
	if m := MaskPhone("0912345678"); m != "091*****78" {
		t.Fatalf("mask %q", m)
	}
	if _, ok := NormCCCD("001234567890"); !ok {
		t.Fatal("valid CCCD refused")
	}
	for _, bad := range []string{"00123456789", "0012345678901", "00123456789a"} {
		if _, ok := NormCCCD(bad); ok {
			t.Fatalf("NormCCCD(%q) accepted", bad)
		}
	}
}

func TestSlotsCapacityAndWindows(t *testing.T) {
	c := Config{SlotMin: 45, ServiceCapacity: map[string]int{"big": 10}}.Defaults()
	o := queue.Opening{Weekdays: []queue.Span{{Start: "07:30", End: "11:30"}, {Start: "13:00", End: "14:00"}}}
	slots, off := c.Slots(hn("2026-09-08 15:00"), o, nil)
	// 07:30 … 10:30 (five of 45 min, 11:15 would end past 11:30), 13:00 (one).
	var got []string
	for _, s := range slots {
		got = append(got, s.Start.Format("15:04")+"-"+s.End.Format("15:04"))
	}
	if off != "" || fmt.Sprint(got) != "[07:30-08:15 08:15-09:00 09:00-09:45 09:45-10:30 10:30-11:15 13:00-13:45]" {
		t.Fatalf("slots %v %q", got, off)
	}
	holiday := func(d time.Time) (string, bool) {
		if queue.Day(d) == "2026-09-08" {
			return "Ngày thử", false
		}
		return "", false
	}
	if s, off := c.Slots(hn("2026-09-08 00:00"), o, holiday); len(s) != 0 || off != "Ngày thử" {
		t.Fatalf("holiday: %v %q", s, off)
	}
	if c.Online("x") != 2 || c.Online("big") != 5 {
		t.Fatalf("online %d %d", c.Online("x"), c.Online("big"))
	}
	if c2 := (Config{WalkInShare: -1, Capacity: 3}).Defaults(); c2.Online("x") != 3 {
		t.Fatal("walk_in_share -1 keeps nothing")
	}
	start := hn("2026-09-08 09:00")
	for at, want := range map[string]Window{"08:44": TooEarly, "08:45": OnTime, "09:10": OnTime, "09:11": Late, "23:59": Late} {
		if w := c.CheckIn(start, hn("2026-09-08 "+at)); w != want {
			t.Fatalf("%s: %v, want %v", at, w, want)
		}
	}
	if w := c.CheckIn(start, hn("2026-09-09 07:30")); w != Expired {
		t.Fatalf("next day: %v", w)
	}
	q := queue.DemoConfig()
	for _, bad := range []Config{{SlotMin: 2}, {WalkInShare: 1}, {ServiceCapacity: map[string]int{"nope": 1}}, {Services: []string{"nope"}}} {
		if err := bad.Defaults().Validate(q); err == nil {
			t.Fatalf("%+v accepted", bad)
		}
	}
}

// The [booking] section of the example file, read from the file the queue
// config came from; a file without it leaves booking off.
func TestConfigFromTOML(t *testing.T) {
	q, err := queue.LoadConfig("../docs/examples/centre.toml")
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(q.Source, q)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Enabled || c.Online("hotich") != 3 || c.Online("chungthuc") != 2 || c.MaxPerDay != 2 || c.MaxPerSector != 1 || c.CheckInEarlyMin != 15 || c.RatePerMin != 60 {
		t.Fatalf("%+v", c)
	}
	q2, err := queue.LoadConfig("../queue/testdata/letter.toml")
	if err != nil {
		t.Fatal(err)
	}
	if c, err := LoadConfig(q2.Source, q2); err != nil || c.Enabled {
		t.Fatalf("no [booking]: %+v %v", c, err)
	}
	if c, err := LoadConfig("", queue.DemoConfig()); err != nil || !c.Enabled {
		t.Fatalf("demo: %+v %v", c, err)
	}
}

// A wrong [booking] key stops the server at start, naming the key.
func TestConfigErrorsNamed(t *testing.T) {
	q := queue.DemoConfig()
	dir := t.TempDir()
	for body, want := range map[string]string{
		"[booking]\nenabled = true\nslot_min = 1\n":   "booking.slot_min",
		"[booking]\nwalk_in_share = 1.5\n":            "booking.walk_in_share",
		"[booking]\nservice_capacity = {hotch = 3}\n": `booking.service_capacity: unknown service "hotch"`,
		"[booking]\nservices = [\"nope\"]\n":          `booking.services: unknown service "nope"`,
		"[booking]\nslot_min = \"30\"\n":              "parse config",
	} {
		p := filepath.Join(dir, "c.toml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadConfig(p, q); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("%q: %v, want %q", body, err, want)
		}
	}
}

// The caps per person default to Hanoi's reported iHanoi rule (2 a day, 1
// per sector; sources in docs/CONFIG.md) and are the centre's to change.
func TestCapsDefaultAndConfigurable(t *testing.T) {
	q := queue.DemoConfig()
	dir := t.TempDir()
	for body, want := range map[string][2]int{
		"[booking]\nenabled = true\n":                                      {2, 1},
		"[booking]\nenabled = true\nmax_per_day = 3\nmax_per_sector = 2\n": {3, 2},
		"[booking]\nenabled = true\nmax_per_day = 1\n":                     {1, 1},
	} {
		p := filepath.Join(dir, "c.toml")
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := LoadConfig(p, q)
		if err != nil || c.MaxPerDay != want[0] || c.MaxPerSector != want[1] {
			t.Fatalf("%q: %d/%d %v, want %d/%d", body, c.MaxPerDay, c.MaxPerSector, err, want[0], want[1])
		}
	}
}

package dossier

import (
	"errors"
	"testing"
	"time"
)

func TestFormatCode(t *testing.T) {
	utc := time.Date(2023, 10, 26, 17, 30, 0, 0, time.UTC) // 00:30 on 27/10 in Hà Nội
	tests := []struct {
		agency string
		at     time.Time
		seq    int
		want   string
		err    error
	}{
		{"000.00.06.H56", time.Date(2023, 10, 27, 9, 32, 0, 0, Loc), 361, "000.00.06.H56-231027-0361", nil},
		{" 000.00.06.h56 ", time.Date(2023, 10, 27, 9, 32, 0, 0, Loc), 1, "000.00.06.H56-231027-0001", nil},
		{"000.00.06.H56", utc, 9999, "000.00.06.H56-231027-9999", nil},
		{"000.00.06.H56", utc, 0, "", ErrSeqRange},
		{"000.00.06.H56", utc, 10000, "", ErrSeqRange},
		{"000.00.6.H56", utc, 1, "", ErrAgencyCode},
		{"000.00.06.56", utc, 1, "", ErrAgencyCode},
		{"000.00.06.H56", time.Time{}, 1, "", ErrDossierCode},
	}
	for _, tt := range tests {
		got, err := FormatCode(tt.agency, tt.at, tt.seq)
		if !errors.Is(err, tt.err) || got != tt.want {
			t.Errorf("FormatCode(%q,%v,%d) = %q, %v; want %q, %v", tt.agency, tt.at, tt.seq, got, err, tt.want, tt.err)
		}
	}
}

func TestParseCode(t *testing.T) {
	c, err := ParseCode("  000.00.06.h56-231027-0361\n")
	if err != nil {
		t.Fatal(err)
	}
	if c.Agency != "000.00.06.H56" || !c.Day.Equal(dateIn(2023, 10, 27)) || c.Seq != 361 {
		t.Fatalf("%+v", c)
	}
	if c.String() != "000.00.06.H56-231027-0361" {
		t.Errorf("String %q", c)
	}
	for _, bad := range []string{"", "000.00.06.H56-231027-361", "000.00.06.H56-231327-0001", "000.00.06.H56-230230-0001",
		"000.00.06.H56-231027-0000", "000.00.06.H5-231027-0001", "000.00.06.H56_231027_0001", "000.00.06.H56-231027-00011"} {
		if _, err := ParseCode(bad); !errors.Is(err, ErrDossierCode) && !errors.Is(err, ErrSeqRange) {
			t.Errorf("ParseCode(%q) err %v", bad, err)
		}
	}
}

func TestCodeRoundTrip(t *testing.T) {
	at := time.Date(2026, 2, 16, 23, 59, 0, 0, Loc)
	s, err := FormatCode("000.00.00.H26", at, 42)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCode(s)
	if err != nil || c.String() != s || c.Seq != 42 || c.Day.Day() != 16 {
		t.Fatalf("%q → %+v %v", s, c, err)
	}
}

func TestValidAgencyCode(t *testing.T) {
	for s, want := range map[string]bool{
		"000.00.06.H56": true, "000.00.00.g01": true, " 123.45.67.Z99 ": true,
		"000.00.06.H5": false, "000.00.06.HH6": false, "0000.00.06.H56": false, "": false, "000-00-06-H56": false,
	} {
		if ValidAgencyCode(s) != want {
			t.Errorf("ValidAgencyCode(%q) != %v", s, want)
		}
	}
}

func TestMaskName(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Văn An":      "Nguyễn V*** A",
		"Trần Thị Bích Ngọc": "Trần T*** B*** N",
		"  Lê   Ánh ":        "Lê Á",
		"Ánh":                "Á***",
		"":                   "",
		"Đặng Ớt":            "Đặng Ớ",
		"e\u0301ch Ô\u0301c": "éch Ố", // NFD input is composed first
		"H'Hen Niê":          "H'Hen N",
	} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
}

package dossier

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// CCCD is the content of the QR code on a chip citizen ID card (CCCD) or a Căn cước card.
// Fields after the seventh are kept, unparsed, in Extra: their order on the newer card is
// unconfirmed, so we never guess.
type CCCD struct {
	ID        string // 12 digits
	OldID     string // old CMND number (9 digits, or 12 for the 2012–2016 card), may be empty
	FullName  string // NFC, single spaces
	Gender    string // "Nam" or "Nữ"
	DOB       time.Time
	IssueDate time.Time
	Address   string
	Extra     []string
	Raw       string // the scanned text as received, for audit
}

// ProvinceCode is the 3-digit code of the province where the birth was registered.
func (c CCCD) ProvinceCode() string {
	if len(c.ID) < 3 {
		return ""
	}
	return c.ID[:3]
}

// Sentinel kinds of CCCD errors; a *CCCDError unwraps to one of them.
var (
	// ErrCCCDFormat: a field is missing or malformed.
	ErrCCCDFormat = errors.New("cccd: malformed")
	// ErrCCCDMismatch: fields are well-formed but contradict each other (e.g. the gender digit).
	ErrCCCDMismatch = errors.New("cccd: inconsistent")
	// ErrCCCDIME: the text looks corrupted by a Vietnamese input method (Telex/VNI) or a wrong
	// character set between scanner and computer; re-scan with the IME off.
	ErrCCCDIME = errors.New("cccd: text corrupted by input method")
)

// CCCD field names used in CCCDError.Field.
const (
	FieldAll       = "all"
	FieldID        = "id"
	FieldOldID     = "old_id"
	FieldName      = "name"
	FieldDOB       = "dob"
	FieldGender    = "gender"
	FieldAddress   = "address"
	FieldIssueDate = "issue_date"
)

var fieldVI = map[string]string{
	FieldAll:       "mã QR",
	FieldID:        "số định danh (CCCD)",
	FieldOldID:     "số CMND cũ",
	FieldName:      "họ và tên",
	FieldDOB:       "ngày sinh",
	FieldGender:    "giới tính",
	FieldAddress:   "nơi thường trú",
	FieldIssueDate: "ngày cấp",
}

// CCCDError says which field is wrong and why. It never carries the card's data,
// so it is safe to log.
type CCCDError struct {
	Field  string // one of the Field* constants
	Kind   error  // ErrCCCDFormat, ErrCCCDMismatch or ErrCCCDIME
	Detail string // English, for logs
}

func (e *CCCDError) Error() string {
	return fmt.Sprintf("%v: field %s: %s", e.Kind, e.Field, e.Detail)
}

func (e *CCCDError) Unwrap() error { return e.Kind }

// Vietnamese is the message shown to the officer.
func (e *CCCDError) Vietnamese() string {
	f := fieldVI[e.Field]
	if f == "" {
		f = e.Field
	}
	switch {
	case errors.Is(e.Kind, ErrCCCDIME):
		return "Dữ liệu quét bị sai dấu tiếng Việt (" + f + "): hãy tắt bộ gõ tiếng Việt (Telex/VNI) rồi quét lại thẻ."
	case errors.Is(e.Kind, ErrCCCDMismatch):
		return "Thông tin trên mã QR không khớp nhau (" + f + "): hãy kiểm tra lại thẻ và nhập tay nếu cần."
	}
	if e.Field == FieldAll {
		return "Mã QR không phải mã của thẻ Căn cước công dân/Căn cước: hãy quét lại."
	}
	return "Mã QR của thẻ Căn cước không hợp lệ ở trường " + f + ": hãy quét lại."
}

func cccdErr(field string, kind error, format string, args ...any) error {
	return &CCCDError{Field: field, Kind: kind, Detail: fmt.Sprintf(format, args...)}
}

// ParseCCCD parses the QR text of a CCCD/Căn cước card:
// ID|old CMND or empty|full name|ddmmyyyy|Nam/Nữ|address|ddmmyyyy[|extra...].
func ParseCCCD(raw string) (CCCD, error) {
	s := strings.TrimRight(raw, "\r\n")
	s = strings.TrimPrefix(s, "\ufeff")
	if !utf8.ValidString(s) {
		return CCCD{}, cccdErr(FieldAll, ErrCCCDIME, "not valid UTF-8")
	}
	f := strings.Split(s, "|")
	if len(f) < 7 {
		return CCCD{}, cccdErr(FieldAll, ErrCCCDFormat, "%d fields, want at least 7", len(f))
	}
	for i := range f {
		f[i] = strings.TrimSpace(norm.NFC.String(f[i]))
	}
	c := CCCD{Raw: raw}

	c.ID = f[0]
	if len(c.ID) != 12 || !allDigits(c.ID) {
		return CCCD{}, cccdErr(FieldID, ErrCCCDFormat, "want 12 digits, got %d characters", utf8.RuneCountInString(c.ID))
	}
	if _, ok := BirthProvince(c.ID); !ok {
		return CCCD{}, cccdErr(FieldID, ErrCCCDFormat, "province-of-birth code is not assigned")
	}
	c.OldID = f[1]
	if c.OldID != "" && (!allDigits(c.OldID) || (len(c.OldID) != 9 && len(c.OldID) != 12)) {
		return CCCD{}, cccdErr(FieldOldID, ErrCCCDFormat, "want empty, 9 or 12 digits")
	}

	name, err := cleanName(f[2])
	if err != nil {
		return CCCD{}, err
	}
	c.FullName = name

	if c.DOB, err = parseDMY(f[3]); err != nil {
		return CCCD{}, cccdErr(FieldDOB, ErrCCCDFormat, "%v", err)
	}
	switch g := strings.ToLower(f[4]); g {
	case "nam":
		c.Gender = "Nam"
	case "nữ":
		c.Gender = "Nữ"
	default:
		if h := imeHints(f[4]); len(h) > 0 || g == "nu" || g == "nuwx" || g == "nu4" || g == "nux" {
			return CCCD{}, cccdErr(FieldGender, ErrCCCDIME, "gender looks IME-corrupted")
		}
		return CCCD{}, cccdErr(FieldGender, ErrCCCDFormat, "want Nam or Nữ")
	}

	c.Address = strings.Join(strings.Fields(f[5]), " ")
	if c.Address == "" || !hasLetter(c.Address) {
		return CCCD{}, cccdErr(FieldAddress, ErrCCCDFormat, "empty or without letters")
	}
	if hasControl(c.Address) {
		return CCCD{}, cccdErr(FieldAddress, ErrCCCDFormat, "control characters")
	}
	if h := imeHintsAddress(c.Address); len(h) > 0 {
		return CCCD{}, cccdErr(FieldAddress, ErrCCCDIME, "%s", strings.Join(h, ", "))
	}

	if c.IssueDate, err = parseDMY(f[6]); err != nil {
		return CCCD{}, cccdErr(FieldIssueDate, ErrCCCDFormat, "%v", err)
	}
	if len(f) > 7 {
		c.Extra = append([]string(nil), f[7:]...)
	}

	// Century/gender digit: 0/1 = 1900s male/female, 2/3 = 2000s, 4/5 = 2100s, ...
	y := c.DOB.Year()
	if y < 1900 || y > 2399 {
		return CCCD{}, cccdErr(FieldDOB, ErrCCCDFormat, "year %d out of range", y)
	}
	want := (y/100-19)*2 + map[string]int{"Nam": 0, "Nữ": 1}[c.Gender]
	if got := int(c.ID[3] - '0'); got != want {
		if got/2 != want/2 {
			return CCCD{}, cccdErr(FieldDOB, ErrCCCDMismatch, "century digit does not match the year of birth")
		}
		return CCCD{}, cccdErr(FieldGender, ErrCCCDMismatch, "gender digit does not match the gender")
	}
	if c.ID[4:6] != fmt.Sprintf("%02d", y%100) {
		return CCCD{}, cccdErr(FieldDOB, ErrCCCDMismatch, "year digits do not match the year of birth")
	}
	if c.IssueDate.Before(c.DOB) {
		return CCCD{}, cccdErr(FieldIssueDate, ErrCCCDMismatch, "issued before birth")
	}
	return c, nil
}

// parseDMY parses ddmmyyyy strictly (no 31/02).
func parseDMY(s string) (time.Time, error) {
	if len(s) != 8 || !allDigits(s) {
		return time.Time{}, errors.New("want ddmmyyyy")
	}
	t, err := time.ParseInLocation("02012006", s, Loc)
	if err != nil {
		return time.Time{}, errors.New("not a calendar date")
	}
	return t, nil
}

// cleanName NFC-normalises and collapses spaces, then checks it is a plausible name.
func cleanName(s string) (string, error) {
	name := strings.Join(strings.Fields(s), " ")
	if name == "" || !hasLetter(name) {
		return "", cccdErr(FieldName, ErrCCCDFormat, "empty or without letters")
	}
	if h := imeHints(name); len(h) > 0 {
		return "", cccdErr(FieldName, ErrCCCDIME, "%s", strings.Join(h, ", "))
	}
	for _, r := range name {
		switch {
		case unicode.IsLetter(r), unicode.Is(unicode.Mn, r), r == ' ', r == '\'', r == '’', r == '-', r == '.':
		default:
			return "", cccdErr(FieldName, ErrCCCDFormat, "character %U not allowed in a name", r)
		}
	}
	return name, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

func hasControl(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) {
			return true
		}
	}
	return false
}

// Package qcvn120 holds the packets of QCVN 120:2019/BTTTT exchanged between
// a one-stop-shop centre and a public service portal, with their JSON
// codecs and the validation a portal applies.
//
// Wire rules (as used by working DVCQG integrations): every scalar is a JSON
// string, dates are yyyyMMddHHmmss in Asia/Ho_Chi_Minh, an unset date is "",
// arrays are always present ([] when empty). Decoding is lenient (numbers
// as JSON numbers are accepted from proxies); encoding is strict.
package qcvn120

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata"
	"unicode/utf8" // the portal may run on a box without a zoneinfo database
)

// Layout is the standard's date-time format.
const Layout = "20060102150405"

// Location is Asia/Ho_Chi_Minh, where every packet date is expressed.
var Location = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		// Viet Nam has kept UTC+7 without daylight saving since 1975.
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}()

// Time is a packet date: yyyyMMddHHmmss in Asia/Ho_Chi_Minh on the wire,
// "" when unset (zero).
type Time struct{ time.Time }

// At wraps t (any zone) as a packet date; the zero time stays unset.
func At(t time.Time) Time { return Time{t} }

// ParseTime parses a wire date; "" gives the zero Time.
func ParseTime(s string) (Time, error) {
	if s == "" {
		return Time{}, nil
	}
	if len(s) != len(Layout) {
		return Time{}, fmt.Errorf("date %q is not yyyyMMddHHmmss", s)
	}
	t, err := time.ParseInLocation(Layout, s, Location)
	if err != nil {
		return Time{}, fmt.Errorf("date %q is not yyyyMMddHHmmss", s)
	}
	return Time{t}, nil
}

// String is the wire form.
func (t Time) String() string {
	if t.IsZero() {
		return ""
	}
	return t.In(Location).Format(Layout)
}

func (t Time) MarshalJSON() ([]byte, error) { return json.Marshal(t.String()) }

func (t *Time) UnmarshalJSON(b []byte) error {
	s, err := scalar(b)
	if err != nil {
		return typeErr(b, t)
	}
	v, err := ParseTime(s)
	if err != nil {
		return typeErr(b, t)
	}
	*t = v
	return nil
}

// Int is an integer sent as a JSON string ("12"). It decodes from "12", 12
// or "" (0).
type Int int64

func (n Int) String() string               { return strconv.FormatInt(int64(n), 10) }
func (n Int) MarshalJSON() ([]byte, error) { return json.Marshal(n.String()) }
func (n *Int) UnmarshalJSON(b []byte) error {
	v, err := parseInt(b)
	if err != nil {
		return typeErr(b, n)
	}
	*n = Int(v)
	return nil
}

// Percent is a percentage on the wire: motcua sends exactly two decimals
// ("93.50"); receivers accept up to two ("0", "93.5"), as OpenCPS sends "0".
// It stays a string so that validation can see what was actually sent.
type Percent string

// PercentOf formats f with two decimals.
func PercentOf(f float64) Percent { return Percent(strconv.FormatFloat(f, 'f', 2, 64)) }

// Ratio is part/whole as a Percent ("0.00" when whole is 0).
func Ratio(part, whole int64) Percent {
	if whole == 0 {
		return "0.00"
	}
	return PercentOf(float64(part) * 100 / float64(whole))
}

func (p *Percent) UnmarshalJSON(b []byte) error {
	s, err := scalar(b)
	if err != nil {
		return typeErr(b, p)
	}
	*p = Percent(s)
	return nil
}

// Str is a string that also decodes from a JSON number or boolean, because
// some proxies send codes unquoted.
type Str string

func (s *Str) UnmarshalJSON(b []byte) error {
	v, err := scalar(b)
	if err != nil {
		return typeErr(b, s)
	}
	*s = Str(v)
	return nil
}

// List is an array that is always present on the wire: nil encodes as [].
type List[T any] []T

func (l List[T]) MarshalJSON() ([]byte, error) {
	if l == nil {
		return []byte("[]"), nil
	}
	return json.Marshal([]T(l))
}

// scalar returns the text of a JSON string, number, bool or null ("").
func scalar(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0:
		return "", fmt.Errorf("empty")
	case b[0] == '"':
		// Most packet strings have no escapes: take the bytes between the
		// quotes (encoding/json already checked the literal). A full
		// json.Unmarshal per field was a tenth of the portal's decoding.
		if len(b) >= 2 && b[len(b)-1] == '"' {
			if in := b[1 : len(b)-1]; bytes.IndexByte(in, '\\') < 0 && utf8.Valid(in) {
				return string(in), nil
			}
		}
		var s string
		err := json.Unmarshal(b, &s)
		return s, err
	case string(b) == "null":
		return "", nil
	case b[0] == '{' || b[0] == '[':
		return "", fmt.Errorf("not a scalar")
	default:
		return string(b), nil
	}
}

func parseInt(b []byte) (int64, error) {
	s, err := scalar(b)
	if err != nil {
		return 0, err
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	return strconv.ParseInt(s, 10, 64)
}

// typeErr is a *json.UnmarshalTypeError so that encoding/json fills in the
// field path; Decode turns it into a FieldError.
func typeErr(b []byte, v any) error {
	return &json.UnmarshalTypeError{Value: "value " + string(b), Type: reflect.TypeOf(v).Elem()}
}

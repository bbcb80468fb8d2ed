package scanner

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/dossier"
)

// Kind is what a scan was recognised as.
type Kind int

const (
	KindUnknown Kind = iota
	KindCCCD         // QR of a chip ID card
	KindDossier      // dossier receipt QR/barcode: a dossier code
	KindTicket       // queue ticket QR: URL …/t/{id} or a bare ticket id
	KindBarcode      // some other printable code
	// KindIMECorrupted: keyboard-wedge input mangled by a Vietnamese input
	// method (Telex/VNI). Hint holds the text as it probably was; it is
	// never used automatically.
	KindIMECorrupted
	// KindBooking: the QR of an online booking, its page
	// …/dat-lich?ma={code}; BookingCode holds the code as printed.
	KindBooking
)

func (k Kind) String() string {
	return [...]string{"unknown", "cccd", "dossier", "ticket", "barcode", "ime-corrupted", "booking"}[k]
}

// Why a scan is unknown.
var (
	ErrEmpty      = errors.New("scanner: empty scan")
	ErrGarbled    = errors.New("scanner: garbled scan (invalid bytes or control characters)")
	ErrIncomplete = errors.New("scanner: incomplete scan")
	ErrNotCCCD    = errors.New("scanner: looks like a CCCD QR but does not parse")
	ErrUnknownURL = errors.New("scanner: URL of no known kind")
	ErrIME        = errors.New("scanner: input corrupted by a Vietnamese input method")
)

// Scan is one classified code. Raw is the text as received: it may hold a
// citizen's personal data, so do not log it (log Kind and ids).
type Scan struct {
	Kind        Kind
	Raw         string
	CCCD        *dossier.CCCD // KindCCCD
	Dossier     *dossier.Code // KindDossier
	DossierCode string        // KindDossier, canonical form
	TicketID    string        // KindTicket
	BookingCode string        // KindBooking
	// RatingToken is the rating token of a ticket QR (…/t/{id}?r=…) or a
	// dossier receipt QR (CODE?r=…), lower-cased; empty on papers printed
	// before tokens (they cannot be used to rate).
	RatingToken string
	Hint        string    // KindIMECorrupted: probable original text
	Err         error     // KindUnknown / KindIMECorrupted: why
	At          time.Time // when it was read (zero from Classify)
}

// Message is the Vietnamese text for the screen.
func (s Scan) Message() string {
	var ce *dossier.CCCDError
	switch {
	case s.Kind == KindIMECorrupted:
		return "Dữ liệu quét bị bộ gõ tiếng Việt (Telex/VNI) làm sai: hãy tắt bộ gõ rồi quét lại."
	case errors.As(s.Err, &ce):
		return ce.Vietnamese()
	case errors.Is(s.Err, ErrIncomplete):
		return "Mã quét chưa đầy đủ: hãy quét lại."
	case s.Kind == KindUnknown:
		return "Không nhận ra mã vừa quét."
	}
	return ""
}

// TicketIDPattern recognises a bare ticket id (without the /t/ URL). The
// default accepts the centre server's ids (20 lower-case base32 characters,
// see centre.newID), ULIDs and UUIDs; set it at start-up, before any
// Classify, if the centre server uses another form.
var TicketIDPattern = regexp.MustCompile(`^(?:[a-z2-7]{20}|[0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{26}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$`)

var urlTicketID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// bookingCode is a booking code as the booking page links it: Crockford
// base32 symbols in groups, at most 32 characters (the server checks it).
var bookingCode = regexp.MustCompile(`^[0-9A-Za-z][0-9A-Za-z-]{7,31}$`)

// ratingToken is the centre's rating token (centre.RatingToken): 16 base32
// characters; scanners may change the case.
var ratingToken = regexp.MustCompile(`^[a-zA-Z2-7]{16}$`)

// Classify recognises a scanned text. It is pure: the Fyne apps call it on
// keyboard-wedge text fields too. A garbled or partial scan is KindUnknown,
// never a wrong citizen.
func Classify(raw string) Scan {
	sc := Scan{Raw: raw}
	s := strings.TrimPrefix(raw, "\ufeff")
	s = strings.Trim(s, "\r\n\t ")
	if s == "" {
		sc.Err = ErrEmpty
		return sc
	}
	if !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\t' }) {
		sc.Err = ErrGarbled
		return sc
	}
	s = norm.NFC.String(s)

	if looksCCCD(s) {
		c, err := dossier.ParseCCCD(s)
		switch {
		case err == nil:
			c.Raw = raw
			sc.Kind, sc.CCCD = KindCCCD, &c
		case errors.Is(err, dossier.ErrCCCDIME):
			sc.Kind, sc.Err = KindIMECorrupted, fmt.Errorf("%w: %w", ErrIME, err)
		default:
			sc.Err = fmt.Errorf("%w: %w", ErrNotCCCD, err)
		}
		return sc
	}
	if k := classifyASCII(s, &sc); k != KindUnknown {
		sc.Kind = k
		return sc
	}
	if sc.Err != nil {
		return sc
	}
	// Non-ASCII text where a code was expected: undo Telex and VNI; if the
	// result is a code we know, an IME typed it.
	for _, undo := range []func(string) (string, bool){undoTelex, undoVNI} {
		if h, ok := undo(s); ok {
			var probe Scan
			if k := classifyASCII(h, &probe); k == KindDossier || k == KindTicket || k == KindBooking {
				sc.Kind, sc.Hint, sc.Err = KindIMECorrupted, h, ErrIME
				return sc
			}
		}
	}
	return sc
}

// looksCCCD: 12 digits then a '|' (before an IME could touch the name).
func looksCCCD(s string) bool {
	i := strings.IndexByte(s, '|')
	return i >= 9 && i <= 14 && strings.Count(s, "|") >= 4
}

// classifyASCII handles dossier codes, ticket URLs/ids and plain barcodes.
// It may set sc fields; KindUnknown with sc.Err set means "recognised as
// unknown" (e.g. a foreign URL).
func classifyASCII(s string, sc *Scan) Kind {
	if !isPrintableASCII(s) {
		return KindUnknown // codes and links on our paper are ASCII
	}
	if c, err := dossier.ParseCode(s); err == nil {
		sc.Dossier, sc.DossierCode = &c, c.String()
		return KindDossier
	}
	// A receipt QR: the dossier code and its rating token.
	if code, tok, ok := strings.Cut(s, "?r="); ok && ratingToken.MatchString(tok) {
		if c, err := dossier.ParseCode(code); err == nil {
			sc.Dossier, sc.DossierCode, sc.RatingToken = &c, c.String(), strings.ToLower(tok)
			return KindDossier
		}
	}
	if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			sc.Err = ErrUnknownURL
			return KindUnknown
		}
		parts := strings.Split(strings.Trim(u.Path, "/"), "/")
		if len(parts) == 2 && parts[0] == "t" && urlTicketID.MatchString(parts[1]) {
			sc.TicketID = parts[1]
			if tok := u.Query().Get("r"); ratingToken.MatchString(tok) {
				sc.RatingToken = strings.ToLower(tok)
			}
			return KindTicket
		}
		// a booking's page (package booking): /dat-lich?ma={code}
		if len(parts) == 1 && parts[0] == "dat-lich" {
			if c := u.Query().Get("ma"); bookingCode.MatchString(c) {
				sc.BookingCode = c
				return KindBooking
			}
		}
		// a dossier lookup link: the code as last path segment or a query value
		cands := []string{parts[len(parts)-1]}
		for _, k := range []string{"ma", "code", "mahoso", "hoso"} {
			cands = append(cands, u.Query().Get(k))
		}
		for _, c := range cands {
			if code, err := dossier.ParseCode(c); err == nil {
				sc.Dossier, sc.DossierCode = &code, code.String()
				return KindDossier
			}
		}
		sc.Err = ErrUnknownURL
		return KindUnknown
	}
	if TicketIDPattern.MatchString(s) {
		sc.TicketID = s
		return KindTicket
	}
	if isPrintableASCII(s) && len(s) <= 128 {
		return KindBarcode
	}
	return KindUnknown
}

func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

// viKeys maps each Vietnamese letter to (base, shape, tone) where shape is
// the Telex/VNI shape index (0 none, 1 â/ê/ô, 2 ă, 3 ơ/ư, 4 đ) and tone 0–5
// (none, sắc, huyền, hỏi, ngã, nặng).
var viKeys = func() map[rune][3]int {
	m := map[rune][3]int{}
	rows := []struct {
		base  rune
		shape int
		forms string // tones: none, sắc, huyền, hỏi, ngã, nặng
	}{
		{'a', 0, "aáàảãạ"}, {'a', 2, "ăắằẳẵặ"}, {'a', 1, "âấầẩẫậ"},
		{'e', 0, "eéèẻẽẹ"}, {'e', 1, "êếềểễệ"},
		{'i', 0, "iíìỉĩị"},
		{'o', 0, "oóòỏõọ"}, {'o', 1, "ôốồổỗộ"}, {'o', 3, "ơớờởỡợ"},
		{'u', 0, "uúùủũụ"}, {'u', 3, "ưứừửữự"},
		{'y', 0, "yýỳỷỹỵ"},
	}
	for _, row := range rows {
		for tone, r := range []rune(row.forms) {
			if r < 0x80 {
				continue
			}
			m[r] = [3]int{int(row.base), row.shape, tone}
			m[unicode.ToUpper(r)] = [3]int{int(unicode.ToUpper(row.base)), row.shape, tone}
		}
	}
	m['đ'] = [3]int{'d', 4, 0}
	m['Đ'] = [3]int{'D', 4, 0}
	return m
}()

// undoTelex rewrites each Vietnamese letter as the Telex keys that type it
// (â → aa, ư → uw, đ → dd, tone keys s f r x j after the letter).
func undoTelex(s string) (string, bool) {
	return undoIME(s, func(base rune, shape, tone int) string {
		out := string(base)
		switch shape {
		case 1, 4:
			out += string(base)
		case 2, 3:
			out += "w"
		}
		return out + []string{"", "s", "f", "r", "x", "j"}[tone]
	})
}

// undoVNI does the same for VNI (â → a6, ă → a8, ơ → o7, đ → d9, tones 1–5).
func undoVNI(s string) (string, bool) {
	return undoIME(s, func(base rune, shape, tone int) string {
		return string(base) + []string{"", "6", "8", "7", "9"}[shape] + []string{"", "1", "2", "3", "4", "5"}[tone]
	})
}

func undoIME(s string, keys func(base rune, shape, tone int) string) (string, bool) {
	var b strings.Builder
	changed := false
	for _, r := range s {
		k, ok := viKeys[r]
		if !ok {
			if r >= 0x80 {
				return "", false
			}
			b.WriteRune(r)
			continue
		}
		changed = true
		b.WriteString(keys(rune(k[0]), k[1], k[2]))
	}
	return b.String(), changed
}

package notify

// One-time codes that verify a citizen's phone before a booking or a remote
// number (kind "code"; booking/phonecode.go makes them). The message goes
// through the outbox like the others, but the code in its fields is sealed
// with a key that exists only in this process's memory: the database never
// holds the code in clear (the booking side keeps only its HMAC). A code
// still pending when the server restarts cannot be opened any more; it is
// given up, and the citizen presses "Gửi lại mã".

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/store"
)

// KindCode is the phone verification code.
const KindCode = "code"

// sealer seals codes for the outbox with a key made at start.
type sealer struct{ aead cipher.AEAD }

func newSealer() *sealer {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err)
	}
	b, _ := aes.NewCipher(key)
	g, _ := cipher.NewGCM(b)
	return &sealer{aead: g}
}

func (s *sealer) seal(id, code string) string {
	nonce := make([]byte, s.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		panic(err)
	}
	return base64.RawStdEncoding.EncodeToString(s.aead.Seal(nonce, nonce, []byte(code), []byte(id)))
}

var errUnsealable = errors.New("the code was sealed by an earlier run of the server; the citizen asks for a new one")

func (s *sealer) open(id, sealed string) (string, error) {
	b, err := base64.RawStdEncoding.DecodeString(sealed)
	n := s.aead.NonceSize()
	if err != nil || len(b) < n {
		return "", errUnsealable
	}
	p, err := s.aead.Open(nil, b[:n], b[n:], []byte(id))
	if err != nil {
		return "", errUnsealable
	}
	return string(p), nil
}

// phoneCode runs inside the booking package's write that stores the code.
func (s *Service) phoneCode(tx *store.Tx, c booking.PhoneCode) error {
	id := "code:" + c.ID
	return s.insert(tx, outRow{id: id, kind: KindCode, channel: "phone", contact: c.Phone, subject: "phone-code",
		params: map[string]string{"centre": s.centre(), "minutes": strconv.Itoa(c.Minutes), "sealed": s.codes.seal(id, c.Code)},
		next:   s.now(), expires: c.Expires})
}

// openCode puts the code back into a pending message's fields just before
// it is sent (in memory only).
func (s *Service) openCode(p *pending) error {
	code, err := s.codes.open(p.id, p.params["sealed"])
	if err != nil {
		return err
	}
	delete(p.params, "sealed")
	p.params["code"] = code
	return nil
}

// SMS pages: 160 characters of the GSM 7-bit alphabet, or 70 of UCS-2 as
// soon as one character is outside it (every Vietnamese letter with a mark).
const (
	pageGSM  = 160
	pageUCS2 = 70
)

// renderCode is the code's text, always one SMS page: the full Vietnamese
// sentence when it fits in 70 characters with the name, else a shorter
// one, else the full one without diacritics (GSM 7-bit, 160 characters),
// the centre's name cut if it must be.
func renderCode(p map[string]string) string {
	name, code, min := p["centre"], p["code"], p["minutes"]
	full := fmt.Sprintf("Mã xác nhận của Quý khách là %s, hiệu lực %s phút. Không chia sẻ mã này.", code, min)
	short := fmt.Sprintf("Mã xác nhận %s, hiệu lực %s phút. Không chia sẻ mã này.", code, min)
	shorter := fmt.Sprintf("Mã xác nhận %s, hiệu lực %s phút, không chia sẻ.", code, min)
	with := func(body string) string {
		if name == "" {
			return body
		}
		return name + ": " + body
	}
	for _, t := range []string{with(full), with(short), with(shorter)} {
		if OnePage(t) {
			return t
		}
	}
	plain := Unaccent(full)
	n := []rune(Unaccent(name))
	if room := pageGSM - len(plain) - 2; len(n) > room {
		n = n[:max(room, 0)]
	}
	if len(n) == 0 {
		return plain
	}
	return strings.TrimSpace(string(n)) + ": " + plain
}

// OnePage reports whether a text is one SMS page.
func OnePage(t string) bool {
	gsm := true
	for _, r := range t {
		if !isGSM(r) {
			gsm = false
			break
		}
	}
	if gsm {
		return len(t) <= pageGSM
	}
	return len([]rune(t)) <= pageUCS2
}

// isGSM is the part of the GSM 03.38 basic alphabet a text here may use
// (letters, digits, common punctuation).
func isGSM(r rune) bool {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
		return true
	}
	return strings.ContainsRune(" .,:;!?-()'\"/+*=%&#@\n", r)
}

// Unaccent writes Vietnamese without diacritics (đ → d), as SMS gateways
// without Unicode do.
func Unaccent(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		case r == '…' || r == '“' || r == '”':
			b.WriteRune('"')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

package engine

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/motcua/motcua/store"
)

// LoadSecret reads the 32-byte secret name from settings, creating it the
// first time. Every server on the same database sees the same secret.
func LoadSecret(ctx context.Context, db *store.DB, name string) ([]byte, error) {
	var v string
	q := `SELECT value FROM settings WHERE key=?`
	err := db.Read().QueryRowContext(ctx, q, name).Scan(&v)
	if err == nil {
		return hex.DecodeString(v)
	}
	if !store.IsNoRows(err) {
		return nil, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	err = db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING`, name, hex.EncodeToString(b))
		return err
	})
	if err != nil {
		return nil, err
	}
	if err := db.Read().QueryRowContext(ctx, q, name).Scan(&v); err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}

// A rating is bound to a paper only the citizen holds: the ticket's QR and
// the dossier receipt's QR carry a short HMAC of the subject keyed by a
// per-database secret. Ticket ids travel on /ws and dossier codes are
// sequential; the token is not derivable from either.

// RatingTokenLen is the length of a rating token: 16 base32 characters
// (80 bits), short enough to keep the QR small.
const RatingTokenLen = 16

var ratingTokenRe = regexp.MustCompile(`^[a-z2-7]{16}$`)

// Tokens makes and checks the rating tokens printed in ticket and receipt QRs.
type Tokens struct {
	key []byte
}

// LoadTokens keys the rating tokens with the database's "rating_key".
func LoadTokens(ctx context.Context, db *store.DB) (*Tokens, error) {
	key, err := LoadSecret(ctx, db, "rating_key")
	if err != nil {
		return nil, err
	}
	return &Tokens{key: key}, nil
}

// RatingToken is the token printed in the QR of a ticket (kind "ticket",
// id the ticket id) or of a dossier receipt (kind "dossier", id the code).
func (t *Tokens) RatingToken(kind, id string) string {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte("rating\x00" + kind + "\x00" + id))
	return strings.ToLower(base32.StdEncoding.EncodeToString(m.Sum(nil)[:10]))
}

// ValidRatingToken checks a token in constant time.
func (t *Tokens) ValidRatingToken(kind, id, token string) bool {
	token = strings.ToLower(strings.TrimSpace(token))
	if !ratingTokenRe.MatchString(token) {
		return false
	}
	return hmac.Equal([]byte(token), []byte(t.RatingToken(kind, id)))
}

// DossierQR is the payload of a dossier receipt's QR: the code, then the
// rating token ("000.00.06.H26-231027-0361?r=abcdefghijklmnop"). The
// barcode on the same paper stays the bare code, for typing and lookups.
func (t *Tokens) DossierQR(code string) string {
	return code + "?r=" + t.RatingToken("dossier", code)
}

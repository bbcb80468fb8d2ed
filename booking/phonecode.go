package booking

// Phone verification by one-time code (docs/SECURITY.md, "Centre: online
// bookings"). Before a booking or a remote number, the page asks
// POST /api/v1/phone-codes for a 6-digit code sent to the phone by the
// notifier (SMS or Zalo ZNS) and gets a code id; the booking or the number
// then carries the id and the code, and is made in the same write that
// consumes the code. The code is stored only as an HMAC under the booking
// key, lives 5 minutes, is used once, and allows 3 tries: each try is
// claimed (counted in its own write) before it is checked.

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net/http"
	"strconv"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// VerifyPhone modes ([booking] verify_phone).
const (
	VerifyAuto   = "auto"
	VerifyAlways = "always"
	VerifyNever  = "never"
)

// The code's rules. They are fixed: the texts the citizen reads (SMS, the
// pages) say "5 phút" and count the tries.
const (
	CodeTTL      = 5 * time.Minute
	CodeResend   = 60 * time.Second // between two sends to one phone
	CodeTries    = 3
	codeDigits   = 6
	codeIDLength = 32 // hex of 16 random bytes
)

// PhoneCode is a one-time code as the notifier sends it (its kind "code").
type PhoneCode struct {
	ID      string // the message's id: a digest of the code id, never the code
	Phone   string // normalised
	Code    string // the 6 digits, for the text only
	Minutes int    // its lifetime
	Expires time.Time
}

// OnPhoneCode registers fn to send the codes of db, inside the write that
// stores them (its error undoes the send). reaches says whether the
// channel reaches phones (SMS, ZNS, the demo's simulated gateway; not the
// log): with verify_phone = "auto" only such a channel turns verification
// on. It fails when the bookings mounted on db insist on verification
// ("always") and the channel cannot deliver a code.
func OnPhoneCode(db *store.DB, reaches bool, fn func(*store.Tx, PhoneCode) error) error {
	if v, ok := byDB.Load(db); ok && !reaches && v.(*Service).conf().VerifyPhone == VerifyAlways {
		return fmt.Errorf(`booking.verify_phone = "always" (in the file or saved in the console's booking settings) needs a phone channel that reaches phones ([notify] phone = "sms" or "zalo")`)
	}
	h, _ := hooksByDB.LoadOrStore(db, &notifyHooks{})
	h.(*notifyHooks).code = fn
	h.(*notifyHooks).codeReaches = reaches
	return nil
}

// PhoneCodeSender is the send registered for db (nil: none), for tests of
// the notifier.
func PhoneCodeSender(db *store.DB) func(*store.Tx, PhoneCode) error {
	h, ok := hooksByDB.Load(db)
	if !ok {
		return nil
	}
	return h.(*notifyHooks).code
}

// codeSender is the notifier's send of codes, and whether it reaches phones.
func (s *Service) codeSender() (func(*store.Tx, PhoneCode) error, bool) {
	h, ok := hooksByDB.Load(s.db)
	if !ok || h.(*notifyHooks).code == nil {
		return nil, false
	}
	return h.(*notifyHooks).code, h.(*notifyHooks).codeReaches
}

// Verifying reports whether bookings and remote numbers need a code now.
func (s *Service) Verifying() bool {
	switch s.conf().VerifyPhone {
	case VerifyNever:
		return false
	case VerifyAlways:
		return true
	}
	_, reaches := s.codeSender()
	return reaches
}

func newDigits() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err)
	}
	return fmt.Sprintf("%06d", n.Int64())
}

func (s *Service) codeMAC(id, code string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte("phone-code\x00" + id + "\x00" + code))
	return hex.EncodeToString(m.Sum(nil))
}

type codeReq struct {
	Phone string `json:"phone"`
}

// CodeSent is the answer to POST /api/v1/phone-codes.
type CodeSent struct {
	ID           string    `json:"phone_code_id"`
	SentTo       string    `json:"sent_to"` // the phone, masked
	ExpiresAt    time.Time `json:"expires_at"`
	ValidS       int       `json:"valid_s"`
	ResendAfterS int       `json:"resend_after_s"`
	Tries        int       `json:"tries"`
}

func rateErr(w http.ResponseWriter, after time.Duration, vi, en string) error {
	w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(after.Seconds())))))
	return &queue.Error{Code: queue.CodeRateLimited, Message: vi, MessageEN: en}
}

// sendCode makes a code for a phone and hands it to the notifier. The limits
// are checked cheapest first, and each limiter counts the requests it
// refuses too (fixed windows count before they answer): the network's
// share of the budget, per client address (a refusal there is taken back
// from the network's count), the resend cooldown (no counter: a refusal
// there costs the address only), per phone (HMAC), then the centre's own
// budget, which keeps a reserve for networks that have not used it
// (phonecode_net.go). The answer never depends on whether the phone has
// bookings.
func (s *Service) sendCode(w http.ResponseWriter, r *http.Request) {
	var req codeReq
	if err := decode(r, &req); err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	if err := s.sendCodeTo(w, r, req.Phone); err != nil {
		var qe *queue.Error
		if errors.As(err, &qe) && qe.Code == queue.CodeRateLimited {
			s.codeRefused() // the report's count (phonecode_counts.go)
		}
		s.srv.ReplyError(w, r, err)
	}
}

func (s *Service) sendCodeTo(w http.ResponseWriter, r *http.Request, rawPhone string) error {
	if !s.Verifying() {
		return queue.Errf(queue.CodeInvalid, "Trung tâm không yêu cầu mã xác nhận số điện thoại.", "The centre does not ask for a code.")
	}
	send, _ := s.codeSender()
	if send == nil {
		s.log.Error("a phone code was asked for but no notifier sends codes (verify_phone = always)")
		return queue.Errf(queue.CodeInternal, "Trung tâm tạm thời không gửi được mã xác nhận. Xin vui lòng thử lại sau.", "The centre cannot send codes just now. Please try again later.")
	}
	phone, ok := NormPhone(rawPhone)
	if !ok {
		return bad("Số điện thoại không hợp lệ (ví dụ: 0912345678)", "phone: want a Vietnamese mobile number")
	}
	// The network's share first, then the address: one network must not
	// push more than its share's worth of addresses to their limit (a full
	// table evicts the others but keeps those) — a /48 holds 65 536 /64
	// keys, and once the share is spent its requests make no address key. A request the address limit
	// refuses is taken back from the network's count, so one address
	// cannot spend its neighbours' share either.
	network := ClientNetwork(r)
	byNet := s.codeByNet()
	if !byNet.Allow(network) {
		return rateErr(w, time.Hour, "Đã có quá nhiều mã xác nhận được gửi từ mạng này trong một giờ. Xin vui lòng thử lại sau.",
			"Too many codes were asked for from this network in an hour. Please try again later.")
	}
	if !s.codeByAddr.Allow(centre.ClientAddr(r)) {
		byNet.Refund(network)
		return rateErr(w, time.Hour, "Đã có quá nhiều mã xác nhận được gửi từ mạng này trong một giờ. Xin vui lòng thử lại sau.",
			"Too many codes were asked for from this network in an hour. Please try again later.")
	}
	ph := mac(s.key, "phone", phone)
	now := s.now()
	var last int64
	if err := s.db.Read().QueryRowContext(r.Context(), `SELECT COALESCE(MAX(created_at), 0) FROM phone_codes WHERE phone_hmac = ?`, ph).Scan(&last); err != nil {
		return err
	}
	if wait := time.UnixMilli(last).Add(CodeResend).Sub(now); last != 0 && wait > 0 {
		return rateErr(w, wait, fmt.Sprintf("Mã vừa được gửi đến số này. Xin đợi %d giây rồi bấm “Gửi lại mã”.", int(math.Ceil(wait.Seconds()))),
			fmt.Sprintf("A code was just sent to this number. Please wait %d seconds, then press “Resend code”.", int(math.Ceil(wait.Seconds()))))
	}
	if !s.codeByPhone.Allow(ph) {
		return rateErr(w, time.Hour, "Số điện thoại này đã nhận quá nhiều mã xác nhận trong một giờ. Xin vui lòng thử lại sau một giờ, hoặc đến trung tâm lấy số thứ tự tại máy lấy số (không cần mã).",
			"This number has received too many codes in an hour. Please try again in an hour, or come to the centre and take a number at the kiosk (no code needed).")
	}
	if !s.takeBudget(network) {
		// not sent: the number's count is of codes it received, so
		// requests the spent budget refuses cannot push made-up numbers to
		// their limit (a full table keeps those: docs/SECURITY.md, session 9)
		s.codeByPhone.Refund(ph)
		s.log.Warn("the centre's hourly budget of phone codes is spent", "per_hour", s.conf().CodeSendsPerHour)
		return rateErr(w, 10*time.Minute, errBudgetSpentVI, errBudgetSpentEN)
	}
	id := randomID()
	idHash := codeHash(id)
	code := newDigits()
	exp := now.Add(CodeTTL)
	err := s.db.Write(r.Context(), func(tx *store.Tx) error {
		// the cooldown again, in the serialised write: two sends at once to one phone make one code
		var recent int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM phone_codes WHERE phone_hmac = ? AND created_at > ?`,
			ph, now.Add(-CodeResend).UnixMilli()).Scan(&recent); err != nil {
			return err
		}
		if recent > 0 {
			return rateErr(w, CodeResend, "Mã vừa được gửi đến số này. Xin đợi một phút rồi bấm “Gửi lại mã”.",
				"A code was just sent to this number. Please wait a minute, then press “Resend code”.")
		}
		// the table stays small: expired codes go, and a phone keeps only its newest code
		if err := s.countEnded(tx, `expires_at <= ? OR phone_hmac = ?`, now.UnixMilli(), ph); err != nil {
			return err
		}
		if err := bumpCounts(tx, queue.Day(now), "sent", 1); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM phone_codes WHERE expires_at <= ? OR phone_hmac = ?`, now.UnixMilli(), ph); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO phone_codes (id_hash, phone_hmac, code_mac, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
			idHash, ph, s.codeMAC(id, code), now.UnixMilli(), exp.UnixMilli()); err != nil {
			return err
		}
		return send(tx, PhoneCode{ID: idHash[:20], Phone: phone, Code: code, Minutes: int(CodeTTL / time.Minute), Expires: exp})
	})
	if err != nil {
		return err
	}
	s.log.Info("phone code sent", "to", MaskPhone(phone))
	writeJSON(w, http.StatusCreated, CodeSent{ID: id, SentTo: MaskPhone(phone), ExpiresAt: exp, ValidS: int(CodeTTL / time.Second),
		ResendAfterS: int(CodeResend / time.Second), Tries: CodeTries})
	return nil
}

// codeClaim is a code checked right: Consume uses it inside the write that
// makes the booking or the number; Release gives its try back when that
// write did not happen.
type codeClaim struct {
	s      *Service
	idHash string
}

var (
	errCodeGone = queue.Errf(queue.CodeTransition, "Mã đã hết hạn, bấm “Gửi lại mã” để nhận mã mới.", "The code has expired; press “Resend code” for a new one.")
	errCodeUsed = queue.Errf(queue.CodeTransition, "Mã này đã được dùng. Bấm “Gửi lại mã” để nhận mã mới.", "This code has been used; press “Resend code” for a new one.")
)

// checkCode claims a try of the code id for the phone (HMAC ph), then
// compares the code in constant time. Nil claim, nil error: no
// verification is asked for.
func (s *Service) checkCode(ctx context.Context, ph, id, code string) (*codeClaim, error) {
	if !s.Verifying() {
		return nil, nil
	}
	if id == "" || code == "" {
		return nil, bad("Xin bấm “Gửi mã” và nhập mã xác nhận gồm 6 chữ số đã gửi đến số điện thoại của Quý khách.",
			"Press “Send code” and type the 6-digit code sent to your phone.")
	}
	if len(id) != codeIDLength || len(code) != codeDigits {
		if len(code) != codeDigits {
			return nil, bad("Mã xác nhận gồm đúng 6 chữ số.", "The code has exactly 6 digits.")
		}
		return nil, errCodeGone
	}
	idHash := codeHash(id)
	now := s.now().UnixMilli()
	var attempts int
	var stored string
	claimed := false
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		err := tx.QueryRow(`UPDATE phone_codes SET attempts = attempts + 1
			WHERE id_hash = ? AND phone_hmac = ? AND used_at = 0 AND expires_at > ? AND attempts < ?
			RETURNING attempts, code_mac`, idHash, ph, now, CodeTries).Scan(&attempts, &stored)
		if store.IsNoRows(err) {
			return nil
		}
		claimed = err == nil
		return err
	})
	if err != nil {
		return nil, err
	}
	if !claimed {
		return nil, s.whyRefused(ctx, idHash, ph, now)
	}
	if !hmac.Equal([]byte(stored), []byte(s.codeMAC(id, code))) {
		left := CodeTries - attempts
		if left <= 0 {
			return nil, bad("Mã không đúng. Quý khách đã nhập sai 3 lần; bấm “Gửi lại mã” để nhận mã mới.",
				"Wrong code. You have typed a wrong code 3 times; press “Resend code” for a new one.")
		}
		return nil, queue.Errf(queue.CodeInvalid, "Mã không đúng, Quý khách còn %d lần thử.", "Wrong code; %d tries left.", left)
	}
	return &codeClaim{s: s, idHash: idHash}, nil
}

// whyRefused names why a code could not be tried: used, locked, or gone (a
// code id for another phone is answered as gone).
func (s *Service) whyRefused(ctx context.Context, idHash, ph string, now int64) error {
	var attempts int
	var used, expires int64
	err := s.db.Read().QueryRowContext(ctx, `SELECT attempts, used_at, expires_at FROM phone_codes WHERE id_hash = ? AND phone_hmac = ?`,
		idHash, ph).Scan(&attempts, &used, &expires)
	switch {
	case store.IsNoRows(err) || err == nil && expires <= now:
		return errCodeGone
	case err != nil:
		return err
	case used != 0:
		return errCodeUsed
	default:
		return bad("Quý khách đã nhập sai mã 3 lần. Bấm “Gửi lại mã” để nhận mã mới.", "You have typed a wrong code 3 times; press “Resend code” for a new one.")
	}
}

// Consume marks the code used, inside the write that makes the booking or
// the number: of two requests with one code, one makes it.
func (c *codeClaim) Consume(tx *store.Tx) error {
	if c == nil {
		return nil
	}
	res, err := tx.Exec(`UPDATE phone_codes SET used_at = ? WHERE id_hash = ? AND used_at = 0`, c.s.now().UnixMilli(), c.idHash)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		if err == nil {
			err = errCodeUsed
		}
		return err
	}
	return bumpCounts(tx, queue.Day(c.s.now()), "verified", 1)
}

// Unconsume gives a consumed code back (a remote number whose ticket could
// not be issued), inside the write that drops the claim.
func (c *codeClaim) Unconsume(tx *store.Tx) error {
	if c == nil {
		return nil
	}
	res, err := tx.Exec(`UPDATE phone_codes SET used_at = 0 WHERE id_hash = ? AND used_at != 0`, c.idHash)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return err
	}
	return bumpCounts(tx, queue.Day(c.s.now()), "verified", -1)
}

// Release gives back the try of a right code whose booking failed (slot
// full, caps): the citizen corrects the form and sends the same code again.
func (c *codeClaim) Release(ctx context.Context) {
	if c == nil {
		return
	}
	err := c.s.db.Write(context.WithoutCancel(ctx), func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE phone_codes SET attempts = attempts - 1 WHERE id_hash = ? AND used_at = 0 AND attempts > 0`, c.idHash)
		return err
	})
	if err != nil {
		c.s.log.Error("phone code try not given back", "err", err)
	}
}

// forgetCodes deletes expired codes (hourly, with the other forgetting).
func (s *Service) forgetCodes(ctx context.Context) error {
	t := s.tally()
	t.flushMu.Lock() // the report reads the table and the tally as one (CodeReport)
	defer t.flushMu.Unlock()
	var flushed func(bool)
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		now := s.now().UnixMilli()
		if err := s.countEnded(tx, `expires_at <= ?`, now); err != nil {
			return err
		}
		var err error
		if flushed, err = s.flushRefusals(tx); err != nil {
			return err
		}
		_, err = tx.Exec(`DELETE FROM phone_codes WHERE expires_at <= ?`, now)
		return err
	})
	if flushed != nil {
		flushed(err == nil)
	}
	return err
}

package booking

import (
	"context"
	"sync"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Hooks for notifications (package notify, mounted from cmd/motcua): the
// booking keeps no phone in clear, so the notifier gets it here, inside the
// booking's own write transaction — the confirmation and the reminder are
// then durable exactly when the booking is (a 201 is never left without
// its message, a failed booking never sends one).

// Booked is a new booking as the notifier needs it.
type Booked struct {
	CodeHash    string // the booking's key (SHA-256 of the code)
	Code        string // the code itself, for the citizen's message
	Phone       string // normalised (0912345678)
	Service     string
	ServiceName string
	Start, End  time.Time
	Link        string // the booking's page (what its QR encodes)
}

// TicketPhone is a ticket taken remotely with a phone number (/lay-so).
type TicketPhone struct {
	TicketID string
	Phone    string // normalised
	Day      string
}

type notifyHooks struct {
	booked      func(*store.Tx, Booked) error
	ticket      func(*store.Tx, TicketPhone) error
	code        func(*store.Tx, PhoneCode) error
	codeReaches bool
}

var (
	hooksByDB sync.Map // *store.DB → *notifyHooks
	byDB      sync.Map // *store.DB → *Service (set by Mount)
)

// OnBooked registers fn to run in the write transaction of every booking
// made on db (its error undoes the booking); OnTicketPhone likewise for
// remote numbers. Registered by the notifier before the server listens.
func OnBooked(db *store.DB, fn func(*store.Tx, Booked) error) {
	h, _ := hooksByDB.LoadOrStore(db, &notifyHooks{})
	h.(*notifyHooks).booked = fn
}

// OnTicketPhone: see OnBooked.
func OnTicketPhone(db *store.DB, fn func(*store.Tx, TicketPhone) error) {
	h, _ := hooksByDB.LoadOrStore(db, &notifyHooks{})
	h.(*notifyHooks).ticket = fn
}

// notifyBooked is the one call in book(): err is the insert's (returned
// as it is when not nil, the notifier not called).
func (s *Service) notifyBooked(tx *store.Tx, err error, code, phone string, sv queue.Service, slot Slot) error {
	if err != nil {
		return err
	}
	h, ok := hooksByDB.Load(s.db)
	if !ok || h.(*notifyHooks).booked == nil || !s.textBudget("booking") {
		return nil
	}
	return h.(*notifyHooks).booked(tx, Booked{CodeHash: codeHash(code), Code: code, Phone: phone, Service: sv.ID,
		ServiceName: sv.Name, Start: slot.Start, End: slot.End, Link: s.link(code)})
}

// NotifyTicket hands the phone of a remote number to the notifier inside
// the transaction that issues it (for /lay-so).
func (s *Service) NotifyTicket(tx *store.Tx, ticketID, phone string) error {
	h, ok := hooksByDB.Load(s.db)
	if !ok || h.(*notifyHooks).ticket == nil || !s.textBudget("remote number") {
		return nil
	}
	return h.(*notifyHooks).ticket(tx, TicketPhone{TicketID: ticketID, Phone: phone, Day: queue.Day(s.now())})
}

// StateOf is a booking's record by its code hash, for the notifier: a
// reminder is dropped for a cancelled booking and follows a moved one; the
// ticket of a checked-in booking gets the "called" messages.
func StateOf(ctx context.Context, db *store.DB, codeHash string) (Record, error) {
	return scanRecord(db.Read().QueryRowContext(ctx, `SELECT `+recordCols+` FROM bookings WHERE code_hash = ?`, codeHash))
}

// ErrNoBooking is what StateOf answers for an unknown hash.
var ErrNoBooking = errNoBooking

// textBudget says whether the texts of a booking or a remote number may be
// queued. With verify_phone = "never" and a channel that reaches phones
// (and costs: SMS, ZNS) the phone was never proven, so its texts count
// against the centre's hourly budget of codes (code_sends_per_hour): an
// attacker with many addresses and invented numbers cannot run up the bill
// without bound. Once spent, the booking or number is still made, without
// texts (its page shows it). When phones are verified, each booking or
// number used a code that was counted. docs/SECURITY.md, "Session 7 review".
func (s *Service) textBudget(what string) bool {
	if s.conf().VerifyPhone != VerifyNever {
		return true
	}
	if _, reaches := s.codeSender(); !reaches {
		return true
	}
	if s.codeAll.Allow("") {
		return true
	}
	s.log.Warn("the centre's hourly budget of texts is spent: made without texts", "what", what, "per_hour", s.conf().CodeSendsPerHour)
	return false
}

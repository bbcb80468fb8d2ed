package notify_test

import (
	"testing"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/notify"
)

// Personal data is kept only as long as needed: a phone is in clear only
// in a pending message and in the watch of a booking until its day is over;
// settled messages keep the masked contact only, and go after keep_days.
func TestContactsForgotten(t *testing.T) {
	e := newEnv(t, notify.Config{KeepDays: 30, RetryMin: "50ms", RetryMax: "100ms"}, notify.Options{}, at("2026-09-07 07:00"))
	for _, b := range []struct {
		start string
		phone string
	}{{"2026-09-07 09:00", "0912345678"}, {"2026-09-08 09:00", "0987654321"}} {
		var v booking.View
		if code, body := e.do("POST", "/api/v1/bookings", "", map[string]any{"service": "hotich", "slot_start": at(b.start), "phone": b.phone}, &v); code != 201 {
			t.Fatalf("book: %d %s", code, body)
		}
	}
	eventually(t, "confirmations through the log sink", func() bool {
		n := 0
		for _, r := range e.rows() {
			if r.Kind == notify.KindBooked && r.Status == "sent" {
				n++
			}
		}
		return n == 2
	})
	clear := func(table string) int {
		var n int
		if err := e.db.Read().QueryRow(`SELECT count(*) FROM ` + table + ` WHERE contact != ''`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Pending: the reminder; watched: both bookings (their tickets may be called).
	if n := clear("notify_outbox"); n != 1 {
		t.Fatalf("%d messages with a contact in clear, want the pending reminder only", n)
	}
	if n := clear("notify_watch"); n != 2 {
		t.Fatalf("%d watches", n)
	}
	// The next day after the slot: the reminder is useless (skipped or
	// expired, its contact gone), Monday's watch is deleted.
	e.set(at("2026-09-08 10:00"))
	if err := e.n.Purge(t.Context()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the reminder settled", func() bool { return clear("notify_outbox") == 0 })
	for _, r := range e.rows() {
		if r.Status == "pending" || r.Params != "{}" {
			t.Fatalf("%+v", r)
		}
	}
	var mask string
	e.db.Read().QueryRow(`SELECT contact_mask FROM notify_outbox WHERE kind = 'booked' ORDER BY contact_mask LIMIT 1`).Scan(&mask)
	if mask != "091*****78" {
		t.Fatalf("mask %q", mask)
	}
	if n := clear("notify_watch"); n != 1 {
		t.Fatalf("%d watches left on Tuesday, want Tuesday's", n)
	}
	// After keep_days nothing is left.
	e.set(at("2026-10-09 10:00"))
	if err := e.n.Purge(t.Context()); err != nil {
		t.Fatal(err)
	}
	if n := len(e.rows()); n != 0 {
		t.Fatalf("%d messages after keep_days", n)
	}
	if n := clear("notify_watch"); n != 0 {
		t.Fatalf("%d watches left", n)
	}
}

package kiosk

import (
	"context"
	"errors"
	"strings"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

// CheckIn opens the "I have an appointment" screen: scan the booking QR
// or the CCCD, or type the booking code on the on-screen keyboard.
func (p *Presenter) CheckIn() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.show(ScreenCheckIn)
	p.v.Input = ""
	p.render()
}

// SubmitCheckIn checks in the typed booking code (or a typed 12-digit
// CCCD number), checked for its form before any request.
func (p *Presenter) SubmitCheckIn() {
	p.touch()
	if p.v.Busy {
		return
	}
	in := strings.ToUpper(strings.TrimSpace(p.v.Input))
	if isCCCDNumber(in) {
		p.checkIn(func(ctx context.Context) (client.BookingCheckIn, error) { return p.o.API.CheckInBookingByCCCD(ctx, in) })
		return
	}
	if !isBookingCode(in) {
		p.v.Notice = p.t("checkin.badcode")
		p.render()
		return
	}
	p.checkIn(func(ctx context.Context) (client.BookingCheckIn, error) { return p.o.API.CheckInBooking(ctx, in) })
}

// isBookingCode: 16 letters and digits, in groups separated by dashes
// (the server reads O as 0 and I, L as 1, and says when it knows no such code).
func isBookingCode(s string) bool {
	n := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= 'A' && r <= 'Z':
			n++
		case r == '-' || r == ' ':
		default:
			return false
		}
	}
	return n == 16
}

func isCCCDNumber(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkIn runs a booking check-in: on success the ticket is shown and
// printed exactly as a number taken at the kiosk (with the server's kind
// explanation when the citizen came late); a refusal (too early, unknown
// code, already checked in) stays on the check-in screen with the
// server's own sentence and the way back.
func (p *Presenter) checkIn(call func(ctx context.Context) (client.BookingCheckIn, error)) {
	if p.v.Screen != ScreenCheckIn {
		// A booking QR scanned over another flow (or the previous
		// citizen's ticket) starts afresh: Back leads home.
		p.home()
		p.show(ScreenCheckIn)
		p.v.Input = ""
	}
	p.v.Busy, p.v.BusyText, p.v.Notice = true, p.t("checkin.busy"), ""
	p.render()
	gen, lang := p.gen, p.v.Lang
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ctx, cancel := p.call(p.ctx)
		res, err := call(ctx)
		cancel()
		if err != nil {
			p.o.Dispatch(func() {
				if gen != p.gen {
					return
				}
				p.v.Busy = false
				var ce *client.Error
				switch {
				case client.IsCode(err, queue.CodeNotFound) && p.v.Lang == EN:
					p.v.Notice = p.t("checkin.notfound")
				case p.v.Lang == EN && errors.As(err, &ce) && ce.Status == 409 && ce.MessageEN != "":
					// The server's English is a log line ("too early: check-in opens at 09:45 on …").
					if s, ok := checkInEN(ce.MessageEN); ok {
						p.v.Notice = s
					} else {
						p.v.Notice = strings.ToUpper(ce.MessageEN[:1]) + ce.MessageEN[1:] + "."
					}
				default:
					p.fail(err)
				}
				p.render()
			})
			return
		}
		t := NewTicket(res.Issued, "", p.o.PublicURL)
		t.Lang = lang
		p.o.Log.Info("kiosk: booking checked in", "ticket", t.ID, "number", t.Number, "service", t.Service, "late", res.Late)
		notice := ""
		if res.Late {
			notice = res.Notice
			if lang == EN || notice == "" {
				notice = T(lang, "checkin.late")
			}
		}
		p.deliver(t, notice)
	}()
}

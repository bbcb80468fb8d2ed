package kiosk

import (
	"context"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/hardware/scanner"
)

// Scan handles a code read by the scanner (serial or keyboard wedge).
// Raw scans may hold personal data: they are never logged.
func (p *Presenter) Scan(s scanner.Scan) {
	if p.v.Screen == ScreenOffline || p.v.Screen == ScreenAdmin || p.v.Busy {
		return
	}
	p.touch()
	p.o.Log.Info("kiosk: scan", "kind", s.Kind.String())
	// A booking QR checks in wherever it is scanned.
	if s.Kind == scanner.KindBooking {
		code := s.BookingCode
		p.checkIn(func(ctx context.Context) (client.BookingCheckIn, error) { return p.o.API.CheckInBooking(ctx, code) })
		return
	}
	if p.v.Screen == ScreenCheckIn {
		switch s.Kind {
		case scanner.KindCCCD:
			id := s.CCCD.ID
			p.v.Input = ""
			p.checkIn(func(ctx context.Context) (client.BookingCheckIn, error) { return p.o.API.CheckInBookingByCCCD(ctx, id) })
		case scanner.KindDossier, scanner.KindTicket:
			p.v.Notice = p.t("checkin.wrongqr")
			p.render()
		default:
			p.v.Notice = p.t("checkin.unreadable")
			p.render()
		}
		return
	}
	rating := p.v.Screen == ScreenRateSubject || p.v.Screen == ScreenRateLevel || p.v.Screen == ScreenRateReason || p.v.Screen == ScreenRateComment
	if rating && (s.Kind == scanner.KindTicket || s.Kind == scanner.KindDossier) {
		r := Rating{TicketID: s.TicketID, DossierCode: s.DossierCode, Token: s.RatingToken}
		if r.Token == "" {
			// A paper printed before rating tokens: it cannot rate.
			if p.v.Screen != ScreenRateSubject {
				p.show(ScreenRateSubject)
			}
			p.v.Notice = p.t("rate.oldqr")
			p.render()
			return
		}
		p.checkSubject(r)
		return
	}
	if p.v.Screen == ScreenHome && s.Kind == scanner.KindTicket && s.RatingToken != "" {
		p.rateFromHome(Rating{TicketID: s.TicketID, Token: s.RatingToken})
		return
	}
	if p.v.Screen != ScreenLookup {
		p.show(ScreenLookup)
		p.v.Input = ""
	}
	switch s.Kind {
	case scanner.KindDossier:
		p.v.Input = s.DossierCode
		p.lookupCode(s.DossierCode, s.RatingToken)
	case scanner.KindCCCD:
		p.v.Input = ""
		p.lookupCCCD(s.Raw)
	case scanner.KindTicket:
		p.v.Notice = p.t("lookup.ticket")
		p.render()
	default:
		msg := s.Message()
		if msg == "" {
			msg = p.t("lookup.badcode")
		}
		if p.v.Lang == EN {
			msg = "The code could not be read. Please scan again."
		}
		p.v.Notice = msg
		p.render()
	}
}

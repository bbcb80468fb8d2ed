package kiosk_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
)

// hanoi is a time in Hà Nội.
func hanoi(s string) time.Time { return kiosktest.Hanoi(s) }

// TestCheckInBooking: bookings made on the public API (a Monday at 07:00)
// are checked in at the kiosk at 08:50 by typed code, by the scanned
// booking QR (on the home screen) and by the CCCD scanned on the
// check-in screen; each gives a ticket shown and printed as a number
// taken at the kiosk, with the booking's appointment served first. A
// booking for 10:00 is too early, one for 08:00 is late (an ordinary
// ticket with the server's kind explanation), and an unknown, a malformed
// and a used code are refused with a sentence and the way back.
func TestCheckInBooking(t *testing.T) {
	var answers []client.BookingCheckIn // the server's answers, as the kiosk got them
	h := newHarness(t, hopt{booking: &booking.Config{}, api: func(a kiosk.API) kiosk.API { return recorder{a, &answers} }})
	h.env.SetNow(hanoi("2027-03-15 07:00"))
	typed := h.env.Book(t, "hotich", hanoi("2027-03-15 09:00"), "0912000001", "")
	scanned := h.env.Book(t, "datdai", hanoi("2027-03-15 09:00"), "0912000002", "")
	byCCCD := h.env.Book(t, "hotich", hanoi("2027-03-15 09:00"), "0912000003", "001099012345")
	early := h.env.Book(t, "datdai", hanoi("2027-03-15 10:00"), "0912000004", "")
	late := h.env.Book(t, "datdai", hanoi("2027-03-15 08:00"), "0912000005", "")
	h.env.SetNow(hanoi("2027-03-15 08:50"))

	// Typed on the on-screen keyboard, with the dashes as printed.
	v := h.do(func(p *kiosk.Presenter) { p.CheckIn() })
	if v.Screen != kiosk.ScreenCheckIn {
		t.Fatalf("check-in screen: %s", v.Screen)
	}
	for _, k := range strings.Split(typed.Code, "") {
		h.do(func(p *kiosk.Presenter) { p.Key(k) })
	}
	v = h.do(func(p *kiosk.Presenter) { p.SubmitCheckIn() })
	if v.Screen != kiosk.ScreenTicket || v.Ticket == nil || v.Ticket.Number != "A001" || v.Notice != "" {
		t.Fatalf("typed code: %s %+v notice %q", v.Screen, v.Ticket, v.Notice)
	}
	want := "https://motcua.example.vn/t/" + v.Ticket.ID + "?r=" + h.env.Server.RatingToken("ticket", v.Ticket.ID)
	if v.Ticket.TrackURL != want {
		t.Fatalf("ticket QR %q, want %q", v.Ticket.TrackURL, want)
	}
	pages, err := h.sim.WaitPages(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := kiosktest.DecodeQR(pages[0].Image); err != nil || got != want {
		t.Fatalf("printed QR = %q, %v; want %q", got, err, want)
	}
	if !v.TicketPrinted {
		t.Fatal("checked-in ticket not printed")
	}
	if a := answers[len(answers)-1]; a.ID != v.Ticket.ID || a.AppointmentAt == nil || !a.AppointmentAt.Equal(hanoi("2027-03-15 09:00")) || a.Late {
		t.Fatalf("check-in answer: %+v (want the 09:00 appointment)", a)
	}

	// The booking QR scanned on the home screen checks in directly.
	h.do(func(p *kiosk.Presenter) { p.Home() })
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(scanned.QR + "\r\n")) })
	if v.Screen != kiosk.ScreenTicket || v.Ticket == nil || v.Ticket.Number != "C001" || v.Notice != "" {
		t.Fatalf("scanned QR %q: %s %+v notice %q", scanned.QR, v.Screen, v.Ticket, v.Notice)
	}
	if _, err := h.sim.WaitPages(context.Background(), 2); err != nil {
		t.Fatal(err)
	}
	// Scanned again over that ticket screen: refused, and Back leads home.
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(scanned.QR)) })
	if v.Screen != kiosk.ScreenCheckIn || v.Notice != "Lịch hẹn này đã được lấy số rồi." {
		t.Fatalf("used QR over the ticket: %s %q", v.Screen, v.Notice)
	}
	if v = h.do(func(p *kiosk.Presenter) { p.Back() }); v.Screen != kiosk.ScreenHome {
		t.Fatalf("back: %s", v.Screen)
	}

	// The CCCD scanned on the check-in screen.
	h.do(func(p *kiosk.Presenter) { p.Home() })
	h.do(func(p *kiosk.Presenter) { p.CheckIn() })
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(kiosktest.CCCD)) })
	if v.Screen != kiosk.ScreenTicket || v.Ticket == nil || v.Ticket.Number != "A002" || v.Ticket.Service != "hotich" {
		t.Fatalf("by CCCD: %s %+v notice %q", v.Screen, v.Ticket, v.Notice)
	}

	// Too early: the server's sentence, on the check-in screen.
	h.do(func(p *kiosk.Presenter) { p.Home() })
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(early.QR)) })
	if v.Screen != kiosk.ScreenCheckIn || v.Ticket != nil ||
		v.Notice != "Quý khách đến sớm hơn giờ hẹn. Mời quý khách quay lại lấy số từ 09:45 ngày 15/03/2027." {
		t.Fatalf("too early: %s notice %q", v.Screen, v.Notice)
	}
	// In English, the kiosk's sentence with the server's time (its message_en is a log line).
	h.do(func(p *kiosk.Presenter) { p.ToggleLang() })
	v = h.do(func(p *kiosk.Presenter) { p.SubmitCheckIn() }) // nothing typed: the form is checked first
	if v.Notice != kiosk.T(kiosk.EN, "checkin.badcode") {
		t.Fatalf("English, empty code: %q", v.Notice)
	}
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(early.QR)) })
	if v.Screen != kiosk.ScreenCheckIn || v.Notice != "You are early for your appointment. Please come back to get your number from 09:45 on 15/03/2027." {
		t.Fatalf("too early in English: %s notice %q", v.Screen, v.Notice)
	}
	h.do(func(p *kiosk.Presenter) { p.ToggleLang() })
	// ... and the way back.
	if v = h.do(func(p *kiosk.Presenter) { p.Back() }); v.Screen != kiosk.ScreenHome {
		t.Fatalf("back from the refusal: %s", v.Screen)
	}

	// Late: an ordinary ticket (no appointment), with the explanation.
	h.do(func(p *kiosk.Presenter) { p.CheckIn() })
	for _, k := range strings.Split(strings.ToLower(strings.ReplaceAll(late.Code, "-", "")), "") {
		h.do(func(p *kiosk.Presenter) { p.Key(k) })
	}
	v = h.do(func(p *kiosk.Presenter) { p.SubmitCheckIn() })
	if v.Screen != kiosk.ScreenTicket || v.Ticket == nil || !strings.Contains(v.Notice, "đến sau giờ hẹn (08:00)") ||
		!strings.Contains(v.Notice, v.Ticket.Number) {
		t.Fatalf("late: %s %+v notice %q", v.Screen, v.Ticket, v.Notice)
	}
	if a := answers[len(answers)-1]; a.ID != v.Ticket.ID || a.AppointmentAt != nil || !a.Late {
		t.Fatalf("late ticket kept its appointment: %+v", a)
	}

	// Refusals: a used code, an unknown one, a malformed one (no request),
	// a dossier receipt scanned on the check-in screen.
	for _, tc := range []struct {
		name string
		act  func(p *kiosk.Presenter)
		want string
	}{
		{"used", func(p *kiosk.Presenter) { p.Scan(scanner.Classify(typed.QR)) }, "Lịch hẹn này đã được lấy số rồi."},
		{"unknown", func(p *kiosk.Presenter) { p.ClearInput(); p.Key("B2FR-GA6B-F6ZX-VS2Y"); p.SubmitCheckIn() },
			"Không tìm thấy lịch hẹn với mã này. Xin kiểm tra lại mã đặt lịch."},
		{"malformed", func(p *kiosk.Presenter) { p.ClearInput(); p.Key("B2FR-GA6B"); p.SubmitCheckIn() }, kiosk.T(kiosk.VI, "checkin.badcode")},
		{"receipt", func(p *kiosk.Presenter) { p.Scan(scanner.Classify(h.env.DossierQR)) }, kiosk.T(kiosk.VI, "checkin.wrongqr")},
	} {
		h.do(func(p *kiosk.Presenter) { p.Home() })
		h.do(func(p *kiosk.Presenter) { p.CheckIn() })
		if v := h.do(tc.act); v.Screen != kiosk.ScreenCheckIn || v.Notice != tc.want {
			t.Errorf("%s: %s notice %q, want %q", tc.name, v.Screen, v.Notice, tc.want)
		}
	}

	// byCCCD is checked in; early is still bookable later.
	if _, err := h.env.Kiosk(t).CheckInBooking(context.Background(), byCCCD.Code); err == nil {
		t.Error("the CCCD check-in did not use the booking")
	}
}

// recorder keeps the check-in answers the kiosk received.
type recorder struct {
	kiosk.API
	got *[]client.BookingCheckIn
}

func (r recorder) CheckInBooking(ctx context.Context, code string) (client.BookingCheckIn, error) {
	a, err := r.API.CheckInBooking(ctx, code)
	if err == nil {
		*r.got = append(*r.got, a)
	}
	return a, err
}

func (r recorder) CheckInBookingByCCCD(ctx context.Context, cccd string) (client.BookingCheckIn, error) {
	a, err := r.API.CheckInBookingByCCCD(ctx, cccd)
	if err == nil {
		*r.got = append(*r.got, a)
	}
	return a, err
}

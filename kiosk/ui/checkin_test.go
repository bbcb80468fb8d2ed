package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
)

// hanoi is a time in Hà Nội.
func hanoi(s string) time.Time { return kiosktest.Hanoi(s) }

// wedge types s as a USB keyboard-wedge scanner does: the characters, then Enter.
func (r *rig) wedge(s string) {
	c := r.w.Canvas()
	for _, ch := range s {
		c.OnTypedRune()(ch)
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
	r.p.Wait()
}

// TestCheckInTapThrough: on the fyne test driver against a real centre
// server with bookings mounted, the home screen offers "Đã đặt lịch hẹn";
// a code typed on the on-screen keyboard, a booking QR and a CCCD read by
// the keyboard-wedge scanner each give a ticket on screen and on paper; a
// code for a later slot gets the server's "come back at" sentence and the
// buttons back. English texts too. KIOSK_SHOTS=dir saves the screens.
func TestCheckInTapThrough(t *testing.T) {
	r := newRigWith(t, fyne.NewSize(1920, 1080), false, kiosktest.Options{Booking: &booking.Config{}})
	r.env.SetNow(hanoi("2027-03-15 07:00"))
	typed := r.env.Book(t, "hotich", hanoi("2027-03-15 09:00"), "0912000001", "")
	scanned := r.env.Book(t, "datdai", hanoi("2027-03-15 09:00"), "0912000002", "")
	r.env.Book(t, "hotich", hanoi("2027-03-15 09:00"), "0912000003", "001099012345")
	early := r.env.Book(t, "datdai", hanoi("2027-03-15 10:00"), "0912000004", "")
	late := r.env.Book(t, "datdai", hanoi("2027-03-15 08:00"), "0912000005", "")
	r.env.SetNow(hanoi("2027-03-15 08:50"))
	r.p.Home()

	if !r.shows("Đã đặt lịch hẹn") || !r.shows("Quét mã QR lịch hẹn, nhập mã đặt lịch hoặc quét CCCD để lấy số") || !r.shows("Lấy số thứ tự") {
		t.Fatalf("home: %q", r.texts())
	}
	r.shot("kiosk-home-booking-landscape")
	r.tap("home.booking")
	if !r.shows("Lấy số theo lịch hẹn") || !r.shows("Ví dụ: B2FR-GA6B-F6ZX-VS2Y") {
		t.Fatalf("check-in screen: %q", r.texts())
	}
	for _, k := range strings.Split(typed.Code, "") {
		r.tap("key." + k)
	}
	if !r.shows(typed.Code) {
		t.Fatalf("typed code not shown: %q", r.texts())
	}
	r.shot("kiosk-checkin-landscape")
	r.tap("key.checkin")
	v := r.p.View()
	if v.Screen != kiosk.ScreenTicket || v.Ticket == nil || !r.shows(v.Ticket.Number) || !r.shows("Số thứ tự của Quý khách") {
		t.Fatalf("after the typed code: %s %+v %q", v.Screen, v.Ticket, r.texts())
	}
	// The QR on the screen is the ticket's, as for a number taken here.
	if got, err := kiosktest.DecodeQR(r.shot("checkin-ticket")); err != nil || got != v.Ticket.TrackURL {
		t.Fatalf("screen QR %q, %v; want %q", got, err, v.Ticket.TrackURL)
	}
	pages, err := r.sim.WaitPages(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := kiosktest.DecodeQR(pages[0].Image); err != nil || got != v.Ticket.TrackURL {
		t.Fatalf("printed QR %q, %v", got, err)
	}
	r.tap("ticket.done")

	// The booking QR, read on the home screen by the wedge scanner.
	r.wedge(scanned.QR)
	if v := r.p.View(); v.Screen != kiosk.ScreenTicket || v.Ticket == nil || v.Ticket.Service != "datdai" {
		t.Fatalf("scanned booking QR: %s %+v %q", v.Screen, v.Ticket, v.Notice)
	}
	r.tap("ticket.done")

	// The CCCD on the check-in screen.
	r.tap("home.booking")
	r.wedge(kiosktest.CCCD)
	if v := r.p.View(); v.Screen != kiosk.ScreenTicket || v.Ticket == nil || v.Ticket.Service != "hotich" {
		t.Fatalf("CCCD: %s %+v %q", v.Screen, v.Ticket, v.Notice)
	}
	r.tap("ticket.done")

	// Too early: the sentence, the buttons back.
	r.wedge(early.QR)
	if !r.shows("Quý khách đến sớm hơn giờ hẹn. Mời quý khách quay lại lấy số từ 09:45 ngày 15/03/2027.") {
		t.Fatalf("too early: %q", r.texts())
	}
	r.shot("kiosk-checkin-early-landscape")
	r.tap("nav.home")

	// Late, in English: an ordinary ticket and the explanation.
	r.tap("lang")
	if !r.shows("I have an appointment") {
		t.Fatalf("English home: %q", r.texts())
	}
	r.tap("home.booking")
	if !r.shows("Appointment check-in") || !r.shows("Get my number") {
		t.Fatalf("English check-in screen: %q", r.texts())
	}
	r.wedge(late.QR)
	if !r.shows(kiosk.T(kiosk.EN, "checkin.late")) || r.p.View().Ticket == nil {
		t.Fatalf("late: %q", r.texts())
	}
	r.shot("kiosk-checkin-late-landscape")
}

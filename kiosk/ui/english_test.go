package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
	"github.com/motcua/motcua/queue"
)

// centreName is the rig's centre (SetCentreName), a proper name.
const centreName = "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"

// noVietnamese fails the test when the window shows Vietnamese outside
// the allowed proper names (docs/ENGLISH.md): in English mode every fixed
// text, and every server text that has an English form, is English.
func (r *rig) noVietnamese(where string, allowed ...string) {
	r.t.Helper()
	// The language switch names Vietnamese in Vietnamese, for a
	// Vietnamese citizen to find it.
	allowed = append(allowed, centreName, kiosk.T(kiosk.EN, "lang.switch"))
	if left := entext.Leftovers(r.wholeTexts(), allowed...); len(left) > 0 {
		r.t.Errorf("%s in English shows Vietnamese: %q", where, left)
	}
}

// wholeTexts is texts without the lines of a wrapped title (texts has
// them joined too), so that a name cut over two lines is still a name.
func (r *rig) wholeTexts() []string {
	objs := test.LaidOutObjects(r.w.Content())
	line := map[fyne.CanvasObject]bool{}
	for _, o := range objs {
		if c, ok := o.(*fyne.Container); ok {
			if _, ok := c.Layout.(*tightRows); ok {
				for _, l := range c.Objects {
					line[l] = true
				}
			}
		}
	}
	var out []string
	for _, o := range objs {
		switch x := o.(type) {
		case *canvas.Text:
			if !line[x] {
				out = append(out, x.Text)
			}
		case *widget.Label:
			out = append(out, x.Text)
		case *fyne.Container:
			if _, ok := x.Layout.(*tightRows); ok {
				var lines []string
				for _, l := range x.Objects {
					lines = append(lines, l.(*canvas.Text).Text)
				}
				out = append(out, strings.Join(lines, " "))
			}
		}
	}
	return out
}

// dossierNames are the proper names a dossier screen keeps: the procedure
// (an official title), the documents to supplement (their titles, as the
// officer typed them) and the masked applicant.
func dossierNames(d *kiosk.Dossier) []string {
	if d == nil {
		return nil
	}
	return append([]string{d.ProcedureName, d.Applicant}, d.Missing...)
}

// TestDossierInEnglish: the lookup result in English — status label, its
// explanation, the timeline, the due date and where to collect the result
// come from the server's English fields, not its Vietnamese ones; by a
// typed code, by the receipt QR and from the CCCD list, both orientations.
func TestDossierInEnglish(t *testing.T) {
	for _, c := range []struct {
		name     string
		size     fyne.Size
		portrait bool
	}{{"landscape", fyne.NewSize(1920, 1080), false}, {"portrait", fyne.NewSize(1080, 1920), true}} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, c.size, c.portrait)
			r.tap("lang")
			r.tap("home.lookup")
			for _, k := range r.env.DossierCode {
				r.tap("key." + string(k))
			}
			r.tap("key.search")
			v := r.p.View()
			if v.Screen != kiosk.ScreenDossier || v.Lang != kiosk.EN {
				t.Fatalf("lookup: %s %s %q", v.Screen, v.Lang, r.texts())
			}
			for _, s := range []string{"Processing", "Your dossier is being decided by the competent authority.", "Received",
				"Justice – Civil status", // what the procedure (an official title) is about
				"Where to collect the result", "In person at " + centreName} {
				if !r.shows(s) {
					t.Errorf("no %q: %q", s, r.texts())
				}
			}
			r.noVietnamese("the dossier by code", dossierNames(v.Dossier)...)
			r.shot("kiosk-en-dossier-" + c.name)

			r.tap("nav.home")
			r.tap("lang") // home brought the kiosk back to Vietnamese
			r.p.Scan(scanner.Classify(r.env.SupplementQR))
			r.p.Wait()
			v = r.p.View()
			if v.Screen != kiosk.ScreenDossier || !r.shows("Supplement requested") || !r.shows(kiosk.T(kiosk.EN, "dossier.missing")) ||
				!r.shows("Sent by public postal service to the address you gave when you submitted the dossier.") {
				t.Fatalf("supplement by QR: %s %q", v.Screen, r.texts())
			}
			r.noVietnamese("the dossier by receipt QR", dossierNames(v.Dossier)...)
			r.shot("kiosk-en-dossier-supplement-" + c.name)

			r.tap("nav.home")
			r.tap("lang")
			r.p.Scan(scanner.Classify(kiosktest.CCCD))
			r.p.Wait()
			v = r.p.View()
			if v.Screen != kiosk.ScreenDossiers {
				t.Fatalf("cccd: %s %q", v.Screen, r.texts())
			}
			var names []string
			for _, d := range v.Dossiers {
				names = append(names, dossierNames(&d)...)
			}
			r.noVietnamese("the CCCD list", names...)
			for i := range v.Dossiers {
				r.tap(fmt.Sprintf("dossier.%d", i))
				r.noVietnamese(fmt.Sprintf("dossier %d of the list", i), dossierNames(r.p.View().Dossier)...)
				r.tap("nav.back")
			}
		})
	}
}

// TestEveryScreenInEnglish walks every screen of the kiosk in English on
// the fyne test driver against a real centre server (bookings and
// questions mounted) and fails on any Vietnamese outside the allowed
// proper names: home, the number flow to the ticket, the appointment
// check-in, the lookup and its refusals, rating (scan, question, reasons,
// comment keyboard, thanks), questions (form, text, phone, sent), the
// admin PIN and the offline screen. KIOSK_SHOTS=dir keeps kiosk-en-*.png.
func TestEveryScreenInEnglish(t *testing.T) {
	capped := func(c *queue.Config) {
		for i := range c.Services {
			if c.Services[i].ID == "chungthuc" {
				c.Services[i].DailyCap = 1
			}
		}
	}
	r := newRigWith(t, fyne.NewSize(1920, 1080), false, kiosktest.Options{Booking: &booking.Config{}, Petitions: true, Config: capped})
	ctx := context.Background()
	if _, err := r.env.Kiosk(t).Issue(ctx, centre.IssueRequest{Service: "chungthuc"}); err != nil {
		t.Fatal(err)
	}
	r.tap("lang")
	check := func(name string, allowed ...string) {
		t.Helper()
		if v := r.p.View(); v.Lang != kiosk.EN {
			t.Fatalf("%s: the kiosk went back to %s", name, v.Lang)
		}
		r.noVietnamese(name, allowed...)
		r.shot("kiosk-en-" + name)
	}
	check("home")

	// Take a number.
	r.tap("home.take")
	check("sectors")
	r.tap("sector.tuphap")
	check("services")
	r.tap("service.hotich")
	check("priority")
	r.tap("priority.caotuoi")
	if v := r.p.View(); v.Screen != kiosk.ScreenTicket {
		t.Fatalf("ticket: %s %q", v.Screen, v.Notice)
	}
	check("ticket")
	r.tap("ticket.done")
	r.tap("lang")
	// The day's numbers of a service are all gone: the server's refusal.
	r.tap("home.take")
	r.tap("sector.tuphap")
	r.tap("service.chungthuc")
	r.tap("priority.")
	if v := r.p.View(); v.Notice == "" {
		t.Fatalf("no refusal past the daily cap: %s", v.Screen)
	}
	check("daily-cap")
	r.tap("nav.home")
	r.tap("lang")

	// The appointment check-in: the screen, an unknown code.
	r.tap("home.booking")
	check("checkin")
	for _, k := range "B2FRGA6BF6ZXVS2Y" {
		r.tap("key." + string(k))
	}
	r.tap("key.checkin")
	check("checkin-unknown")
	r.tap("nav.back")

	// The lookup: a malformed and an unknown code, a queue ticket scanned.
	r.tap("home.lookup")
	check("lookup")
	r.tap("key.1")
	r.tap("key.search")
	check("lookup-badcode")
	r.tap("key.clear")
	for _, k := range "000.00.06.H26-231027-0361" {
		r.tap("key." + string(k))
	}
	r.tap("key.search")
	check("lookup-notfound")
	tk, err := r.env.Kiosk(t).Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	r.p.Scan(scanner.Classify(kiosk.RatingURL("http://192.168.1.10:8080", tk.ID, "")))
	r.p.Wait()
	check("lookup-ticket")
	r.tap("nav.back")

	// Rating: the scan screen, an old receipt, a visit not served yet, the
	// question, the reasons, the comment keyboard, thanks.
	r.tap("home.rate")
	check("rate")
	r.p.Scan(scanner.Classify(r.env.DossierCode))
	r.p.Wait()
	check("rate-oldqr")
	r.p.Scan(scanner.Classify(kiosk.RatingURL("http://192.168.1.10:8080", tk.ID, tk.RatingToken)))
	r.p.Wait()
	check("rate-notserved")
	r.p.Home()
	r.p.Wait()
	r.tap("lang")
	r.tap("home.rate")
	r.p.Scan(scanner.Classify(r.env.DossierQR))
	r.p.Wait()
	check("rate-level", dossierNames(&kiosk.Dossier{})...)
	r.tap("level.3")
	check("rate-reason")
	r.tap("rate.send")
	check("rate-reason-missing")
	r.p.EditComment()
	r.p.Wait()
	// The comment keyboard's letter and tone keys are letters to type, not
	// words (each tone key says its mark's name in English beneath).
	keys := []string{}
	for _, k := range "ăâđêôơưáàảãạ" {
		keys = append(keys, string(k), strings.ToUpper(string(k)))
	}
	check("rate-comment", keys...)
	r.p.CommentDone()
	r.p.Wait()
	r.tap("reason.0")
	r.tap("rate.send")
	check("rate-thanks")
	r.p.Home()
	r.p.Wait()
	r.tap("lang")

	// Questions and petitions: the form, a refusal, the text keyboard,
	// the phone pad, sent.
	r.tap("home.ask")
	check("ask")
	r.tap("ask.send")
	check("ask-notopic")
	r.tap("ask.topic.tuphap")
	r.tap("ask.text")
	check("ask-text", keys...)
	r.typeWord("birth certificate")
	r.tap("comment.done")
	r.tap("ask.phone")
	check("ask-phone")
	for _, d := range "0912345678" {
		r.tap("digit." + string(d))
	}
	r.tap("digit.done")
	r.tap("ask.send")
	if v := r.p.View(); v.Screen != kiosk.ScreenAskSent {
		t.Fatalf("ask: %s %q", v.Screen, v.Notice)
	}
	check("ask-sent")
	r.p.Home()
	r.p.Wait()
	r.tap("lang")

	// Bookings checked in too early and too late (the server's clock moved).
	r.env.SetNow(hanoi("2027-03-15 07:00"))
	early := r.env.Book(t, "hotich", hanoi("2027-03-15 10:00"), "0912000004", "")
	late := r.env.Book(t, "datdai", hanoi("2027-03-15 08:00"), "0912000005", "")
	r.env.SetNow(hanoi("2027-03-15 08:50"))
	r.tap("home.booking")
	r.wedge(early.QR)
	if v := r.p.View(); v.Screen != kiosk.ScreenCheckIn || v.Notice == "" {
		t.Fatalf("too early: %s %q", v.Screen, v.Notice)
	}
	check("checkin-early")
	r.wedge(late.QR)
	if v := r.p.View(); v.Screen != kiosk.ScreenTicket || v.Notice == "" {
		t.Fatalf("late: %s %q", v.Screen, v.Notice)
	}
	check("checkin-late")
	r.p.Home()
	r.p.Wait()
	r.tap("lang")

	// The admin PIN screen (five taps on the centre's name).
	r.p.Admin()
	r.p.Wait()
	check("admin")
	r.p.Home()
	r.p.Wait()
	r.tap("lang")

	// The server goes away: the offline screen.
	r.env.Centre.Stop()
	r.tap("home.take")
	if v := r.p.View(); v.Screen != kiosk.ScreenOffline {
		t.Fatalf("offline: %s", v.Screen)
	}
	check("offline")
}

package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
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

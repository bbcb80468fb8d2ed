package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/kiosk"
)

// TestTicketPriorityLineOnOneLine: the walk of 5/12/2026 found the ticket
// screen's "Ưu tiên: Người cao tuổi" wrapped one letter per line (a
// word-wrapping label inside a centring container gets no width). The line
// must be as wide as its text, in both orientations.
func TestTicketPriorityLineOnOneLine(t *testing.T) {
	for _, o := range []struct {
		name     string
		size     fyne.Size
		portrait bool
	}{{"landscape", fyne.NewSize(1920, 1080), false}, {"portrait", fyne.NewSize(1080, 1920), true}} {
		t.Run(o.name, func(t *testing.T) {
			r := newRig(t, o.size, o.portrait)
			r.tap("home.take")
			r.tap("sector.tuphap")
			r.tap("service.hotich")
			r.tap("priority.caotuoi")
			if v := r.p.View(); v.Screen != kiosk.ScreenTicket || v.Ticket == nil || v.Ticket.Priority != "Người cao tuổi" {
				t.Fatalf("screen %s ticket %+v", v.Screen, v.Ticket)
			}
			var found *widget.Label
			for _, x := range test.LaidOutObjects(r.w.Content()) {
				if l, ok := x.(*widget.Label); ok && l.Text == "Ưu tiên: Người cao tuổi" {
					found = l
				}
			}
			if found == nil {
				t.Fatalf("no priority line: %q", r.texts())
			}
			need := fyne.MeasureText(found.Text, found.Theme().Size(found.SizeName), found.TextStyle)
			if w := found.Size().Width; w < need.Width {
				t.Fatalf("priority line %v wide, its text needs %v (wrapped)", w, need.Width)
			}
			if h := found.Size().Height; h > 3*need.Height {
				t.Fatalf("priority line %v high for text %v high (wrapped)", h, need.Height)
			}
			r.shot("kiosk-ticket-priority-" + o.name)
		})
	}
}

package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/queue"
)

func (u *UI) lookup(v kiosk.View) fyne.CanvasObject {
	return u.keyboardScreen(v, v.T("lookup.title"), v.T("lookup.hint"), "000.00.06.H26-231027-0361",
		u.tap("key.search", newTile(v.T("lookup.search"), "", colGreen, func() { u.p.Search() })))
}

func (u *UI) dossiers(v kiosk.View) fyne.CanvasObject {
	var items []fyne.CanvasObject
	for i, d := range v.Dossiers {
		i, d := i, kiosk.DossierIn(v.Lang, d)
		sub := d.Code + "\n" + v.T("dossier.status") + ": " + d.StatusLabel
		items = append(items, u.tap(fmt.Sprintf("dossier.%d", i), newTile(d.ProcedureName, sub, colGreen, func() { u.p.OpenDossier(i) })))
	}
	return u.frame(v, v.T("lookup.list"), container.NewVBox(items...), true)
}

func day(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(queue.Loc).Format("15:04 02/01/2006")
}

// appointment is the server's own wording of the due date when it has one.
func appointment(d *kiosk.Dossier) string {
	if d.Appointment != "" {
		return d.Appointment
	}
	return day(d.AppointmentAt)
}

func (u *UI) dossier(v kiosk.View) fyne.CanvasObject {
	if v.Dossier == nil {
		return u.lookup(v)
	}
	shown := kiosk.DossierIn(v.Lang, *v.Dossier)
	d := &shown
	f := widget.NewForm(widget.NewFormItem(v.T("dossier.code"), text(d.Code, theme.SizeNameText, true)))
	if d.Applicant != "" { // only after a receipt QR scan, never for a typed code
		f.AppendItem(widget.NewFormItem(v.T("dossier.applicant"), text(d.Applicant, theme.SizeNameText, false)))
	}
	f.AppendItem(widget.NewFormItem(v.T("dossier.received"), text(day(d.ReceivedAt), theme.SizeNameText, false)))
	f.AppendItem(widget.NewFormItem(v.T("dossier.appoint"), text(appointment(d), theme.SizeNameText, true)))
	stCol := colBlue
	if d.Late || d.Status == 5 || d.Status == 6 {
		stCol = colAmber
	}
	st := canvas.NewRectangle(stCol)
	st.CornerRadius = 10
	stLabel := canvas.NewText(d.StatusLabel, colOnBlue)
	stLabel.TextSize = 34
	stLabel.TextStyle = fyne.TextStyle{Bold: true}
	items := []fyne.CanvasObject{text(d.ProcedureName, theme.SizeNameSubHeadingText, true)}
	if v.Lang == kiosk.EN && d.SectorNameEN != "" {
		// The procedure's official title has no English form: say what it is about.
		items = append(items, text(d.SectorNameEN, theme.SizeNameText, false))
	}
	items = append(items, f,
		container.NewStack(st, container.NewPadded(container.NewPadded(stLabel))))
	if d.StatusExplain != "" {
		items = append(items, text(d.StatusExplain, theme.SizeNameText, false))
	}
	if d.Late {
		items = append(items, banner(v.T("dossier.late"), colWarnBG))
	}
	if len(d.Missing) > 0 {
		items = append(items, text(v.T("dossier.missing"), theme.SizeNameSubHeadingText, true))
		for _, m := range d.Missing {
			items = append(items, text("•  "+m, theme.SizeNameText, false))
		}
	}
	if len(d.Timeline) > 0 {
		items = append(items, text(v.T("dossier.timeline"), theme.SizeNameSubHeadingText, true))
		for _, s := range d.Timeline {
			items = append(items, text(day(s.At)+"   "+s.Label, theme.SizeNameText, false))
		}
	}
	if d.Collect != "" {
		items = append(items, text(v.T("dossier.collect"), theme.SizeNameSubHeadingText, true), text(d.Collect, theme.SizeNameText, false))
	}
	return u.frame(v, v.T("lookup.title"), container.NewVBox(items...), true)
}

package ui

// "Gửi lại bàn giao kết quả" (liên thông, docs/SYNC.md step 9): the inputs
// of the resend form — what will be sent to whom, then the collector's
// name and the place of return, prefilled with what was sent, to correct.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/counter"
)

// resendForm is the resend action's part of the dossier tab.
type resendForm struct {
	confirm   *widget.Label
	collector *fkEntry
	place     *fkEntry
	sel       *centre.DossierView // the dossier shown when the form was opened
}

func (d *dossierTab) buildResend(v *View, keys keyHandler) fyne.CanvasObject {
	r := &d.resend
	r.confirm = label("", true)
	r.collector = newEntry(keys, v.t("d.resendCollector"))
	r.place = newEntry(keys, v.t("d.resendPlace"))
	update := func(string) { r.refresh(v) }
	r.collector.OnChanged, r.place.OnChanged = update, update
	return container.NewVBox(r.confirm, container.NewGridWithColumns(2,
		container.NewVBox(widget.NewLabel(v.t("d.resendCollector")), r.collector),
		container.NewVBox(widget.NewLabel(v.t("d.resendPlace")), r.place)))
}

// open fills the form from the dossier's refusal.
func (r *resendForm) open(v *View, sel *centre.DossierView) {
	r.sel = sel
	if sel == nil || sel.HandOverRefused == nil || sel.HandOverRefused.GuiLai == nil {
		return
	}
	g := sel.HandOverRefused.GuiLai
	r.collector.SetText(g.NguoiNhan)
	r.place.SetText(g.NoiTra)
	r.refresh(v)
}

func (r *resendForm) refresh(v *View) {
	if r.sel == nil {
		return
	}
	setLabel(r.confirm, counter.ResendConfirm(v.lang, *r.sel, r.collector.Text, r.place.Text))
}

package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
)

// dossierTab is the "Danh sách hồ sơ" tab: filters, list, detail, actions.
type dossierTab struct {
	root fyne.CanvasObject

	status              *widget.Select
	dueToday, late, all *fkCheck
	query               *fkEntry
	list                *widget.List
	items               []counter.ListItem
	count               *canvas.Text

	detail    *widget.Label
	history   *widget.Label
	actions   *fyne.Container
	actKey    string
	form      *fyne.Container
	formTitle *widget.Label
	current   string // action being filled in
	in        map[string]fyne.CanvasObject
	missing   *fkEntry
	reason    *fkEntry
	deadline  *fkEntry
	feeName   *fkEntry
	feeAmount *fkEntry
	collector *fkEntry
	idChecked *fkCheck
	byPost    *fkCheck
	newAppt   *fkEntry
	result    *fkEntry
	printBtn  *widget.Button
	lang      counter.Lang
	resend    resendForm          // handoverresend.go
	sel       *centre.DossierView // the dossier shown
}

var statusChoices = []dossier.Status{dossier.StatusReceived, dossier.StatusProcessing, dossier.StatusSupplementRequired,
	dossier.StatusFeesDue, dossier.StatusResolved, dossier.StatusReturned, dossier.StatusRefused, dossier.StatusWithdrawn, dossier.StatusStopped}

func (v *View) buildDossiers() *dossierTab {
	d := &dossierTab{}
	keys := keyHandler(v)
	d.lang = v.lang
	opts := []string{v.t("d.allStatuses")}
	for _, s := range statusChoices {
		opts = append(opts, d.statusLabel(s))
	}
	filter := func() {
		f := d.filter()
		v.do(func(p *counter.Presenter) { p.SetListFilter(f) })
	}
	d.status = widget.NewSelect(opts, func(string) { v.unfocus(); filter() })
	d.status.PlaceHolder = v.t("d.allStatuses")
	d.dueToday = newCheck(keys, v.t("d.dueToday"), func(bool) { filter() })
	d.late = newCheck(keys, v.t("d.late"), func(bool) { filter() })
	d.all = newCheck(keys, v.t("d.allCounters"), func(bool) { filter() })
	d.query = newEntry(keys, v.t("d.query"))
	d.query.submit = filter
	refresh := widget.NewButton(v.t("d.refresh"), func() { v.do(func(p *counter.Presenter) { p.RefreshList() }) })
	bar := container.NewBorder(nil, nil, container.NewHBox(d.status, d.dueToday, d.late, d.all), refresh, d.query)

	d.count = text("", colMuted, 13, false)
	d.list = widget.NewList(func() int { return len(d.items) },
		func() fyne.CanvasObject {
			return container.NewVBox(text("", colText, 15, true), text("", colMuted, 13, false))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := d.items[i]
			c := o.(*fyne.Container)
			top := it.Dossier.Code + " · " + d.status2(it.Dossier.Status, it.StatusLabel)
			col := colText
			if it.Late {
				top += " · " + v.t("d.lateTag")
				col = colRed
			}
			setText(c.Objects[0].(*canvas.Text), top, col)
			setText(c.Objects[1].(*canvas.Text), shorten(it.Dossier.Applicant.Name+" – "+it.Dossier.Procedure.Name, 60)+" · "+v.t("d.due")+" "+shortTime(it.Dossier), colMuted)
		})
	d.list.OnSelected = func(i widget.ListItemID) {
		code := d.items[i].Dossier.Code
		d.list.UnselectAll()
		v.unfocus()
		v.do(func(p *counter.Presenter) { p.Open(code) })
	}

	d.detail = label(v.t("d.pick"), false)
	d.history = label("", false)
	d.actions = container.NewGridWithColumns(4)
	d.missing = newEntry(keys, v.t("d.missing"))
	d.missing.MultiLine = true
	d.missing.SetMinRowsVisible(3)
	d.reason = newEntry(keys, v.t("d.reason"))
	d.deadline = newEntry(keys, v.t("d.deadline"))
	d.feeName = newEntry(keys, v.t("d.feeName"))
	d.feeAmount = newEntry(keys, v.t("d.feeAmount"))
	d.collector = newEntry(keys, v.t("d.collector"))
	d.idChecked = newCheck(keys, v.t("d.idChecked"), nil)
	d.byPost = newCheck(keys, v.t("d.byPost"), nil)
	d.newAppt = newEntry(keys, v.t("d.newAppt"))
	d.result = newEntry(keys, v.t("d.result"))
	d.in = map[string]fyne.CanvasObject{
		counter.InMissing: d.missing, counter.InReason: d.reason, counter.InReasonOptional: d.reason,
		counter.InDeadline: d.deadline, counter.InFee: container.NewGridWithColumns(2, d.feeName, d.feeAmount),
		counter.InCollector:      container.NewVBox(d.collector, d.idChecked, d.byPost),
		counter.InNewAppointment: d.newAppt, counter.InResult: d.result,
		counter.InResend: d.buildResend(v, keys),
	}
	d.formTitle = heading("")
	confirm := widget.NewButton(v.t("d.confirm"), func() {
		action := d.current
		in := d.inputFor(action)
		d.form.Hide()
		v.do(func(p *counter.Presenter) { p.DoAction(action, in) })
	})
	confirm.Importance = widget.HighImportance
	d.form = container.NewVBox(d.formTitle)
	for _, k := range []string{counter.InMissing, counter.InReason, counter.InDeadline, counter.InFee, counter.InCollector, counter.InNewAppointment, counter.InResult, counter.InResend} {
		d.form.Add(d.in[k])
	}
	d.form.Add(container.NewHBox(confirm, widget.NewButton(v.t("d.cancel"), func() { d.form.Hide() })))
	d.form.Hide()
	d.printBtn = widget.NewButton(v.t("d.reprint"), func() { v.do(func(p *counter.Presenter) { p.PrintSelected() }) })
	d.printBtn.Hide()
	detail := container.NewVBox(d.detail, d.actions, d.form, d.printBtn, widget.NewSeparator(), heading(v.t("d.history")), d.history)
	left := container.NewBorder(d.count, nil, nil, nil, d.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(detail)))
	split.Offset = 0.42
	d.root = container.NewBorder(container.NewPadded(bar), nil, nil, nil, split)
	return d
}

func shortTime(d dossier.Dossier) string {
	if d.AppointmentAt.IsZero() {
		return "—"
	}
	return d.AppointmentAt.In(dossier.Loc).Format("15:04 02/01/2006")
}

func (d *dossierTab) filter() counter.ListFilter {
	f := counter.ListFilter{DueToday: d.dueToday.Checked, Late: d.late.Checked, AllCounters: d.all.Checked, Query: d.query.Text}
	for _, s := range statusChoices {
		if d.statusLabel(s) == d.status.Selected {
			f.Status = s
		}
	}
	return f
}

// setFilter shows f in the filter bar (after a language switch).
func (d *dossierTab) setFilter(f counter.ListFilter) {
	d.dueToday.SetChecked(f.DueToday)
	d.late.SetChecked(f.Late)
	d.all.SetChecked(f.AllCounters)
	d.query.SetText(f.Query)
	for _, s := range statusChoices {
		if s == f.Status && f.Status != 0 {
			d.status.SetSelected(d.statusLabel(s))
		}
	}
}

func (d *dossierTab) input() counter.ActionInput {
	return counter.ActionInput{Missing: d.missing.Text, Reason: d.reason.Text, Deadline: d.deadline.Text,
		FeeName: d.feeName.Text, FeeAmount: d.feeAmount.Text, CollectedBy: d.collector.Text,
		IDChecked: d.idChecked.Checked, ByPost: d.byPost.Checked, NewAppointment: d.newAppt.Text, Result: d.result.Text}
}

// inputFor is the form's input for action (the resend form has its own fields).
func (d *dossierTab) inputFor(action string) counter.ActionInput {
	in := d.input()
	if action == counter.ActResendHandOver {
		in.CollectedBy, in.Place = d.resend.collector.Text, d.resend.place.Text
	}
	return in
}

// open shows the inputs of action a (or runs it at once when it has none).
func (d *dossierTab) open(v *View, a counter.ActionDef) {
	if len(a.Inputs) == 0 {
		d.form.Hide()
		v.do(func(p *counter.Presenter) { p.DoAction(a.ID, counter.ActionInput{}) })
		return
	}
	d.current = a.ID
	d.formTitle.SetText(counter.ActionLabel(v.lang, a))
	for _, e := range []*fkEntry{d.missing, d.reason, d.deadline, d.feeName, d.feeAmount, d.collector, d.newAppt, d.result} {
		e.SetText("")
	}
	d.idChecked.SetChecked(false)
	d.byPost.SetChecked(false)
	for k, o := range d.in {
		show(o, slices.Contains(a.Inputs, k))
	}
	for _, k := range a.Inputs {
		show(d.in[k], true)
	}
	if a.ID == counter.ActResendHandOver {
		d.resend.open(v, d.sel)
	}
	d.form.Show()
}

func (d *dossierTab) render(v *View, cv counter.View) {
	l := cv.List
	if !sameItems(d.items, l.Items) {
		d.items = l.Items
		d.list.Refresh()
	}
	setText(d.count, v.count("d.count", len(l.Items)), colMuted)
	sel := l.Selected
	d.sel = sel
	show(d.printBtn, sel != nil)
	if sel == nil {
		return
	}
	x := sel.Dossier
	var b strings.Builder
	fmt.Fprintf(&b, v.t("d.code"), x.Code, d.status2(x.Status, sel.StatusLabel))
	if sel.Late {
		b.WriteString(" (" + v.t("d.lateTag") + ")")
	}
	fmt.Fprintf(&b, v.t("d.detail"),
		x.Applicant.Name, x.Applicant.Address, x.Procedure.Name, x.Procedure.Code, v.when(x.ReceivedAt, sel.Receipt.ReceivedText), v.when(x.AppointmentAt, sel.Receipt.Appointment))
	fmt.Fprintf(&b, v.t("d.place"), counter.PlaceText(v.lang, x, cv.CentreName))
	// Why a resolved forwarded dossier has no "Trả kết quả" here.
	if l.ReturnAt != "" && x.Status == dossier.StatusResolved {
		b.WriteString("\n\n" + fmt.Sprintf(v.t("d.returnAt"), l.ReturnAt))
	}
	if i := x.OpenSupplement(); i >= 0 {
		fmt.Fprintf(&b, v.t("d.waitSupplement"), strings.Join(x.Supplements[i].Missing, "; "))
	}
	if r := x.Return; r != nil {
		fmt.Fprintf(&b, v.t("d.returned"), r.CollectedBy, v.method(r.Method))
	}
	if r := sel.HandOverRefused; r != nil { // liên thông: the deciding centre could not record the hand-over made here
		fmt.Fprintf(&b, v.t("d.handOverRefused"), r.ThongBao, r.CanLam)
	}
	setLabel(d.detail, b.String())
	var h strings.Builder
	for i := len(x.History) - 1; i >= 0; i-- {
		e := x.History[i]
		fmt.Fprintf(&h, "%s · %s · %s\n", e.At.In(dossier.Loc).Format("15:04 02/01/2006"), e.Officer, v.note(e))
	}
	setLabel(d.history, strings.TrimSpace(h.String()))
	var ids []string
	for _, a := range l.Actions {
		ids = append(ids, a.ID)
	}
	if key := x.Code + ":" + strings.Join(ids, ","); key != d.actKey {
		d.actKey = key
		d.actions.RemoveAll()
		d.form.Hide()
		for _, a := range l.Actions {
			a := a
			d.actions.Add(widget.NewButton(counter.ActionLabel(v.lang, a), func() { d.open(v, a) }))
		}
	}
}

func sameItems(a, b []counter.ListItem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Dossier.Code != b[i].Dossier.Code || a[i].Version != b[i].Version || a[i].Late != b[i].Late {
			return false
		}
	}
	return true
}

// statusLabel is s's name in the window's language.
func (d *dossierTab) statusLabel(s dossier.Status) string {
	if d.lang == counter.EN {
		return s.English()
	}
	return s.Label()
}

// status2 is the server's Vietnamese label, or the English one.
func (d *dossierTab) status2(s dossier.Status, vi string) string {
	if d.lang == counter.EN {
		return s.English()
	}
	return vi
}

package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
)

// receiveTab is the "Tiếp nhận hồ sơ" form.
type receiveTab struct {
	root fyne.CanvasObject

	scan     *fkEntry
	fields   map[counter.Field]*fkEntry
	fromCard *canvas.Text
	ret      *widget.RadioGroup
	retAddr  *fkEntry // by post: the address (returnplace.go)

	retAddrBox *fyne.Container

	retInPerson, retByPost, retDeciding string

	search    *fkEntry
	results   *widget.List
	resBox    *fyne.Container
	resData   []dossier.Procedure
	procInfo  *widget.Label
	comps     *fyne.Container
	compsKey  string
	compCheck []*fkCheck
	fees      *fyne.Container
	feeCheck  []*fkCheck
	appt      *canvas.Text
	override  *fkCheck
	overAt    *fkEntry
	overWhy   *fkEntry
	overBox   *fyne.Container

	save, reprint *widget.Button
	paper         *canvas.Text
}

func (v *View) buildReceive() *receiveTab {
	r := &receiveTab{fields: map[counter.Field]*fkEntry{}}
	keys := keyHandler(v)
	r.scan = newEntry(keys, v.t("r.scan"))
	r.scan.submit = func() {
		raw := r.scan.Text
		r.scan.SetText("")
		v.do(func(p *counter.Presenter) { p.ScanText(raw) })
	}
	entry := func(f counter.Field, ph string) *fkEntry {
		e := newEntry(keys, ph)
		e.OnChanged = func(s string) { v.do(func(p *counter.Presenter) { p.SetField(f, s) }) }
		r.fields[f] = e
		return e
	}
	r.fromCard = text("", colGreen, 13, false)
	form := widget.NewForm(
		widget.NewFormItem(v.t("r.name"), entry(counter.FieldName, v.t("r.name.ph"))),
		widget.NewFormItem(v.t("r.id"), entry(counter.FieldIDNumber, v.t("r.id.ph"))),
		widget.NewFormItem(v.t("r.dob"), entry(counter.FieldDOB, v.t("r.date.ph"))),
		widget.NewFormItem(v.t("r.gender"), entry(counter.FieldGender, v.t("r.gender.ph"))),
		widget.NewFormItem(v.t("r.address"), entry(counter.FieldAddress, v.t("r.address.ph"))),
		widget.NewFormItem(v.t("r.phone"), entry(counter.FieldPhone, v.t("r.phone.ph"))),
		widget.NewFormItem(v.t("r.email"), entry(counter.FieldEmail, v.t("r.email.ph"))),
		widget.NewFormItem(v.t("r.summary"), entry(counter.FieldSummary, v.t("r.summary.ph"))),
	)
	r.buildReturnPlace(v)
	left := container.NewVBox(
		heading(v.t("r.h1")), r.scan, r.fromCard, form,
		heading(v.t("r.return")), r.ret, r.retAddrBox)

	r.search = newEntry(keys, v.t("r.search"))
	r.search.OnChanged = func(s string) { v.do(func(p *counter.Presenter) { p.SearchProcedures(s) }) }
	r.search.submit = func() {
		if len(r.resData) > 0 {
			v.do(func(p *counter.Presenter) { p.ChooseProcedure(0) })
		}
	}
	r.results = widget.NewList(func() int { return len(r.resData) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			p := r.resData[i]
			o.(*widget.Label).SetText(p.Code + " · " + shorten(p.Name, 70) + " · " + p.Time.Vietnamese())
		})
	r.results.OnSelected = func(i widget.ListItemID) {
		r.results.UnselectAll()
		v.unfocus()
		v.do(func(p *counter.Presenter) { p.ChooseProcedure(i) })
	}
	resBox := container.New(&fixedHeight{h: 112}, r.results)
	r.resBox = resBox
	resBox.Hide() // open while there are results; closed once one is chosen
	r.procInfo = label(v.t("r.noProc"), false)
	r.comps = container.NewVBox()
	r.fees = container.NewVBox()
	all := widget.NewButton(v.t("r.all"), func() { v.do(func(p *counter.Presenter) { p.ReceiveAll() }) })
	r.appt = text("", colBlue, 17, true)
	r.override = newCheck(keys, v.t("r.override"), func(on bool) { v.do(func(p *counter.Presenter) { p.SetOverride(on) }) })
	r.overAt = newEntry(keys, v.t("r.overAt"))
	r.overAt.OnChanged = func(s string) { v.do(func(p *counter.Presenter) { p.SetField(counter.FieldOverrideAt, s) }) }
	r.overWhy = newEntry(keys, v.t("r.overWhy"))
	r.overWhy.OnChanged = func(s string) { v.do(func(p *counter.Presenter) { p.SetField(counter.FieldOverrideReason, s) }) }
	r.overBox = container.NewGridWithColumns(2, r.overAt, r.overWhy)
	r.save = widget.NewButton("F9  "+counter.ShortcutLabel(v.lang, counter.Shortcuts[8]), func() { v.command(counter.CmdSave) })
	r.save.Importance = widget.HighImportance
	r.reprint = widget.NewButton("F10  "+counter.ShortcutLabel(v.lang, counter.Shortcuts[9]), func() { v.command(counter.CmdReprint) })
	newBtn := widget.NewButton("F7  "+counter.ShortcutLabel(v.lang, counter.Shortcuts[6]), func() { v.command(counter.CmdNewDossier) })
	r.paper = text("", colMuted, 15, true)
	right := container.NewVBox(
		heading(v.t("r.h2")), r.search, resBox, r.procInfo,
		container.NewBorder(nil, nil, heading(v.t("r.h3")), all), r.comps,
		heading(v.t("r.h4")), r.fees,
		heading(v.t("r.h5")), r.appt, r.override, r.overBox,
		widget.NewSeparator(),
		container.NewHBox(r.save, r.reprint, newBtn), r.paper)
	cols := container.NewGridWithColumns(2, container.NewVScroll(container.NewPadded(left)), container.NewVScroll(container.NewPadded(right)))
	r.root = cols
	return r
}

// fixedHeight gives its objects a fixed height.
type fixedHeight struct{ h float32 }

func (f *fixedHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	w := float32(0)
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	return fyne.NewSize(w, f.h)
}

func (f *fixedHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (r *receiveTab) render(v *View, cv counter.View) {
	f := cv.Form
	vals := map[counter.Field]string{counter.FieldName: f.Name, counter.FieldIDNumber: f.IDNumber, counter.FieldDOB: f.DOB,
		counter.FieldGender: f.Gender, counter.FieldAddress: f.Address, counter.FieldPhone: f.Phone, counter.FieldEmail: f.Email,
		counter.FieldSummary: f.Summary}
	for k, e := range r.fields {
		setEntry(e, vals[k])
	}
	if f.FromCCCD {
		setText(r.fromCard, v.t("r.fromCard"), colGreen)
	} else {
		setText(r.fromCard, "", colGreen)
	}
	r.renderReturnPlace(v, f)
	setEntry(r.search, f.ProcQuery)
	if !sameProcs(r.resData, f.Results) {
		r.resData = f.Results
		r.results.Refresh()
	}
	show(r.resBox, len(f.Results) > 0)
	if pr := f.Procedure; pr != nil {
		setLabel(r.procInfo, fmt.Sprintf(v.t("r.procInfo"), pr.Name, pr.Code, pr.Sector.Name, v.procTime(pr.Time), pr.Agency))
	} else {
		setLabel(r.procInfo, v.t("r.noProc"))
	}
	r.renderComponents(v, f)
	switch {
	case f.Appointment != nil:
		setText(r.appt, fmt.Sprintf(v.t("r.appt"), v.when(f.Appointment.At, f.Appointment.Text)), colBlue)
	case f.Procedure != nil:
		setText(r.appt, v.t("r.apptBusy"), colMuted)
	default:
		setText(r.appt, "", colBlue)
	}
	setChecked(r.override, f.Override)
	show(r.overBox, f.Override)
	setEntry(r.overAt, f.OverrideAt)
	setEntry(r.overWhy, f.OverrideReason)
	enable(r.save, !cv.Busy)
	enable(r.reprint, cv.Saved != nil)
	switch pp := cv.Paper; {
	case cv.PaperOld:
		setText(r.paper, "", colText) // the previous citizen's; F10 still reprints
	case pp == nil && cv.Saved != nil:
		setText(r.paper, fmt.Sprintf(v.t("r.saved"), cv.Saved.Dossier.Code), colText)
	case pp == nil:
		setText(r.paper, "", colText)
	case pp.Printing:
		setText(r.paper, fmt.Sprintf(v.t("r.printing"), v.paperName(pp.Kind), pp.Code), colMuted)
	case pp.Error != "":
		setText(r.paper, pp.Error, colRed)
	default:
		setText(r.paper, fmt.Sprintf(v.t("r.printed"), v.paperName(pp.Kind), pp.Code), colGreen)
	}
}

func (v *View) paperName(kind string) string {
	if kind == "slip" {
		return v.t("r.slip")
	}
	return v.t("r.receipt")
}

func sameProcs(a, b []dossier.Procedure) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Code != b[i].Code {
			return false
		}
	}
	return true
}

func (r *receiveTab) renderComponents(v *View, f counter.Form) {
	var names []string
	for _, c := range f.Components {
		names = append(names, c.Name)
	}
	for _, fe := range f.Fees {
		names = append(names, fe.Name)
	}
	if key := strings.Join(names, "\x00"); key != r.compsKey {
		r.compsKey = key
		r.comps.RemoveAll()
		r.compCheck = nil
		for i, c := range f.Components {
			i := i
			ch := newCheck(v, v.componentText(c), func(on bool) { v.do(func(p *counter.Presenter) { p.SetComponent(i, on) }) })
			r.compCheck = append(r.compCheck, ch)
			r.comps.Add(ch)
		}
		r.fees.RemoveAll()
		r.feeCheck = nil
		for i, fe := range f.Fees {
			i := i
			ch := newCheck(v, fmt.Sprintf(v.t("r.feePaid"), fe.Name, dossier.FormatVND(fe.Amount)), func(on bool) { v.do(func(p *counter.Presenter) { p.SetFeePaid(i, on) }) })
			r.feeCheck = append(r.feeCheck, ch)
			r.fees.Add(ch)
		}
		if len(f.Fees) == 0 && f.Procedure != nil {
			r.fees.Add(label(v.t("r.noFee"), false))
		}
	}
	for i, c := range f.Components {
		setChecked(r.compCheck[i], c.Received)
	}
	for i, fe := range f.Fees {
		setChecked(r.feeCheck[i], fe.Paid)
	}
}

func (v *View) componentText(c counter.ComponentLine) string {
	var n []string
	if c.Originals > 0 {
		n = append(n, fmt.Sprintf(v.t("r.originals"), c.Originals))
	}
	if c.Copies > 0 {
		n = append(n, fmt.Sprintf(v.t("r.copies"), c.Copies))
	}
	if len(n) == 0 {
		n = append(n, v.t("r.show"))
	}
	return shorten(c.Name, 80) + " (" + strings.Join(n, ", ") + ")"
}

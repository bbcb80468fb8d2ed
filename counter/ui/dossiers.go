package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

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
}

var statusChoices = []dossier.Status{dossier.StatusReceived, dossier.StatusProcessing, dossier.StatusSupplementRequired,
	dossier.StatusFeesDue, dossier.StatusResolved, dossier.StatusReturned, dossier.StatusRefused, dossier.StatusWithdrawn, dossier.StatusStopped}

const allStatuses = "Mọi trạng thái"

func (v *View) buildDossiers() *dossierTab {
	d := &dossierTab{}
	keys := v.Key
	opts := []string{allStatuses}
	for _, s := range statusChoices {
		opts = append(opts, s.Label())
	}
	filter := func() {
		f := d.filter()
		v.do(func(p *counter.Presenter) { p.SetListFilter(f) })
	}
	d.status = widget.NewSelect(opts, func(string) { v.unfocus(); filter() })
	d.status.PlaceHolder = allStatuses
	d.dueToday = newCheck(keys, "Hẹn trả hôm nay", func(bool) { filter() })
	d.late = newCheck(keys, "Quá hạn", func(bool) { filter() })
	d.all = newCheck(keys, "Mọi quầy", func(bool) { filter() })
	d.query = newEntry(keys, "Mã hồ sơ hoặc số CCCD, Enter để tìm")
	d.query.submit = filter
	refresh := widget.NewButton("Làm mới", func() { v.do(func(p *counter.Presenter) { p.RefreshList() }) })
	bar := container.NewBorder(nil, nil, container.NewHBox(d.status, d.dueToday, d.late, d.all), refresh, d.query)

	d.count = text("", colMuted, 13, false)
	d.list = widget.NewList(func() int { return len(d.items) },
		func() fyne.CanvasObject {
			return container.NewVBox(text("", colText, 15, true), text("", colMuted, 13, false))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := d.items[i]
			c := o.(*fyne.Container)
			top := it.Dossier.Code + " · " + it.StatusLabel
			col := colText
			if it.Late {
				top += " · QUÁ HẠN"
				col = colRed
			}
			setText(c.Objects[0].(*canvas.Text), top, col)
			setText(c.Objects[1].(*canvas.Text), shorten(it.Dossier.Applicant.Name+" – "+it.Dossier.Procedure.Name, 60)+" · hẹn "+shortTime(it.Dossier), colMuted)
		})
	d.list.OnSelected = func(i widget.ListItemID) {
		code := d.items[i].Dossier.Code
		d.list.UnselectAll()
		v.unfocus()
		v.do(func(p *counter.Presenter) { p.Open(code) })
	}

	d.detail = label("Chọn một hồ sơ trong danh sách, hoặc quét mã QR trên giấy tiếp nhận.", false)
	d.history = label("", false)
	d.actions = container.NewGridWithColumns(4)
	d.missing = newEntry(keys, "Giấy tờ cần bổ sung, mỗi dòng một loại")
	d.missing.MultiLine = true
	d.missing.SetMinRowsVisible(3)
	d.reason = newEntry(keys, "Lý do")
	d.deadline = newEntry(keys, "Hạn nộp bổ sung: ngày/tháng/năm (không bắt buộc)")
	d.feeName = newEntry(keys, "Tên khoản phí, lệ phí")
	d.feeAmount = newEntry(keys, "Số tiền (đồng)")
	d.collector = newEntry(keys, "Họ tên người nhận kết quả")
	d.idChecked = newCheck(keys, "Đã kiểm tra giấy tờ tùy thân của người nhận", nil)
	d.byPost = newCheck(keys, "Trả qua bưu chính", nil)
	d.newAppt = newEntry(keys, "Ngày hẹn mới: ngày/tháng/năm giờ:phút")
	d.result = newEntry(keys, "Kết quả (ví dụ: Giấy khai sinh) – không bắt buộc")
	d.in = map[string]fyne.CanvasObject{
		counter.InMissing: d.missing, counter.InReason: d.reason, counter.InReasonOptional: d.reason,
		counter.InDeadline: d.deadline, counter.InFee: container.NewGridWithColumns(2, d.feeName, d.feeAmount),
		counter.InCollector:      container.NewVBox(d.collector, d.idChecked, d.byPost),
		counter.InNewAppointment: d.newAppt, counter.InResult: d.result,
	}
	d.formTitle = heading("")
	confirm := widget.NewButton("Xác nhận", func() {
		action, in := d.current, d.input()
		d.form.Hide()
		v.do(func(p *counter.Presenter) { p.DoAction(action, in) })
	})
	confirm.Importance = widget.HighImportance
	d.form = container.NewVBox(d.formTitle)
	for _, k := range []string{counter.InMissing, counter.InReason, counter.InDeadline, counter.InFee, counter.InCollector, counter.InNewAppointment, counter.InResult} {
		d.form.Add(d.in[k])
	}
	d.form.Add(container.NewHBox(confirm, widget.NewButton("Hủy", func() { d.form.Hide() })))
	d.form.Hide()
	d.printBtn = widget.NewButton("In lại giấy tiếp nhận", func() { v.do(func(p *counter.Presenter) { p.PrintSelected() }) })
	d.printBtn.Hide()
	detail := container.NewVBox(d.detail, d.actions, d.form, d.printBtn, widget.NewSeparator(), heading("Lịch sử xử lý"), d.history)
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
		if s.Label() == d.status.Selected {
			f.Status = s
		}
	}
	return f
}

func (d *dossierTab) input() counter.ActionInput {
	return counter.ActionInput{Missing: d.missing.Text, Reason: d.reason.Text, Deadline: d.deadline.Text,
		FeeName: d.feeName.Text, FeeAmount: d.feeAmount.Text, CollectedBy: d.collector.Text,
		IDChecked: d.idChecked.Checked, ByPost: d.byPost.Checked, NewAppointment: d.newAppt.Text, Result: d.result.Text}
}

// open shows the inputs of action a (or runs it at once when it has none).
func (d *dossierTab) open(v *View, a counter.ActionDef) {
	if len(a.Inputs) == 0 {
		d.form.Hide()
		v.do(func(p *counter.Presenter) { p.DoAction(a.ID, counter.ActionInput{}) })
		return
	}
	d.current = a.ID
	d.formTitle.SetText(a.Label)
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
	d.form.Show()
}

func (d *dossierTab) render(v *View, cv counter.View) {
	l := cv.List
	if !sameItems(d.items, l.Items) {
		d.items = l.Items
		d.list.Refresh()
	}
	setText(d.count, fmt.Sprintf("%d hồ sơ", len(l.Items)), colMuted)
	sel := l.Selected
	show(d.printBtn, sel != nil)
	if sel == nil {
		return
	}
	x := sel.Dossier
	var b strings.Builder
	fmt.Fprintf(&b, "Mã hồ sơ: %s\nTrạng thái: %s", x.Code, sel.StatusLabel)
	if sel.Late {
		b.WriteString(" (QUÁ HẠN)")
	}
	fmt.Fprintf(&b, "\nChủ hồ sơ: %s · %s\nThủ tục: %s (%s)\nTiếp nhận: %s\nHẹn trả: %s",
		x.Applicant.Name, x.Applicant.Address, x.Procedure.Name, x.Procedure.Code, sel.Receipt.ReceivedText, sel.Receipt.Appointment)
	if i := x.OpenSupplement(); i >= 0 {
		fmt.Fprintf(&b, "\nĐang chờ bổ sung: %s", strings.Join(x.Supplements[i].Missing, "; "))
	}
	if r := x.Return; r != nil {
		fmt.Fprintf(&b, "\nĐã trả kết quả cho: %s (%s)", r.CollectedBy, r.Method.Vietnamese())
	}
	setLabel(d.detail, b.String())
	var h strings.Builder
	for i := len(x.History) - 1; i >= 0; i-- {
		e := x.History[i]
		fmt.Fprintf(&h, "%s · %s · %s\n", e.At.In(dossier.Loc).Format("15:04 02/01/2006"), e.Officer, e.Note)
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
			d.actions.Add(widget.NewButton(a.Label, func() { d.open(v, a) }))
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

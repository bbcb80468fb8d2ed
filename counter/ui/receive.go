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

const (
	retInPerson = "Nhận trực tiếp tại bộ phận một cửa"
	retByPost   = "Trả qua bưu chính công ích"
)

func (v *View) buildReceive() *receiveTab {
	r := &receiveTab{fields: map[counter.Field]*fkEntry{}}
	keys := v.Key
	r.scan = newEntry(keys, "Đặt con trỏ ở đây rồi quét mã QR trên thẻ căn cước hoặc giấy tiếp nhận (F11)")
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
		widget.NewFormItem("Họ và tên", entry(counter.FieldName, "Họ và tên chủ hồ sơ")),
		widget.NewFormItem("Số CCCD/CMND", entry(counter.FieldIDNumber, "12 số")),
		widget.NewFormItem("Ngày sinh", entry(counter.FieldDOB, "ngày/tháng/năm")),
		widget.NewFormItem("Giới tính", entry(counter.FieldGender, "Nam/Nữ")),
		widget.NewFormItem("Địa chỉ", entry(counter.FieldAddress, "Nơi thường trú")),
		widget.NewFormItem("Điện thoại", entry(counter.FieldPhone, "Số điện thoại liên hệ")),
		widget.NewFormItem("Email", entry(counter.FieldEmail, "")),
		widget.NewFormItem("Trích yếu", entry(counter.FieldSummary, "Để trống: tên thủ tục – tên chủ hồ sơ")),
	)
	r.ret = widget.NewRadioGroup([]string{retInPerson, retByPost}, func(s string) {
		m := dossier.ReturnInPerson
		if s == retByPost {
			m = dossier.ReturnByPost
		}
		v.do(func(p *counter.Presenter) { p.SetReturnMethod(m) })
	})
	r.ret.Required = true
	left := container.NewVBox(
		heading("1. Chủ hồ sơ"), r.scan, r.fromCard, form,
		heading("Hình thức nhận kết quả"), r.ret)

	r.search = newEntry(keys, "Tìm thủ tục theo tên hoặc mã, gõ không dấu cũng được (F12)")
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
	r.procInfo = label("Chưa chọn thủ tục.", false)
	r.comps = container.NewVBox()
	r.fees = container.NewVBox()
	all := widget.NewButton("Đã nhận đủ các thành phần", func() { v.do(func(p *counter.Presenter) { p.ReceiveAll() }) })
	r.appt = text("", colBlue, 17, true)
	r.override = newCheck(keys, "Sửa ngày hẹn trả (phải ghi lý do)", func(on bool) { v.do(func(p *counter.Presenter) { p.SetOverride(on) }) })
	r.overAt = newEntry(keys, "ngày/tháng/năm giờ:phút")
	r.overAt.OnChanged = func(s string) { v.do(func(p *counter.Presenter) { p.SetField(counter.FieldOverrideAt, s) }) }
	r.overWhy = newEntry(keys, "Lý do sửa ngày hẹn")
	r.overWhy.OnChanged = func(s string) { v.do(func(p *counter.Presenter) { p.SetField(counter.FieldOverrideReason, s) }) }
	r.overBox = container.NewGridWithColumns(2, r.overAt, r.overWhy)
	r.save = widget.NewButton("F9  Lưu và in giấy tiếp nhận", func() { v.command(counter.CmdSave) })
	r.save.Importance = widget.HighImportance
	r.reprint = widget.NewButton("F10  In lại", func() { v.command(counter.CmdReprint) })
	newBtn := widget.NewButton("F7  Hồ sơ mới", func() { v.command(counter.CmdNewDossier) })
	r.paper = text("", colMuted, 15, true)
	right := container.NewVBox(
		heading("2. Thủ tục hành chính"), r.search, resBox, r.procInfo,
		container.NewBorder(nil, nil, heading("3. Thành phần hồ sơ"), all), r.comps,
		heading("4. Phí, lệ phí thu tại quầy"), r.fees,
		heading("5. Ngày hẹn trả kết quả"), r.appt, r.override, r.overBox,
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
		setText(r.fromCard, "Thông tin đọc từ mã QR trên thẻ căn cước", colGreen)
	} else {
		setText(r.fromCard, "", colGreen)
	}
	ret := retInPerson
	if f.ReturnMethod == dossier.ReturnByPost {
		ret = retByPost
	}
	if r.ret.Selected != ret {
		r.ret.SetSelected(ret)
	}
	setEntry(r.search, f.ProcQuery)
	if !sameProcs(r.resData, f.Results) {
		r.resData = f.Results
		r.results.Refresh()
	}
	show(r.resBox, len(f.Results) > 0)
	if pr := f.Procedure; pr != nil {
		setLabel(r.procInfo, fmt.Sprintf("%s (mã %s) · %s · Thời hạn: %s · Cơ quan giải quyết: %s", pr.Name, pr.Code, pr.Sector.Name, pr.Time.Vietnamese(), pr.Agency))
	} else {
		setLabel(r.procInfo, "Chưa chọn thủ tục.")
	}
	r.renderComponents(v, f)
	switch {
	case f.Appointment != nil:
		setText(r.appt, "Hẹn trả: "+f.Appointment.Text, colBlue)
	case f.Procedure != nil:
		setText(r.appt, "Đang tính ngày hẹn…", colMuted)
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
		setText(r.paper, "Hồ sơ vừa lưu: "+cv.Saved.Dossier.Code, colText)
	case pp == nil:
		setText(r.paper, "", colText)
	case pp.Printing:
		setText(r.paper, "Đang in "+paperName(pp.Kind)+" hồ sơ "+pp.Code+"…", colMuted)
	case pp.Error != "":
		setText(r.paper, pp.Error, colRed)
	default:
		setText(r.paper, "Đã in "+paperName(pp.Kind)+" hồ sơ "+pp.Code+".", colGreen)
	}
}

func paperName(kind string) string {
	if kind == "slip" {
		return "phiếu yêu cầu bổ sung"
	}
	return "giấy tiếp nhận"
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
			ch := newCheck(v.Key, componentText(c), func(on bool) { v.do(func(p *counter.Presenter) { p.SetComponent(i, on) }) })
			r.compCheck = append(r.compCheck, ch)
			r.comps.Add(ch)
		}
		r.fees.RemoveAll()
		r.feeCheck = nil
		for i, fe := range f.Fees {
			i := i
			ch := newCheck(v.Key, fe.Name+": "+dossier.FormatVND(fe.Amount)+" – đã thu", func(on bool) { v.do(func(p *counter.Presenter) { p.SetFeePaid(i, on) }) })
			r.feeCheck = append(r.feeCheck, ch)
			r.fees.Add(ch)
		}
		if len(f.Fees) == 0 && f.Procedure != nil {
			r.fees.Add(label("Thủ tục không thu phí, lệ phí tại quầy.", false))
		}
	}
	for i, c := range f.Components {
		setChecked(r.compCheck[i], c.Received)
	}
	for i, fe := range f.Fees {
		setChecked(r.feeCheck[i], fe.Paid)
	}
}

func componentText(c counter.ComponentLine) string {
	var n []string
	if c.Originals > 0 {
		n = append(n, fmt.Sprintf("%d bản chính", c.Originals))
	}
	if c.Copies > 0 {
		n = append(n, fmt.Sprintf("%d bản sao", c.Copies))
	}
	if len(n) == 0 {
		n = append(n, "xuất trình")
	}
	return shorten(c.Name, 80) + " (" + strings.Join(n, ", ") + ")"
}

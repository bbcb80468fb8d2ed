package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
)

// inboxTab is the "Hộp thư" tab: online submissions and forwarded
// dossiers waiting; the open one's details, its components to tick, accept
// or return for supplement with a reason.
type inboxTab struct {
	root  fyne.CanvasObject
	item  *container.TabItem
	list  *widget.List
	items []client.InboxItem
	count *canvas.Text
	more  *widget.Button // "Xem thêm": the next chunk of older items

	detail, applicant, procedure *widget.Label
	checks                       *fyne.Container
	checkKey                     string
	accept                       *widget.Button
	reason                       *fkEntry
	giveBack                     *widget.Button
	returnBox                    *fyne.Container
	transferNote                 *widget.Label
	body                         *fyne.Container
	pick                         *widget.Label
}

func (v *View) buildInbox() *inboxTab {
	in := &inboxTab{}
	keys := keyHandler(v)
	in.count = text("", colMuted, 13, false)
	refresh := widget.NewButton(v.t("i.refresh"), func() { v.do(func(p *counter.Presenter) { p.RefreshInbox() }) })
	in.list = widget.NewList(func() int { return len(in.items) },
		func() fyne.CanvasObject {
			return container.NewVBox(text("", colText, 15, true), text("", colMuted, 13, false))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			it := in.items[i]
			c := o.(*fyne.Container)
			setText(c.Objects[0].(*canvas.Text), in.kind(v, it)+" · "+itemCode(it), colText)
			setText(c.Objects[1].(*canvas.Text), shorten(it.Submission.ChuHoSo.HoTen+" – "+procName(it), 60)+" · "+when(it), colMuted)
		})
	in.list.OnSelected = func(i widget.ListItemID) {
		id := in.items[i].ID
		in.list.UnselectAll()
		v.do(func(p *counter.Presenter) { p.OpenInbox(id) })
	}
	in.pick = label(v.t("i.pick"), false)
	in.detail = label("", true)
	in.applicant = label("", false)
	in.procedure = label("", false)
	in.checks = container.NewVBox()
	in.accept = widget.NewButton(v.t("i.accept"), func() { v.do(func(p *counter.Presenter) { p.AcceptInbox() }) })
	in.accept.Importance = widget.HighImportance
	in.reason = newEntry(keys, v.t("i.reason"))
	in.reason.MultiLine = true
	in.reason.SetMinRowsVisible(3)
	in.reason.OnChanged = func(s string) { v.do(func(p *counter.Presenter) { p.SetInboxReason(s) }) }
	in.giveBack = widget.NewButton(v.t("i.giveBack"), func() {
		r := in.reason.Text
		v.do(func(p *counter.Presenter) { p.ReturnInbox(r) })
	})
	in.giveBack.Importance = widget.DangerImportance
	in.returnBox = container.NewVBox(widget.NewSeparator(), in.reason, container.NewHBox(in.giveBack))
	in.transferNote = label(v.t("i.transferNote"), false)
	in.body = container.NewVBox(in.detail, in.applicant, in.procedure, heading(v.t("i.components")), in.checks,
		container.NewHBox(in.accept), in.returnBox, in.transferNote)
	in.body.Hide()
	in.more = widget.NewButton(fmt.Sprintf(v.t("i.more"), counter.Number(v.lang, counter.InboxChunk)), func() {
		v.do(func(p *counter.Presenter) { p.LoadMoreInbox() })
	})
	in.more.Hide()
	left := container.NewBorder(container.NewBorder(nil, nil, nil, refresh, in.count), in.more, nil, nil, in.list)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(container.NewVBox(in.pick, in.body))))
	split.Offset = 0.42
	in.root = split
	return in
}

func itemCode(it client.InboxItem) string {
	if it.Transfer != nil {
		return it.Transfer.MaHoSo
	}
	return it.Code
}

func procName(it client.InboxItem) string {
	if it.Transfer != nil && it.Transfer.TenTTHC != "" {
		return it.Transfer.TenTTHC
	}
	return it.Submission.MaTTHC
}

func when(it client.InboxItem) string {
	if it.SubmittedAt.IsZero() {
		return "—"
	}
	return it.SubmittedAt.In(dossier.Loc).Format("15:04 02/01/2006")
}

func (in *inboxTab) kind(v *View, it client.InboxItem) string {
	if it.Transfer != nil {
		return v.t("i.transfer")
	}
	return v.t("i.online")
}

func (in *inboxTab) render(v *View, cv counter.View) {
	x := cv.Inbox
	if !sameInbox(in.items, x.Items) {
		in.items = x.Items
		in.list.Refresh()
	}
	if in.item != nil {
		if t := fmt.Sprintf(v.t("tab.inboxN"), counter.Number(v.lang, max(x.Total, len(x.Items)))) + " · Alt+3"; in.item.Text != t {
			in.item.Text = t
			v.tabs.Refresh()
		}
	}
	in.renderCount(v, x, cv.Busy)
	s := x.Selected
	show(in.pick, s == nil)
	show(in.body, s != nil)
	if s == nil {
		in.checkKey = ""
		return
	}
	a := s.Submission.ChuHoSo
	setLabel(in.detail, fmt.Sprintf(v.t("i.head"), in.kind(v, *s), itemCode(*s), when(*s)))
	setLabel(in.applicant, fmt.Sprintf(v.t("i.applicant"), a.HoTen, dash(a.SoGiayTo), dash(a.DiaChi), dash(a.DienThoai)))
	name := s.Submission.MaTTHC
	if x.ProcedureName != "" {
		name = x.ProcedureName + " (" + s.Submission.MaTTHC + ")"
	}
	proc := fmt.Sprintf(v.t("i.procedure"), name, dash(s.Submission.TrichYeu))
	if t := s.Transfer; t != nil {
		due := "—"
		if !t.NgayHenTra.IsZero() {
			due = t.NgayHenTra.In(dossier.Loc).Format("15:04 02/01/2006")
		}
		proc += "\n" + fmt.Sprintf(v.t("i.from"), t.MaHoSo, t.TuDonVi, due)
		if t.TraKetQuaTai != "" {
			place := counter.ReturnPlaceText(v.lang, t.TraKetQuaTai)
			if t.DiaChiNhan != "" {
				place += ": " + t.DiaChiNhan
			}
			proc += "\n" + fmt.Sprintf(v.t("i.return"), place)
		}
	} else {
		how := v.t("i.inPerson")
		if s.Submission.HinhThucTra == "buu_chinh" {
			how = v.t("i.byPost")
		}
		proc += "\n" + fmt.Sprintf(v.t("i.return"), how)
	}
	setLabel(in.procedure, proc)
	key := strconv.FormatInt(s.ID, 10)
	if key != in.checkKey {
		in.checkKey = key
		in.checks.RemoveAll()
		for i, c := range s.Submission.ThanhPhan {
			i := i
			in.checks.Add(newCheck(v, fmt.Sprintf(v.t("i.component"), c.Ten, copies(v, c)), func(on bool) {
				v.do(func(p *counter.Presenter) { p.CheckInboxComponent(i, on) })
			}))
		}
		in.reason.SetText(x.Reason)
	}
	for i, o := range in.checks.Objects {
		if i < len(x.Checked) {
			setChecked(o.(*fkCheck), x.Checked[i])
		}
	}
	transfer := s.Transfer != nil
	if transfer {
		in.accept.SetText(v.t("i.acceptTransfer"))
	} else {
		in.accept.SetText(v.t("i.accept"))
	}
	show(in.returnBox, !transfer)
	show(in.transferNote, transfer)
	enable(in.accept, !cv.Busy)
	enable(in.giveBack, !cv.Busy)
}

func copies(v *View, c client.InboxComponent) string {
	var parts []string
	if c.SoBanChinh > 0 {
		parts = append(parts, fmt.Sprintf(v.t("r.originals"), c.SoBanChinh))
	}
	if c.SoBanSao > 0 {
		parts = append(parts, fmt.Sprintf(v.t("r.copies"), c.SoBanSao))
	}
	if len(parts) == 0 {
		return v.t("r.show")
	}
	return strings.Join(parts, ", ")
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func sameInbox(a, b []client.InboxItem) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || a[i].Status != b[i].Status {
			return false
		}
	}
	return true
}

// renderCount writes how many items are listed against how many wait on
// the server ("Hiển thị 500 / 1.234 hồ sơ chờ tiếp nhận") and offers the
// next chunk while some are not loaded.
func (in *inboxTab) renderCount(v *View, x counter.InboxView, busy bool) {
	shown, total := len(x.Items), max(x.Total, len(x.Items))
	switch {
	case shown == 0 && total == 0 && x.Loaded:
		setText(in.count, v.t("i.empty"), colMuted)
	case shown < total || x.More:
		setText(in.count, fmt.Sprintf(v.t("i.shown"), counter.Number(v.lang, shown), counter.Number(v.lang, total)), colText)
	default:
		c := fmt.Sprintf(v.t("i.countN"), counter.Number(v.lang, shown))
		if v.lang == counter.EN && shown == 1 {
			c = strings.Replace(c, " dossiers", " dossier", 1)
		}
		setText(in.count, c, colMuted)
	}
	if x.More {
		n := min(counter.InboxChunk, max(total-shown, 1))
		if t := fmt.Sprintf(v.t("i.more"), counter.Number(v.lang, n)); in.more.Text != t {
			in.more.SetText(t)
		}
	}
	show(in.more, x.More)
	enable(in.more, !busy)
}

package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/counter"
)

// leaveDialog is the sign-out question (counter.View.Leave): a modal over
// the window with the number at the counter and the four answers
// "Hoàn thành / Trả lại hàng chờ (đầu hàng) / Vắng mặt / Hủy đăng xuất".
type leaveDialog struct {
	pop                             *widget.PopUp
	key                             string // what the shown dialog was built for
	finish, requeue, noShow, cancel *widget.Button
}

// renderLeave shows, rebuilds or hides the question as the view says.
func (v *View) renderLeave(cv counter.View) {
	ask := cv.Leave
	if cv.Screen != counter.ScreenMain {
		ask = nil
	}
	d := &v.leave
	if ask == nil || v.o.Window == nil {
		if d.pop != nil {
			d.pop.Hide()
			d.pop, d.key = nil, ""
		}
		return
	}
	key := fmt.Sprint(ask.Number, ask.Serving, ask.Quit, v.lang)
	if d.pop != nil && d.key == key {
		enableAll(!cv.Busy, d.finish, d.requeue, d.noShow, d.cancel)
		return
	}
	if d.pop != nil {
		d.pop.Hide()
	}
	answer := func(c counter.LeaveChoice) func() {
		return func() { v.do(func(p *counter.Presenter) { p.LeaveWith(c) }) }
	}
	d.finish = widget.NewButton(v.t("leave.finish"), answer(counter.LeaveFinish))
	d.finish.Importance = widget.HighImportance
	d.requeue = widget.NewButton(v.t("leave.requeue"), answer(counter.LeaveRequeue))
	d.noShow = widget.NewButton(v.t("leave.noshow"), answer(counter.LeaveNoShow))
	d.cancel = widget.NewButton(v.t("leave.cancel"), answer(counter.LeaveCancel))
	title, state := v.t("leave.title"), v.t("leave.called")
	if ask.Quit {
		title = v.t("leave.titleQuit")
		d.cancel.SetText(v.t("leave.cancelQuit"))
	}
	if ask.Serving {
		state = v.t("leave.serving")
		d.noShow.Hide() // the citizen is at the counter
	}
	number := text(fmt.Sprintf(v.t("leave.number"), ask.Number), colBlue, 22, true)
	body := container.NewVBox(
		heading(title),
		number,
		label(state+" "+v.t("leave.ask"), false),
		container.NewGridWithColumns(1, d.finish, d.requeue, d.noShow),
		widget.NewSeparator(),
		d.cancel,
	)
	box := container.NewStack(canvas.NewRectangle(colPanel), container.NewPadded(container.NewPadded(body)))
	d.pop = widget.NewModalPopUp(container.New(&fixedWidth{w: 460}, box), v.o.Window.Canvas())
	d.key = key
	enableAll(!cv.Busy, d.finish, d.requeue, d.noShow, d.cancel)
	d.pop.Show()
	// Space on the focused answer keeps the citizen's place: the safe one.
	v.focus(d.requeue)
}

func enableAll(on bool, bs ...*widget.Button) {
	for _, b := range bs {
		enable(b, on)
	}
}

// leaveKey: Escape answers the question with "cancel".
func (v *View) leaveKey(ev *fyne.KeyEvent) bool {
	if v.leave.pop == nil || ev.Name != fyne.KeyEscape {
		return false
	}
	v.do(func(p *counter.Presenter) { p.LeaveWith(counter.LeaveCancel) })
	return true
}

// InterceptClose makes closing the window ask the sign-out question when a
// number is at the counter (counter.Presenter.Quit); quit closes the app.
func (v *View) InterceptClose(quit func()) {
	if v.o.Window == nil {
		return
	}
	v.o.Window.SetCloseIntercept(func() {
		if v.p == nil {
			quit()
			return
		}
		v.do(func(p *counter.Presenter) { p.Quit(quit) })
	})
}

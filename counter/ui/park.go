package ui

// The park button (Alt+G "Tạm giữ") and this counter's parked numbers with
// "Gọi lại số này" on each (counter/park.go).

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/counter"
)

type parkPanel struct {
	button *widget.Button   // Alt+G Tạm giữ
	title  *canvas.Text     // "Số đang tạm giữ: N"
	rows   *fyne.Container  // one row per parked number
	calls  []*widget.Button // "Gọi lại số này", by row
	labels []*canvas.Text   // number · service, by row
	ids    []string         // the ticket of each row
	box    *fyne.Container  // title and rows
}

// buildPark makes the park button and the list.
func (v *View) buildPark() *parkPanel {
	pk := &parkPanel{rows: container.NewVBox()}
	var s counter.Shortcut
	for _, x := range counter.Shortcuts {
		if x.Command == counter.CmdPark {
			s = x
		}
	}
	pk.button = widget.NewButton(s.Key+"  "+counter.ShortcutLabel(v.lang, s), func() { v.command(counter.CmdPark) })
	pk.button.Alignment = widget.ButtonAlignLeading
	pk.title = text("", colText, 15, true)
	pk.box = container.NewVBox(pk.title, pk.rows)
	return pk
}

// callParked is the "Gọi lại số này" of row i.
func (v *View) callParked(i int) {
	if i >= len(v.pk.ids) {
		return
	}
	id := v.pk.ids[i]
	v.do(func(p *counter.Presenter) { p.CallParked(id) })
}

func (v *View) renderPark(q counter.Queue) {
	pk := v.pk
	enable(pk.button, q.Current != nil)
	if len(q.Parked) == 0 {
		setText(pk.title, v.t("q.parkedNone"), colMuted)
	} else {
		setText(pk.title, fmt.Sprintf(v.t("q.parked"), len(q.Parked)), colAmber)
	}
	for len(pk.calls) < len(q.Parked) {
		i := len(pk.calls)
		l := text("", colText, 15, true)
		b := widget.NewButton(v.t("q.parkedCall"), func() { v.callParked(i) })
		pk.calls, pk.labels = append(pk.calls, b), append(pk.labels, l)
		pk.rows.Add(container.NewBorder(nil, nil, nil, b, l))
	}
	pk.ids = pk.ids[:0]
	for i, o := range pk.rows.Objects {
		show(o, i < len(q.Parked))
		if i >= len(q.Parked) {
			continue
		}
		t := q.Parked[i]
		pk.ids = append(pk.ids, t.ID)
		setText(pk.labels[i], t.Number+" · "+shorten(v.name(t.ServiceName, t.ServiceNameEN), 22), colText)
		enable(pk.calls[i], q.Current == nil && !q.Paused)
	}
}

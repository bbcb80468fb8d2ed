package ui

import (
	"fmt"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/queue"
)

func (u *UI) sectors(v kiosk.View) fyne.CanvasObject {
	var items []fyne.CanvasObject
	for _, s := range v.Sectors {
		id := s.ID
		items = append(items, u.tap("sector."+id, newTile(s.Name, s.Detail, colBlue, func() { u.p.ChooseSector(id) })))
	}
	u.fillRows(items, true)
	return u.frame(v, v.T("sector.title"), container.NewGridWithColumns(u.columns(len(items)), items...), true)
}

func waitLine(v kiosk.View, s kiosk.ServiceChoice) string {
	return fmt.Sprintf(v.T("service.waiting"), s.Waiting) + "  ·  " +
		kiosk.WaitText(v.Lang, s.Waiting, s.OpenCounters, s.EstimatedWait, "service.wait")
}

func (u *UI) services(v kiosk.View) fyne.CanvasObject {
	var items []fyne.CanvasObject
	for _, s := range v.Services {
		id := s.ID
		sub := waitLine(v, s)
		if s.Description != "" {
			sub = s.Description + "\n" + sub
		}
		items = append(items, u.tap("service."+id, newTile(s.Name, sub, colBlue, func() { u.p.ChooseService(id) })))
	}
	u.fillRows(items, true)
	return u.frame(v, v.T("service.title"), container.NewGridWithColumns(u.columns(len(items)), items...), true)
}

func (u *UI) priority(v kiosk.View) fyne.CanvasObject {
	none := u.tap("priority.", newTile(v.T("priority.none"), "", colBlue, func() { u.p.ChoosePriority("") }))
	none.minH = 130
	var items []fyne.CanvasObject
	for _, c := range v.Priorities {
		id := c.ID
		items = append(items, u.tap("priority."+id, newTile(c.Name, "", colAmber, func() { u.p.ChoosePriority(id) })))
	}
	body := container.NewVBox(text(v.T("priority.sub"), theme.SizeNameText, false), none,
		container.NewGridWithColumns(u.columns(len(items)+1), items...))
	return u.frame(v, v.T("priority.title"), body, true)
}

func (u *UI) qrImage(url string) image.Image {
	if img, ok := u.qr[url]; ok {
		return img
	}
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return image.NewGray(image.Rect(0, 0, 1, 1))
	}
	q.DisableBorder = false
	img := q.Image(400)
	if len(u.qr) > 16 {
		clear(u.qr)
	}
	u.qr[url] = img
	return img
}

func (u *UI) ticket(v kiosk.View) fyne.CanvasObject {
	t := v.Ticket
	if t == nil {
		return u.home(v)
	}
	num := bigText(t.Number, 180, colBlue)
	rows := []fyne.CanvasObject{container.NewCenter(num)}
	if t.Priority != "" {
		// Not in a Center: a word-wrapping label there gets no width and
		// wraps one letter per line.
		pri := text(v.T("priority.label")+": "+t.PriorityIn(v.Lang), theme.SizeNameSubHeadingText, true)
		pri.Alignment = fyne.TextAlignCenter
		rows = append(rows, pri)
	}
	info := widget.NewForm(
		widget.NewFormItem(v.T("ticket.service"), text(t.ServiceNameIn(v.Lang), theme.SizeNameText, true)),
		widget.NewFormItem(v.T("ticket.counters"), text(kiosk.CounterList(t.Counters), theme.SizeNameText, true)),
		widget.NewFormItem(v.T("ticket.ahead"), text(fmt.Sprint(t.Ahead), theme.SizeNameText, true)),
		widget.NewFormItem(v.T("ticket.wait"), text(kiosk.WaitText(v.Lang, t.Ahead, t.OpenCounters, t.EstimatedWait, "ticket.minutes"), theme.SizeNameText, true)),
		widget.NewFormItem("", text(t.IssuedAt.In(queue.Loc).Format("15:04  02/01/2006"), theme.SizeNameText, false)),
	)
	qr := canvas.NewImageFromImage(u.qrImage(t.TrackURL))
	qr.FillMode = canvas.ImageFillContain
	qr.ScaleMode = canvas.ImageScalePixels
	qr.SetMinSize(fyne.NewSize(300, 300))
	caption := text(v.T("ticket.scan"), theme.SizeNameText, false)
	caption.Alignment = fyne.TextAlignCenter
	qrBox := container.NewVBox(container.NewCenter(qr), caption)
	var status fyne.CanvasObject
	switch {
	case v.TicketPrinting:
		status = banner(v.T("ticket.printing"), colInfoBG)
	case v.TicketPrinted:
		status = banner(v.T("ticket.printed"), colOkBG)
	default:
		msg := v.T("ticket.noprint")
		if v.PrinterWarning != "" {
			msg = v.PrinterWarning + " " + msg
		}
		status = banner(msg, colWarnBG)
	}
	done := u.tap("ticket.done", newTile(v.T("ticket.done"), "", colBlue, func() { u.p.Home() }))
	done.center = true
	done.minH = 100
	var body fyne.CanvasObject
	if u.o.Portrait {
		body = container.NewVBox(append(rows, info, qrBox, status, done)...)
	} else {
		left := container.NewVBox(append(rows, info)...)
		body = container.NewVBox(container.NewGridWithColumns(2, left, qrBox), status, done)
	}
	return u.frame(v, v.T("ticket.title"), body, false)
}

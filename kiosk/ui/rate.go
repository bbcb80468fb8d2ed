package ui

import (
	"fmt"
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"

	"github.com/motcua/motcua/kiosk"
)

// rateSubject asks for the scan of the ticket or receipt QR: one sentence,
// and how to hold the paper.
func (u *UI) rateSubject(v kiosk.View) fyne.CanvasObject {
	items := []fyne.CanvasObject{
		text(v.T("rate.subject"), theme.SizeNameSubHeadingText, true),
		text(v.T("rate.subject.how"), theme.SizeNameText, false),
	}
	return u.frame(v, v.T("rate.title"), container.NewVBox(items...), true)
}

// levelColour: the best level green, low levels red, the others blue.
func levelColour(i int, l kiosk.LevelChoice) color.Color {
	switch {
	case l.Low:
		return colRed
	case i == 0:
		return colGreen
	}
	return colBlue
}

func (u *UI) rateLevel(v kiosk.View) fyne.CanvasObject {
	// What is rated comes first, in large type: the citizen checks the
	// number and the counter before answering.
	items := []fyne.CanvasObject{text(v.RateSubject, theme.SizeNameSubHeadingText, true), text(v.Question, theme.SizeNameSubHeadingText, false)}
	h := float32(150)
	if len(v.Levels) > 3 {
		h = 112 // five levels still fit a landscape screen without scrolling
	}
	for i, l := range v.Levels {
		value := l.Value
		t := u.tap(fmt.Sprintf("level.%d", value), newTile(l.Label, "", levelColour(i, l), func() { u.p.ChooseLevel(value) }))
		t.minH = h
		t.titleSize = theme.SizeNameHeadingText
		t.center = true
		items = append(items, t)
	}
	return u.frame(v, v.T("rate.title"), container.NewVBox(items...), true)
}

func (u *UI) rateReason(v kiosk.View) fyne.CanvasObject {
	items := []fyne.CanvasObject{text(v.T("rate.reason"), theme.SizeNameSubHeadingText, true)}
	var reasons []fyne.CanvasObject
	for i, r := range v.Reasons {
		id := r.ID
		t := newTile(r.Name, "", colRed, func() { u.p.ToggleReason(id) })
		t.selected = r.Selected
		t.titleSize = theme.SizeNameText
		t.minH = 96
		reasons = append(reasons, u.tap(fmt.Sprintf("reason.%d", i), t))
	}
	items = append(items, container.NewGridWithColumns(u.columns(len(reasons)), reasons...))
	items = append(items, text(v.T("rate.comment"), theme.SizeNameSubHeadingText, true))
	comment := newCornerTap(commentBox(v, v.T("rate.comment.tap")), func() { u.p.EditComment() })
	u.targets["rate.comment"] = comment
	items = append(items, comment)
	send := u.tap("rate.send", newTile(v.T("rate.send"), "", colBlue, func() { u.p.SendRating() }))
	send.center = true
	items = append(items, send)
	return u.frame(v, v.T("rate.title"), container.NewVBox(items...), true)
}

func (u *UI) rateComment(v kiosk.View) fyne.CanvasObject {
	return u.vnKeyboard(v, v.T("rate.comment"), v.T("rate.comment.hint"))
}

func (u *UI) thanks(v kiosk.View) fyne.CanvasObject {
	msg := text(v.Notice, theme.SizeNameHeadingText, true)
	msg.Alignment = fyne.TextAlignCenter
	done := u.tap("thanks.done", newTile(v.T("home"), "", colBlue, func() { u.p.Home() }))
	done.center = true
	return u.frame(v, v.T("rate.title"), container.NewVBox(layout.NewSpacer(), msg, done), false)
}

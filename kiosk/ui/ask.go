package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/motcua/motcua/kiosk"
)

// ask is the question and petition form: kind, topic, the text (a tap
// opens the Vietnamese keyboard), the optional phone number (a tap opens
// the digit pad) and Send.
func (u *UI) ask(v kiosk.View) fyne.CanvasObject {
	choice := func(prefix string, cs []kiosk.Choice, onTap func(id string)) []fyne.CanvasObject {
		var out []fyne.CanvasObject
		for _, c := range cs {
			id := c.ID
			t := u.tap(prefix+id, newTile(c.Name, "", colBlue, func() { onTap(id) }))
			t.selected = c.Selected
			t.titleSize = theme.SizeNameText
			t.minH = minTouch + 16
			out = append(out, t)
		}
		return out
	}
	kinds := choice("ask.kind.", v.AskKinds, u.p.AskKind)
	topics := choice("ask.topic.", v.AskTopics, u.p.AskTopic)
	body := kiosk.View{Screen: v.Screen, Comment: v.AskText}
	textBox := newCornerTap(commentBox(body, v.T("ask.text.tap")), func() { u.p.EditAskText() })
	u.targets["ask.text"] = textBox
	phone := kiosk.View{Screen: v.Screen, Comment: v.AskContact}
	phoneBox := newCornerTap(commentBox(phone, v.T("ask.phone.tap")), func() { u.p.EditAskPhone() })
	u.targets["ask.phone"] = phoneBox
	send := u.tap("ask.send", newTile(v.T("ask.send"), "", colGreen, func() { u.p.SendAsk() }))
	send.center = true
	send.minH = minTouch + 20
	choose := container.NewVBox(
		text(v.T("ask.kind"), theme.SizeNameSubHeadingText, true), container.NewGridWithColumns(2, kinds...),
		text(v.T("ask.topic"), theme.SizeNameSubHeadingText, true), container.NewGridWithColumns(2, topics...))
	write := container.NewVBox(
		text(v.T("ask.text"), theme.SizeNameSubHeadingText, true), textBox,
		text(v.T("ask.phone"), theme.SizeNameSubHeadingText, true), phoneBox, send)
	var form fyne.CanvasObject = container.NewVBox(choose, write)
	if !u.o.Portrait {
		// Landscape: choices on the left, the writing on the right, all
		// of it above the fold.
		form = container.NewGridWithColumns(2, choose, write)
	}
	return u.frame(v, v.T("ask.title"), form, true)
}

// askPhone is the digit pad for the phone number.
func (u *UI) askPhone(v kiosk.View) fyne.CanvasObject {
	var keys []fyne.CanvasObject
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		k := k
		t := u.tap("digit."+k, newTile(k, "", colMuted, func() { u.p.AskDigit(k) }))
		t.center = true
		keys = append(keys, t)
	}
	del := u.tap("digit.del", newTile(v.T("lookup.del"), "", colMuted, func() { u.p.AskPhoneBackspace() }))
	zero := u.tap("digit.0", newTile("0", "", colMuted, func() { u.p.AskDigit("0") }))
	done := u.tap("digit.done", newTile(v.T("rate.comment.done"), "", colGreen, func() { u.p.AskEditDone() }))
	for _, t := range []*tile{del, zero, done} {
		t.center = true
	}
	keys = append(keys, del, zero, done)
	pad := container.NewGridWrap(fyne.NewSize(600, 4*(110+8)), container.NewGridWithColumns(3, keys...))
	shown := kiosk.View{Screen: kiosk.ScreenAskText, Comment: v.AskContact} // with the caret
	body := container.NewVBox(text(v.T("ask.phone.hint"), theme.SizeNameText, false), commentBox(shown, ""), container.NewCenter(pad))
	return u.frame(v, v.T("ask.phone"), body, true)
}

// askSent thanks the citizen and shows the reference.
func (u *UI) askSent(v kiosk.View) fyne.CanvasObject {
	msg := text(v.T("ask.sent"), theme.SizeNameHeadingText, true)
	msg.Alignment = fyne.TextAlignCenter
	ref := text(v.T("ask.ref")+":", theme.SizeNameSubHeadingText, false)
	ref.Alignment = fyne.TextAlignCenter
	hint := text(v.T("ask.ref.hint"), theme.SizeNameText, false)
	hint.Alignment = fyne.TextAlignCenter
	done := u.tap("ask.done", newTile(v.T("home"), "", colBlue, func() { u.p.Home() }))
	done.center = true
	return u.frame(v, v.T("ask.title"), container.NewVBox(msg, ref, container.NewCenter(bigText(v.AskRef, 72, colBlue)), hint, done), false)
}

package ui

import (
	"fmt"
	"image/color"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/kiosk"
)

// keyboard rows of the on-screen keyboard for dossier codes.
var keyRows = [][]string{
	{"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"},
	{"Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"},
	{"A", "S", "D", "F", "G", "H", "J", "K", "L", "."},
	{"Z", "X", "C", "V", "B", "N", "M", "-"},
}

// keyboardScreen is a code typed on the on-screen keyboard; submit is the
// screen's action key.
func (u *UI) keyboardScreen(v kiosk.View, title, hint, example string, submit *tile) fyne.CanvasObject {
	shown := v.Input
	if shown == "" {
		// An example, not a pre-filled code: say so, in lighter italics.
		shown = fmt.Sprintf(v.T("lookup.example"), example)
	}
	inBG := canvas.NewRectangle(colCard)
	inBG.StrokeColor = colBlue
	inBG.StrokeWidth = 3
	inBG.CornerRadius = 10
	in := canvas.NewText(shown, colText)
	if v.Input == "" {
		in.Color = colMuted
	}
	in.TextSize = 40
	if v.Input == "" {
		in.TextSize = 30
		in.TextStyle = fyne.TextStyle{Italic: true}
	}
	input := container.NewStack(inBG, container.NewPadded(in))
	var rows []fyne.CanvasObject
	for _, r := range keyRows {
		var keys []fyne.CanvasObject
		for _, k := range r {
			key := k
			t := u.tap("key."+key, newTile(key, "", colMuted, func() { u.p.Key(key) }))
			t.minH = minTouch + 10
			t.center = true
			t.key = true
			keys = append(keys, t)
		}
		rows = append(rows, u.keyRow(len(keyRows[0]), keys...))
	}
	del := u.tap("key.del", newTile(v.T("lookup.del"), "", colMuted, func() { u.p.Backspace() }))
	clr := u.tap("key.clear", newTile(v.T("lookup.clear"), "", colMuted, func() { u.p.ClearInput() }))
	for _, t := range []*tile{del, clr, submit} {
		t.center = true
		t.minH = minTouch + 10
	}
	rows = append(rows, u.keyRow(3, del, clr, submit))
	body := container.NewVBox(text(hint, theme.SizeNameText, false), input, container.NewVBox(rows...))
	return u.frame(v, title, body, true)
}

// maxShown is how much of a typed text a box shows (its end).
const maxShown = 240

// commentBox shows the comment typed so far, or the invitation to write.
func commentBox(v kiosk.View, placeholder string) fyne.CanvasObject {
	bg := canvas.NewRectangle(colCard)
	bg.StrokeColor = colBlue
	bg.StrokeWidth = 3
	bg.CornerRadius = 10
	shown := v.Comment
	if rs := []rune(shown); len(rs) > maxShown {
		// A long text shows its end, where letters go: the keys stay on screen.
		shown = "…" + string(rs[len(rs)-maxShown:])
	}
	if v.Screen == kiosk.ScreenRateComment || v.Screen == kiosk.ScreenAskText {
		shown += "|" // the caret: letters go at the end (ASCII: the bundled font has no box-drawing bar)
	}
	l := text(shown, theme.SizeNameSubHeadingText, false)
	if v.Comment == "" {
		l = text(placeholder, theme.SizeNameText, false)
		l.Importance = widget.LowImportance
	}
	floor := canvas.NewRectangle(color.Transparent)
	floor.SetMinSize(fyne.NewSize(0, 96))
	return container.NewStack(floor, bg, container.NewPadded(l))
}

// commentRows is the on-screen keyboard for a comment: Vietnamese letters,
// then the five tone keys that mark the word just typed.
var commentRows = [][]string{
	{"q", "w", "e", "r", "t", "y", "u", "i", "o", "p"},
	{"a", "s", "d", "f", "g", "h", "j", "k", "l", "đ"},
	{"z", "x", "c", "v", "b", "n", "m", ",", ".", "?"},
	{"ă", "â", "ê", "ô", "ơ", "ư"},
}

var toneNames = map[kiosk.Tone][2]string{
	kiosk.ToneSac: {"sắc", "acute"}, kiosk.ToneHuyen: {"huyền", "grave"}, kiosk.ToneHoi: {"hỏi", "hook"},
	kiosk.ToneNga: {"ngã", "tilde"}, kiosk.ToneNang: {"nặng", "dot"},
}

// vnKeyboard is the Vietnamese on-screen keyboard (the rating comment's and
// the question's): v.Comment is the text typed so far.
func (u *UI) vnKeyboard(v kiosk.View, title, hint string) fyne.CanvasObject {
	key := func(name, label string, c color.Color, onTap func()) *tile {
		t := u.tap(name, newTile(label, "", c, onTap))
		t.minH = minTouch + 10
		t.center = true
		t.key = utf8.RuneCountInString(label) == 1
		return t
	}
	var rows []fyne.CanvasObject
	for _, r := range commentRows {
		var keys []fyne.CanvasObject
		for _, k := range r {
			k := k
			keys = append(keys, key("ckey."+k, k, colMuted, func() { u.p.CommentKey(k) }))
		}
		rows = append(rows, u.keyRow(len(keys), keys...))
	}
	var tones []fyne.CanvasObject
	for i, tn := range kiosk.Tones {
		tn := tn
		name := toneNames[tn][0]
		if v.Lang == kiosk.EN {
			name = toneNames[tn][1]
		}
		t := u.tap(fmt.Sprintf("tone.%d", i), newTile(tn.Key(), name, colAmber, func() { u.p.CommentTone(tn) }))
		t.minH = minTouch + 30
		t.center = true
		tones = append(tones, t)
	}
	rows = append(rows, u.keyRow(len(tones), tones...))
	space := key("ckey.space", v.T("rate.comment.space"), colMuted, func() { u.p.CommentKey(" ") })
	del := key("ckey.del", v.T("lookup.del"), colMuted, func() { u.p.CommentBackspace() })
	done := key("comment.done", v.T("rate.comment.done"), colGreen, func() { u.p.CommentDone() })
	rows = append(rows, u.keyRow(3, space, del, done))
	body := container.NewVBox(text(hint, theme.SizeNameText, false), commentBox(v, ""), container.NewVBox(rows...))
	return u.frame(v, title, body, true)
}

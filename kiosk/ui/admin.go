package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"

	"github.com/motcua/motcua/kiosk"
)

func (u *UI) secretTap() {
	now := u.o.Now()
	keep := u.adminTaps[:0]
	for _, t := range u.adminTaps {
		if now.Sub(t) < 3*time.Second {
			keep = append(keep, t)
		}
	}
	u.adminTaps = append(keep, now)
	if len(u.adminTaps) >= 5 {
		u.adminTaps = nil
		u.p.Admin()
	}
}

func (u *UI) admin(v kiosk.View) fyne.CanvasObject {
	if v.AdminUnlocked {
		exit := u.tap("admin.exit", newTile(v.T("admin.exit"), "", colRed, func() { u.p.Exit() }))
		resume := u.tap("admin.resume", newTile(v.T("admin.resume"), "", colBlue, func() { u.p.Home() }))
		return u.frame(v, v.T("admin.title"), container.NewVBox(resume, exit), false)
	}
	// "•" and "_": the bundled font has no ●/○ (Windows has no system font to fill in)
	dots := canvas.NewText(strings.TrimSpace(strings.Repeat("• ", v.PinLen)+strings.Repeat("_ ", max(0, 4-v.PinLen))), colText)
	dots.TextSize = 48
	dots.Alignment = fyne.TextAlignCenter
	var keys []fyne.CanvasObject
	for _, k := range []string{"1", "2", "3", "4", "5", "6", "7", "8", "9"} {
		key := k
		t := u.tap("pin."+key, newTile(key, "", colMuted, func() { u.p.PinKey(key) }))
		t.center = true
		keys = append(keys, t)
	}
	back := u.tap("pin.del", newTile(v.T("lookup.del"), "", colMuted, func() { u.p.PinBack() }))
	zero := u.tap("pin.0", newTile("0", "", colMuted, func() { u.p.PinKey("0") }))
	ok := u.tap("pin.ok", newTile(v.T("admin.ok"), "", colGreen, func() { u.p.PinSubmit() }))
	for _, t := range []*tile{back, zero, ok} {
		t.center = true
	}
	keys = append(keys, back, zero, ok)
	pad := container.NewGridWrap(fyne.NewSize(600, 4*(110+8)), container.NewGridWithColumns(3, keys...))
	body := container.NewVBox(text(v.T("admin.pin"), theme.SizeNameSubHeadingText, true), dots, container.NewCenter(pad))
	return u.frame(v, v.T("admin.title"), body, true)
}

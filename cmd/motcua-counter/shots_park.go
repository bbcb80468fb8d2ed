//go:build shots

package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/ui"
)

// parkShot: F1 calls a citizen, Alt+G parks them (tạm giữ), F1 calls the
// next: the panel lists the parked number with "Gọi lại số này";
// counter-park.png (docs/COUNTER.md).
func parkShot(p *counter.Presenter, view *ui.View, do func(func()), snap func(string) error) error {
	do(func() { p.SetTab(counter.TabReceive) })
	do(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	do(func() { view.Shortcut(&desktop.CustomShortcut{KeyName: fyne.KeyG, Modifier: fyne.KeyModifierAlt}) })
	do(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	return snap("park")
}

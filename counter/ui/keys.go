package ui

import (
	"github.com/motcua/motcua/counter"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// Keyboard-only use (issue 18): besides F1…F12, Alt+1, Alt+2 and Alt+3
// open the three tabs (receive, dossier list, inbox) and put the focus on
// the tab's first field, so an officer without a mouse reaches every
// screen; Tab/Shift+Tab move, Space presses the focused button or ticks
// the focused box, and the focused widget is drawn in the theme's focus
// colour (widgets.go).

// tabKeys are the tab shortcuts, in tab order.
var tabKeys = []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3}

// parkKey with Alt parks the number at the counter (counter.ParkKey).
const parkKey = fyne.KeyG

// addShortcuts registers the tab shortcuts on the window (they reach it
// when the focused widget is not an entry; fkEntry passes them on).
func (v *View) addShortcuts(c fyne.Canvas) {
	for _, k := range tabKeys {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}, func(s fyne.Shortcut) { v.Shortcut(s) })
	}
	c.AddShortcut(&desktop.CustomShortcut{KeyName: parkKey, Modifier: fyne.KeyModifierAlt}, func(s fyne.Shortcut) { v.Shortcut(s) })
}

// Shortcut handles the app's shortcuts; it reports whether s was one.
func (v *View) Shortcut(s fyne.Shortcut) bool {
	cs, ok := s.(*desktop.CustomShortcut)
	if !ok || cs.Modifier != fyne.KeyModifierAlt || v.p == nil || !v.main.Visible() {
		return false
	}
	if cs.KeyName == parkKey { // Alt+G Tạm giữ (park.go)
		v.command(counter.CmdPark)
		return true
	}
	for i, k := range tabKeys {
		if cs.KeyName == k {
			v.openTab(i)
			return true
		}
	}
	return false
}

// openTab selects tab i and focuses its first field.
func (v *View) openTab(i int) {
	if v.tabs.SelectedIndex() != i {
		v.tabs.SelectIndex(i) // OnSelected tells the presenter
	}
	switch i {
	case 0:
		v.focus(v.rcv.scan)
	case 1:
		v.focus(v.dl.query)
	case 2:
		v.focus(v.ib.list)
	}
}

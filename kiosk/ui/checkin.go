package ui

import (
	"fyne.io/fyne/v2"

	"github.com/motcua/motcua/kiosk"
)

// checkIn is "I have an appointment": the lookup's keyboard for the
// booking code; a booking QR or a CCCD may be scanned instead.
func (u *UI) checkIn(v kiosk.View) fyne.CanvasObject {
	return u.keyboardScreen(v, v.T("checkin.title"), v.T("checkin.hint"), "B2FR-GA6B-F6ZX-VS2Y",
		u.tap("key.checkin", newTile(v.T("checkin.submit"), "", colTeal, func() { u.p.SubmitCheckIn() })))
}

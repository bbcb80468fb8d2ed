package kiosk

import (
	"time"
)

// Admin opens the PIN screen (window close, hidden corner).
func (p *Presenter) Admin() {
	p.touch()
	if p.v.Busy || p.v.Screen == ScreenAdmin {
		return
	}
	p.pin = ""
	p.show(ScreenAdmin)
	p.v.AdminUnlocked = false
	p.render()
}

// PinKey types a PIN digit.
func (p *Presenter) PinKey(d string) {
	p.touch()
	if len(p.pin) < 12 {
		p.pin += d
	}
	p.v.Notice = ""
	p.render()
}

// PinBack deletes a PIN digit.
func (p *Presenter) PinBack() {
	p.touch()
	if n := len(p.pin); n > 0 {
		p.pin = p.pin[:n-1]
	}
	p.render()
}

// PinSubmit checks the PIN; five wrong PINs lock the screen for a minute.
func (p *Presenter) PinSubmit() {
	p.touch()
	now := p.o.Now()
	pin := p.pin
	p.pin = ""
	switch {
	case now.Before(p.lockedUntil):
		p.v.Notice = p.t("admin.locked")
	case p.o.AdminPIN != "" && pin == p.o.AdminPIN:
		p.pinFails = 0
		p.v.AdminUnlocked = true
		p.o.Log.Warn("kiosk: admin unlocked")
	default:
		p.pinFails++
		p.v.Notice = p.t("admin.wrong")
		if p.pinFails >= 5 {
			p.lockedUntil = now.Add(time.Minute)
			p.pinFails = 0
			p.v.Notice = p.t("admin.locked")
		}
		p.o.Log.Warn("kiosk: wrong admin PIN")
	}
	p.render()
}

// Exit quits the application; only after the PIN.
func (p *Presenter) Exit() {
	if p.v.Screen == ScreenAdmin && p.v.AdminUnlocked {
		p.o.Log.Warn("kiosk: exit by admin")
		p.o.Quit()
	}
}

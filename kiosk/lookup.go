package kiosk

import (
	"context"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
)

// Lookup opens the dossier lookup screen.
func (p *Presenter) Lookup() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.show(ScreenLookup)
	p.v.Input = ""
	p.render()
}

// maxCode bounds typed input: a dossier code is 25 characters.
const maxCode = 32

// Key types s on the on-screen keyboard.
func (p *Presenter) Key(s string) {
	p.touch()
	if p.v.Busy || len(p.v.Input)+len(s) > maxCode {
		return
	}
	p.v.Input += s
	p.v.Notice = ""
	p.render()
}

// Backspace deletes the last typed character.
func (p *Presenter) Backspace() {
	p.touch()
	if n := len(p.v.Input); n > 0 && !p.v.Busy {
		p.v.Input = p.v.Input[:n-1]
		p.render()
	}
}

// ClearInput empties the typed code.
func (p *Presenter) ClearInput() {
	p.touch()
	p.v.Input = ""
	p.v.Notice = ""
	p.render()
}

// Search looks up the typed dossier code.
func (p *Presenter) Search() {
	p.touch()
	if p.v.Busy {
		return
	}
	c, err := dossier.ParseCode(p.v.Input)
	if err != nil {
		p.v.Notice = p.t("lookup.badcode")
		p.render()
		return
	}
	p.lookupCode(c.String(), "")
}

// lookupCode looks up a dossier; token is the receipt QR's rating token,
// which also shows the masked applicant name.
func (p *Presenter) lookupCode(code, token string) {
	p.async(p.t("lookup.searching"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		d, err := p.o.API.LookupDossier(ctx, code, token)
		return func() {
			if client.IsCode(err, queue.CodeNotFound) {
				p.v.Notice = p.t("lookup.notfound")
				return
			}
			if err != nil {
				p.fail(err)
				return
			}
			p.show(ScreenDossier)
			p.v.Dossier = &d
		}
	})
}

func (p *Presenter) lookupCCCD(raw string) {
	p.async(p.t("lookup.searching"), func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		ds, err := p.o.API.LookupByCCCD(ctx, raw)
		return func() {
			if err != nil && !client.IsCode(err, queue.CodeNotFound) {
				p.fail(err)
				return
			}
			if len(ds) == 0 {
				p.v.Notice = p.t("lookup.none")
				return
			}
			if len(ds) == 1 {
				p.show(ScreenDossier)
				p.v.Dossier = &ds[0]
				return
			}
			p.show(ScreenDossiers)
			p.v.Dossiers = ds
		}
	})
}

// OpenDossier shows one dossier of the CCCD list.
func (p *Presenter) OpenDossier(i int) {
	p.touch()
	if p.v.Busy || i < 0 || i >= len(p.v.Dossiers) {
		return
	}
	d := p.v.Dossiers[i]
	p.show(ScreenDossier)
	p.v.Dossier = &d
	p.render()
}

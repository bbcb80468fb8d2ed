package ui

import (
	"fmt"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
)

// The return place of the receive form (issue 16): in person where the
// dossier is received, in person at the deciding centre (offered only when
// the chosen procedure is forwarded there), or by post to an address.

func (r *receiveTab) buildReturnPlace(v *View) {
	r.retInPerson, r.retByPost = v.t("r.inPerson"), v.t("r.byPost")
	r.ret = widget.NewRadioGroup([]string{r.retInPerson, r.retByPost}, func(s string) {
		pl := dossier.PlaceReceiving
		switch s {
		case r.retByPost:
			pl = dossier.PlacePost
		case r.retDeciding:
			pl = dossier.PlaceDeciding
		}
		v.do(func(p *counter.Presenter) { p.SetReturnPlace(pl) })
	})
	r.ret.Required = true
	r.retAddr = newEntry(v, v.t("r.postAddr"))
	r.retAddr.OnChanged = func(s string) { v.do(func(p *counter.Presenter) { p.SetField(counter.FieldReturnAddress, s) }) }
	r.retAddrBox = container.NewBorder(nil, nil, heading(v.t("r.postTo")), nil, r.retAddr)
	r.retAddrBox.Hide()
}

func (r *receiveTab) renderReturnPlace(v *View, f counter.Form) {
	deciding := ""
	if a := f.Appointment; a != nil && a.Forwarded {
		deciding = fmt.Sprintf(v.t("r.atDeciding"), a.DecidingAgency)
	}
	if deciding != r.retDeciding {
		r.retDeciding = deciding
		opts := []string{r.retInPerson}
		if deciding != "" {
			opts = append(opts, deciding)
		}
		r.ret.Options = append(opts, r.retByPost)
		r.ret.Selected = ""
		r.ret.Refresh()
	}
	ret := r.retInPerson
	switch {
	case f.ReturnPlace == dossier.PlacePost || f.ReturnPlace == "" && f.ReturnMethod == dossier.ReturnByPost:
		ret = r.retByPost
	case f.ReturnPlace == dossier.PlaceDeciding && r.retDeciding != "":
		ret = r.retDeciding
	}
	if r.ret.Selected != ret {
		r.ret.SetSelected(ret)
	}
	show(r.retAddrBox, ret == r.retByPost)
	setEntry(r.retAddr, f.ReturnAddress)
}

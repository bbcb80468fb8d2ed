package counter

import (
	"strings"

	"github.com/motcua/motcua/dossier"
)

// Where the result is returned (issue 16: chosen at reception, printed on
// the receipt, carried in the liên thông transfer). The codes are the
// transfer's tra_ket_qua_tai values (portal.Transfer).
const (
	PlaceReceiving = "noi_tiep_nhan"  // at the centre that received the dossier
	PlaceDeciding  = "noi_giai_quyet" // at the centre of the deciding agency
	PlacePost      = "buu_chinh"      // by public postal service, to an address
)

// ReturnPlaceText is a return place's words in lang.
func ReturnPlaceText(lang Lang, code string) string {
	vi, en := code, code
	switch code {
	case PlaceReceiving, "":
		vi, en = "tại nơi tiếp nhận hồ sơ", "at the centre that received the dossier"
	case PlaceDeciding:
		vi, en = "tại nơi giải quyết hồ sơ", "at the deciding centre"
	case PlacePost:
		vi, en = "qua dịch vụ bưu chính công ích", "by public postal service"
	}
	if lang == EN {
		return en
	}
	return vi
}

// SetReturnPlace chooses where the result is returned. By post, the
// address starts as the applicant's; at the deciding centre only when the
// chosen procedure is forwarded to another centre.
func (p *Presenter) SetReturnPlace(pl dossier.ReturnPlace) {
	fm := &p.v.Form
	if !pl.Valid() {
		return
	}
	if pl == "" {
		pl = dossier.PlaceReceiving
	}
	fm.ReturnPlace = pl
	fm.ReturnMethod = dossier.ReturnInPerson
	if pl == dossier.PlacePost {
		fm.ReturnMethod = dossier.ReturnByPost
		if strings.TrimSpace(fm.ReturnAddress) == "" {
			fm.ReturnAddress = fm.Address
		}
	}
	p.render()
}

// returnPlace puts the form's return place in the request; the message
// says what is wrong.
func (p *Presenter) returnPlace(r *ReceiveRequest) string {
	fm := p.v.Form
	switch fm.ReturnPlace {
	case dossier.PlaceDeciding:
		if a := fm.Appointment; a != nil && !a.Forwarded {
			return "Thủ tục này do chính trung tâm giải quyết: hãy chọn nhận kết quả tại nơi tiếp nhận hoặc qua bưu chính."
		}
	case dossier.PlacePost:
		addr := strings.TrimSpace(fm.ReturnAddress)
		if addr == "" {
			addr = strings.TrimSpace(fm.Address)
		}
		if addr == "" {
			return "Hãy ghi địa chỉ nhận kết quả qua bưu chính."
		}
		r.ReturnAddress = addr
	}
	r.ReturnPlace = fm.ReturnPlace
	if r.ReturnPlace == dossier.PlacePost {
		r.ReturnMethod = dossier.ReturnByPost
	}
	return ""
}

// PlaceText is where a dossier's result is returned, in lang: the
// receipt's sentence in Vietnamese, its English for the English window.
func PlaceText(lang Lang, d dossier.Dossier, centreName string) string {
	if lang != EN {
		return d.CollectText(centreName)
	}
	if d.ReceivingCentre != "" {
		centreName = d.ReceivingCentre
	}
	switch d.Place() {
	case dossier.PlacePost:
		return "By public postal service to: " + d.PostAddress()
	case dossier.PlaceDeciding:
		return "In person at the deciding centre: " + d.Competent()
	}
	return "In person at " + centreName
}

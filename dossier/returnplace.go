package dossier

import (
	"strings"
	"unicode/utf8"
)

// ReturnPlace is where the result is returned, chosen at reception (issue
// 16). Since 1/7/2025 a dossier is often received at one centre and decided
// by another agency (reception regardless of administrative boundary,
// Decree 118/2025/NĐ-CP); the applicant then chooses to collect the result
// at the receiving centre, at the deciding one, or to have it posted. The
// values are the liên thông transfer's tra_ket_qua_tai (portal.Transfer).
type ReturnPlace string

const (
	PlaceReceiving ReturnPlace = "noi_tiep_nhan"  // in person, at the centre that received it
	PlaceDeciding  ReturnPlace = "noi_giai_quyet" // in person, at the deciding agency's centre
	PlacePost      ReturnPlace = "buu_chinh"      // by public postal service, to ReturnAddress
)

// MaxReturnAddress bounds a postal address (runes).
const MaxReturnAddress = 300

// Valid reports whether p is a known place ("" is the default, receiving).
func (p ReturnPlace) Valid() bool {
	switch p {
	case "", PlaceReceiving, PlaceDeciding, PlacePost:
		return true
	}
	return false
}

// Place is where the dossier's result is returned: the place chosen at
// reception, or for dossiers stored before it existed the one its return
// method implies.
func (d Dossier) Place() ReturnPlace {
	switch {
	case d.ReturnPlace != "":
		return d.ReturnPlace
	case d.ReturnMethod == ReturnByPost:
		return PlacePost
	}
	return PlaceReceiving
}

// PostAddress is the address the result is posted to: the one given at
// reception, else the applicant's.
func (d Dossier) PostAddress() string {
	if a := strings.TrimSpace(d.ReturnAddress); a != "" {
		return a
	}
	return d.Applicant.Address
}

// CollectText says, in Vietnamese, where the applicant gets the result:
// printed on the receipt and shown by the kiosk lookup. receivingCentre is
// the name of the centre that received the dossier when the dossier does
// not record it (older dossiers).
func (d Dossier) CollectText(receivingCentre string) string {
	if d.ReceivingCentre != "" {
		receivingCentre = d.ReceivingCentre
	}
	switch d.Place() {
	case PlacePost:
		return "Trả kết quả qua dịch vụ bưu chính công ích đến địa chỉ: " + d.PostAddress()
	case PlaceDeciding:
		return "Nhận trực tiếp tại nơi giải quyết hồ sơ: " + d.Competent()
	}
	return "Nhận trực tiếp tại " + receivingCentre
}

// PublicPostText is what a public lookup (kiosk, phone, the provincial
// portal: portal/returnplace.go) says of a result sent by post. The postal
// address is personal data and a dossier code is printed on the receipt and
// guessable in shape, so the lookup never shows it.
const PublicPostText = "Gửi qua dịch vụ bưu chính công ích đến địa chỉ Quý khách đã đăng ký khi nộp hồ sơ."

// PublicCollectText is CollectText for the public lookups: the same
// sentence, except that a result sent by post names no address
// (PublicPostText). The receipt and the officers keep CollectText.
func (d Dossier) PublicCollectText(receivingCentre string) string {
	if d.Place() == PlacePost {
		return PublicPostText
	}
	return d.CollectText(receivingCentre)
}

// checkPlace validates the return place of a reception and sets the
// return method that goes with it (HinhThuc of QCVN 120: by post or not).
func (a *Receive) checkPlace() error {
	if !a.ReturnPlace.Valid() {
		return invalid("unknown return place %q", a.ReturnPlace)
	}
	if a.ReturnPlace == "" && a.ReturnMethod == ReturnByPost {
		a.ReturnPlace = PlacePost
	}
	if a.ReturnPlace == PlacePost {
		a.ReturnMethod = ReturnByPost
	} else if a.ReturnPlace != "" {
		a.ReturnMethod = ReturnInPerson
	}
	a.ReturnAddress = strings.TrimSpace(a.ReturnAddress)
	if utf8.RuneCountInString(a.ReturnAddress) > MaxReturnAddress || hasControl(a.ReturnAddress) {
		return invalid("return address too long or with control characters")
	}
	if a.ReturnPlace != PlacePost {
		a.ReturnAddress = ""
	}
	return nil
}

package counter

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

package portal

// Where the citizen collects the result, on the public lookup (issue 16):
// chosen at reception, it travels in the liên thông transfer
// (tra_ket_qua_tai); a dossier decided where it was received says it by
// its HinhThuc (in person or by post). Fixed texts only: never the postal
// address (personal data) on a public page.

import (
	"context"
	"encoding/json"
	"errors"
)

// Return places (lienthong.Transfer.TraKetQuaTai).
const (
	PlaceReceiving = "noi_tiep_nhan"
	PlaceDeciding  = "noi_giai_quyet"
	PlacePost      = "buu_chinh"
)

// returnPlace is the place code of dossier code's result: the transfer's
// choice for a forwarded dossier, else in person at the centre or by post
// (post: the packet's HinhThuc, LookupRow.BuuChinh).
func (s *Server) returnPlace(ctx context.Context, code string, post bool) string {
	if s.inbox != nil {
		in, err := s.inbox.InboundByID(ctx, "LT-"+code)
		if err == nil && in.Kind == KindTransfer {
			var t Transfer
			if json.Unmarshal(in.Doc, &t) == nil {
				switch t.TraKetQuaTai {
				case PlaceDeciding, PlacePost:
					return t.TraKetQuaTai
				}
				return PlaceReceiving
			}
		} else if err != nil && !errors.Is(err, ErrNotFound) {
			s.log.Warn("lookup: transfer", "code", code, "err", err)
		}
	}
	if post {
		return PlacePost
	}
	return PlaceReceiving
}

// centreName is the name of the centre of an agency code in the portal's
// hierarchy ("" when unknown).
func (s *Server) centreName(ctx context.Context, agency string) string {
	rs, ok := s.pub.(RollupStore)
	if !ok {
		return ""
	}
	units, err := rs.Units(ctx)
	if err != nil {
		return ""
	}
	for _, u := range units {
		if u.Code == agency {
			return u.Name
		}
	}
	return ""
}

// returnPlaceText is the fixed sentence of a place, in Vietnamese or
// English; receiving names the receiving centre when known, deciding the
// deciding agency (both public).
func returnPlaceText(place, receiving, deciding string, en bool) string {
	switch place {
	case PlacePost:
		if en {
			return "Sent by public postal service to the address given when the dossier was submitted."
		}
		return "Gửi qua dịch vụ bưu chính công ích đến địa chỉ Quý khách đã đăng ký khi nộp hồ sơ."
	case PlaceDeciding:
		if deciding == "" {
			if en {
				return "In person at the agency that decides the dossier."
			}
			return "Nhận trực tiếp tại cơ quan giải quyết hồ sơ."
		}
		if en {
			return "In person at the agency that decides the dossier: " + deciding + "."
		}
		return "Nhận trực tiếp tại cơ quan giải quyết hồ sơ: " + deciding + "."
	}
	if receiving == "" {
		if en {
			return "In person at the centre where the dossier was submitted."
		}
		return "Nhận trực tiếp tại nơi đã nộp hồ sơ."
	}
	if en {
		return "In person at the centre where the dossier was submitted: " + receiving + "."
	}
	return "Nhận trực tiếp tại nơi đã nộp hồ sơ: " + receiving + "."
}

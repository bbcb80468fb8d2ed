package dossier

import (
	"strings"
	"testing"
)

// TestReturnPlace: the place chosen at reception sets the return method
// that goes with it (QCVN 120 HinhThuc), keeps a postal address only for
// the post, refuses unknown places and over-long or control-character
// addresses, and the sentence printed on the receipt says where; dossiers
// stored before the choice read their place from the return method.
func TestReturnPlace(t *testing.T) {
	base := Dossier{Applicant: Applicant{Name: "Vũ Thị Hạnh", Address: "Số 3 Hàng Khay"}, CompetentAgency: "Văn phòng Đăng ký đất đai Hà Nội"}
	for _, tc := range []struct {
		name      string
		a         Receive
		wantErr   bool
		place     ReturnPlace
		method    ReturnMethod
		addr      string
		collectIn string
	}{
		{"default", Receive{}, false, PlaceReceiving, ReturnInPerson, "", "Nhận trực tiếp tại Trung tâm A"},
		{"old by-post method", Receive{ReturnMethod: ReturnByPost}, false, PlacePost, ReturnByPost, "", "bưu chính công ích đến địa chỉ: Số 3 Hàng Khay"},
		{"post with address", Receive{ReturnPlace: PlacePost, ReturnAddress: "  Hộp thư 12  "}, false, PlacePost, ReturnByPost, "Hộp thư 12", "đến địa chỉ: Hộp thư 12"},
		{"deciding", Receive{ReturnPlace: PlaceDeciding, ReturnMethod: ReturnByPost, ReturnAddress: "x"}, false, PlaceDeciding, ReturnInPerson, "", "nơi giải quyết hồ sơ: Văn phòng Đăng ký đất đai Hà Nội"},
		{"receiving from centre B", Receive{ReturnPlace: PlaceReceiving, ReceivingCentre: "Trung tâm B"}, false, PlaceReceiving, ReturnInPerson, "", "Nhận trực tiếp tại Trung tâm B"},
		{"unknown", Receive{ReturnPlace: "o_nha"}, true, "", 0, "", ""},
		{"control chars", Receive{ReturnPlace: PlacePost, ReturnAddress: "a\x07b"}, true, "", 0, "", ""},
		{"too long", Receive{ReturnPlace: PlacePost, ReturnAddress: strings.Repeat("đ", MaxReturnAddress+1)}, true, "", 0, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.a
			err := a.checkPlace()
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v, want error %v", err, tc.wantErr)
			}
			if err != nil {
				return
			}
			d := base
			d.ReturnPlace, d.ReturnAddress, d.ReturnMethod, d.ReceivingCentre = a.ReturnPlace, a.ReturnAddress, a.ReturnMethod, a.ReceivingCentre
			if d.Place() != tc.place || d.ReturnMethod != tc.method || d.ReturnAddress != tc.addr {
				t.Fatalf("place %q method %v address %q", d.Place(), d.ReturnMethod, d.ReturnAddress)
			}
			if got := d.CollectText("Trung tâm A"); !strings.Contains(got, tc.collectIn) {
				t.Fatalf("collect %q, want it to contain %q", got, tc.collectIn)
			}
			if r := BuildReceipt(d, "Trung tâm A", ""); r.ReturnPlace != d.CollectText("Trung tâm A") {
				t.Fatalf("receipt %q", r.ReturnPlace)
			}
		})
	}
}

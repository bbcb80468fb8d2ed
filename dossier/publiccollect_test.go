package dossier

import (
	"strings"
	"testing"
)

// The public lookups say where the result is collected as the receipt does,
// except that a result sent by post names no address (the portal's
// sentence), whether the address was given at reception or is the
// applicant's.
func TestPublicCollectTextHidesAddress(t *testing.T) {
	app := Applicant{Name: "Nguyễn Văn An", Address: "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội"}
	for _, d := range []Dossier{
		{Applicant: app, ReturnPlace: PlacePost, ReturnAddress: "Hộp thư 12, Bưu cục Hàng Trống"},
		{Applicant: app, ReturnPlace: PlacePost},
		{Applicant: app, ReturnMethod: ReturnByPost}, // stored before the return place existed
	} {
		got := d.PublicCollectText("Trung tâm A")
		if got != PublicPostText || strings.Contains(got, "Hộp thư") || strings.Contains(got, "Tràng Tiền") {
			t.Errorf("%+v: public text %q", d, got)
		}
		if !strings.Contains(d.CollectText("Trung tâm A"), d.PostAddress()) {
			t.Errorf("%+v: the receipt's text lost the address: %q", d, d.CollectText("Trung tâm A"))
		}
	}
	for _, d := range []Dossier{{Applicant: app}, {Applicant: app, ReturnPlace: PlaceReceiving, ReceivingCentre: "Trung tâm B"}} {
		if got, want := d.PublicCollectText("Trung tâm A"), d.CollectText("Trung tâm A"); got != want {
			t.Errorf("in person: public %q, receipt %q", got, want)
		}
	}
}

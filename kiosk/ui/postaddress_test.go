package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/motcua/motcua/kiosk"
)

// A dossier whose result goes by post (the fixture's supplement dossier,
// received with the applicant's address): its result screen, reached by a
// code anyone may type, says the portal's sentence under "Nơi nhận kết
// quả" and shows no part of the postal address.
func TestDossierByPostShowsNoAddress(t *testing.T) {
	for _, c := range []struct {
		name     string
		size     fyne.Size
		portrait bool
	}{{"portrait", fyne.NewSize(1080, 1920), true}, {"landscape", fyne.NewSize(1920, 1080), false}} {
		t.Run(c.name, func(t *testing.T) {
			r := newRig(t, c.size, c.portrait)
			r.tap("home.lookup")
			for _, k := range r.env.SupplementCode {
				r.tap("key." + string(k))
			}
			r.tap("key.search")
			if r.p.View().Screen != kiosk.ScreenDossier {
				t.Fatalf("lookup: %s %q", r.p.View().Screen, r.texts())
			}
			if !r.shows("Nơi nhận kết quả") || !r.shows("Gửi qua dịch vụ bưu chính công ích đến địa chỉ Quý khách đã đăng ký khi nộp hồ sơ.") {
				t.Errorf("no return place sentence: %q", r.texts())
			}
			// The fixture's address is "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội";
			// the centre's own name holds "Hoàn Kiếm", so look for the rest.
			for _, s := range []string{"Tràng Tiền", "Hà Nội", "địa chỉ:"} {
				if r.shows(s) {
					t.Errorf("the result screen shows %q: %q", s, r.texts())
				}
			}
			r.shot("kiosk-dossier-post-" + c.name)
		})
	}
}

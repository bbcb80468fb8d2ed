package centre_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/queue"
)

// PostSentence is what the public lookups say of a result sent by post:
// the provincial portal's sentence (portal/returnplace.go), never the
// address.
const postSentence = "Gửi qua dịch vụ bưu chính công ích đến địa chỉ Quý khách đã đăng ký khi nộp hồ sơ."

// A dossier's code is printed on its receipt and guessable in shape: the
// kiosk and phone lookups (typed code, receipt QR, card QR) of a dossier
// whose result goes by post say so with the portal's fixed sentence and
// carry no part of the postal address (the one given at reception, or the
// applicant's), while the officer's view keeps it.
func TestPublicLookupHidesPostalAddress(t *testing.T) {
	env := centretest.Start(t, centretest.Options{
		Config:          func(c *queue.Config) { c.CentreName = "Trung tâm thử" },
		Devices:         []centretest.Device{{ID: "k1", Name: "kiosk", Role: "kiosk"}},
		CounterOfficers: true,
		Dossiers:        &centre.DossierOptions{},
	})
	var login struct{ Token string }
	if code, body := env.Do(t, "POST", "/api/v1/login", "", map[string]string{"username": "canbo-q1", "password": centretest.Password, "counter": "q1"}, &login); code != 200 {
		t.Fatalf("login: %d %s", code, body)
	}
	const applicant = `"applicant":{"name":"Nguyễn Văn An","id_number":"001099012345","address":"Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội","phone":"0912345678"}`
	receive := func(place string) centre.DossierView {
		t.Helper()
		var v centre.DossierView
		body := fmt.Sprintf(`{"procedure_code":"1.001193",%s,%s,"components":[{"name":"Tờ khai","originals":1}]}`, applicant, place)
		if code, out := env.Do(t, "POST", "/api/v1/dossiers", login.Token, body, &v); code != 201 {
			t.Fatalf("receive %s: %d %s", place, code, out)
		}
		return v
	}
	given := receive(`"return_place":"buu_chinh","return_address":"Hộp thư 12, Số 5 Lý Thái Tổ, Quận Ba Đình"`)
	own := receive(`"return_method":1`) // by post, to the applicant's own address
	secrets := []string{"Hộp thư 12", "Lý Thái Tổ", "Ba Đình", "Tràng Tiền", "Hoàn Kiếm", "Hà Nội", "0912345678", "001099012345", "địa chỉ:"}

	// The officer's view keeps the address (authenticated, counter only).
	for _, c := range []struct {
		v    centre.DossierView
		addr string
	}{{given, "Hộp thư 12, Số 5 Lý Thái Tổ, Quận Ba Đình"}, {own, "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội"}} {
		if code, body := env.Do(t, "GET", "/api/v1/dossiers/"+c.v.Dossier.Code, login.Token, nil, nil); code != 200 || !strings.Contains(body, c.addr) {
			t.Fatalf("officer view of %s: %d %s", c.v.Dossier.Code, code, body)
		}
	}

	kiosk := env.Token("k1")
	check := func(what, body string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s leaks %q: %s", what, s, body)
			}
		}
		if !strings.Contains(body, postSentence) {
			t.Errorf("%s does not say the portal's sentence: %s", what, body)
		}
	}
	for _, v := range []centre.DossierView{given, own} {
		// A typed code, as anyone at the kiosk or on a phone may type.
		var p centre.PublicDossier
		code, body := env.Do(t, "GET", "/api/v1/lookup/dossiers/"+v.Dossier.Code, kiosk, nil, &p)
		if code != 200 || p.Code != v.Dossier.Code || p.Collect != postSentence {
			t.Fatalf("typed lookup of %s: %d %s", v.Dossier.Code, code, body)
		}
		check("typed lookup of "+v.Dossier.Code, body)
		// The receipt's QR (with its token) shows no address either.
		_, token, ok := strings.Cut(v.Receipt.QR, "?r=")
		if !ok {
			t.Fatalf("receipt QR %q has no token", v.Receipt.QR)
		}
		code, body = env.Do(t, "GET", "/api/v1/lookup/dossiers/"+v.Dossier.Code+"?r="+token, kiosk, nil, &p)
		if code != 200 || p.Applicant != "Nguyễn V*** A" {
			t.Fatalf("QR lookup of %s: %d %s", v.Dossier.Code, code, body)
		}
		check("QR lookup of "+v.Dossier.Code, body)
	}
	// The card's QR lists both, without the address. (The card QR itself
	// holds the address; the answer must not echo it.)
	qr := `001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10052021`
	b, _ := json.Marshal(map[string]string{"cccd": qr})
	var list []centre.PublicDossier
	code, body := env.Do(t, "POST", "/api/v1/lookup/dossiers/by-cccd", kiosk, string(b), &list)
	if code != 200 || len(list) != 2 {
		t.Fatalf("card lookup: %d %s", code, body)
	}
	check("card lookup", body)
}

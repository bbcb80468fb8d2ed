package centre_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/centre"
)

func jsonText(s string) string { b, _ := json.Marshal(s); return string(b) }

func invisibleOrNFD(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Cf, r) }) || !norm.NFC.IsNormalString(s)
}

// TestTypedTextsCleanedAtTheServer (docs/SECURITY.md, "Free text:
// invisible characters"): what officers, supervisors and citizens type
// reaches the centre's HTTP API with bidi overrides, zero-width characters
// and decomposed Vietnamese, and is stored clean and NFC: the reception
// (applicant, component note), a supplement request's reason (its lines
// kept), a rating's comment, the hall notice and a pause reason; a control
// character in a name is still refused with the form's message.
func TestTypedTextsCleanedAtTheServer(t *testing.T) {
	e := newDossierEnv(t, time.Now())
	off := e.login("canbo1", "q1")
	tk := e.issue("hotich")
	e.callNext(off, "q1")
	name := "\u202e" + norm.NFD.String("Nguyễn Văn Ánh") + "\u200b"
	body := `{"procedure_code":"1.001193","ticket_id":"` + tk.ID + `",
	 "applicant":{"name":` + jsonText(name) + `,"id_number":"001099012345","address":` + jsonText("Số 1\ufeff Tràng Tiền") + `},
	 "components":[{"name":"Tờ khai đăng ký khai sinh","originals":1,"note":` + jsonText("bản\u2067 sao") + `}]}`
	var dv centre.DossierView
	if st, b := e.do("POST", "/api/v1/dossiers", off, body, &dv); st != 201 {
		t.Fatalf("receive: %d %s", st, b)
	}
	if dv.Dossier.Applicant.Name != "Nguyễn Văn Ánh" || dv.Dossier.Applicant.Address != "Số 1 Tràng Tiền" || dv.Dossier.Components[0].Note != "bản sao" || dv.Receipt.Applicant != "Nguyễn Văn Ánh" {
		t.Fatalf("stored: %+q %+q %+q, receipt %+q", dv.Dossier.Applicant.Name, dv.Dossier.Applicant.Address, dv.Dossier.Components[0].Note, dv.Receipt.Applicant)
	}
	if st, b := e.do("POST", "/api/v1/dossiers", off, strings.Replace(body, jsonText(name), `"Nguyễn\u0007An"`, 1), nil); st != 400 || !strings.Contains(b, "ký tự điều khiển") {
		t.Fatalf("a control character in the name: %d %s", st, b)
	}
	code := dv.Dossier.Code
	if st, b := e.do("POST", "/api/v1/dossiers/"+code+"/start-processing", off, `{}`, nil); st != 200 {
		t.Fatalf("start: %d %s", st, b)
	}
	var asked centre.DossierView
	if st, b := e.do("POST", "/api/v1/dossiers/"+code+"/request-supplement", off,
		`{"missing":[`+jsonText("Giấy\u200b chứng sinh")+`],"reason":`+jsonText("Thiếu\u202e giấy\r\n"+norm.NFD.String("bản chính"))+`}`, &asked); st != 200 {
		t.Fatalf("request supplement: %d %s", st, b)
	}
	rounds := asked.Dossier.Supplements
	if len(rounds) != 1 || rounds[0].Reason != "Thiếu giấy\nbản chính" || len(rounds[0].Missing) != 1 || rounds[0].Missing[0] != "Giấy chứng sinh" {
		t.Fatalf("supplement round: %+v", rounds)
	}

	// A rating's comment typed at the kiosk.
	e.do("POST", "/api/v1/tickets/"+tk.ID+"/finish", off, "", nil)
	if st, b := e.do("POST", "/api/v1/ratings", e.kiosk, fmt.Sprintf(`{"ticket_id":%q,"token":%q,"level":1,"comment":%s}`, tk.ID, tk.RatingToken, jsonText("Cán bộ\u202e "+norm.NFD.String("nhiệt tình"))), nil); st != 201 {
		t.Fatalf("rate: %d %s", st, b)
	}
	var doc string
	if err := e.db.Read().QueryRow(`SELECT doc FROM ratings WHERE subject=?`, "ticket:"+tk.ID).Scan(&doc); err != nil {
		t.Fatal(err)
	}
	var rated struct{ Comment string }
	if err := json.Unmarshal([]byte(doc), &rated); err != nil || rated.Comment != "Cán bộ nhiệt tình" {
		t.Fatalf("rating stored %s %v", doc, err)
	}

	// The supervisor's hall notice and an officer's pause reason.
	sup := e.login("giamsat", "")
	if st, b := e.do("POST", "/api/v1/notice", sup, `{"text":`+jsonText("Nghỉ\u202e trưa "+norm.NFD.String("từ 11 giờ"))+`}`, nil); st != 204 {
		t.Fatalf("notice: %d %s", st, b)
	}
	if n := e.srv.Engine().Config().Notice; n != "Nghỉ trưa từ 11 giờ" {
		t.Fatalf("notice held %+q", n)
	}
	if st, b := e.do("POST", "/api/v1/counters/q1/pause", off, `{"reason":`+jsonText("Họp\u200b giao ban")+`}`, nil); st/100 != 2 {
		t.Fatalf("pause: %d %s", st, b)
	}
	var reason string
	if err := e.db.Read().QueryRow(`SELECT reason FROM counter_state WHERE id='q1'`).Scan(&reason); err != nil || reason != "Họp giao ban" {
		t.Fatalf("pause reason %+q %v", reason, err)
	}
	var got centre.DossierView
	e.do("GET", "/api/v1/dossiers/"+code, off, "", &got)
	for _, h := range got.Dossier.History {
		if invisibleOrNFD(h.Note) {
			t.Fatalf("history note %+q", h.Note)
		}
	}
}

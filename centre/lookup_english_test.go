package centre_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/queue"
)

// The public lookup gives every text a citizen reads in both languages:
// status label and explanation, due date, each timeline step and where to
// collect the result carry an _en field next to the Vietnamese one, which
// stays exactly as before (older kiosks read only those); the English ones
// hold no Vietnamese but the centre's name.
func TestPublicLookupInBothLanguages(t *testing.T) {
	const centreName = "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"
	env := centretest.Start(t, centretest.Options{
		Config:          func(c *queue.Config) { c.CentreName = centreName },
		Devices:         []centretest.Device{{ID: "k1", Name: "kiosk", Role: "kiosk"}},
		CounterOfficers: true,
		Dossiers:        &centre.DossierOptions{},
	})
	var login struct{ Token string }
	if code, body := env.Do(t, "POST", "/api/v1/login", "", map[string]string{"username": "canbo-q1", "password": centretest.Password, "counter": "q1"}, &login); code != 200 {
		t.Fatalf("login: %d %s", code, body)
	}
	var v centre.DossierView
	body := `{"procedure_code":"1.001193","applicant":{"name":"Nguyễn Văn An","id_number":"001099012345","address":"Số 1 Tràng Tiền","phone":"0912345678"},"components":[{"name":"Tờ khai","originals":1}]}`
	if code, out := env.Do(t, "POST", "/api/v1/dossiers", login.Token, body, &v); code != 201 {
		t.Fatalf("receive: %d %s", code, out)
	}
	if code, out := env.Do(t, "POST", "/api/v1/dossiers/"+v.Dossier.Code+"/start-processing", login.Token, map[string]any{}, nil); code != 200 {
		t.Fatalf("start-processing: %d %s", code, out)
	}
	var p centre.PublicDossier
	code, raw := env.Do(t, "GET", "/api/v1/lookup/dossiers/"+v.Dossier.Code, env.Token("k1"), nil, &p)
	if code != 200 {
		t.Fatalf("lookup: %d %s", code, raw)
	}
	// Vietnamese as it always was.
	if p.StatusLabel != "Đang xử lý" || p.StatusExplain != "Hồ sơ đang được cơ quan có thẩm quyền giải quyết." ||
		p.Collect != "Nhận trực tiếp tại "+centreName || !strings.Contains(p.Appointment, " giờ ") ||
		len(p.Timeline) != 2 || p.Timeline[0].Label != "Được tiếp nhận" || p.Timeline[1].Label != "Đang xử lý" {
		t.Fatalf("Vietnamese fields changed: %s", raw)
	}
	// English beside it.
	if p.StatusLabelEN != "Processing" || p.StatusExplainEN != "Your dossier is being decided by the competent authority." ||
		p.CollectEN != "In person at "+centreName || !strings.Contains(p.AppointmentEN, " on ") ||
		p.SectorNameEN == "" || p.Timeline[0].LabelEN != "Received" || p.Timeline[0].Status != 2 || p.Timeline[1].LabelEN != "Processing" || p.Timeline[1].Status != 4 {
		t.Fatalf("English fields: %s", raw)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatal(err)
	}
	var en []string
	for _, k := range []string{"status_label_en", "status_explain_en", "appointment_en", "collect_en"} {
		var s string
		if err := json.Unmarshal(m[k], &s); err != nil {
			t.Fatalf("%s: %v in %s", k, err, raw)
		}
		en = append(en, s)
	}
	for _, s := range p.Timeline {
		en = append(en, s.LabelEN)
	}
	en = append(en, p.SectorNameEN)
	if left := entext.Leftovers(en, centreName); len(left) > 0 {
		t.Fatalf("English fields with Vietnamese: %q", left)
	}
}

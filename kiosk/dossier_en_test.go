package kiosk_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/kiosk"
)

// TestDossierFromAnOlderCentre: a centre from before the English fields
// sends Vietnamese only; in English the kiosk still shows no Vietnamese
// status, explanation, timeline, due date or collect sentence (it maps the
// status code and the known sentences), and in Vietnamese it shows the
// server's texts unchanged.
func TestDossierFromAnOlderCentre(t *testing.T) {
	const centre = "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"
	at := time.Date(2026, 12, 7, 17, 0, 0, 0, dossier.Loc)
	old := kiosk.Dossier{Code: "000.00.06.H26-261206-0001", ProcedureName: "Đăng ký khai sinh", AppointmentAt: at,
		Appointment: dossier.FormatAppointment(at), Status: 5, StatusLabel: "Yêu cầu bổ sung giấy tờ",
		StatusExplain: dossier.StatusSupplementRequired.Explain(),
		Timeline:      []kiosk.Step{{At: at, Label: "Được tiếp nhận"}, {At: at, Label: "Yêu cầu bổ sung giấy tờ"}},
		Missing:       []string{"Giấy chứng sinh (bản chính)"}, Collect: "Nhận trực tiếp tại " + centre}
	if vi := kiosk.DossierIn(kiosk.VI, old); vi.StatusLabel != old.StatusLabel || vi.Collect != old.Collect || vi.Timeline[0].Label != "Được tiếp nhận" {
		t.Fatalf("Vietnamese changed: %+v", vi)
	}
	en := kiosk.DossierIn(kiosk.EN, old)
	texts := []string{en.StatusLabel, en.StatusExplain, en.Appointment, en.Collect}
	for _, s := range en.Timeline {
		texts = append(texts, s.Label)
	}
	if left := entext.Leftovers(texts, centre); len(left) > 0 {
		t.Fatalf("Vietnamese left: %q", left)
	}
	if en.StatusLabel != "Supplement requested" || en.Timeline[0].Label != "Received" || en.Appointment != "17:00 on 7 December 2026" ||
		en.Collect != "In person at "+centre {
		t.Fatalf("English: %+v", en)
	}
	if old.StatusLabel != "Yêu cầu bổ sung giấy tờ" || old.Timeline[0].Label != "Được tiếp nhận" {
		t.Fatal("DossierIn changed the dossier it was given")
	}
	for _, c := range []struct{ vi, en string }{
		{dossier.PublicPostText, dossier.PublicPostTextEN},
		{"Nhận trực tiếp tại nơi giải quyết hồ sơ: UBND phường Ba Đình", "In person at the agency that decides the dossier: UBND phường Ba Đình"},
	} {
		if got := kiosk.DossierIn(kiosk.EN, kiosk.Dossier{Collect: c.vi}).Collect; got != c.en {
			t.Errorf("collect %q → %q, want %q", c.vi, got, c.en)
		}
	}
}

package counter_test

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/sim"
)

func sampleReceipt() dossier.Receipt {
	p, _ := dossier.DefaultCatalogue().Get("1.004873")
	d := dossier.Dossier{Code: "000.00.06.H26-231027-0001", Procedure: p, Channel: dossier.ChannelDirect,
		Applicant:  dossier.Applicant{Name: "Nguyễn Văn An", Address: "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", Phone: "0912345678"},
		Components: []dossier.ComponentReceived{{Name: p.Components[0].Name, Originals: 1}},
		Fees:       []dossier.FeePaid{{Name: "Lệ phí", Amount: 3000}},
		ReceivedAt: countertest.ReceivedAt, AppointmentAt: countertest.ReceivedAt.Add(5 * 24 * time.Hour), Officer: "Nguyễn Thị Hoa"}
	return dossier.BuildReceipt(d, "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "UBND phường Hoàn Kiếm")
}

// TestReceiptJobProfiles renders the receipt for every printer profile: it
// must parse without problems and carry the QR the centre issues (the code
// and a rating token). The barcode holds the code alone: with the token it
// is wider than the 512-dot TM-T88V paper.
func TestReceiptJobProfiles(t *testing.T) {
	rc := sampleReceipt()
	rc.QR = rc.Code + "?r=h4t8w2n6p3k9m5x7"
	for _, name := range escpos.ProfileNames() {
		t.Run(name, func(t *testing.T) {
			p, _ := escpos.LookupProfile(name)
			job, err := counter.ReceiptJob(p, rc)
			if err != nil {
				t.Fatal(err)
			}
			imgs, probs := sim.RenderProfile(p, job)
			if len(probs) > 0 || len(imgs) != 1 {
				t.Fatalf("%d pages, problems %v", len(imgs), probs)
			}
			if got := countertest.DecodeQR(t, imgs[0]); got != rc.QR {
				t.Fatalf("QR %q", got)
			}
		})
	}
}

// TestFormsRender prints the four forms of Circular 03/2025/TT-VPCP on the simulated printer:
// each page parses and carries the dossier code QR. With
// MOTCUA_FORMS_PNG=DIR the pages are written there to be looked at.
func TestFormsRender(t *testing.T) {
	p, _ := dossier.DefaultCatalogue().Get("1.004873")
	at := func(s string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", s, dossier.Loc)
		return v
	}
	d := dossier.Dossier{Code: "000.00.06.H26-260302-0001", Procedure: p, Channel: dossier.ChannelDirect,
		Applicant: dossier.Applicant{Kind: dossier.ApplicantCitizen, Name: "Nguyễn Văn An", IDType: dossier.IDPersonal12, IDNumber: "001099012345",
			Address: "Số 1 Tràng Tiền, phường Hoàn Kiếm, Hà Nội", Phone: "0912345678"}}
	cal := dossier.DefaultCalendar()
	d, _, err := dossier.Apply(d, dossier.Receive{Officer: "Nguyễn Thị Hoa", Counter: "Quầy 1",
		Components: []dossier.ComponentReceived{{Name: p.Components[0].Name, Originals: 1}}}, at("2026-03-02 09:32"), cal)
	if err != nil {
		t.Fatal(err)
	}
	centreName, agency := "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "UBND phường Hoàn Kiếm"
	rc := dossier.BuildReceipt(d, centreName, agency)
	sup, _, _ := dossier.Apply(d, dossier.RequestSupplement{Officer: "Nguyễn Thị Hoa", Missing: []string{"Bản sao giấy khai sinh"}, Reason: "Thiếu giấy tờ"}, at("2026-03-02 10:00"), cal)
	slip, _ := dossier.BuildSupplementSlip(sup, centreName, agency)
	ref, _, err := dossier.Apply(d, dossier.Refuse{Officer: "Nguyễn Thị Hoa", Reason: "Hồ sơ không thuộc phạm vi giải quyết"}, at("2026-03-02 10:00"), cal)
	if err != nil {
		t.Fatal(err)
	}
	refusal, _ := dossier.BuildRefusalSlip(ref, centreName, agency)
	apo, _, err := dossier.Apply(d, dossier.Apologise{Officer: "Nguyễn Thị Hoa", NewDate: at("2026-03-10 09:00"), Reason: "Cần xác minh thêm"}, at("2026-03-05 10:00"), cal)
	if err != nil {
		t.Fatal(err)
	}
	letter, _ := dossier.BuildApologyLetter(apo, centreName, agency)
	jobs := map[string]func() ([]byte, error){
		"receipt":    func() ([]byte, error) { return counter.ReceiptJob(escpos.Default, rc) },
		"supplement": func() ([]byte, error) { return counter.SlipJob(escpos.Default, slip) },
		"refusal":    func() ([]byte, error) { return counter.RefusalJob(escpos.Default, refusal) },
		"apology":    func() ([]byte, error) { return counter.ApologyJob(escpos.Default, letter) },
	}
	if rc.Form != "Mẫu số 01" || slip.Form != "Mẫu số 02" || refusal.Form != "Mẫu số 03" || letter.Form != "Mẫu số 04" {
		t.Errorf("forms %q %q %q %q", rc.Form, slip.Form, refusal.Form, letter.Form)
	}
	for name, job := range jobs {
		b, err := job()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		imgs, probs := sim.RenderProfile(escpos.Default, b)
		if len(probs) > 0 || len(imgs) != 1 {
			t.Fatalf("%s: %d pages, problems %v", name, len(imgs), probs)
		}
		if got := countertest.DecodeQR(t, imgs[0]); got != d.Code {
			t.Errorf("%s: QR %q", name, got)
		}
		if dir := os.Getenv("MOTCUA_FORMS_PNG"); dir != "" {
			f, err := os.Create(filepath.Join(dir, name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			png.Encode(f, imgs[0])
			f.Close()
		}
	}
}

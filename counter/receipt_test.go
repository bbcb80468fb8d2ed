package counter_test

import (
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
	return dossier.BuildReceipt(d, "Trung tâm Phục vụ hành chính công quận Hoàn Kiếm", "UBND quận Hoàn Kiếm")
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

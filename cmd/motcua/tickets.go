package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/kiosk"
)

func init() {
	register("tickets", "bytes and transfer seconds of the tickets and receipts the apps print, per printer profile (docs/BENCHMARKS.md)", runTickets)
}

// printJob is one job the apps really print, laid out by the apps' own code.
type printJob struct {
	name string
	qr   string // what its QR must decode to
	make func(escpos.Profile) ([]byte, error)
}

// realJobs are the kiosk ticket (regular and priority) and the counter's
// Mẫu 01 receipt and Mẫu 02 supplement slip, with realistic content.
func realJobs() ([]printJob, error) {
	const centre, agency = "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", "UBND phường Hoàn Kiếm"
	tk := kiosk.Ticket{ID: "k3v9q2m7x4p8r1t6w5zb", Number: "A001", Service: "hotich",
		ServiceName: "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)",
		Counters:    []int{1, 2, 3, 10}, Ahead: 5, EstimatedWait: 12, OpenCounters: 3,
		IssuedAt: time.Date(2026, 12, 5, 2, 32, 0, 0, time.UTC)}
	// the QRs carry a 16-letter rating token as the centre issues them
	tk.TrackURL = kiosk.TrackURL("http://192.168.1.10:8080", tk.ID) + "?r=q7n3x5k2m9v4b8c6"
	prio := tk
	prio.Number, prio.Priority = "A002", "Người khuyết tật"
	proc, ok := dossier.DefaultCatalogue().Get("1.004873")
	if !ok {
		return nil, errors.New("tickets: procedure 1.004873 missing from the catalogue")
	}
	at := time.Date(2026, 12, 4, 2, 32, 0, 0, time.UTC)
	d := dossier.Dossier{Code: "000.00.06.H26-261204-0001", Procedure: proc, Channel: dossier.ChannelDirect,
		Applicant:  dossier.Applicant{Name: "Nguyễn Văn An", Address: "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội", Phone: "0912345678"},
		Components: []dossier.ComponentReceived{{Name: proc.Components[0].Name, Originals: 1}},
		Fees:       []dossier.FeePaid{{Name: "Lệ phí", Amount: 3000}},
		ReceivedAt: at, AppointmentAt: at.Add(5 * 24 * time.Hour), Officer: "Nguyễn Thị Hoa"}
	rc := dossier.BuildReceipt(d, centre, agency)
	rc.QR = d.Code + "?r=h4t8w2n6p3k9m5x7"
	slip := dossier.SupplementSlip{Title: "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", CentreName: centre, AgencyName: agency,
		Code: d.Code, Applicant: d.Applicant.Name, Procedure: proc.Name,
		Missing: []string{"Bản sao có chứng thực giấy chứng nhận kết hôn", "Giấy tờ tùy thân của người đi đăng ký"},
		Reason:  "Bản sao chưa được chứng thực", RequestedAt: "10 giờ 00 phút, ngày 04/12/2026",
		Deadline: "17 giờ 00 phút, ngày 15/12/2026", Officer: "Nguyễn Thị Hoa", QR: rc.QR,
		Note: "Thời gian giải quyết tạm dừng cho đến khi ông/bà nộp đủ giấy tờ bổ sung. Ngày hẹn trả kết quả sẽ được tính lại khi tiếp nhận hồ sơ bổ sung."}
	return []printJob{
		{"kiosk ticket", tk.TrackURL, func(p escpos.Profile) ([]byte, error) { return kiosk.PrintTicket(p, centre, tk) }},
		{"kiosk ticket, priority", prio.TrackURL, func(p escpos.Profile) ([]byte, error) { return kiosk.PrintTicket(p, centre, prio) }},
		{"counter receipt (Mẫu 01)", rc.QR, func(p escpos.Profile) ([]byte, error) { return counter.ReceiptJob(p, rc) }},
		{"supplement slip (Mẫu 02)", slip.QR, func(p escpos.Profile) ([]byte, error) { return counter.SlipJob(p, slip) }},
	}, nil
}

// ticketRow is one measured job.
type ticketRow struct {
	Profile, Job string
	Bytes        int
	QROK         bool
}

// measureTickets lays out every real job on every profile, renders it on
// the simulated printer and reads its QR back.
func measureTickets(pngDir string) ([]ticketRow, error) {
	jobs, err := realJobs()
	if err != nil {
		return nil, err
	}
	var rows []ticketRow
	for _, name := range escpos.ProfileNames() {
		p := escpos.Profiles[name]
		for i, j := range jobs {
			b, err := j.make(p)
			if err != nil {
				return nil, fmt.Errorf("%s on %s: %w", j.name, name, err)
			}
			pages, probs := sim.RenderProfile(p, b)
			if len(pages) != 1 || len(probs) > 0 {
				return nil, fmt.Errorf("%s on %s: %d pages, problems %v", j.name, name, len(pages), probs)
			}
			rows = append(rows, ticketRow{Profile: name, Job: j.name, Bytes: len(b), QROK: readQR(pages[0]) == j.qr})
			if pngDir != "" {
				if err := writePNG(filepath.Join(pngDir, fmt.Sprintf("%s-%d.png", name, i)), pages[0]); err != nil {
					return nil, err
				}
			}
		}
	}
	return rows, nil
}

func readQR(img image.Image) string {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return ""
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return ""
	}
	return res.GetText()
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// transferSeconds is the time on a serial line at 8N1 (10 bits a byte).
func transferSeconds(n, baud int) float64 { return float64(n) * 10 / float64(baud) }

func printTicketTable(w io.Writer, rows []ticketRow) {
	fmt.Fprintln(w, "| profile | job | bytes | s at 9600 baud | s at 115200 baud | QR read back |")
	fmt.Fprintln(w, "|---|---|---:|---:|---:|---|")
	for _, r := range rows {
		ok := "yes"
		if !r.QROK {
			ok = "NO"
		}
		fmt.Fprintf(w, "| %s | %s | %d | %.2f | %.3f | %s |\n", r.Profile, r.Job, r.Bytes,
			transferSeconds(r.Bytes, 9600), transferSeconds(r.Bytes, 115200), ok)
	}
}

func runTickets(_ context.Context, args []string) error {
	fs := flag.NewFlagSet("tickets", flag.ContinueOnError)
	pngDir := fs.String("png", "", "also write each rendered job as PNG into this directory")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pngDir != "" {
		if err := os.MkdirAll(*pngDir, 0o755); err != nil {
			return err
		}
	}
	rows, err := measureTickets(*pngDir)
	if err != nil {
		return err
	}
	printTicketTable(os.Stdout, rows)
	for _, r := range rows {
		if !r.QROK {
			return fmt.Errorf("tickets: the QR of %s on %s does not read back", r.Job, r.Profile)
		}
	}
	return nil
}

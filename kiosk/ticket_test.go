package kiosk_test

import (
	"image"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
	"github.com/motcua/motcua/queue"
)

const ticketCentre = "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"

// realTicket is a ticket as the kiosk prints it after a tap: the demo
// centre's longest service name, four counters, a 20-letter tracking id
// and a 16-letter rating token in the QR (…/t/{id}?r={token}).
func realTicket(number, priority string) kiosk.Ticket {
	id := "k3v9q2m7x4p8r1t6w5zb"
	return kiosk.Ticket{ID: id, Number: number, Service: "hotich",
		ServiceName: "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)", Priority: priority,
		Counters: []int{1, 2, 3, 10}, Ahead: 5, EstimatedWait: 12, OpenCounters: 3,
		IssuedAt: time.Date(2026, 12, 5, 2, 32, 0, 0, time.UTC),
		TrackURL: kiosk.TrackURL("http://192.168.1.10:8080", id) + "?r=q7n3x5k2m9v4b8c6"}
}

// TestTicketGeneric80Small: the generic-80 ticket fits 8 KB (≈ 8.5 s at
// 9600 baud) and still says and shows everything: the same text lines read
// back from the bytes, the tracking QR decodes from the rendered paper, the
// ticket number is printed at 4× size, nothing is wider than the paper, and
// the simulated printer understood every byte.
func TestTicketGeneric80Small(t *testing.T) {
	for _, priority := range []string{"", "Người khuyết tật"} {
		tk := realTicket("A001", priority)
		job, err := kiosk.PrintTicket(escpos.Default, ticketCentre, tk)
		if err != nil {
			t.Fatal(err)
		}
		if len(job) > 8192 {
			t.Errorf("generic-80 ticket is %d bytes, want ≤ 8192", len(job))
		}
		pages, probs := sim.RenderProfile(escpos.Default, job)
		if len(pages) != 1 || len(probs) > 0 {
			t.Fatalf("render: %d pages, problems %v", len(pages), probs)
		}
		page := pages[0]
		if w := page.Bounds().Dx(); w != escpos.Default.WidthDots {
			t.Fatalf("page %d dots wide, paper %d", w, escpos.Default.WidthDots)
		}
		if got, err := kiosktest.DecodeQR(page); err != nil || got != tk.TrackURL {
			t.Fatalf("QR = %q, %v; want %q", got, err, tk.TrackURL)
		}
		lines, err := escpos.ReadText(escpos.Default, job)
		if err != nil {
			t.Fatal(err)
		}
		at := tk.IssuedAt.In(queue.Loc).Format("15:04 02/01/2006")
		dashes := strings.Repeat("-", 48)
		want := []string{strings.ToUpper(ticketCentre), dashes, "SỐ THỨ TỰ", "A001"}
		if priority != "" {
			want = append(want, "Ưu tiên: "+priority)
		}
		want = append(want, tk.ServiceName, "Quầy phục vụ: 1, 2, 3, 10",
			"Số người chờ trước: 5", "Thời gian chờ dự kiến: khoảng 12 phút", "Giờ lấy số: "+at,
			"Quét mã để theo dõi lượt trên điện thoại", dashes,
			"Phiếu không ghi thông tin cá nhân. Số chỉ có giá trị trong ngày; quá lượt xin liên hệ quầy hướng dẫn.")
		if got, w := strings.Join(strings.Fields(strings.Join(lines, " ")), " "), strings.Join(want, " "); got != w {
			t.Errorf("ticket reads\n%q\nwant\n%q", got, w)
		}
		if !hasBitmap(page, numberBitmap(t, "A001")) {
			t.Error("the 4× ticket number A001 is not on the paper")
		}
		if hasBitmap(page, numberBitmap(t, "A002")) {
			t.Error("the oracle finds A002 on the ticket of A001")
		}
	}
}

// TestTicketEveryProfile: every profile prints the ticket without a problem
// and with a readable QR, and the text reads back the same on each.
func TestTicketEveryProfile(t *testing.T) {
	tk := realTicket("B012", "")
	var want string
	for _, name := range escpos.ProfileNames() {
		p, _ := escpos.LookupProfile(name)
		job, err := kiosk.PrintTicket(p, ticketCentre, tk)
		if err != nil {
			t.Fatal(name, err)
		}
		pages, probs := sim.RenderProfile(p, job)
		if len(pages) != 1 || len(probs) > 0 {
			t.Fatalf("%s: %d pages, problems %v", name, len(pages), probs)
		}
		if got, err := kiosktest.DecodeQR(pages[0]); err != nil || got != tk.TrackURL {
			t.Errorf("%s: QR = %q, %v", name, got, err)
		}
		if p.Name == "raster-80" {
			continue // its Vietnamese lines are pictures
		}
		lines, err := escpos.ReadText(p, job)
		if err != nil {
			t.Fatal(name, err)
		}
		got := strings.Join(strings.Fields(strings.ReplaceAll(strings.Join(lines, " "), "-", "")), " ")
		if want == "" {
			want = got
		} else if got != want {
			t.Errorf("%s reads %q, want %q", name, got, want)
		}
	}
}

// numberBitmap renders the ticket number alone in the ticket's style and
// returns its ink, placed where the ticket places it horizontally.
func numberBitmap(t *testing.T, number string) image.Image {
	t.Helper()
	d := escpos.NewDoc(escpos.Default).Center().Bold(true).Size(4, 4).Text(number).Cut()
	pages, probs := sim.RenderProfile(escpos.Default, d.Bytes())
	if len(pages) != 1 || len(probs) > 0 {
		t.Fatalf("number render: %v", probs)
	}
	img := pages[0].(*image.Paletted)
	b := image.Rectangle{Min: img.Bounds().Max, Max: img.Bounds().Min}
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			if img.ColorIndexAt(x, y) == 1 {
				b = b.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if b.Dx() < 100 || b.Dy() < 60 {
		t.Fatalf("number %s renders only %v", number, b)
	}
	return img.SubImage(b)
}

// hasBitmap looks for sub's exact dots in page at the same x, any y.
func hasBitmap(page, sub image.Image) bool {
	p, s := page.(*image.Paletted), sub.(*image.Paletted)
	sb := s.Bounds()
	for y0 := 0; y0+sb.Dy() <= p.Bounds().Dy(); y0++ {
		match := true
		for y := 0; y < sb.Dy() && match; y++ {
			for x := sb.Min.X; x < sb.Max.X; x++ {
				if p.ColorIndexAt(x, y0+y) != s.ColorIndexAt(x, sb.Min.Y+y) {
					match = false
					break
				}
			}
		}
		if match {
			return true
		}
	}
	return false
}

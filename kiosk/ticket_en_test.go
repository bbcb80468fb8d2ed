package kiosk_test

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/internal/entext"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
	"github.com/motcua/motcua/queue"
)

// TestTicketInEnglish: a number taken in English is printed in English —
// every line read back from the bytes, the centre's name apart, has no
// Vietnamese, on every printer profile; the QR still decodes, and a number
// taken in Vietnamese prints exactly as before. KIOSK_SHOTS=dir keeps the
// rendered paper (kiosk-en-ticket-paper.png).
func TestTicketInEnglish(t *testing.T) {
	tk := realTicket("A001", "Người cao tuổi")
	tk.ServiceNameEN, tk.PriorityEN, tk.Lang = "Civil status registration", "Elderly", kiosk.EN
	for _, name := range escpos.ProfileNames() {
		p, _ := escpos.LookupProfile(name)
		job, err := kiosk.PrintTicket(p, ticketCentre, tk)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		lines, err := escpos.ReadText(p, job)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		if left := entext.Leftovers(lines, strings.ToUpper(ticketCentre)); len(left) > 0 {
			t.Errorf("%s: the English ticket prints Vietnamese: %q", p.Name, left)
		}
		got := strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
		at := tk.IssuedAt.In(queue.Loc).Format("15:04 02/01/2006")
		for _, w := range []string{"QUEUE NUMBER", "A001", "Priority: Elderly", "Civil status registration", "Counters: 1, 2, 3, 10",
			"People ahead of you: 5", "Estimated wait: about 12 min", "Issued at: " + at, "Scan to follow your turn on your phone"} {
			if !strings.Contains(got, w) {
				t.Errorf("%s: no %q in %q", p.Name, w, got)
			}
		}
		pages, probs := sim.RenderProfile(p, job)
		if len(pages) != 1 || len(probs) > 0 {
			t.Fatalf("%s: render: %d pages, problems %v", p.Name, len(pages), probs)
		}
		if got, err := kiosktest.DecodeQR(pages[0]); err != nil || got != tk.TrackURL {
			t.Fatalf("%s: QR = %q, %v", p.Name, got, err)
		}
		if dir := os.Getenv("KIOSK_SHOTS"); dir != "" && name == escpos.Default.Name {
			f, err := os.Create(filepath.Join(dir, "kiosk-en-ticket-paper.png"))
			if err == nil {
				png.Encode(f, pages[0])
				f.Close()
			}
		}
	}
	vi := tk
	vi.Lang = kiosk.VI
	a, _ := kiosk.PrintTicket(escpos.Default, ticketCentre, vi)
	old := tk
	old.ServiceNameEN, old.PriorityEN, old.Lang = "", "", ""
	b, _ := kiosk.PrintTicket(escpos.Default, ticketCentre, old)
	if string(a) != string(b) {
		t.Error("a Vietnamese ticket changed with the English names beside it")
	}
}

package main

import (
	"strings"
	"testing"

	"github.com/motcua/motcua/hardware/escpos"
)

// `motcua tickets` measures every real job on every profile, each one
// rendered and its QR read back; the kiosk ticket stays within 8 KB on the
// text-capable profiles and raster-80 is the only one near the old 30 KB.
func TestTicketsTable(t *testing.T) {
	rows, err := measureTickets(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if want := 4 * len(escpos.ProfileNames()); len(rows) != want {
		t.Fatalf("%d rows, want %d", len(rows), want)
	}
	for _, r := range rows {
		if !r.QROK {
			t.Errorf("%s on %s: QR does not read back", r.Job, r.Profile)
		}
		if strings.HasPrefix(r.Job, "kiosk ticket") && r.Profile != "raster-80" && r.Bytes > 8192 {
			t.Errorf("%s on %s: %d bytes > 8 KB", r.Job, r.Profile, r.Bytes)
		}
	}
	var b strings.Builder
	printTicketTable(&b, rows)
	if !strings.Contains(b.String(), "| generic-80 | kiosk ticket | ") {
		t.Errorf("table:\n%s", b.String())
	}
}

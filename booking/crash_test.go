package booking_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre/centretest"
)

// serve runs `motcua serve` (built CGO_ENABLED=0 like production) on a free
// loopback port over db and returns its URL and the process.
func serve(t *testing.T, bin, db string) (string, *exec.Cmd) {
	t.Helper()
	u, cmd, err := centretest.Serve(t, bin, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	return u, cmd
}

// TestBookingsSurviveKill9: every booking the server answered 201 is there
// after a SIGKILL in the middle of a burst of bookings and a restart, and no
// slot holds more than its online places.
func TestBookingsSurviveKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds cmd/motcua")
	}
	dir := t.TempDir()
	bin, err := centretest.BuildMotcua(dir)
	if err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "data", "centre.db")
	base, cmd := serve(t, bin, db)
	getJSON := func(base, path string, out any) int {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if out != nil {
			json.NewDecoder(resp.Body).Decode(out)
		}
		return resp.StatusCode
	}
	// The open slots of the first bookable working day after today of hộ tịch (the real clock).
	var days struct{ Days []booking.DayView }
	getJSON(base, "/api/v1/booking/days?service=hotich", &days)
	var date string
	for _, d := range days.Days[1:] { // not today: no slot closes during the test
		if d.Remaining >= 16 {
			date = d.Date
			break
		}
	}
	if date == "" {
		t.Fatalf("no bookable day: %+v", days)
	}
	var sl struct{ Slots []booking.SlotView }
	getJSON(base, "/api/v1/slots?service=hotich&date="+date, &sl)

	var mu sync.Mutex
	acked := map[string]time.Time{} // code → slot
	var wg sync.WaitGroup
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 3 * time.Millisecond)
			start := sl.Slots[i%len(sl.Slots)%4].Start // four slots, two places each, 16 tries
			body := fmt.Sprintf(`{"service":"hotich","slot_start":%q,"phone":"09%08d"}`, start.Format(time.RFC3339), i)
			resp, err := http.Post(base+"/api/v1/bookings", "application/json", strings.NewReader(body))
			if err != nil {
				return // the server died under the request: not acknowledged
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode == 201 {
				var v booking.View
				if json.Unmarshal(b, &v) == nil {
					mu.Lock()
					acked[v.Code] = v.SlotStart
					mu.Unlock()
				}
			}
		}(i)
	}
	time.Sleep(25 * time.Millisecond)
	cmd.Process.Kill() // SIGKILL: no shutdown code runs
	cmd.Wait()
	wg.Wait()

	base, cmd = serve(t, bin, db)
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for code, start := range acked {
		var v booking.View
		if c := getJSON(base, "/api/v1/bookings/"+code, &v); c != 200 || !v.SlotStart.Equal(start) || v.Status != "booked" {
			t.Fatalf("acknowledged booking %s lost after kill -9: %d %+v", code, c, v)
		}
	}
	getJSON(base, "/api/v1/slots?service=hotich&date="+date, &sl)
	for _, s := range sl.Slots[:4] {
		if s.Remaining < 0 || s.Remaining > 2 {
			t.Fatalf("slot %v: %d remaining", s.Start, s.Remaining)
		}
	}
	// The restarted server still takes bookings.
	resp, err := http.Post(base+"/api/v1/bookings", "application/json", strings.NewReader(
		fmt.Sprintf(`{"service":"hotich","slot_start":%q,"phone":"0911111111"}`, sl.Slots[len(sl.Slots)-1].Start.Format(time.RFC3339))))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("after restart: %d", resp.StatusCode)
	}
	t.Logf("%d of 16 bookings acknowledged before the kill, all found after the restart", len(acked))
}

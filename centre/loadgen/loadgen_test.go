package loadgen_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/loadgen"
)

// hall starts an in-process server with kiosks, a display and logged-in
// officers at q1..qM, and returns loadgen options for it.
func hall(t testing.TB, boards, counters, kiosks int, d time.Duration) loadgen.Options {
	devices := []centretest.Device{{ID: "b", Name: "board", Role: "display"}}
	for i := 0; i < kiosks; i++ {
		devices = append(devices, centretest.Device{ID: fmt.Sprint("k", i), Name: fmt.Sprint("kiosk-", i), Role: "kiosk"})
	}
	var officers []centretest.Officer
	for i := 1; i <= counters; i++ {
		officers = append(officers, centretest.Officer{Username: fmt.Sprint("bench", i)})
	}
	env := centretest.Start(t, centretest.Options{Devices: devices, Officers: officers})
	o := loadgen.Options{URL: env.URL, Boards: boards, Duration: d, CallInterval: 20 * time.Millisecond, DisplayToken: env.Token("b")}
	for i := 0; i < kiosks; i++ {
		o.KioskTokens = append(o.KioskTokens, env.Token(fmt.Sprint("k", i)))
	}
	for _, s := range env.Cfg.Services {
		o.Services = append(o.Services, s.ID)
	}
	for i := 1; i <= counters; i++ {
		counter := fmt.Sprint("q", i)
		resp, err := http.Post(env.URL+"/api/v1/login", "application/json",
			strings.NewReader(fmt.Sprintf(`{"username":"bench%d","password":%q,"counter":%q}`, i, centretest.Password, counter)))
		if err != nil {
			t.Fatal(err)
		}
		var out struct{ Token string }
		decodeJSON(t, resp, &out)
		o.Counters = append(o.Counters, counter)
		o.OfficerTokens = append(o.OfficerTokens, out.Token)
	}
	return o
}

// A short run on a small hall measures what it should: every call reaches
// every board, tickets were issued, RSS is read from /proc.
func TestRunSmallHall(t *testing.T) {
	o := hall(t, 5, 3, 4, 700*time.Millisecond)
	o.PID = os.Getpid()
	// The tool runs for a time window; on a loaded machine a short window
	// may end before a request got through, so it doubles until some did.
	var res *loadgen.Result
	for {
		var err error
		res, err = loadgen.Run(context.Background(), o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Tickets > 0 && res.Calls > 0 || o.Duration >= 20*time.Second {
			break
		}
		o.Duration *= 2
	}
	t.Logf("\n%s", res)
	if res.Tickets == 0 || res.Calls == 0 || res.IssueErrors != 0 {
		t.Fatalf("no load: %+v", res)
	}
	if res.Deliveries != res.Expected || res.Expected != res.Calls*5 {
		t.Errorf("deliveries %d of %d", res.Deliveries, res.Expected)
	}
	if res.RSSKB <= 0 || res.ServerCPU <= 0 || res.HWMKB < res.RSSKB || res.BoardMax < res.BoardP99 || res.BoardP99 < res.BoardP50 {
		t.Errorf("figures inconsistent: %+v", res)
	}
}

// BenchmarkHall is the in-process version of `motcua bench`, for pprof:
// go test -run X -bench Hall -benchtime 1x -cpuprofile cpu.out ./centre/loadgen
func BenchmarkHall(b *testing.B) {
	for i := 0; i < b.N; i++ {
		o := hall(b, 200, 10, 50, 5*time.Second)
		o.CallInterval = 100 * time.Millisecond
		res, err := loadgen.Run(context.Background(), o)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(res.TicketsPerSec, "tickets/s")
		b.ReportMetric(float64(res.BoardP99)/1e6, "board-p99-ms")
		b.Logf("\n%s", res)
	}
}

func decodeJSON(t testing.TB, resp *http.Response, v any) {
	t.Helper()
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s: %v", resp.Status, err)
	}
}

// The side-by-side mode (bench-peer): tickets issued beforehand, no kiosk
// during the load, counters calling together. Every call reaches every
// board, the boards saw only the calls' messages, and the per-call message
// size (the payload Mercure gets) is measured.
func TestRunPreIssuedSyncCalls(t *testing.T) {
	o := hall(t, 4, 3, 1, 300*time.Millisecond)
	o.PreIssueToken, o.KioskTokens = o.KioskTokens[0], nil
	o.CallInterval, o.SyncCalls = 100*time.Millisecond, true
	// Enough for every counter (the demo's counters serve some services):
	// counters calling faster than the tickets last just find nobody.
	o.PreIssue = 60
	var res *loadgen.Result
	for {
		var err error
		if res, err = loadgen.Run(context.Background(), o); err != nil {
			t.Fatal(err)
		}
		if res.Calls > 0 || o.Duration >= 20*time.Second {
			break
		}
		o.Duration *= 2
	}
	t.Logf("\n%s", res)
	if res.Calls == 0 || res.Tickets != 0 {
		t.Fatalf("calls %d, tickets issued during the load %d (want >0, 0)", res.Calls, res.Tickets)
	}
	if res.Deliveries != res.Expected || res.Expected != res.Calls*4 {
		t.Errorf("deliveries %d of %d", res.Deliveries, res.Expected)
	}
	// A ticket.called event is a few hundred bytes of JSON.
	if res.CallFrameBytes < 100 || res.CallFrameBytes > 4096 {
		t.Errorf("bytes per call %d", res.CallFrameBytes)
	}
}

// PreIssue without a kiosk token is refused before anything runs.
func TestPreIssueNeedsToken(t *testing.T) {
	o := hall(t, 1, 1, 0, 100*time.Millisecond)
	o.PreIssue = 5
	if _, err := loadgen.Run(context.Background(), o); err == nil || !strings.Contains(err.Error(), "PreIssueToken") {
		t.Fatalf("err = %v", err)
	}
}

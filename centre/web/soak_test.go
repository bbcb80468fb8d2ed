package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/internal/browsertest"
)

// TestBoardSoak measures the web board against a running server: one call
// a second for MOTCUA_SOAK (e.g. 5m), latency call → received → painted and
// the page's JS heap. It needs MOTCUA_SOAK_URL, MOTCUA_SOAK_DISPLAY (display
// token), MOTCUA_SOAK_KIOSK (kiosk token) and MOTCUA_SOAK_OFFICERS
// (counter=token,...). Skipped otherwise: it is a measurement, not a test.
func TestBoardSoak(t *testing.T) {
	d, err := time.ParseDuration(os.Getenv("MOTCUA_SOAK"))
	if err != nil {
		t.Skip("set MOTCUA_SOAK=5m and the MOTCUA_SOAK_* variables to run the board soak")
	}
	base := os.Getenv("MOTCUA_SOAK_URL")
	officers := map[string]string{}
	var counters []string
	for _, kv := range strings.Split(os.Getenv("MOTCUA_SOAK_OFFICERS"), ",") {
		k, v, _ := strings.Cut(kv, "=")
		officers[k] = v
		counters = append(counters, k)
	}
	bctx := browsertest.Start(t, 1920, 1080)
	if err := chromedp.Do(bctx, chromedp.Navigate(base+"/board?sound=0&token="+os.Getenv("MOTCUA_SOAK_DISPLAY"))); err != nil {
		t.Fatal(err)
	}
	waitJS(t, bctx, "the snapshot", `window.__board && window.__board.snapshots >= 1`)
	post := func(token, path, body string) (map[string]any, error) {
		req, _ := http.NewRequest("POST", base+path, bytes.NewBufferString(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return out, nil
	}
	heap := func() float64 {
		v, err := chromedp.Run(bctx, chromedp.Evaluate[float64](`performance.memory ? performance.memory.usedJSHeapSize / 1048576 : -1`))
		if err != nil {
			return -1
		}
		return v
	}
	sent := map[string]time.Time{}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	end := time.Now().Add(d)
	for i := 0; time.Now().Before(end); i++ {
		<-tick.C
		if _, err := post(os.Getenv("MOTCUA_SOAK_KIOSK"), "/api/v1/tickets", `{"service":"hotich"}`); err != nil {
			t.Fatal(err)
		}
		k := counters[i%len(counters)]
		start := time.Now()
		out, err := post(officers[k], "/api/v1/counters/"+k+"/call-next", "")
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := out["number"].(string); ok {
			sent[n] = start
		}
		if i%60 == 0 {
			t.Logf("t=%3ds calls=%d js-heap=%.1f MiB", i, len(sent), heap())
		}
	}
	time.Sleep(2 * time.Second)
	type call struct {
		Number            string
		At, Recv, Painted int64
	}
	calls, err := chromedp.Run(bctx, chromedp.Evaluate[[]call](`window.__board.calls`))
	if err != nil {
		t.Fatal(err)
	}
	var toPaint, atToPaint, recv []float64
	for _, c := range calls {
		s, ok := sent[c.Number]
		if !ok {
			continue
		}
		toPaint = append(toPaint, float64(c.Painted-s.UnixMilli()))
		atToPaint = append(atToPaint, float64(c.Painted-c.At))
		recv = append(recv, float64(c.Recv-c.At))
	}
	pct := func(v []float64, p float64) float64 {
		if len(v) == 0 {
			return -1
		}
		sort.Float64s(v)
		return v[min(len(v)-1, int(p*float64(len(v))))]
	}
	t.Logf("web board: %d calls sent, %d painted", len(sent), len(toPaint))
	t.Logf("API call start → painted: p50 %.0f ms, p99 %.0f ms, max %.0f ms", pct(toPaint, .5), pct(toPaint, .99), pct(toPaint, 1))
	t.Logf("event time → received: p50 %.0f ms, p99 %.0f ms", pct(recv, .5), pct(recv, .99))
	t.Logf("event time → painted: p50 %.0f ms, p99 %.0f ms", pct(atToPaint, .5), pct(atToPaint, .99))
	t.Logf("js heap at end: %.1f MiB", heap())
	fmt.Fprintln(os.Stderr, "soak done")
}

package portal_test

// Attacks on the portal's public province pages (session 5 review,
// docs/SECURITY.md): a burst of rollups, hostile units and periods, a
// spoofed X-Forwarded-For.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/qcvn120"
)

// gated is the real store with a gate in front of the rollup's scan: it
// counts the scans running at once and holds them until the gate opens.
type gated struct {
	portal.Store
	rs       portal.RollupStore
	in, peak atomic.Int32
	gate     chan struct{}
	open     sync.Once
}

// release lets the held scans go on (once).
func (g *gated) release() { g.open.Do(func() { close(g.gate) }) }

func (g *gated) PutUnits(ctx context.Context, u []portal.Unit) error { return g.rs.PutUnits(ctx, u) }
func (g *gated) Units(ctx context.Context) ([]portal.Unit, error)    { return g.rs.Units(ctx) }
func (g *gated) RatingCounts(ctx context.Context, a, b time.Time) ([]portal.RatingCount, error) {
	return g.rs.RatingCounts(ctx, a, b)
}
func (g *gated) EachStatDossier(ctx context.Context, a, b time.Time, fn func(portal.StatDossier) error) error {
	n := g.in.Add(1)
	defer g.in.Add(-1)
	for {
		p := g.peak.Load()
		if n <= p || g.peak.CompareAndSwap(p, n) {
			break
		}
	}
	select {
	case <-g.gate:
	case <-ctx.Done():
		return ctx.Err()
	}
	return g.rs.EachStatDossier(ctx, a, b, fn)
}

func startGated(t *testing.T, o portal.Options) (*gated, string) {
	t.Helper()
	st, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	g := &gated{Store: st, rs: st.(portal.RollupStore), gate: make(chan struct{})}
	if _, err := portal.ImportHierarchy(context.Background(), g, []byte(hierarchyH56)); err != nil {
		t.Fatal(err)
	}
	srv, err := portal.New(context.Background(), g, o)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	t.Cleanup(g.release) // runs first: a failing test does not leave scans held
	return g, hs.URL
}

func status(t *testing.T, hc *http.Client, u string, hdr map[string]string) (int, string) {
	req, _ := http.NewRequest("GET", u, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp.StatusCode, string(b)
}

// 40 rollups asked at once, over the JSON, page and period-statistics
// routes: at most MaxRollups scans run, the others are told 429 at once
// (they do not queue); the held ones finish when the scan may go on.
func TestAttackRollupBurstBounded(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
	g, base := startGated(t, portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
	paths := []string{"/api/v1/thong-ke/tong-hop?nam=2023", "/thong-ke/tong-hop/000.00.07.H56?thang=2023-11", "/api/v1/thong-ke-ho-so?ma_don_vi=H56&nam=2023"}
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, _ := status(t, http.DefaultClient, base+paths[i%len(paths)], nil)
			mu.Lock()
			codes[c]++
			mu.Unlock()
		}()
	}
	centretest.Eventually(t, "every request but the held scans answered", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return codes[http.StatusTooManyRequests]+int(g.in.Load()) == 40
	})
	if p := g.peak.Load(); p > portal.MaxRollups {
		t.Fatalf("%d rollups computed at once", p)
	}
	g.release()
	wg.Wait()
	if codes[200] != int(g.peak.Load()) || codes[200]+codes[429] != 40 {
		t.Fatalf("answers %v, peak %d", codes, g.peak.Load())
	}
}

// Hostile units, periods and headers: a unit that is not in the
// hierarchy is 404 and never echoed; a period over a year, reversed or
// malformed is 400 before any scan; X-Forwarded-For from a client that is
// not a trusted proxy does not buy a fresh budget.
func TestAttackRollupHostileQueries(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
	g, base := startGated(t, portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
	g.release()
	for _, u := range []string{"<script>alert(1)</script>", "000.00.06.H56%27%20OR%201=1--", strings.Repeat("9", 3000), "%2e%2e%2f%2e%2e%2fetc%2fpasswd"} {
		for _, p := range []string{"/thong-ke/tong-hop/", "/api/v1/thong-ke/tong-hop/"} {
			c, body := status(t, http.DefaultClient, base+p+u+"?thang=2023-11", nil)
			if c != 404 && c != 400 {
				t.Errorf("%s%.40s: %d", p, u, c)
			}
			if strings.Contains(body, "<script>alert") || strings.Contains(body, "OR 1=1") {
				t.Errorf("%s%.40s: the unit is echoed: %.300s", p, u, body)
			}
		}
	}
	before := g.peak.Load()
	for _, q := range []string{"tu=2020-01-01&den=2023-12-31", "tu=2023-12-01&den=2023-01-01", "thang=2023-13", "nam=99999999999",
		"tu=" + strings.Repeat("2", 5000), "ma_don_vi=H56&tu=0001-01-01&den=9999-12-31"} {
		for _, p := range []string{"/api/v1/thong-ke/tong-hop?", "/api/v1/thong-ke-ho-so?ma_don_vi=H56&"} {
			if c, body := status(t, http.DefaultClient, base+p+q, nil); c != 400 {
				t.Errorf("%s%.60s: %d %.200s", p, q, c, body)
			}
		}
	}
	if g.peak.Load() != before || g.in.Load() != 0 {
		t.Fatal("a refused period started a scan")
	}

	// No trusted proxy: X-Forwarded-For is ignored, one budget for the address.
	g2, base2 := startGated(t, portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1, LookupBurst: 3})
	g2.release()
	got := map[int]int{}
	for i := range 12 {
		c, _ := status(t, http.DefaultClient, base2+"/api/v1/thong-ke/tong-hop?thang=2023-11",
			map[string]string{"X-Forwarded-For": fmt.Sprintf("203.0.113.%d", i+1), "X-Real-IP": fmt.Sprintf("198.51.100.%d", i+1)})
		got[c]++
	}
	if got[200] > 3 || got[429] < 9 {
		t.Fatalf("spoofed addresses: %v", got)
	}
}

package syncagent_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// faultProxy sits between the agent and the portal and misbehaves on a
// share of the calls: it delays them, resets the connection before the
// portal sees the call, answers 500 without forwarding, or forwards the
// call and then loses the answer (connection closed, or a 500) — the
// portal has applied it but the agent does not know.
type faultProxy struct {
	target string
	share  atomic.Int64 // per mille of calls that get a fault
	hc     *http.Client

	mu    sync.Mutex
	rng   *rand.Rand
	turn  int
	count map[string]int
}

func newFaultProxy(t *testing.T, target string) (*faultProxy, string) {
	f := &faultProxy{target: target, hc: &http.Client{Timeout: 30 * time.Second},
		rng: rand.New(rand.NewPCG(rand.Uint64(), 1)), count: map[string]int{}}
	f.share.Store(350)
	ts := httptest.NewServer(f)
	t.Cleanup(func() { ts.CloseClientConnections(); ts.Close() })
	return f, ts.URL
}

var faultKinds = []string{"delay", "reset", "500", "drop-answer", "500-after"}

func (f *faultProxy) pick() (string, time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	kind := "pass"
	if f.rng.IntN(1000) < int(f.share.Load()) {
		// Which calls fail is random; the kinds take turns so that each
		// shows up even in a short run.
		f.turn++
		kind = faultKinds[f.turn%len(faultKinds)]
	}
	f.count[kind]++
	return kind, time.Duration(50+f.rng.IntN(400)) * time.Millisecond
}

func (f *faultProxy) counts() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]int{}
	for k, v := range f.count {
		out[k] = v
	}
	return out
}

// cut closes the client's connection without an answer; reset sends a TCP
// RST instead of a FIN.
func cut(w http.ResponseWriter, reset bool) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		tc.SetLinger(0)
	}
	conn.Close()
}

func (f *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	kind, delay := f.pick()
	switch kind {
	case "reset":
		cut(w, true)
		return
	case "500":
		http.Error(w, "injected fault", http.StatusInternalServerError)
		return
	case "delay":
		time.Sleep(delay)
	}
	req, _ := http.NewRequest(r.Method, f.target+r.URL.Path, bytes.NewReader(body))
	req.Header.Set("Content-Type", r.Header.Get("Content-Type"))
	resp, err := f.hc.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	answer, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	switch kind {
	case "drop-answer":
		cut(w, false)
		return
	case "500-after":
		http.Error(w, "injected fault after the portal applied the call", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
	w.WriteHeader(resp.StatusCode)
	w.Write(answer)
}

// agentProc runs `motcua sync` as its own process.
type agentProc struct {
	t       *testing.T
	bin     string
	args    []string
	logPath string
	cmd     *exec.Cmd
	kills   int
}

func (p *agentProc) start() {
	p.t.Helper()
	logf, err := os.OpenFile(p.logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	must(p.t, err)
	cmd := exec.Command(p.bin, p.args...)
	cmd.Env = append(os.Environ(), "MOTCUA_PORTAL_PASSWORD="+portalPass)
	cmd.Stdout, cmd.Stderr = logf, logf
	must(p.t, cmd.Start())
	logf.Close()
	p.cmd = cmd
}

// kill9 kills the agent with SIGKILL, wherever it is in a round.
func (p *agentProc) kill9() {
	if p.cmd == nil {
		return
	}
	p.cmd.Process.Kill()
	p.cmd.Wait()
	p.cmd = nil
	p.kills++
}

func (p *agentProc) logTail() string {
	b, _ := os.ReadFile(p.logPath)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

// The agent runs as its own process against the centre's database file
// while officers receive and update dossiers through the centre's API; a
// proxy drops, delays, resets and fails a third of the calls, and the agent
// is killed with SIGKILL several times. In the end the portal holds exactly
// the centre's dossiers and histories, nothing twice.
func TestFaultInjectionConverges(t *testing.T) {
	bin := needBinary(t)
	c := newCentre(t, nil)
	p := newPortal(t)
	proxy, proxyURL := newFaultProxy(t, p.url)
	agent := &agentProc{t: t, bin: bin, logPath: filepath.Join(t.TempDir(), "agent.log"),
		args: []string{"sync", "--db", c.path, "--portal", proxyURL, "--username", portalUser, "--metrics-addr", "",
			"--catalogue-every", "0", "--stats-every", "0", "--poll", "50ms"}}
	agent.start()
	t.Cleanup(agent.kill9)
	defer func() {
		if t.Failed() {
			t.Logf("agent log (tail):\n%s", agent.logTail())
		}
	}()

	// Officers at three counters receive dossiers and move them on.
	const load = 10 * time.Second
	ctx, stop := context.WithTimeout(context.Background(), load)
	defer stop()
	var wg sync.WaitGroup
	var ops atomic.Int64
	errs := make(chan error, 3)
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			next := map[string]int{} // dossier → next lifecycle step
			var open []string
			for ctx.Err() == nil {
				if len(open) == 0 || rng.IntN(3) == 0 {
					code, err := c.receive(fmt.Sprintf("Công dân %d-%d", w, ops.Load()))
					if err != nil {
						errs <- err
						return
					}
					open = append(open, code)
				} else {
					i := rng.IntN(len(open))
					code := open[i]
					if err := c.act(code, next[code]); err != nil {
						errs <- err
						return
					}
					if next[code]++; next[code] == len(lifecycle) {
						open = append(open[:i], open[i+1:]...)
					}
				}
				ops.Add(1)
				time.Sleep(time.Duration(10+rng.IntN(40)) * time.Millisecond)
			}
		}()
	}
	// Kill -9 the agent now and then while the load runs.
	for ctx.Err() == nil {
		select {
		case <-ctx.Done():
		case <-time.After(time.Duration(1500+rand.IntN(1500)) * time.Millisecond):
			agent.kill9()
			agent.start()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}

	// Heal the network and restart the agent once more (its backoff may
	// be long after a bad streak), then wait for the backlog to drain.
	proxy.share.Store(0)
	agent.kill9()
	agent.start()
	var maxID int64
	must(t, c.db.Read().QueryRow(`SELECT max(id) FROM outbox`).Scan(&maxID))
	deadline := time.Now().Add(30 * time.Second)
	for {
		cur, err := c.db.SyncCursor(context.Background())
		must(t, err)
		if cur == maxID {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("backlog not drained: cursor %d of %d", cur, maxID)
		}
		time.Sleep(100 * time.Millisecond)
	}
	agent.kill9()
	parked, err := c.db.Parked(context.Background())
	must(t, err)
	if len(parked) != 0 {
		t.Fatalf("items parked under transient faults: %+v", parked)
	}
	sameAsCentre(t, c.db, p)

	counts := proxy.counts()
	t.Logf("%d centre operations, %d outbox items, %d kills, proxy: %v", ops.Load(), maxID, agent.kills, counts)
	for _, k := range faultKinds {
		if counts[k] == 0 {
			t.Errorf("fault %q never injected: %v", k, counts)
		}
	}
	if agent.kills < 4 {
		t.Errorf("agent killed only %d times", agent.kills)
	}
	if !strings.Contains(agent.logTail(), "sync agent running") {
		t.Errorf("agent log does not show a start")
	}
}

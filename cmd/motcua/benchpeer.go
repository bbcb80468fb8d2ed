package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/centre/loadgen"
)

func init() {
	register("bench-peer", "call → board side by side with a Mercure hub (PEERBENCH; see docs/BENCHMARKS.md)", runBenchPeer)
}

// The hub's key and issuer: the defaults of the peerbench program kept
// outside this repository (its `hub` mode takes no key flag).
const (
	peerKey    = "!ChangeMe!ChangeMe!ChangeMe!ChangeMe!"
	peerIssuer = "https://example.com"
)

// runBenchPeer runs motcua and a Mercure+Bolt hub alternately with the same
// receivers, event rate and payload size, and prints the ratios.
func runBenchPeer(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench-peer", flag.ContinueOnError)
	peer := fs.String("peer", os.Getenv("PEERBENCH"), "the peerbench binary (`peerbench hub --addr A --bolt F`); default $PEERBENCH")
	rounds := fs.Int("rounds", 3, "rounds; each runs motcua then Mercure (the order alternates)")
	receivers := fs.Int("receivers", 200, "boards (motcua WebSockets) and subscribers (Mercure SSE)")
	dur := fs.Duration("duration", 20*time.Second, "load per run")
	modes := fs.String("modes", "seq,burst", "seq: one call every 200 ms; burst: 10 calls at the same instant every 2 s")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *peer == "" {
		return errors.New("bench-peer: no peer: set PEERBENCH to a built peerbench binary (docs/BENCHMARKS.md)")
	}
	if _, err := os.Stat(*peer); err != nil {
		return fmt.Errorf("bench-peer: peer %s: %w", *peer, err)
	}
	type row struct{ mp50, mp99, pp50, pp99 []time.Duration }
	results := map[string]*row{}
	for _, mode := range strings.Split(*modes, ",") {
		burst, interval := 1, 200*time.Millisecond
		switch mode {
		case "seq":
		case "burst":
			burst, interval = 10, 2*time.Second
		default:
			return fmt.Errorf("bench-peer: unknown mode %q", mode)
		}
		r := &row{}
		results[mode] = r
		for round := 1; round <= *rounds; round++ {
			var m *loadgen.Result
			var p *loadgen.PeerResult
			runM := func() error {
				var err error
				m, err = benchPeerMotcua(ctx, *receivers, burst, interval, *dur)
				return err
			}
			runP := func() error {
				size := 0
				if m != nil {
					size = m.CallFrameBytes
				}
				var err error
				p, err = benchPeerMercure(ctx, *peer, *receivers, burst, interval, *dur, size)
				return err
			}
			// motcua first in odd rounds; Mercure needs motcua's frame size,
			// so in even rounds it uses the previous round's.
			first, second := runM, runP
			if round%2 == 0 {
				first, second = runP, runM
			}
			if err := first(); err != nil {
				return err
			}
			if err := second(); err != nil {
				return err
			}
			fmt.Printf("%s round %d: motcua call → board p50 %v p99 %v (%d of %d, %d B per call, server RSS %.1f MB)\n",
				mode, round, fms(m.BoardP50), fms(m.BoardP99), m.Deliveries, m.Expected, m.CallFrameBytes, float64(m.HWMKB)/1024)
			fmt.Printf("%s round %d: motcua call-next p50 %v p99 %v, %d calls\n", mode, round, fms(m.CallP50), fms(m.CallP99), m.Calls)
			fmt.Printf("%s round %d: mercure publish → subscriber p50 %v p99 %v (%d of %d, hub RSS %.1f MB)\n",
				mode, round, fms(p.P50), fms(p.P99), p.Deliveries, p.Expected, float64(p.HWMKB)/1024)
			r.mp50, r.mp99 = append(r.mp50, m.BoardP50), append(r.mp99, m.BoardP99)
			r.pp50, r.pp99 = append(r.pp50, p.P50), append(r.pp99, p.P99)
			lastFrame = m.CallFrameBytes
		}
	}
	fmt.Printf("\nbench-peer: %d receivers, %v per run, %d rounds (medians; ratio = motcua / Mercure+Bolt)\n", *receivers, *dur, *rounds)
	fmt.Printf("%-6s %-22s %-22s %-14s %s\n", "mode", "motcua p50 / p99", "mercure p50 / p99", "ratio p50", "ratio p99")
	for _, mode := range strings.Split(*modes, ",") {
		r := results[mode]
		a, b, c, d := median(r.mp50), median(r.mp99), median(r.pp50), median(r.pp99)
		fmt.Printf("%-6s %-22s %-22s %-14s %s\n", mode, fms(a)+" / "+fms(b), fms(c)+" / "+fms(d),
			fmt.Sprintf("%.2f×", float64(a)/float64(c)), fmt.Sprintf("%.2f×", float64(b)/float64(d)))
	}
	return nil
}

// lastFrame is the size of motcua's last call message (Mercure's payload
// when it runs first in a round).
var lastFrame = 600

func fms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)/2]
}

// benchPeerMotcua: a fresh `motcua serve`, tickets issued beforehand (no
// kiosk runs during the load, so boards get only the calls), burst counters
// calling together every interval.
func benchPeerMotcua(ctx context.Context, boards, counters int, interval, dur time.Duration) (*loadgen.Result, error) {
	srv, err := spawnBenchServer(ctx, "", counters, 1, true)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	o := loadgen.Options{URL: srv.url, PID: srv.cmd.Process.Pid, DisplayToken: srv.display, Boards: boards,
		Duration: dur, CallInterval: interval, SyncCalls: true, PreIssueToken: srv.kiosks[0]}
	// A waiting ticket for every call, and some to spare.
	o.PreIssue = counters*int(dur/interval+1) + 20
	if o.Services, err = fetchServices(ctx, o.URL, srv.kiosks[0]); err != nil {
		return nil, err
	}
	for i := 1; i <= counters; i++ {
		c := fmt.Sprintf("q%d", i)
		tok, err := benchLogin(ctx, o.URL, fmt.Sprintf("bench%d", i), benchPassword, c)
		if err != nil {
			return nil, err
		}
		o.Counters, o.OfficerTokens = append(o.Counters, c), append(o.OfficerTokens, tok)
	}
	return loadgen.Run(ctx, o)
}

// benchPeerMercure: a fresh hub with the Bolt transport (durable history,
// the fair match for motcua's durable calls) on a free loopback port.
func benchPeerMercure(ctx context.Context, peer string, subs, burst int, interval, dur time.Duration, size int) (*loadgen.PeerResult, error) {
	if size == 0 {
		size = lastFrame
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	tmp, err := os.MkdirTemp("", "motcua-peer-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.CommandContext(ctx, peer, "hub", "--addr", addr, "--bolt", filepath.Join(tmp, "updates.db"))
	logf, err := os.Create(filepath.Join(tmp, "hub.log"))
	if err != nil {
		return nil, err
	}
	defer logf.Close()
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if time.Now().After(deadline) {
			return nil, errors.New("bench-peer: the Mercure hub did not start (see " + logf.Name() + ")")
		}
	}
	return loadgen.RunMercure(ctx, loadgen.PeerOptions{HubURL: "http://" + addr + "/.well-known/mercure",
		Key: []byte(peerKey), Issuer: peerIssuer, Subscribers: subs, Duration: dur, Interval: interval,
		Burst: burst, PayloadBytes: size, PID: cmd.Process.Pid})
}

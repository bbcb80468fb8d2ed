package syncagent_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/syncagent"
)

// On a lossy link (every tenth call fails, the fault kinds taking turns)
// the backlog drains with the retry wait at its minimum: a round that made
// progress resets the backoff (issue 13 item 9: the wait used to double
// after any failed round and stuck at 60 s with 94 % of calls succeeding).
// The test is bounded by the number of items, not by a time window; the
// deadline only stops an agent that does not drain at all.
func TestLossyLinkDrainsWithoutBackingOff(t *testing.T) {
	const (
		dossiers   = 200 // 400 outbox items: a packet and a progress step each
		minBackoff = 200 * time.Millisecond
	)
	c := newCentre(t, nil)
	p := newPortal(t)
	proxy, proxyURL := newFaultProxy(t, p.url)
	proxy.every.Store(10)
	for i := range dossiers {
		_, err := c.receive(fmt.Sprintf("Công dân %d", i))
		must(t, err)
	}
	var maxID int64
	must(t, c.db.Read().QueryRow(`SELECT max(id) FROM outbox`).Scan(&maxID))

	// Small rounds and calls: many rounds, many calls, many faults.
	a := syncagent.New(c.db, p.client(proxyURL), syncagent.Options{Logger: quiet, BatchSize: 50,
		MaxPerCall: syncagent.PerCall(5, 5), Poll: 20 * time.Millisecond, MinBackoff: minBackoff, MaxBackoff: time.Minute})
	type wait struct {
		progress bool
		err      error
		d        time.Duration
	}
	var (
		mu    sync.Mutex
		waits []wait
	)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	bad := make(chan wait, 1)
	syncagent.SetWaitHook(a, func(progress bool, err error, d time.Duration) {
		w := wait{progress, err, d}
		mu.Lock()
		waits = append(waits, w)
		mu.Unlock()
		// No two calls in a row fail, so no round after a round that made
		// progress may wait longer than the minimum.
		if d > minBackoff {
			select {
			case bad <- w:
			default:
			}
		}
	})
	ran := make(chan struct{})
	go func() { a.Run(ctx); close(ran) }()
	defer func() { cancel(); <-ran }()

	deadline := time.After(3 * time.Minute)
	for {
		cur, err := c.db.SyncCursor(context.Background())
		must(t, err)
		if cur == maxID {
			break
		}
		select {
		case w := <-bad:
			t.Fatalf("the agent backed off %v (progress %v, err %v) with the backlog at cursor %d of %d; proxy %v",
				w.d, w.progress, w.err, cur, maxID, proxy.counts())
		case <-deadline:
			t.Fatalf("backlog not drained: cursor %d of %d; proxy %v", cur, maxID, proxy.counts())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	<-ran
	counts := proxy.counts()
	faults := 0
	for _, k := range faultKinds {
		faults += counts[k]
	}
	if faults < 5 {
		t.Fatalf("only %d faults injected: %v", faults, counts)
	}
	sameAsCentre(t, c.db, p)
	mu.Lock()
	failedRounds := 0
	for _, w := range waits {
		if w.err != nil {
			failedRounds++
		}
	}
	mu.Unlock()
	t.Logf("%d items in %d calls, %d failed rounds; proxy %v", maxID, proxy.total(), failedRounds, counts)
}

// One failed call does not stop the other dossiers' calls of the round:
// the portal holds every other dossier after that one round.
func TestFailedCallDoesNotStopOtherDossiers(t *testing.T) {
	const dossiers = 12
	c := newCentre(t, nil)
	p := newPortal(t)
	proxy, proxyURL := newFaultProxy(t, p.url)
	var codes []string
	for i := range dossiers {
		code, err := c.receive(fmt.Sprintf("Công dân %d", i))
		must(t, err)
		codes = append(codes, code)
	}
	victim := []byte(codes[0])
	proxy.failIf = func(body []byte) string {
		if bytes.Contains(body, victim) {
			return "500"
		}
		return ""
	}
	// Two dossiers per call, one call at a time: the victim's call is the
	// first of the round and five calls of dossier packets follow it.
	a := syncagent.New(c.db, p.client(proxyURL), syncagent.Options{Logger: quiet,
		MaxPerCall: syncagent.PerCall(2, 2), Parallel: 1})
	n, err := a.Once(context.Background())
	if err == nil {
		t.Fatal("the round with a failed call reported no error")
	}
	if got := p.count(t, `SELECT count(*) FROM dossiers`); got != dossiers-2 {
		t.Fatalf("after one round with one failed call the portal holds %d dossiers, want %d (all but the failed call's two); round settled %d: %v",
			got, dossiers-2, n, err)
	}
	// The items after the failed one are not sent again: the next round
	// sends only the failed call's dossiers.
	proxy.failIf = nil
	proxy.every.Store(0)
	before := proxy.total()
	drain(t, a)
	sameAsCentre(t, c.db, p)
	if calls := proxy.total() - before; calls > 2 {
		t.Errorf("the next rounds made %d calls, want 2 (the failed call's packets and steps)", calls)
	}
}

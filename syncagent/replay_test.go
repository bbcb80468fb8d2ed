package syncagent_test

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// recorder remembers every call the agent made, to replay them later.
type recorder struct {
	next syncagent.Portal
	mu   sync.Mutex
	// failAfter > 0: that many calls go through, then the next one reaches
	// the portal but its answer is lost (as when the agent dies between the
	// portal's ack and the cursor write).
	failAfter int
	calls     []call
}

type call struct {
	service string
	items   []syncagent.Item
}

var errLost = errors.New("answer lost")

func (r *recorder) Send(ctx context.Context, service string, items []syncagent.Item) ([]syncagent.ItemResult, error) {
	res, err := r.next.Send(ctx, service, items)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err == nil {
		r.calls = append(r.calls, call{service, append([]syncagent.Item(nil), items...)})
		if r.failAfter > 0 && len(r.calls) == r.failAfter {
			return nil, errLost
		}
	}
	return res, err
}

// dossierUpdatedAt is the portal's newest write time: a replay that rewrote
// any dossier would move it.
func dossierUpdatedAt(t *testing.T, p *portalEnv) int {
	return p.count(t, `SELECT coalesce(max(updated_at), 0) FROM dossiers`)
}

// Whole rounds sent again — the cursor rolled back after a crash between
// the portal's ack and the cursor write, or old calls arriving late and out
// of order — leave the portal exactly as the centre: no duplicate step, no
// dossier moved back to an older version, nothing rewritten.
func TestReplayedAndReorderedRoundsChangeNothing(t *testing.T) {
	c := newCentre(t, nil)
	p := newPortal(t)
	rec := &recorder{next: p.client("")}
	a := syncagent.New(c.db, rec, syncagent.Options{BatchSize: 7, Logger: quiet})

	// Dossiers at every stage, synced in several rounds between changes so
	// that the recorded calls hold older versions of the same dossiers.
	var codes []string
	for i := range 6 {
		code, err := c.receive(fmt.Sprintf("Công dân %d", i))
		must(t, err)
		codes = append(codes, code)
	}
	drain(t, a)
	for step := range lifecycle {
		for i, code := range codes {
			if i <= step { // dossier i stops after i steps
				continue
			}
			must(t, c.act(code, step))
		}
		drain(t, a)
	}
	sameAsCentre(t, c.db, p)
	before := dossierUpdatedAt(t, p)
	if len(rec.calls) < 10 {
		t.Fatalf("only %d calls recorded", len(rec.calls))
	}

	t.Run("cursor rolled back to zero", func(t *testing.T) {
		must(t, c.db.Write(context.Background(), func(tx *store.Tx) error {
			_, err := tx.Exec(`UPDATE sync_cursor SET outbox_id = 0`)
			return err
		}))
		if n := drain(t, a); n == 0 {
			t.Fatal("nothing was sent again after the rollback")
		}
		sameAsCentre(t, c.db, p)
		if after := dossierUpdatedAt(t, p); after != before {
			t.Fatalf("a replayed round rewrote a dossier (updated_at %d → %d)", before, after)
		}
	})

	t.Run("recorded calls replayed backwards and shuffled", func(t *testing.T) {
		pc := p.client("")
		ctx := context.Background()
		order := make([]int, len(rec.calls))
		for i := range order {
			order[i] = len(order) - 1 - i
		}
		shuffled := rand.Perm(len(rec.calls))
		for _, i := range append(order, shuffled...) {
			cl := rec.calls[i]
			res, err := pc.Send(ctx, cl.service, cl.items)
			must(t, err)
			for k, r := range res {
				if !r.OK {
					t.Fatalf("replayed item %d (%s %s v%d) refused: %+v", cl.items[k].ID, cl.service, cl.items[k].Key, cl.items[k].Version, r)
				}
			}
		}
		sameAsCentre(t, c.db, p)
		if after := dossierUpdatedAt(t, p); after != before {
			t.Fatalf("an old call rewrote a dossier (updated_at %d → %d)", before, after)
		}
	})

	t.Run("answer lost after the portal applied a round", func(t *testing.T) {
		// New changes; the first call's answer is lost, so the agent sends
		// the same items again in the next round.
		rec.mu.Lock()
		rec.failAfter = len(rec.calls) + 1
		rec.mu.Unlock()
		must(t, c.act(codes[4], len(lifecycle)-1))
		_, err := c.receive("Công dân mới")
		must(t, err)
		if _, err := a.Once(context.Background()); !errors.Is(err, errLost) {
			t.Fatalf("round with a lost answer: %v", err)
		}
		drain(t, a)
		sameAsCentre(t, c.db, p)
	})
}

// The centre's outbox interleaves services (dossier, step, dossier,
// step...); the agent still fills whole calls across dossiers.
func TestInterleavedOutboxFillsCalls(t *testing.T) {
	c := newCentre(t, nil)
	p := newPortal(t)
	rec := &recorder{next: p.client("")}
	// Progress at 10 per call, as one provincial DVCQG proxy requires.
	a := syncagent.New(c.db, rec, syncagent.Options{Logger: quiet, MaxPerCall: syncagent.PerCall(0, 10)})
	for i := range 20 {
		_, err := c.receive(fmt.Sprintf("Công dân %d", i))
		must(t, err)
	}
	if n := drain(t, a); n != 40 {
		t.Fatalf("settled %d items, want 40", n)
	}
	// 20 dossier packets in one call, 20 steps in two (10 per call).
	var sizes []string
	for _, cl := range rec.calls {
		sizes = append(sizes, fmt.Sprintf("%s×%d", cl.service, len(cl.items)))
	}
	if got, want := fmt.Sprint(sizes), "[DongBoHoSoMC×20 CapNhatTienDoHoSoMC×10 CapNhatTienDoHoSoMC×10]"; got != want {
		t.Fatalf("calls %s, want %s", got, want)
	}
	sameAsCentre(t, c.db, p)
}

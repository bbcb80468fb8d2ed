package syncagent_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// sentLog passes calls to the real portal client and notes what went out.
type sentLog struct {
	next syncagent.Portal
	mu   sync.Mutex
	sent map[string][]int64 // service → outbox ids, in the order sent
}

func (r *sentLog) Send(ctx context.Context, service string, items []syncagent.Item) ([]syncagent.ItemResult, error) {
	r.mu.Lock()
	if r.sent == nil {
		r.sent = map[string][]int64{}
	}
	for _, it := range items {
		r.sent[service] = append(r.sent[service], it.ID)
	}
	r.mu.Unlock()
	return r.next.Send(ctx, service, items)
}

func outboxIDs(t *testing.T, c *centreEnv, key, service string) []int64 {
	t.Helper()
	rows, err := c.db.Read().Query(`SELECT id FROM outbox WHERE key=? AND service=? ORDER BY id`, key, service)
	must(t, err)
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		must(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	return ids
}

func only(ids, of []int64) []int64 {
	var out []int64
	for _, id := range ids {
		for _, o := range of {
			if id == o {
				out = append(out, id)
			}
		}
	}
	return out
}

// Of several dossier packets of one dossier waiting in a round, only the
// newest goes out; every step still goes out once, in order, after it; the
// portal ends up exactly like the centre. Without coalescing, all go out.
func TestNewestDossierPacketStandsForOlderOnes(t *testing.T) {
	for _, coalesce := range []bool{true, false} {
		name := map[bool]string{true: "coalesce", false: "every-packet"}[coalesce]
		t.Run(name, func(t *testing.T) {
			c := newCentre(t, nil)
			p := newPortal(t)
			rec := &sentLog{next: p.client("")}
			a := syncagent.New(c.db, rec, syncagent.Options{Logger: quiet, NoCoalesce: !coalesce})
			x, err := c.receive("Nguyễn Văn Gộp")
			must(t, err)
			_, err = c.receive("Trần Thị Lẻ")
			must(t, err)
			for i := range 3 {
				must(t, c.act(x, i))
			}
			n := drain(t, a)
			if n != 4*2+2*1 { // x: 4 dossier packets + 4 steps; y: 1 + 1
				t.Fatalf("settled %d items, want 10", n)
			}
			dx := outboxIDs(t, c, x, qcvn120.SvcDongBoHoSo)
			sx := outboxIDs(t, c, x, qcvn120.SvcCapNhatTienDo)
			sentD := only(rec.sent[qcvn120.SvcDongBoHoSo], dx)
			if coalesce && (len(sentD) != 1 || sentD[0] != dx[3]) {
				t.Fatalf("dossier packets of %s sent %v, want only the newest %d", x, sentD, dx[3])
			}
			if !coalesce && len(sentD) != 4 {
				t.Fatalf("dossier packets of %s sent %v, want all of %v", x, sentD, dx)
			}
			if got := only(rec.sent[qcvn120.SvcCapNhatTienDo], sx); len(got) != 4 || got[0] != sx[0] || got[3] != sx[3] {
				t.Fatalf("steps of %s sent %v, want %v in order", x, got, sx)
			}
			sameAsCentre(t, c.db, p)
			if s := a.Status(); s.Sent != 10 || s.LastError != "" {
				t.Fatalf("status %+v", s)
			}
			// Nothing left: a second drain sends nothing.
			if n := drain(t, a); n != 0 {
				t.Fatalf("second drain settled %d", n)
			}
		})
	}
}

func breakSummary(t *testing.T, c *centreEnv, id int64) string {
	t.Helper()
	var orig string
	must(t, c.db.Read().QueryRow(`SELECT payload FROM outbox WHERE id=?`, id).Scan(&orig))
	var pk map[string]any
	must(t, json.Unmarshal([]byte(orig), &pk))
	pk["TrichYeuHoSo"] = "" // required: the portal refuses it for good
	broken, _ := json.Marshal(pk)
	setPayload(t, c.db, id, string(broken))
	return orig
}

// A broken older packet that a good newer one stands for does no harm: the
// portal gets the newer state and nothing is parked.
func TestSupersededBrokenPacketIsNotParked(t *testing.T) {
	c := newCentre(t, nil)
	p := newPortal(t)
	a := syncagent.New(c.db, p.client(""), syncagent.Options{Logger: quiet})
	x, err := c.receive("Lê Văn Cũ")
	must(t, err)
	must(t, c.act(x, 0))
	breakSummary(t, c, outboxIDs(t, c, x, qcvn120.SvcDongBoHoSo)[0])
	drain(t, a)
	if parked := parkedOf(t, c.db, x); len(parked) != 0 {
		t.Fatalf("parked: %+v", parked)
	}
	sameAsCentre(t, c.db, p)
}

// When the newest packet, sent in the place of older ones, is refused, the
// dossier is parked from the first of them on (with the portal's reason),
// nothing of it reaches the portal, and Release after the repair sends
// every item in order.
func TestRefusedNewestPacketParksFromTheFirst(t *testing.T) {
	ctx := context.Background()
	c := newCentre(t, nil)
	p := newPortal(t)
	a := syncagent.New(c.db, p.client(""), syncagent.Options{Logger: quiet})
	x, err := c.receive("Phạm Thị Mới")
	must(t, err)
	y, err := c.receive("Đỗ Văn Khác")
	must(t, err)
	must(t, c.act(x, 0))
	must(t, c.act(y, 0))
	dx := outboxIDs(t, c, x, qcvn120.SvcDongBoHoSo)
	orig := breakSummary(t, c, dx[1])
	drain(t, a)

	parked := parkedOf(t, c.db, x)
	if len(parked) != 4 { // dossier v1 (stands for the refused v2), step v1, dossier v2, step v2
		t.Fatalf("parked items of %s: %+v", x, parked)
	}
	if parked[0].OutboxID != dx[0] || parked[0].Blocked || !strings.Contains(parked[0].Error, "TrichYeuHoSo") ||
		!strings.Contains(parked[0].Error, "newest") {
		t.Fatalf("first parked item: %+v", parked[0])
	}
	for _, it := range parked[1:] {
		if !it.Blocked {
			t.Fatalf("later item not held: %+v", it)
		}
	}
	if _, _, err := p.st.Dossier(ctx, x); !errors.Is(err, portal.ErrNotFound) {
		t.Fatalf("the refused dossier reached the portal: %v", err)
	}
	if d, _, err := p.st.Dossier(ctx, y); err != nil || d.Version != 2 {
		t.Fatalf("the other dossier did not flow: %+v %v", d, err)
	}
	setPayload(t, c.db, dx[1], orig)
	if n, err := a.Release(ctx, x); err != nil || n != 4 {
		t.Fatalf("release: %d sent, %v", n, err)
	}
	sameAsCentre(t, c.db, p)
}

// Many calls in flight at once (one item per call, 4 in parallel) keep
// every dossier's order: the portal ends up exactly like the centre.
func TestParallelCallsKeepOrder(t *testing.T) {
	c := newCentre(t, nil)
	p := newPortal(t)
	one := map[string]int{qcvn120.SvcDongBoHoSo: 1, qcvn120.SvcCapNhatTienDo: 1}
	a := syncagent.New(c.db, p.client(""), syncagent.Options{Logger: quiet, Parallel: 4, MaxPerCall: one})
	var codes []string
	for range 12 {
		code, err := c.receive("Vũ Thị Song Song")
		must(t, err)
		codes = append(codes, code)
	}
	for i, code := range codes {
		for k := range i % 5 {
			must(t, c.act(code, k))
		}
	}
	drain(t, a)
	sameAsCentre(t, c.db, p)
}

// Full rounds read the next round ahead while the portal works; items
// written meanwhile, a failed round and a cursor moved by hand must not
// make the agent skip or repeat anything.
func TestReadAheadLosesNothing(t *testing.T) {
	c := newCentre(t, nil)
	p := newPortal(t)
	a := syncagent.New(c.db, p.client(""), syncagent.Options{Logger: quiet, BatchSize: 3})
	var codes []string
	for range 4 {
		code, err := c.receive("Hoàng Văn Đọc Trước")
		must(t, err)
		codes = append(codes, code)
	}
	if n, err := a.Once(context.Background()); err != nil || n != 3 {
		t.Fatalf("first round: %d %v", n, err)
	}
	// Written after the next round was read ahead.
	must(t, c.act(codes[0], 0))
	code, err := c.receive("Ngô Thị Đến Sau")
	must(t, err)
	codes = append(codes, code)
	if n, err := a.Once(context.Background()); err != nil || n != 3 {
		t.Fatalf("second round: %d %v", n, err)
	}
	// The cursor moved back by hand between rounds: the read-ahead is stale.
	must(t, c.db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE sync_cursor SET outbox_id = 2`)
		return err
	}))
	drain(t, a)
	sameAsCentre(t, c.db, p)
}

package syncagent_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// setPayload rewrites an outbox item in place (what a bug in the centre's
// packet mapping, or an operator's repair, would leave there).
func setPayload(t *testing.T, db *store.DB, id int64, payload string) {
	t.Helper()
	must(t, db.Write(context.Background(), func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE outbox SET payload=? WHERE id=?`, payload, id)
		return err
	}))
}

func firstItem(t *testing.T, db *store.DB, key, service string) (int64, string) {
	t.Helper()
	var id int64
	var p string
	must(t, db.Read().QueryRow(`SELECT id, payload FROM outbox WHERE key=? AND service=? ORDER BY id LIMIT 1`, key, service).Scan(&id, &p))
	return id, p
}

func parkedOf(t *testing.T, db *store.DB, key string) []store.ParkedItem {
	t.Helper()
	all, err := db.Parked(context.Background())
	must(t, err)
	var out []store.ParkedItem
	for _, p := range all {
		if p.Key == key {
			out = append(out, p)
		}
	}
	return out
}

// A packet the portal rejects is parked with the portal's reason; the later
// items of its dossier are held behind it; other dossiers keep flowing;
// Release, once the packet is repaired, sends the held items in order.
func TestPoisonPacketParkedThenReleased(t *testing.T) {
	ctx := context.Background()
	c := newCentre(t, nil)
	p := newPortal(t)
	a := syncagent.New(c.db, p.client(""), syncagent.Options{Logger: quiet})

	bad, err := c.receive("Nguyễn Thị Độc")
	must(t, err)
	good, err := c.receive("Trần Văn Lành")
	must(t, err)
	// The dossier packet of bad goes out with an empty summary (TrichYeuHoSo
	// is required): the portal refuses it for good.
	id, orig := firstItem(t, c.db, bad, qcvn120.SvcDongBoHoSo)
	var pk map[string]any
	must(t, json.Unmarshal([]byte(orig), &pk))
	pk["TrichYeuHoSo"] = ""
	broken, _ := json.Marshal(pk)
	setPayload(t, c.db, id, string(broken))
	// Sent before the dossier changes again: were a newer packet of it in
	// the same round, that one would be sent in its place (coalesce_test.go).
	drain(t, a)

	must(t, c.act(bad, 0))
	must(t, c.act(good, 0))
	drain(t, a)

	parked := parkedOf(t, c.db, bad)
	if len(parked) != 4 { // dossier v1 (rejected), step v1, dossier v2, step v2 (held)
		t.Fatalf("parked items of %s: %+v", bad, parked)
	}
	if parked[0].OutboxID != id || parked[0].Blocked || !strings.Contains(parked[0].Error, "TrichYeuHoSo") {
		t.Fatalf("the rejected item is not first with the portal's reason: %+v", parked[0])
	}
	for _, x := range parked[1:] {
		if !x.Blocked || x.OutboxID <= id {
			t.Fatalf("later item not held behind the rejected one: %+v", x)
		}
	}
	if _, _, err := p.st.Dossier(ctx, bad); !errors.Is(err, portal.ErrNotFound) {
		t.Fatalf("the rejected dossier reached the portal: %v", err)
	}
	if d, steps, err := p.st.Dossier(ctx, good); err != nil || d.Version != 2 || len(steps) != 2 {
		t.Fatalf("the other dossier did not flow: %+v %d steps, %v", d, len(steps), err)
	}
	if s := a.Status(); s.LastError != "" {
		t.Fatalf("a parked item is not a round failure: %q", s.LastError)
	}

	// More changes to both: bad's are held, good's flow.
	must(t, c.act(bad, 1))
	must(t, c.act(good, 1))
	drain(t, a)
	if n := len(parkedOf(t, c.db, bad)); n != 6 {
		t.Fatalf("%d items of %s parked, want 6", n, bad)
	}
	if d, _, err := p.st.Dossier(ctx, good); err != nil || d.Version != 3 {
		t.Fatalf("the other dossier stopped: %+v %v", d, err)
	}

	// Released while still broken: parked again, nothing sent out of order.
	if n, err := a.Release(ctx, bad); err == nil || n != 0 {
		t.Fatalf("release of a still broken item: %d sent, err %v", n, err)
	}
	if again := parkedOf(t, c.db, bad); len(again) != 6 || again[0].Blocked || !again[1].Blocked {
		t.Fatalf("after a failed release: %+v", again)
	}
	if _, _, err := p.st.Dossier(ctx, bad); !errors.Is(err, portal.ErrNotFound) {
		t.Fatalf("a held item went out: %v", err)
	}

	// Repaired: released in order, the portal now matches the centre.
	setPayload(t, c.db, id, orig)
	n, err := a.Release(ctx, bad)
	if err != nil || n != 6 {
		t.Fatalf("release: %d sent, %v", n, err)
	}
	if left := parkedOf(t, c.db, bad); len(left) != 0 {
		t.Fatalf("still parked after release: %+v", left)
	}
	sameAsCentre(t, c.db, p)

	// And the dossier flows normally afterwards.
	must(t, c.act(bad, 2))
	drain(t, a)
	sameAsCentre(t, c.db, p)
}

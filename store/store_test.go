package store_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func openTemp(t *testing.T) (*store.DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "centre.db")
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, path
}

// insert is one ticket issue as the engine does it.
func insert(tx *store.Tx, id, service, prefix string, at time.Time) (queue.Ticket, error) {
	day := queue.Day(at)
	seq, err := tx.NextSeq(day, prefix)
	if err != nil {
		return queue.Ticket{}, err
	}
	tk := queue.Ticket{ID: id, Number: fmt.Sprintf("%s%03d", prefix, seq), Day: day, Seq: seq, Service: service,
		Status: queue.Waiting, IssuedAt: at, ArrivalAt: at}
	if err := tx.InsertTicket(tk, prefix, "dev"); err != nil {
		return tk, err
	}
	if _, err := tx.AddWaiting(service, 1); err != nil {
		return tk, err
	}
	_, err = tx.AppendEvent(queue.Event{At: at, Kind: queue.EvIssued, TicketID: id, Number: tk.Number, Service: service})
	return tk, err
}

var errRefused = errors.New("refused by the unit")

// Concurrent writes are grouped; a failing unit is rolled back alone, the
// others commit, and listeners see exactly the committed events in order.
func TestWriteIsolatesFailingUnits(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	var mu sync.Mutex
	var published []queue.Event
	db.OnCommit(func(evs []queue.Event) {
		mu.Lock()
		published = append(published, evs...)
		mu.Unlock()
	})
	const n = 120
	errs := make([]error, n)
	var wg sync.WaitGroup
	now := time.Now()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = db.Write(ctx, func(tx *store.Tx) error {
				if _, err := insert(tx, fmt.Sprintf("t%03d", i), "s", "A", now); err != nil {
					return err
				}
				switch i % 6 {
				case 1:
					return errRefused // after writing: must be undone
				case 2:
					panic("boom")
				}
				return nil
			})
		}()
	}
	wg.Wait()
	ok := 0
	for i, err := range errs {
		_, getErr := db.Ticket(ctx, fmt.Sprintf("t%03d", i))
		switch i % 6 {
		case 1:
			if !errors.Is(err, errRefused) || !errors.Is(getErr, queue.ErrNotFound) {
				t.Errorf("unit %d: err %v, ticket lookup %v", i, err, getErr)
			}
		case 2:
			if err == nil || getErr == nil {
				t.Errorf("panicking unit %d: err %v, ticket lookup %v", i, err, getErr)
			}
		default:
			ok++
			if err != nil || getErr != nil {
				t.Errorf("unit %d: %v %v", i, err, getErr)
			}
		}
	}
	// Numbers of the committed tickets are 1..ok: rolled-back units gave theirs back.
	tickets, err := db.TicketsOfDay(ctx, queue.Day(now))
	if err != nil || len(tickets) != ok {
		t.Fatalf("%d tickets stored (%v), want %d", len(tickets), err, ok)
	}
	seqs := make([]int, 0, ok)
	for _, tk := range tickets {
		seqs = append(seqs, tk.Seq)
	}
	sort.Ints(seqs)
	for i, s := range seqs {
		if s != i+1 {
			t.Fatalf("seqs %v are not 1..%d", seqs, ok)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(published) != ok {
		t.Fatalf("published %d events, want %d", len(published), ok)
	}
	for i := 1; i < len(published); i++ {
		if published[i].Seq <= published[i-1].Seq {
			t.Fatalf("published out of order: %d after %d", published[i].Seq, published[i-1].Seq)
		}
	}
	stored, err := db.EventsSince(ctx, 0, 1000)
	if err != nil || len(stored) != ok {
		t.Fatalf("stored %d events (%v)", len(stored), err)
	}
	for i := range stored {
		if stored[i].Seq != published[i].Seq || stored[i].TicketID != published[i].TicketID {
			t.Fatalf("event %d: stored %+v, published %+v", i, stored[i], published[i])
		}
	}
	tx := 0
	db.Read().QueryRow(`SELECT n FROM waiting WHERE service='s'`).Scan(&tx)
	if tx != ok {
		t.Errorf("waiting %d, want %d", tx, ok)
	}
}

func TestNextSeqPerDayAndPrefix(t *testing.T) {
	db, path := openTemp(t)
	ctx := context.Background()
	var mu sync.Mutex
	got := map[string][]int{}
	var wg sync.WaitGroup
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := []string{"2025-03-03/A", "2025-03-03/B", "2025-03-04/A"}[i%3]
			day, prefix := key[:10], key[11:]
			err := db.Write(ctx, func(tx *store.Tx) error {
				n, err := tx.NextSeq(day, prefix)
				mu.Lock()
				got[key] = append(got[key], n)
				mu.Unlock()
				return err
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for key, seqs := range got {
		sort.Ints(seqs)
		for i, s := range seqs {
			if s != i+1 {
				t.Fatalf("%s: %v", key, seqs)
			}
		}
	}
	// Reopening continues the sequence (and re-running migrations is a no-op).
	db.Close()
	db2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	var n, issued int
	err = db2.Write(ctx, func(tx *store.Tx) error {
		var err error
		if n, err = tx.NextSeq("2025-03-03", "A"); err != nil {
			return err
		}
		issued, err = tx.IssuedToday("2025-03-03", "A")
		return err
	})
	if err != nil || n != 21 || issued != 21 {
		t.Errorf("after reopen: seq %d, issued %d, %v", n, issued, err)
	}
}

func TestWriteAfterCloseAndCancelled(t *testing.T) {
	db, _ := openTemp(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := false
	if err := db.Write(ctx, func(*store.Tx) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("cancelled: %v, ran %v", err, ran)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	if err := db.Write(context.Background(), func(*store.Tx) error { return nil }); !errors.Is(err, store.ErrClosed) {
		t.Errorf("after close: %v", err)
	}
}

func TestAfterCommitRunsOnlyOnSuccess(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	var ran []string
	db.Write(ctx, func(tx *store.Tx) error { tx.AfterCommit(func() { ran = append(ran, "ok") }); return nil })
	db.Write(ctx, func(tx *store.Tx) error { tx.AfterCommit(func() { ran = append(ran, "bad") }); return errRefused })
	if len(ran) != 1 || ran[0] != "ok" {
		t.Errorf("after-commit hooks ran: %v", ran)
	}
}

func TestCandidatesAndExpire(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	yesterday := time.Now().Add(-24 * time.Hour)
	now := time.Now()
	err := db.Write(ctx, func(tx *store.Tx) error {
		if _, err := insert(tx, "old1", "a", "A", yesterday); err != nil {
			return err
		}
		for i, svc := range []string{"a", "a", "b", "b", "c"} {
			if _, err := insert(tx, fmt.Sprintf("n%d", i), svc, "A", now.Add(time.Duration(i)*time.Second)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Expiring earlier days cancels yesterday's ticket and fixes the count.
	var expired []queue.Ticket
	err = db.Write(ctx, func(tx *store.Tx) error {
		var err error
		expired, err = tx.ExpireBefore(queue.Day(now), now)
		return err
	})
	if err != nil || len(expired) != 1 || expired[0].ID != "old1" || expired[0].Status != queue.Cancelled {
		t.Fatalf("expired %+v %v", expired, err)
	}
	if tk, _ := db.Ticket(ctx, "old1"); tk.Status != queue.Cancelled {
		t.Errorf("old ticket %s", tk.Status)
	}
	err = db.Write(ctx, func(tx *store.Tx) error {
		if n, _ := tx.Waiting("a"); n != 2 {
			t.Errorf("waiting a = %d after expiry, want 2", n)
		}
		cands, err := tx.Candidates("q1", []string{"a", "b"})
		if err != nil {
			return err
		}
		var ids []string
		for _, c := range cands {
			ids = append(ids, c.ID)
		}
		// The oldest of each (service, class) only: n0 for a, n2 for b.
		if fmt.Sprint(ids) != "[n0 n2]" {
			t.Errorf("candidates %v", ids)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ls, err := db.Live(ctx, 10)
	if err != nil || ls.Waiting["a"] != 2 || ls.Waiting["b"] != 2 || ls.Waiting["c"] != 1 || ls.Seq != 6 {
		t.Errorf("live %+v %v", ls, err)
	}
}

func TestAuthRows(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutOfficer(store.Officer{Username: "a", PasswordHash: "h", Role: "officer"}); err != nil {
			return err
		}
		if err := tx.PutOfficer(store.Officer{Username: "off", PasswordHash: "h", Role: "officer", Disabled: true}); err != nil {
			return err
		}
		if err := tx.PutSession(store.HashToken("live"), "a", "q1", time.Now().Add(time.Hour)); err != nil {
			return err
		}
		if err := tx.PutSession(store.HashToken("expired"), "a", "q1", time.Now().Add(-time.Second)); err != nil {
			return err
		}
		if err := tx.PutSession(store.HashToken("disabled"), "off", "q1", time.Now().Add(time.Hour)); err != nil {
			return err
		}
		return tx.PutDevice(store.Device{ID: "d1", Name: "kiosk-1", Role: "kiosk"}, store.HashToken("dev"))
	}))
	if s, err := db.Session(ctx, store.HashToken("live")); err != nil || s.Username != "a" || s.Counter != "q1" || s.Role != "officer" {
		t.Errorf("live session %+v %v", s, err)
	}
	for _, tok := range []string{"expired", "disabled", "unknown"} {
		if _, err := db.Session(ctx, store.HashToken(tok)); !store.IsNoRows(err) {
			t.Errorf("%s session: %v", tok, err)
		}
	}
	// LiveTokens: the live session and the device resolve, the others do not.
	live, err := db.LiveTokens(ctx, []string{store.HashToken("live"), store.HashToken("expired"), store.HashToken("disabled"), store.HashToken("dev"), store.HashToken("unknown")})
	if err != nil || len(live) != 2 || live[store.HashToken("live")] != "officer" || live[store.HashToken("dev")] != "kiosk" {
		t.Errorf("live tokens %v %v", live, err)
	}
	if d, err := db.DeviceByToken(ctx, store.HashToken("dev")); err != nil || d.Role != "kiosk" {
		t.Errorf("device %+v %v", d, err)
	}
	must(db.Write(ctx, func(tx *store.Tx) error { return tx.RevokeDevice("kiosk-1") })) // by name
	if _, err := db.DeviceByToken(ctx, store.HashToken("dev")); !store.IsNoRows(err) {
		t.Errorf("revoked device: %v", err)
	}
	if err := db.Write(ctx, func(tx *store.Tx) error { return tx.RevokeDevice("nope") }); !store.IsNoRows(err) {
		t.Errorf("revoke unknown: %v", err)
	}
	// Tokens are stored hashed only.
	var n int
	db.Read().QueryRow(`SELECT count(*) FROM devices WHERE token_hash = 'dev'`).Scan(&n)
	if n != 0 {
		t.Error("token stored in clear")
	}
}

// A lone unit runs without a savepoint (issue 20): when it fails or
// panics after writing, the whole transaction is rolled back, listeners see
// nothing, and the next unit starts clean.
func TestLoneFailingUnitLeavesNothing(t *testing.T) {
	db, _ := openTemp(t)
	ctx := context.Background()
	var seen []queue.Event
	db.OnCommit(func(evs []queue.Event) { seen = append(seen, evs...) })
	at := time.Date(2026, 3, 9, 9, 0, 0, 0, queue.Loc)
	if err := db.Write(ctx, func(tx *store.Tx) error {
		if _, err := insert(tx, "t1", "hotich", "A", at); err != nil {
			return err
		}
		return errRefused
	}); !errors.Is(err, errRefused) {
		t.Fatalf("failing unit: %v", err)
	}
	if err := db.Write(ctx, func(tx *store.Tx) error {
		if _, err := insert(tx, "t2", "hotich", "A", at); err != nil {
			return err
		}
		panic("boom")
	}); err == nil {
		t.Fatal("panicking unit: no error")
	}
	if err := db.Write(ctx, func(tx *store.Tx) error {
		tk, err := insert(tx, "t3", "hotich", "A", at)
		if err == nil && tk.Number != "A001" {
			err = fmt.Errorf("number %s after two rolled-back units, want A001", tk.Number)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Read().QueryRow(`SELECT count(*) FROM tickets`).Scan(&n); err != nil || n != 1 {
		t.Errorf("tickets: %d (%v), want 1", n, err)
	}
	if len(seen) != 1 || seen[0].TicketID != "t3" {
		t.Errorf("listeners saw %+v, want only t3's event", seen)
	}
	if err := db.Read().QueryRow(`SELECT n FROM waiting WHERE service='hotich'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("waiting: %d (%v), want 1", n, err)
	}
}

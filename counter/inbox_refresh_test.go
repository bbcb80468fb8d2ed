package counter_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
)

// pageLog is the counter's API, recording how many items each refresh
// (a run of InboxPage calls starting from the newest) asked for.
type pageLog struct {
	counter.API
	mu   sync.Mutex
	runs []int // items asked per run from cursor ""
}

func (l *pageLog) InboxPage(ctx context.Context, status, cursor string, limit int) (client.InboxList, error) {
	l.mu.Lock()
	if cursor == "" {
		l.runs = append(l.runs, 0)
	}
	if len(l.runs) > 0 {
		l.runs[len(l.runs)-1] += limit
	}
	l.mu.Unlock()
	return l.API.InboxPage(ctx, status, cursor, limit)
}

func (l *pageLog) reset() { l.mu.Lock(); l.runs = nil; l.mu.Unlock() }

func (l *pageLog) largest() (n, most int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.runs), slices.Max(append([]int{0}, l.runs...))
}

// TestInboxPollReadsOnlyTheNewest: 1,234 submissions wait and the officer
// loaded them all ("Xem thêm" twice). The minute's poll then reads only the
// newest InboxChunk again — never the 1,234 — yet a submission pulled
// meanwhile comes in at the top, one decided at another counter among the
// newest leaves, the count follows the server, and the older pages stay
// listed as loaded (one decided there meanwhile too, until the officer's
// "Làm mới", which re-reads the loaded pages and drops it). Nothing
// waiting leaves the list unless the server says it was decided.
func TestInboxPollReadsOnlyTheNewest(t *testing.T) {
	const n = 1234
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	env := countertest.Start(t)
	env.PutInbox(ctx, env.Many(n)...)
	log := &pageLog{API: counter.NewAPI(env.Client())}
	h := countertest.NewHarness(ctx, counter.Options{API: log, Counter: countertest.Counter, InboxEvery: 150 * time.Millisecond}, nil)
	h.Do(func(p *counter.Presenter) { p.Login(countertest.Username, countertest.Password) })
	h.Wait(t, "inbox loaded", func(v counter.View) bool { return v.Inbox.Loaded && len(v.Inbox.Items) == counter.InboxChunk })
	for _, want := range []int{2 * counter.InboxChunk, n} {
		h.Do(func(p *counter.Presenter) { p.LoadMoreInbox() })
		h.Wait(t, "more loaded", func(v counter.View) bool { return len(v.Inbox.Items) == want })
	}
	log.reset()
	// Another officer decides one of the newest and one of the oldest; the
	// agent pulls two new submissions.
	other := env.Centre.Login(ctx, countertest.Username, "q2")
	v := h.Last()
	idOf := func(code string) int64 {
		i := slices.IndexFunc(v.Inbox.Items, func(it client.InboxItem) bool { return it.Code == code })
		if i < 0 {
			t.Fatalf("%s not listed", code)
		}
		return v.Inbox.Items[i].ID
	}
	newish, oldest := idOf("NTT-000000001200"), idOf("NTT-000000000005")
	for _, id := range []int64{newish, oldest} {
		if err := other.ReturnInbox(ctx, id, "Thiếu giấy chứng sinh"); err != nil {
			t.Fatal(err)
		}
	}
	env.PutInbox(ctx, env.Online("NTT-NEWNEWNEW001", "Đỗ Thị Lan"), env.Online("NTT-NEWNEWNEW002", "Hồ Văn Nam"))
	has := func(v counter.View, code string) bool {
		return slices.ContainsFunc(v.Inbox.Items, func(it client.InboxItem) bool { return it.Code == code })
	}
	v = h.Wait(t, "the poll brought the new ones and dropped the decided newest", func(v counter.View) bool {
		return has(v, "NTT-NEWNEWNEW002") && has(v, "NTT-NEWNEWNEW001") && !has(v, "NTT-000000001200")
	})
	if v.Inbox.Items[0].Code != "NTT-NEWNEWNEW002" {
		t.Fatalf("newest first: %s", v.Inbox.Items[0].Code)
	}
	if !has(v, "NTT-000000000001") || !has(v, "NTT-000000000005") || len(v.Inbox.Items) != n+1 {
		t.Fatalf("older pages not kept as loaded: %d items", len(v.Inbox.Items))
	}
	if v.Inbox.Total < n || v.Inbox.More {
		t.Fatalf("total %d, more %v", v.Inbox.Total, v.Inbox.More)
	}
	// A few more polls (counted, not timed: a loaded machine polls late).
	runs, most := log.largest()
	for limit := time.Now().Add(60 * time.Second); runs < 3 && time.Now().Before(limit); runs, most = log.largest() {
		time.Sleep(50 * time.Millisecond)
	}
	if runs < 3 || most > counter.InboxChunk {
		t.Fatalf("%d polls, the largest read %d items; want each at most %d", runs, most, counter.InboxChunk)
	}
	// The officer's refresh re-reads the loaded pages: the decided old one leaves.
	h.Do(func(p *counter.Presenter) { p.RefreshInbox() })
	v = h.Wait(t, "refreshed", func(v counter.View) bool { return !has(v, "NTT-000000000005") && !v.Busy })
	if len(v.Inbox.Items) != n || v.Inbox.Total != n || v.Inbox.More || !has(v, "NTT-000000000001") {
		t.Fatalf("after the officer's refresh: %d items, total %d, more %v", len(v.Inbox.Items), v.Inbox.Total, v.Inbox.More)
	}
}

package counter_test

import (
	"context"
	"testing"
	"time"

	"github.com/motcua/motcua/counter"
)

// TestInboxPagesPastFiveHundred: 1,234 online submissions wait (stored as
// the sync agent stores them). At login the tab holds the newest 500 and
// knows 1,234 wait; each "Xem thêm" loads the next 500 older ones from the
// server's cursor, none twice, until every item is listed and no more is
// offered. A refresh keeps what was loaded; accepting one counts it off.
func TestInboxPagesPastFiveHundred(t *testing.T) {
	const n = 1234
	r := start(t, false)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	r.env.PutInbox(ctx, r.env.Many(n)...)
	r.login(t)
	v := r.h.Wait(t, "inbox loaded", func(v counter.View) bool { return v.Inbox.Loaded && !v.Busy })
	if len(v.Inbox.Items) != counter.InboxChunk || v.Inbox.Total != n || !v.Inbox.More {
		t.Fatalf("first load: %d items, total %d, more %v; want %d, %d, true", len(v.Inbox.Items), v.Inbox.Total, v.Inbox.More, counter.InboxChunk, n)
	}
	if got := v.Inbox.Items[0].Code; got != "NTT-000000001234" {
		t.Fatalf("newest first: got %s", got)
	}
	for _, want := range []int{1000, n} {
		r.h.Do(func(p *counter.Presenter) { p.LoadMoreInbox() })
		v = r.h.Wait(t, "more loaded", func(v counter.View) bool { return len(v.Inbox.Items) == want && !v.Busy })
		if v.Inbox.Total != n || v.Inbox.More != (want < n) {
			t.Fatalf("after loading to %d: total %d, more %v", want, v.Inbox.Total, v.Inbox.More)
		}
	}
	seen := map[string]bool{}
	for i, it := range v.Inbox.Items {
		if seen[it.Code] {
			t.Fatalf("item %s listed twice", it.Code)
		}
		seen[it.Code] = true
		if i > 0 && it.ID >= v.Inbox.Items[i-1].ID {
			t.Fatalf("not newest first at %d: %d after %d", i, it.ID, v.Inbox.Items[i-1].ID)
		}
	}
	if len(seen) != n {
		t.Fatalf("%d distinct items, want %d", len(seen), n)
	}
	// Nothing more to load: the button does nothing.
	r.h.Do(func(p *counter.Presenter) { p.LoadMoreInbox() })
	// A refresh (the minute's poll) re-reads all that was loaded.
	r.h.Do(func(p *counter.Presenter) { p.RefreshInbox() })
	v = r.h.Idle(t)
	if len(v.Inbox.Items) != n || v.Inbox.Total != n || v.Inbox.More {
		t.Fatalf("after refresh: %d items, total %d, more %v", len(v.Inbox.Items), v.Inbox.Total, v.Inbox.More)
	}
	// The oldest item, only reachable through the pages, can be decided.
	oldest := v.Inbox.Items[n-1]
	if oldest.Code != "NTT-000000000001" {
		t.Fatalf("oldest listed is %s", oldest.Code)
	}
	r.h.Do(func(p *counter.Presenter) { p.OpenInbox(oldest.ID); p.ReturnInbox("Thiếu giấy chứng sinh") })
	v = r.h.Wait(t, "returned", func(v counter.View) bool { return len(v.Inbox.Items) == n-1 && !v.Busy })
	if v.Inbox.Total != n-1 || v.Error != "" {
		t.Fatalf("after return: total %d, error %q", v.Inbox.Total, v.Error)
	}
	// A new session starts again from the newest page, with the true count.
	r.h.Do(func(p *counter.Presenter) { p.Logout() })
	r.h.Wait(t, "login screen", func(v counter.View) bool { return v.Screen == counter.ScreenLogin })
	r.login(t)
	v = r.h.Wait(t, "inbox loaded again", func(v counter.View) bool { return v.Inbox.Loaded && !v.Busy })
	if len(v.Inbox.Items) != counter.InboxChunk || v.Inbox.Total != n-1 || !v.Inbox.More {
		t.Fatalf("second session: %d items, total %d, more %v", len(v.Inbox.Items), v.Inbox.Total, v.Inbox.More)
	}
}

func TestNumber(t *testing.T) {
	for _, tc := range []struct {
		n      int
		vi, en string
	}{{0, "0", "0"}, {7, "7", "7"}, {500, "500", "500"}, {1234, "1.234", "1,234"}, {1234567, "1.234.567", "1,234,567"}, {-1000, "-1.000", "-1,000"}} {
		if got := counter.Number(counter.VI, tc.n); got != tc.vi {
			t.Errorf("Number(vi, %d) = %q, want %q", tc.n, got, tc.vi)
		}
		if got := counter.Number(counter.EN, tc.n); got != tc.en {
			t.Errorf("Number(en, %d) = %q, want %q", tc.n, got, tc.en)
		}
	}
}

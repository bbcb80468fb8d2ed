package syncagent_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// inboxProxy stands between the agent and the portal: it can be down
// (every call answered 502 without reaching the portal) or hold the
// acknowledgements (the call never reaches the portal; the agent waits).
type inboxProxy struct {
	rp      *httputil.ReverseProxy
	down    atomic.Bool
	holdAck atomic.Bool
	refused atomic.Int64
	ackSeen chan struct{}
	once    sync.Once
}

func newInboxProxy(t *testing.T, target string) (*inboxProxy, string) {
	u, _ := url.Parse(target)
	p := &inboxProxy{rp: httputil.NewSingleHostReverseProxy(u), ackSeen: make(chan struct{})}
	ts := httptest.NewServer(p)
	t.Cleanup(func() { ts.CloseClientConnections(); ts.Close() })
	return p, ts.URL
}

func (p *inboxProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.down.Load() {
		p.refused.Add(1)
		http.Error(w, "portal down", http.StatusBadGateway)
		return
	}
	if r.URL.Path == "/api/v1/inbox/ack" && p.holdAck.Load() {
		p.once.Do(func() { close(p.ackSeen) })
		io.Copy(io.Discard, r.Body) // the server notices a closed connection only once the body is read
		select {                    // held until the agent dies
		case <-r.Context().Done():
		case <-time.After(90 * time.Second):
		}
		return
	}
	p.rp.ServeHTTP(w, r)
}

func putInbound(t *testing.T, p *portalEnv, agency string, n, from int) {
	t.Helper()
	for i := range n {
		_, err := p.st.(portal.InboxStore).PutInbound(context.Background(), portal.Inbound{Agency: agency,
			ID: fmt.Sprintf("NTT-TEST%08d", from+i), Kind: portal.KindOnline, Doc: []byte(fmt.Sprintf(`{"n":%d}`, from+i))})
		must(t, err)
	}
}

func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func inboxRows(t *testing.T, db *store.DB) []store.InboxItem {
	t.Helper()
	items, err := db.InboxItems(context.Background(), "", 1000)
	must(t, err)
	return items
}

// The agent, a separate process, is killed with SIGKILL after it wrote a
// page of inbound items and before the portal got the acknowledgement;
// then the portal is unreachable while more items arrive; then it comes
// back. Every item is in the centre's inbox exactly once, in the portal's
// order, and the portal's acknowledged position ends at the last item.
func TestInboxExactlyOnceAcrossKillAndOutage(t *testing.T) {
	bin := needBinary(t)
	c := newCentre(t, nil)
	p := newPortal(t)
	proxy, proxyURL := newInboxProxy(t, p.url)
	agency := queue.DemoConfig().AgencyCode
	agent := &agentProc{t: t, bin: bin, logPath: filepath.Join(t.TempDir(), "agent.log"),
		args: []string{"sync", "--db", c.path, "--portal", proxyURL, "--username", portalUser, "--metrics-addr", "",
			"--catalogue-every", "0", "--stats-every", "0", "--schedule-every", "0", "--poll", "50ms", "--inbox-every", "50ms"}}
	t.Cleanup(agent.kill9)
	defer func() {
		if t.Failed() {
			t.Logf("agent log (tail):\n%s", agent.logTail())
		}
	}()
	ctx := context.Background()
	acked := func() int64 {
		n, err := p.st.(portal.InboxStore).InboundAcked(ctx, agency)
		must(t, err)
		return n
	}

	// 1. Pulled and written, killed while acknowledging.
	proxy.holdAck.Store(true)
	putInbound(t, p, agency, 3, 1)
	putInbound(t, p, "000.00.99.H56", 2, 100) // another agency's: never pulled
	agent.start()
	select {
	case <-proxy.ackSeen:
	case <-time.After(60 * time.Second):
		t.Fatal("the agent never acknowledged")
	}
	if got := len(inboxRows(t, c.db)); got != 3 {
		t.Fatalf("%d items in the inbox before the acknowledgement, want 3", got)
	}
	agent.kill9()
	if acked() != 0 {
		t.Fatal("the portal has an acknowledgement that was never delivered")
	}

	// 2. The portal is down; more items wait there.
	proxy.holdAck.Store(false)
	proxy.down.Store(true)
	putInbound(t, p, agency, 2, 4)
	agent.start()
	waitFor(t, "the agent to try the portal", 60*time.Second, func() bool { return proxy.refused.Load() >= 3 })
	if got := len(inboxRows(t, c.db)); got != 3 {
		t.Fatalf("%d items during the outage, want 3", got)
	}

	// 3. Back: everything arrives once and is acknowledged.
	proxy.down.Store(false)
	waitFor(t, "items 4 and 5 and the acknowledgement", 60*time.Second, func() bool {
		return len(inboxRows(t, c.db)) >= 5 && acked() == 5
	})
	agent.kill9()
	agent.start()
	putInbound(t, p, agency, 1, 6)
	// The portal records the acknowledgement before the agent records that
	// it was taken: wait for both (a kill in between only repeats the ack).
	waitFor(t, "item 6", 60*time.Second, func() bool {
		_, local, err := c.db.InboxCursor(ctx, agency)
		return err == nil && acked() == 6 && local == 6
	})
	agent.kill9()

	rows := inboxRows(t, c.db)
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6", len(rows))
	}
	seen := map[string]bool{}
	for i, r := range rows { // newest first
		want := int64(6 - i)
		if r.Seq != want || r.PortalID != fmt.Sprintf("NTT-TEST%08d", want) || r.Agency != agency || r.Status != store.InboxNew ||
			string(r.Doc) != fmt.Sprintf(`{"n":%d}`, want) || seen[r.PortalID] {
			t.Fatalf("row %d: %+v", i, r)
		}
		seen[r.PortalID] = true
	}
	seq, ack, err := c.db.InboxCursor(ctx, agency)
	must(t, err)
	if seq != 6 || ack != 6 {
		t.Fatalf("cursor %d acked %d, want 6 and 6", seq, ack)
	}
	log, _ := os.ReadFile(agent.logPath)
	if !strings.Contains(string(log), "inbox pull failed") {
		t.Error("the outage left no trace in the agent's log")
	}
}

// A cursor rolled back (a restored backup) pulls items again; the inbox
// keeps one row per portal item.
func TestInboxReplayAddsNothing(t *testing.T) {
	c := newCentre(t, nil)
	p := newPortal(t)
	agency := queue.DemoConfig().AgencyCode
	putInbound(t, p, agency, 150, 1) // two pages
	ctx := context.Background()
	n, err := syncagent.PullInbox(ctx, c.db, p.client(""), agency)
	must(t, err)
	if n != 150 {
		t.Fatalf("pulled %d, want 150", n)
	}
	must(t, c.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`UPDATE inbox_cursor SET seq = 10, acked = 10`)
		return err
	}))
	n, err = syncagent.PullInbox(ctx, c.db, p.client(""), agency)
	must(t, err)
	if n != 0 || len(inboxRows(t, c.db)) != 150 {
		t.Fatalf("replay added %d, %d rows", n, len(inboxRows(t, c.db)))
	}
	if seq, ack, _ := c.db.InboxCursor(ctx, agency); seq != 150 || ack != 150 {
		t.Fatalf("cursor %d/%d", seq, ack)
	}
}

// Decisions on pulled items reach the portal once each: accepted with the
// dossier code, returned with the reason; a resend after a lost mark is
// taken as a repeat.
func TestInboxDecisionsReachPortal(t *testing.T) {
	c := newCentre(t, nil)
	p := newPortal(t)
	agency := queue.DemoConfig().AgencyCode
	putInbound(t, p, agency, 3, 1)
	ctx := context.Background()
	_, err := syncagent.PullInbox(ctx, c.db, p.client(""), agency)
	must(t, err)
	rows := inboxRows(t, c.db) // newest first
	code := agency + "-261205-0007"
	must(t, c.db.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.DecideInboxItem(rows[2].ID, store.InboxAccepted, code, "", "canbo1", time.Now()); err != nil {
			return err
		}
		_, err := tx.DecideInboxItem(rows[1].ID, store.InboxReturned, "", "Bổ sung Giấy chứng sinh\nbản rõ nét", "canbo1", time.Now())
		return err
	}))
	n, err := syncagent.PushInboxDecisions(ctx, c.db, p.client(""))
	must(t, err)
	if n != 2 {
		t.Fatalf("sent %d, want 2", n)
	}
	is := p.st.(portal.InboxStore)
	acc, err := is.InboundByID(ctx, rows[2].PortalID)
	must(t, err)
	ret, err := is.InboundByID(ctx, rows[1].PortalID)
	must(t, err)
	open, err := is.InboundByID(ctx, rows[0].PortalID)
	must(t, err)
	if acc.Status.Status != portal.InboundAccepted || acc.Status.DossierCode != code ||
		ret.Status.Status != portal.InboundReturned || ret.Status.Reason != "Bổ sung Giấy chứng sinh\nbản rõ nét" || open.Status.Status != "" {
		t.Fatalf("portal: %+v / %+v / %+v", acc.Status, ret.Status, open.Status)
	}
	if n, _ := syncagent.PushInboxDecisions(ctx, c.db, p.client("")); n != 0 {
		t.Fatalf("resent %d", n)
	}
	// The mark lost (crash after the portal's answer): sent again, taken as a repeat.
	must(t, c.db.Write(ctx, func(tx *store.Tx) error { _, err := tx.Exec(`UPDATE inbox SET reported = 0`); return err }))
	if n, err := syncagent.PushInboxDecisions(ctx, c.db, p.client("")); err != nil || n != 2 {
		t.Fatalf("resend after a lost mark: %d %v", n, err)
	}
}

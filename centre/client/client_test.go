package client_test

import (
	"context"
	"errors"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

type env struct {
	url     string
	addr    string // host:port of url
	srv     *centre.Server
	kiosk   string
	display string
}

const password = centretest.Password

// newEnv runs a real centre server on loopback with a real SQLite file.
func newEnv(t *testing.T) *env {
	t.Helper()
	c := centretest.Start(t, centretest.Options{
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "canbo1"}, {Username: "giamsat", FullName: "giamsat", Role: "supervisor"}},
		Devices:  []centretest.Device{{ID: "k1", Name: "kiosk-1", Role: "kiosk"}, {ID: "b1", Name: "board-1", Role: "display"}},
	})
	return &env{url: c.URL, addr: strings.TrimPrefix(c.URL, "http://"), srv: c.Server, kiosk: c.Token("k1"), display: c.Token("b1")}
}

func (e *env) client(t *testing.T, base, token string) *client.Client {
	t.Helper()
	c, err := client.New(base, token)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestClientCalls(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	kiosk := e.client(t, e.url, e.kiosk)
	officer := e.client(t, e.url+"/", "")

	svcs, err := kiosk.Services(ctx)
	if err != nil || len(svcs) != 7 || svcs[0].SectorName == "" {
		t.Fatalf("services %+v %v", svcs, err)
	}
	if ps, err := kiosk.Priorities(ctx); err != nil || len(ps) != 5 {
		t.Fatalf("priorities %v %v", ps, err)
	}
	tk, err := kiosk.Issue(ctx, centre.IssueRequest{Service: "hotich", Priority: "caotuoi"})
	if err != nil || tk.Number != "A001" || tk.Position != 1 {
		t.Fatalf("issue %+v %v", tk, err)
	}
	// Server errors come back typed, with the Vietnamese message.
	_, err = kiosk.Issue(ctx, centre.IssueRequest{Service: "khongco"})
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != 400 || !client.IsCode(err, queue.CodeInvalid) || ce.Message == "" {
		t.Fatalf("unknown service: %#v", err)
	}
	if _, _, err := kiosk.CallNext(ctx, "q1", ""); !client.IsCode(err, queue.CodeForbidden) {
		t.Fatalf("kiosk call-next: %v", err)
	}

	lr, err := officer.Login(ctx, "canbo1", password, "q1")
	if err != nil || lr.Role != "officer" || officer.Token() == "" {
		t.Fatalf("login %+v %v", lr, err)
	}
	v, ok, err := officer.CallNext(ctx, "q1", "hotich")
	if err != nil || !ok || v.ID != tk.ID || v.CounterNumber != 1 {
		t.Fatalf("call-next %+v %v %v", v, ok, err)
	}
	if v, err = officer.Act(ctx, tk.ID, queue.OpTransfer, "chungthuc", ""); err != nil || v.Service != "chungthuc" || v.Status != queue.Waiting {
		t.Fatalf("transfer %+v %v", v, err)
	}
	if _, err = officer.Act(ctx, tk.ID, queue.OpStart, "", ""); !client.IsCode(err, queue.CodeTransition) {
		t.Fatalf("start a waiting ticket: %v", err)
	}
	if got, err := kiosk.Ticket(ctx, tk.ID); err != nil || got.Service != "chungthuc" || got.StatusLabel != "Đang chờ" {
		t.Fatalf("ticket %+v %v", got, err)
	}
	if _, ok, err := officer.CallNext(ctx, "q1", "hotich"); err != nil || ok {
		t.Fatalf("call-next on an empty service: %v %v", ok, err)
	}
	if err := officer.Pause(ctx, "q1", "Nghỉ trưa"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := officer.CallNext(ctx, "q1", ""); !client.IsCode(err, queue.CodeCounterShut) {
		t.Fatalf("call while paused: %v", err)
	}
	if err := officer.Resume(ctx, "q1"); err != nil {
		t.Fatal(err)
	}
	cs, err := officer.Counters(ctx)
	if err != nil || cs[0].Status != "open" {
		t.Fatalf("counters %+v %v", cs, err)
	}
	snap, err := officer.Snapshot(ctx)
	if err != nil || snap.Seq == 0 || len(snap.Recent) != 1 {
		t.Fatalf("snapshot %+v %v", snap, err)
	}
	st, err := officer.Stats(ctx, "")
	if err != nil || st.Total.Issued != 1 {
		t.Fatalf("stats %+v %v", st, err)
	}
	if _, err := officer.Stats(ctx, "hôm nay"); !client.IsCode(err, queue.CodeInvalid) {
		t.Fatalf("stats bad date: %v", err)
	}
	if err := kiosk.ReportState(ctx, "printer:ok"); err != nil {
		t.Fatal(err)
	}
	if err := officer.Logout(ctx); err != nil || officer.Token() != "" {
		t.Fatalf("logout %v", err)
	}
}

func TestClientConstructionAndUnreachable(t *testing.T) {
	for _, bad := range []string{"", "127.0.0.1:8080", "ftp://x", "http://"} {
		if _, err := client.New(bad, ""); err == nil {
			t.Errorf("New(%q) accepted", bad)
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	c, _ := client.New("http://"+addr, "x")
	if _, err := c.Services(context.Background()); !errors.Is(err, client.ErrUnreachable) {
		t.Errorf("unreachable: %v", err)
	}
}

// proxy forwards TCP to the server and can cut every connection and refuse
// new ones, like a pulled network cable.
type proxy struct {
	ln       net.Listener
	upstream string
	mu       sync.Mutex
	conns    []net.Conn
	down     bool
}

func newProxy(t *testing.T, upstream string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, upstream: upstream}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			down := p.down
			p.mu.Unlock()
			if down {
				c.Close()
				continue
			}
			u, err := net.Dial("tcp", upstream)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { io.Copy(u, c); u.Close() }()
			go func() { io.Copy(c, u); c.Close() }()
		}
	}()
	return p
}

func (p *proxy) setDown(d bool) {
	p.mu.Lock()
	p.down = d
	p.mu.Unlock()
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// Subscribe survives a cut link: it reconnects with ?since= and delivers
// every event exactly once, in order.
func TestSubscribeResumesAfterCut(t *testing.T) {
	e := newEnv(t)
	px := newProxy(t, e.addr)
	board := e.client(t, "http://"+px.ln.Addr().String(), e.display)
	sup := e.client(t, e.url, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := sup.Login(ctx, "giamsat", password, ""); err != nil {
		t.Fatal(err)
	}
	kiosk := e.client(t, e.url, e.kiosk)

	type item struct {
		snap *queue.Snapshot
		ev   queue.Event
	}
	got := make(chan item, 1000)
	states := make(chan client.ConnState, 100)
	done := make(chan error, 1)
	go func() {
		done <- board.Subscribe(ctx, client.SubscribeOptions{MinBackoff: 10 * time.Millisecond, MaxBackoff: 50 * time.Millisecond}, client.Handler{
			Snapshot: func(s *queue.Snapshot) { got <- item{snap: s} },
			Event:    func(ev queue.Event) { got <- item{ev: ev} },
			State: func(s client.ConnState, _ error) {
				select {
				case states <- s:
				default: // reconnect attempts while the link is down
				}
			},
		})
	}()
	next := func() item {
		t.Helper()
		select {
		case it := <-got:
			return it
		case <-time.After(20 * time.Second):
			t.Fatal("no frame from the subscription")
		}
		return item{}
	}
	first := next()
	if first.snap == nil {
		t.Fatalf("first delivery %+v", first)
	}
	last := first.snap.Seq
	calls := map[string]int{}
	var want []string
	issueAndCall := func(counter string) {
		if _, err := kiosk.Issue(ctx, centre.IssueRequest{Service: "hotich"}); err != nil {
			t.Fatal(err)
		}
		v, ok, err := sup.CallNext(ctx, counter, "")
		if err != nil || !ok {
			t.Fatalf("call-next %v %v", ok, err)
		}
		want = append(want, v.ID)
	}
	consume := func(upTo int64) {
		for last < upTo {
			it := next()
			if it.snap != nil {
				t.Fatalf("got a snapshot instead of the replay (last %d)", last)
			}
			if it.ev.Seq != last+1 {
				t.Fatalf("event %d after %d", it.ev.Seq, last)
			}
			last = it.ev.Seq
			if it.ev.Kind == queue.EvCalled {
				calls[it.ev.TicketID]++
			}
		}
	}
	issueAndCall("q1")
	consume(last + 2)

	px.setDown(true)
	px.cut()
	// Wait until the client noticed, then change things while it is away.
	for s := range states {
		if s == client.Disconnected {
			break
		}
	}
	issueAndCall("q2")
	issueAndCall("q1") // finishes the previous ticket at q1, then calls
	snap, _ := sup.Snapshot(ctx)
	px.setDown(false)
	consume(snap.Seq)
	for _, id := range want {
		if calls[id] != 1 {
			t.Errorf("call of %s delivered %d times", id, calls[id])
		}
	}
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Subscribe returned %v", err)
	}
}

// A revoked device's subscription reports the refusal as a typed error.
func TestSubscribeRefused(t *testing.T) {
	e := newEnv(t)
	board := e.client(t, e.url, "forged-token")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := make(chan error, 10)
	go board.Subscribe(ctx, client.SubscribeOptions{}, client.Handler{State: func(s client.ConnState, err error) {
		if s == client.Disconnected {
			errc <- err
		}
	}})
	select {
	case err := <-errc:
		var ce *client.Error
		if !errors.As(err, &ce) || ce.Status != 401 {
			t.Fatalf("refusal: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no refusal reported")
	}
}

// The phone stream needs no token and follows one ticket.
func TestSubscribeTicket(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	kiosk := e.client(t, e.url, e.kiosk)
	tk, err := kiosk.Issue(ctx, centre.IssueRequest{Service: "chungthuc"})
	if err != nil {
		t.Fatal(err)
	}
	phone := e.client(t, e.url, "")
	evs := make(chan queue.Event, 10)
	snaps := make(chan struct{}, 10)
	go phone.Subscribe(ctx, client.SubscribeOptions{Ticket: tk.ID}, client.Handler{
		Snapshot: func(*queue.Snapshot) { snaps <- struct{}{} },
		Event:    func(ev queue.Event) { evs <- ev },
	})
	select {
	case <-snaps:
	case <-time.After(20 * time.Second):
		t.Fatal("no snapshot")
	}
	sup := e.client(t, e.url, "")
	if _, err := sup.Login(ctx, "giamsat", password, ""); err != nil {
		t.Fatal(err)
	}
	if _, _, err := sup.CallNext(ctx, "q3", ""); err != nil {
		t.Fatal(err)
	}
	select {
	case ev := <-evs:
		if ev.TicketID != tk.ID || ev.Kind != queue.EvCalled || ev.CounterNumber != 3 {
			t.Fatalf("phone event %+v", ev)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("phone saw no call")
	}
}

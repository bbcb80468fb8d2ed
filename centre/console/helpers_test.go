package console_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/queue"
)

func actor(officer, counter string) centre.Actor {
	return centre.Actor{Officer: officer, Role: "officer", Counter: counter}
}

func findCounter(t *testing.T, m console.Monitor, id string) console.CounterRow {
	t.Helper()
	for _, k := range m.Counters {
		if k.ID == id {
			return k
		}
	}
	t.Fatalf("no counter %s", id)
	return console.CounterRow{}
}

func findService(t *testing.T, m console.Monitor, id string) console.ServiceRow {
	t.Helper()
	for _, s := range m.Services {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no service %s", id)
	return console.ServiceRow{}
}

func findDevice(t *testing.T, m console.Monitor, id string) console.DeviceRow {
	t.Helper()
	for _, d := range m.Devices {
		if d.ID == id {
			return d
		}
	}
	t.Fatalf("no device %s", id)
	return console.DeviceRow{}
}

func alertKinds(m console.Monitor) map[string]bool {
	out := map[string]bool{}
	for _, a := range m.Alerts {
		out[a.Kind] = true
	}
	return out
}

func counterStatus(e *env, id string) string {
	snap, err := e.srv.Engine().Snapshot(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	for _, k := range snap.Counters {
		if k.ID == id {
			return k.Status
		}
	}
	return ""
}

func counterOfficer(e *env, id string) string {
	snap, _ := e.srv.Engine().Snapshot(context.Background())
	for _, k := range snap.Counters {
		if k.ID == id {
			return k.Officer
		}
	}
	return ""
}

func ticketStatus(e *env, id string) queue.Status {
	t, err := e.db.Ticket(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return t.Status
}

func ticketCounter(e *env, id string) string {
	t, _ := e.db.Ticket(context.Background(), id)
	return t.Counter
}

func between(s, a, b string) string {
	i := strings.Index(s, a)
	if i < 0 {
		return ""
	}
	s = s[i+len(a):]
	if j := strings.Index(s, b); j >= 0 {
		return s[:j]
	}
	return s
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

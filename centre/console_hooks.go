package centre

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua/store"
)

// Hooks for the supervisor console (centre/console). They live apart from
// the server's own files so the console can grow without touching them.

// ServeWS runs the event WebSocket for a caller the console has already
// authenticated (its session is a cookie, which /ws does not read): token
// is the session's secret, roles those that may keep the socket open. The
// socket closes when the session ends or the role changes.
func (h *Hub) ServeWS(w http.ResponseWriter, r *http.Request, token string, roles []string) {
	h.serveWS(w, r, "", "", wsAuth{hash: store.HashToken(token), roles: roles}, nil)
}

// ForgetTokens empties the token cache so a disabled officer, a changed
// role or a revoked device is refused on the very next request, and has
// the open WebSockets checked at once.
func (s *Server) ForgetTokens() {
	s.auth.clear()
	s.hub.Recheck()
}

// Logger is the server's logger.
func (s *Server) Logger() *slog.Logger { return s.log }

// DevicePresence is what the server saw of a device lately.
type DevicePresence struct {
	Connected int       // open WebSocket connections now
	LastSeen  time.Time // last request or WebSocket activity
}

type presenceTable struct {
	mu sync.Mutex
	m  map[string]DevicePresence
}

// presence is keyed by server so tests with several servers stay apart.
var presence sync.Map // *Server → *presenceTable

func (s *Server) presenceTable() *presenceTable {
	if v, ok := presence.Load(s); ok {
		return v.(*presenceTable)
	}
	v, _ := presence.LoadOrStore(s, &presenceTable{m: map[string]DevicePresence{}})
	return v.(*presenceTable)
}

// seen notes a device's request (called for every authenticated request).
func (s *Server) seen(p Principal) {
	if p.Kind == "officer" && p.Counter != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		s.counterActive(ctx, p.Counter, 0)
		cancel()
		return
	}
	if p.Kind != "device" {
		return
	}
	t := s.presenceTable()
	t.mu.Lock()
	d := t.m[p.DeviceID]
	d.LastSeen = time.Now()
	t.m[p.DeviceID] = d
	t.mu.Unlock()
}

// wsPresence counts a device's WebSocket as connected until the returned
// func runs.
func (s *Server) wsPresence(p Principal) func() {
	if p.Kind != "device" {
		return func() {}
	}
	t := s.presenceTable()
	t.mu.Lock()
	d := t.m[p.DeviceID]
	d.Connected++
	d.LastSeen = time.Now()
	t.m[p.DeviceID] = d
	t.mu.Unlock()
	return func() {
		t.mu.Lock()
		d := t.m[p.DeviceID]
		d.Connected--
		d.LastSeen = time.Now()
		t.m[p.DeviceID] = d
		t.mu.Unlock()
	}
}

// Presence returns what the server saw of each device id since it started.
func (s *Server) Presence() map[string]DevicePresence {
	t := s.presenceTable()
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]DevicePresence, len(t.m))
	for k, v := range t.m {
		out[k] = v
	}
	return out
}

// Package centre is the centre server: the transport over the engine
// (centre/engine). It authenticates officers and devices, serves the HTTP
// JSON API, pushes the engine's committed events over WebSocket, tracks which
// counters and devices are present, and offers the seam through which the
// packages mounted from cmd/ (booking, inbox, petition, thongke, the console)
// add their routes. The operations themselves are the engine's.
package centre

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options configure a Server.
type Options struct {
	Config *queue.Config
	DB     *store.DB
	Logger *slog.Logger
	// SessionTTL is how long an officer stays logged in (default 12 h).
	SessionTTL time.Duration
	// CounterGrace: an open counter with no WebSocket and no request from
	// its officer for this long (also counted from server start) is paused
	// as AwayReason until its app comes back. 0: never.
	CounterGrace time.Duration
	// PublicURL is the centre server as citizens' phones reach it (ticket
	// QR codes, printed links); LookupURL the portal's dossier lookup page
	// named on receipts. Apps read both from GET /api/v1/settings.
	PublicURL, LookupURL string
	// Login tunes the login throttle and the bound on password hashing.
	Login LoginLimits
	// RecheckEvery is how often open WebSockets are checked against the
	// database, so a revocation made by another process (the CLI) closes
	// them too (default 2 s).
	RecheckEvery time.Duration
	// MaxSocketsPerAddr bounds the WebSockets one client address may hold
	// open (default 64; negative: no cap). Boards each have their own
	// address; a phone needs one or two.
	MaxSocketsPerAddr int
}

// Settings are the addresses the apps print and encode in QR codes.
type Settings struct {
	PublicURL string `json:"public_url"`
	LookupURL string `json:"lookup_url,omitempty"`
}

// Server is the centre server: engine, hub and HTTP handlers.
type Server struct {
	db      *store.DB
	log     *slog.Logger
	engine  *Engine
	hub     *Hub
	metrics *metrics
	auth    *authCache
	mux     *http.ServeMux
	ttl     time.Duration
	// tokens are the rating tokens printed in ticket and receipt QRs.
	tokens *engine.Tokens
	// presence of the counter apps (nil when Options.CounterGrace is 0)
	presence *counterPresence
	settings atomic.Pointer[Settings]
	logins   *throttle
	hashes   *hashGate
	routes   []string // every pattern registered, in order (the route table of docs/SECURITY.md)
}

// New builds the server and starts the engine's background work.
func New(ctx context.Context, o Options) (*Server, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.SessionTTL == 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if o.RecheckEvery == 0 {
		o.RecheckEvery = 2 * time.Second
	}
	lim := o.Login.withDefaults()
	m := newMetrics()
	e := engine.New(o.Config, o.DB, o.Logger)
	def := dossier.DefaultCalendar()
	e.SetDays(engine.DayInfo(func() *dossier.Calendar { return def }))
	if err := e.Start(ctx); err != nil {
		return nil, err
	}
	s := &Server{db: o.DB, log: o.Logger, engine: e, metrics: m,
		auth: &authCache{ttl: 2 * time.Second, m: map[string]cached{}}, mux: http.NewServeMux(), ttl: o.SessionTTL,
		logins: newThrottle(lim, maxThrottleKeys),
		hashes: &hashGate{slots: make(chan struct{}, lim.Hashers), limit: int32(lim.Hashers + lim.Queue)}}
	s.hub = newHub(o.DB, e, o.Logger, m)
	var err error
	if s.tokens, err = engine.LoadTokens(ctx, o.DB); err != nil {
		return nil, err
	}
	s.settings.Store(&Settings{PublicURL: o.PublicURL, LookupURL: o.LookupURL})
	s.hub.maxPerAddr = o.MaxSocketsPerAddr
	if o.MaxSocketsPerAddr == 0 {
		s.hub.maxPerAddr = 64
	}
	s.register()
	s.presence = newCounterPresence(o.CounterGrace) // who is connected: always (console)
	if o.CounterGrace > 0 {
		go s.watchCounters(ctx) // marking away: only when asked
	}
	go s.recheckLoop(ctx, o.RecheckEvery)
	return s, nil
}

// Settings are the public addresses given in Options (or SetSettings).
func (s *Server) Settings() Settings { return *s.settings.Load() }

// SetSettings replaces them (serve learns its port only once listening).
func (s *Server) SetSettings(st Settings) { s.settings.Store(&st) }

// Engine exposes the queue engine (for in-process tools).
func (s *Server) Engine() *Engine { return s.engine }

// Hub exposes the WebSocket hub.
func (s *Server) Hub() *Hub { return s.hub }

// Handle adds a route (used by the packages that extend the centre).
func (s *Server) Handle(pattern string, h http.Handler) {
	s.routes = append(s.routes, pattern)
	s.mux.Handle(pattern, s.instrument(pattern, h.ServeHTTP))
}

// Routes lists every registered pattern ("GET /api/v1/me"), in order.
func (s *Server) Routes() []string { return append([]string(nil), s.routes...) }

func (s *Server) register() {
	h := func(pattern string, fn http.HandlerFunc) { s.Handle(pattern, fn) }
	h("GET /healthz", s.healthz)
	s.routes = append(s.routes, "GET /metrics")
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	h("POST /api/v1/login", s.login)
	h("POST /api/v1/logout", s.need(officerRoles, s.logout))
	h("GET /api/v1/me", s.need(append(readRoles, RoleDisplay, RoleRatingPad), s.me))
	h("GET /api/v1/services", s.need(readRoles, s.services))
	h("GET /api/v1/counters", s.need(readRoles, s.counters))
	h("GET /api/v1/priorities", s.need(readRoles, s.priorities))
	h("GET /api/v1/settings", s.need(append(readRoles, RoleDisplay), func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, s.Settings()) }))
	h("GET /api/v1/queue", s.need(readRoles, s.queueState))
	h("GET /api/v1/snapshot", s.need(readRoles, s.snapshot))
	h("POST /api/v1/tickets", s.need([]string{RoleKiosk, RoleSupervisor, RoleAdmin, RoleOfficer}, s.issue))
	h("GET /api/v1/tickets/{id}", s.need(readRoles, s.ticket))
	h("POST /api/v1/tickets/{id}/{op}", s.need(officerRoles, s.act))
	h("POST /api/v1/counters/{counter}/call-next", s.need(officerRoles, s.callNext))
	h("POST /api/v1/counters/{counter}/call", s.need(officerRoles, s.callTicket))
	h("POST /api/v1/counters/{counter}/pause", s.need(officerRoles, s.pause))
	h("POST /api/v1/counters/{counter}/resume", s.need(officerRoles, s.resume))
	h("GET /api/v1/counters/{counter}/parked", s.need(officerRoles, s.parked)) // parked_http.go
	h("POST /api/v1/notice", s.need([]string{RoleSupervisor, RoleAdmin}, s.notice))
	h("GET /api/v1/stats", s.need(officerRoles, s.stats))
	h("POST /api/v1/devices/state", s.need([]string{RoleKiosk, RoleCounter, RoleDisplay, RoleRatingPad}, s.deviceState))
	h("GET /api/v1/public/tickets/{id}", s.publicTicket)
	h("GET /ws", s.ws)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeErr(w, r, s.log, queue.Errf(queue.CodeNotFound, "Không tìm thấy địa chỉ này", "no route for %s %s", r.Method, r.URL.Path))
	})
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The mux answers a wrong method with a plain-text 405; give it the JSON
	// error body like every other refusal.
	if _, pattern := s.mux.Handler(r); pattern == "" || pattern == "/" {
		if allowed := s.allowedMethods(r); allowed != "" {
			w.Header().Set("Allow", allowed)
			writeJSON(w, http.StatusMethodNotAllowed, errorBody{Error: errorDetail{Code: "method_not_allowed",
				Message: "Phương thức không được hỗ trợ", MessageEN: "method " + r.Method + " not allowed"}})
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) allowedMethods(r *http.Request) string {
	var out []string
	for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
		if m == r.Method {
			continue
		}
		r2 := r.Clone(r.Context())
		r2.Method = m
		if _, p := s.mux.Handler(r2); p != "" && p != "/" {
			out = append(out, m)
		}
	}
	return strings.Join(out, ", ")
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(c int) { w.code = c; w.ResponseWriter.WriteHeader(c) }

// Unwrap lets the WebSocket upgrader reach the hijacker.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Hijack() (net.Conn, *bufioRW, error) { return hijack(w.ResponseWriter) }

func (s *Server) instrument(route string, fn http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: 200}
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("handler panic", "route", route, "panic", p)
				writeErr(sw, r, s.log, fmt.Errorf("panic: %v", p))
			}
			s.metrics.requests.WithLabelValues(route, fmt.Sprint(sw.code)).Inc()
			s.metrics.latency.WithLabelValues(route).Observe(time.Since(start).Seconds())
		}()
		fn(sw, r)
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if _, err := s.db.MaxSeq(ctx); err != nil {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "db_error"})
		return
	}
	writeJSON(w, 200, map[string]any{"status": "ok", "centre": s.engine.Config().CentreName, "ws_clients": s.hub.Clients()})
}

func (s *Server) ws(w http.ResponseWriter, r *http.Request) {
	// Phone tracking: ?ticket=ID needs no token; it sees only that ticket's
	// events and its service's queue movement.
	if id := r.URL.Query().Get("ticket"); id != "" {
		if len(id) != 20 {
			writeErr(w, r, s.log, errNoTicket)
			return
		}
		t, err := s.db.Ticket(r.Context(), id)
		if err != nil {
			writeErr(w, r, s.log, errNoTicket)
			return
		}
		s.hub.serveWS(w, r, id, t.Service, wsAuth{}, nil)
		return
	}
	tok := bearer(r)
	p, err := s.authenticate(r.Context(), tok)
	if err != nil {
		s.metrics.authFail.WithLabelValues("token").Inc()
		writeErr(w, r, s.log, err)
		return
	}
	s.seen(p)
	present := s.wsPresence(p)               // the console shows which boards are connected
	atCounter := s.counterWS(r.Context(), p) // a counter whose app is gone is shown as away
	// The socket outlives this handler (wsloop.go): both end when it closes.
	s.hub.serveWS(w, r, "", "", wsAuth{hash: store.HashToken(tok), roles: wsRoles}, func() { atCounter(); present() })
}

// wsRoles may hold /ws open (every principal; the recheck closes the socket
// when the principal is gone: revoked, logged out, disabled, expired).
var wsRoles = append(append([]string(nil), readRoles...), RoleDisplay)

// recheckLoop checks the open WebSockets' principals against the database
// every interval, and at once when asked (Hub.Recheck).
func (s *Server) recheckLoop(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.hub.recheck:
		}
		s.recheckSockets(ctx)
	}
}

// recheckSockets closes every WebSocket whose token no longer resolves to
// a principal with an allowed role.
func (s *Server) recheckSockets(ctx context.Context) {
	hashes := s.hub.authHashes()
	if len(hashes) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	live, err := s.db.LiveTokens(ctx, hashes)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("websocket recheck", "err", err)
		}
		return
	}
	n := s.hub.closeWhere(func(a wsAuth) bool {
		role, ok := live[a.hash]
		return !ok || !slices.Contains(a.roles, role)
	})
	if n > 0 {
		s.log.Info("closed websockets of revoked, disabled or logged-out principals", "count", n)
	}
}

// ListenAndServe serves on addr until ctx ends, then shuts down gracefully.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	if ready != nil {
		ready(ln.Addr())
	}
	// Shutdown does not see hijacked connections: end the WebSockets
	// with a going-away close frame (wsloop.go) and wait for them below.
	srv.RegisterOnShutdown(s.hub.closeAll)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	s.hub.waitClosed(shutCtx)
	return nil
}

// RevokeDevice revokes a device and forgets its cached token at once.
func (s *Server) RevokeDevice(ctx context.Context, id string) error {
	err := s.db.Write(ctx, func(tx *store.Tx) error { return tx.RevokeDevice(id) })
	s.auth.clear()
	s.hub.Recheck()
	return err
}

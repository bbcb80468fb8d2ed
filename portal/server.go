package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/motcua/motcua/qcvn120"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options tune a Server.
type Options struct {
	Logger *slog.Logger
	// SessionTTL is how long a login stays valid (default 12 h).
	SessionTTL time.Duration
	// MaxItems is the most items accepted in one call (default 500).
	MaxItems int
	// MaxBody bounds an authenticated ingest body (default 4 MiB: 500
	// dossiers are about 1 MiB). It is enforced while the body streams;
	// before the caller is known only PreAuthBody (64 KiB) is read.
	MaxBody int64
	// LookupPerMinute and LookupBurst limit the public lookup and the
	// public statistics per client address (defaults 30 and 10). Every
	// per-address limit is counted first per network (IPv4 /24, IPv6 /48)
	// at 8 × the address's rate and burst.
	LookupPerMinute, LookupBurst int
	// LoginPerMinute and LoginBurst limit password attempts (logins and
	// HTTP Basic cache misses) per client address (defaults 10 and 10);
	// LoginPerUserMinute and LoginPerUserBurst per username, whoever tries
	// (defaults 10 and 20). A successful login gives its username attempt back.
	LoginPerMinute, LoginBurst, LoginPerUserMinute, LoginPerUserBurst int
	// MaxHashes is how many argon2id checks (19 MiB each) run at once
	// (default 2); MaxHashQueue how many more may wait (default 32) before
	// the portal answers 503.
	MaxHashes, MaxHashQueue int
	// CredentialCacheTTL is how long a verified HTTP Basic credential is
	// accepted without hashing again (default 5 min; negative: never).
	CredentialCacheTTL time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed: the client is the right-most address that is not one of
	// them. Empty: the peer address is the client.
	TrustedProxies []netip.Prefix
	// Registry receives the metrics (default: a new registry, served at /metrics).
	Registry *prometheus.Registry
	// Now is the clock (tests).
	Now func() time.Time
	// HolidaySchedule is the yearly holiday schedule the province publishes to its centres
	// (dossier schedule JSON, served at GET /api/v1/lich-nghi); empty = none published.
	HolidaySchedule []byte
	// SubmitPerMinute and SubmitBurst limit online submissions per client
	// address (defaults 5 and 5).
	SubmitPerMinute, SubmitBurst int
	// ReadReplica, when set, serves the public reads (replica.go).
	ReadReplica *Replica
}

// Server is the portal's HTTP side.
type Server struct {
	st   Store
	pub  Store // the public routes' reads: st, or through the read replica
	o    Options
	log  *slog.Logger
	sess sessions
	lim  *netLimiter // public lookup
	slim *netLimiter // public statistics
	pw   *guard
	mux  *http.ServeMux

	schedule *publishedSchedule
	inbox    InboxStore  // nil: the store has no inbound channel
	sublim   *netLimiter // online submissions

	ingested *prometheus.CounterVec
	calls    *prometheus.CounterVec
	refused  *prometheus.CounterVec // motcua_portal_refused_total (ratelimit.go)
	replica  *Replica
}

// New makes a server on st.
func New(ctx context.Context, st Store, o Options) (*Server, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.SessionTTL == 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if o.MaxItems == 0 {
		o.MaxItems = 500
	}
	if o.MaxBody == 0 {
		o.MaxBody = 4 << 20
	}
	if o.LookupPerMinute <= 0 {
		o.LookupPerMinute = 30
	}
	if o.LookupBurst <= 0 {
		o.LookupBurst = 10
	}
	for _, d := range []struct {
		v   *int
		def int
	}{{&o.LoginPerMinute, 10}, {&o.LoginBurst, 10}, {&o.LoginPerUserMinute, 10}, {&o.LoginPerUserBurst, 20},
		{&o.MaxHashes, 2}, {&o.MaxHashQueue, 32}, {&o.SubmitPerMinute, 5}, {&o.SubmitBurst, 5}} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	if o.CredentialCacheTTL == 0 {
		o.CredentialCacheTTL = 5 * time.Minute
	}
	if o.Registry == nil {
		o.Registry = prometheus.NewRegistry()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	key, err := st.Secret(ctx)
	if err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	refused := newRefusals()
	pw, err := newGuard(o, refused)
	if err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	s := &Server{st: st, o: o, log: o.Logger, sess: sessions{key: key, ttl: o.SessionTTL},
		lim:  newNetLimiter(o.LookupPerMinute, o.LookupBurst, refusals{refused, "lookup"}),
		slim: newNetLimiter(o.LookupPerMinute, o.LookupBurst, refusals{refused, "statistics"}),
		pw:   pw, mux: http.NewServeMux(), sublim: newNetLimiter(o.SubmitPerMinute, o.SubmitBurst, refusals{refused, "submit"}),
		refused: refused}
	s.ingested = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "motcua_portal_packets_ingested_total",
		Help: "Packet items received, by service and result (applied, duplicate, stale, invalid, forbidden, unknown_dossier, error).",
	}, []string{"service", "result"})
	s.calls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "motcua_portal_calls_total", Help: "Ingest calls by call-level error code.",
	}, []string{"code"})
	if err := o.Registry.Register(s.ingested); err != nil {
		return nil, err
	}
	if err := o.Registry.Register(s.calls); err != nil {
		return nil, err
	}
	if err := o.Registry.Register(pw.checks); err != nil {
		return nil, err
	}
	if err := o.Registry.Register(refused); err != nil {
		return nil, err
	}
	if s.schedule, err = newPublishedSchedule(o.HolidaySchedule); err != nil {
		return nil, err
	}
	s.pub = st
	if o.ReadReplica != nil {
		if err := s.useReplica(o.ReadReplica); err != nil {
			return nil, err
		}
	}
	s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
// Every answer: no MIME sniffing, no framing, no Referer carrying a dossier
// code to another site, and not stored by shared caches (lookups and
// ingest answers are per dossier or per centre).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	s.mux.HandleFunc("POST /api/v1/login", s.handleLogin)
	s.mux.HandleFunc("POST /api/v1/ingest", s.handleIngest)
	s.mux.HandleFunc("POST /api/v1/ingest/{service}", s.handleIngest)
	s.mux.HandleFunc("GET /api/v1/thu-tuc", s.handleCatalogue)
	s.mux.HandleFunc("GET /api/v1/thu-tuc/{code}", s.handleCatalogue)
	s.mux.HandleFunc("GET /api/v1/tra-cuu/{code}", s.handleLookupJSON)
	s.mux.HandleFunc("GET /api/v1/ho-so/{code}", s.handleCentreDossier)
	s.mux.HandleFunc("GET /tra-cuu", s.handleLookupPage)
	s.mux.HandleFunc("GET /api/v1/thong-ke", s.handleStatsJSON)
	s.mux.HandleFunc("GET /thong-ke", s.handleStatsPage)
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /api/v1/lich-nghi", s.handleSchedule)
	s.mux.HandleFunc("GET /api/v1/hoi-dap", s.handleQAJSON)
	s.mux.HandleFunc("GET /hoi-dap", s.handleQAPage)
	s.inboxRoutes()
	s.rollupRoutes()
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.o.Registry, promhttp.HandlerOpts{}))
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		to := "/tra-cuu"
		if l := r.URL.Query().Get("lang"); l == "en" || l == "vi" { // the home link keeps the language asked
			to += "?lang=" + l
		}
		http.Redirect(w, r, to, http.StatusFound)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) fail(w http.ResponseWriter, status, code int, msg string) {
	s.calls.WithLabelValues(strconv.Itoa(code)).Inc()
	writeJSON(w, status, qcvn120.Response{ErrorCode: code, Message: msg, Result: json.RawMessage("[]")})
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.st.Ping(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n"+s.replicaHealth())
}

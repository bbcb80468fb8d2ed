package centre

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

// Principal is who a request acts as.
type Principal struct {
	Kind     string // "officer" or "device"
	Role     string // officer, supervisor, admin; kiosk, display, counter
	Username string
	FullName string
	Counter  string
	DeviceID string
}

func (p Principal) actor() Actor {
	return Actor{Officer: p.Username, Role: p.Role, Counter: p.Counter, FullName: p.FullName}
}

// Roles (defined with the engine's rules that read them).
const (
	RoleOfficer    = engine.RoleOfficer
	RoleSupervisor = engine.RoleSupervisor
	RoleAdmin      = engine.RoleAdmin
	RoleKiosk      = engine.RoleKiosk
	RoleDisplay    = engine.RoleDisplay
	RoleCounter    = engine.RoleCounter
)

var (
	officerRoles = []string{RoleOfficer, RoleSupervisor, RoleAdmin}
	readRoles    = []string{RoleOfficer, RoleSupervisor, RoleAdmin, RoleKiosk, RoleCounter}
)

// NewToken makes a 256-bit bearer token.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashPassword hashes with bcrypt.
func HashPassword(pw string) (string, error) {
	if len(pw) < 8 {
		return "", errors.New("password must have at least 8 characters")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	return string(h), err
}

// authCache keeps resolved tokens for a short time so a busy kiosk does not
// hit the database on every request; revocation through the server clears it.
type authCache struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[string]cached
	// gen counts drops and clears: a lookup that read the database before
	// one (an officer's counters narrowed, a device revoked) must not put
	// what it read back into the cache after it (docs/SECURITY.md,
	// "Session 7 review").
	gen uint64
}

// generation is read before a lookup goes to the database (putAt).
func (c *authCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// putAt caches p unless the cache was dropped from or cleared since gen.
func (c *authCache) putAt(h string, p Principal, gen uint64) {
	c.mu.Lock()
	stale := c.gen != gen
	c.mu.Unlock()
	if !stale {
		c.put(h, p)
	}
}

type cached struct {
	p   Principal
	exp time.Time
}

func (c *authCache) get(h string) (Principal, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.m[h]
	if !ok || time.Now().After(v.exp) {
		delete(c.m, h)
		return Principal{}, false
	}
	return v.p, true
}

func (c *authCache) put(h string, p Principal) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) > 10000 {
		clear(c.m)
	}
	c.m[h] = cached{p: p, exp: time.Now().Add(c.ttl)}
}

func (c *authCache) drop(h string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, h)
	c.gen++
}

func (c *authCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	clear(c.m)
	c.gen++
}

func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
		return strings.TrimSpace(h[len("Bearer "):])
	}
	// Browsers cannot set headers on a WebSocket: boards pass ?token=.
	if r.URL.Path == "/ws" {
		return r.URL.Query().Get("token")
	}
	return ""
}

var (
	errNoToken  = queue.Errf(queue.CodeUnauth, "Chưa đăng nhập hoặc thiếu mã thiết bị", "missing bearer token")
	errBadToken = queue.Errf(queue.CodeUnauth, "Phiên làm việc đã hết hạn hoặc mã thiết bị không hợp lệ. Xin đăng nhập lại.", "invalid, expired or revoked token")
)

func (s *Server) authenticate(ctx context.Context, token string) (Principal, error) {
	if token == "" {
		return Principal{}, errNoToken
	}
	h := store.HashToken(token)
	if p, ok := s.auth.get(h); ok {
		return p, nil
	}
	gen := s.auth.generation()
	if sess, err := s.db.Session(ctx, h); err == nil {
		p := Principal{Kind: "officer", Role: sess.Role, Username: sess.Username, FullName: sess.FullName, Counter: sess.Counter}
		s.auth.putAt(h, p, gen)
		return p, nil
	} else if !store.IsNoRows(err) {
		return Principal{}, err
	}
	if d, err := s.db.DeviceByToken(ctx, h); err == nil {
		p := Principal{Kind: "device", Role: d.Role, DeviceID: d.ID, Username: "device:" + d.Name}
		s.auth.putAt(h, p, gen)
		return p, nil
	} else if !store.IsNoRows(err) {
		return Principal{}, err
	}
	return Principal{}, errBadToken
}

type ctxKey struct{}

func principal(r *http.Request) Principal {
	p, _ := r.Context().Value(ctxKey{}).(Principal)
	return p
}

// need wraps h so only the given roles reach it.
func (s *Server) need(roles []string, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r.Context(), bearer(r))
		if err != nil {
			s.metrics.authFail.WithLabelValues("token").Inc()
			s.log.Warn("refused request", "path", r.URL.Path, "remote", r.RemoteAddr, "reason", "bad or missing token")
			writeErr(w, r, s.log, err)
			return
		}
		ok := false
		for _, role := range roles {
			if p.Role == role {
				ok = true
			}
		}
		if !ok {
			s.metrics.authFail.WithLabelValues("role").Inc()
			s.log.Warn("refused request", "path", r.URL.Path, "remote", r.RemoteAddr, "role", p.Role, "reason", "role not allowed")
			writeErr(w, r, s.log, queue.Errf(queue.CodeForbidden, "Thiết bị hoặc tài khoản này không được phép thực hiện thao tác này", "role %s may not call %s %s", p.Role, r.Method, r.URL.Path))
			return
		}
		s.seen(p)
		next := r.WithContext(context.WithValue(r.Context(), ctxKey{}, p))
		h(w, next)
	}
}

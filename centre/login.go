package centre

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

// LoginLimits tune the password check shared by the API login and the
// console login. Zero fields take the defaults.
type LoginLimits struct {
	// Free is how many failures one (username, address) pair gets before it
	// must wait (default 5).
	Free int
	// Delay is the first wait after the Free-th failure; each further
	// failure doubles it (default 2 s), up to MaxDelay (default 15 min).
	Delay, MaxDelay time.Duration
	// PerAddress is how many failures one client address gets over all
	// usernames before its own delays start (default 30): it bounds
	// password spraying without touching other addresses.
	PerAddress int
	// Hashers bounds concurrent bcrypt checks (default 2); Queue is how many
	// more may wait for one (up to 10 s) before the answer is "busy"
	// (default 256).
	Hashers, Queue int
}

func (l LoginLimits) withDefaults() LoginLimits {
	if l.Free <= 0 {
		l.Free = 5
	}
	if l.Delay <= 0 {
		l.Delay = 2 * time.Second
	}
	if l.MaxDelay <= 0 {
		l.MaxDelay = 15 * time.Minute
	}
	if l.PerAddress <= 0 {
		l.PerAddress = 30
	}
	if l.Hashers <= 0 {
		l.Hashers = 2
	}
	if l.Queue <= 0 {
		l.Queue = 256
	}
	return l
}

// ClientNetwork is the network a request comes from, for the limits
// counted per network before per address (ratelimit.Pair): the IPv4 /24 or
// the IPv6 /48 of its address (IPv4-mapped IPv6 counted as IPv4; a
// link-local zone dropped). The IPv6 loopback is its own network.
func ClientNetwork(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i]
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if v4 := ip.To4(); v4 != nil {
		return (&net.IPNet{IP: v4.Mask(net.CIDRMask(24, 32)), Mask: net.CIDRMask(24, 32)}).String()
	}
	if ip.IsLoopback() {
		return ip.String()
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(48, 128)), Mask: net.CIDRMask(48, 128)}).String()
}

// AllowClient counts one request of r's network and address in p.
func AllowClient(p *ratelimit.Pair, r *http.Request) bool {
	return p.Allow(ClientNetwork(r), ClientAddr(r))
}

// ClientAddr is the key of a request's client: its IP address, or for IPv6
// its /64 (one host can use a whole /64).
func ClientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	// An IPv6 link-local peer comes with its zone ("fe80::1%eth0"), which
	// net.ParseIP refuses: without this every made-up link-local address
	// of the hall's LAN was a key of its own instead of one /64 (/48).
	if i := strings.IndexByte(host, '%'); i >= 0 {
		host = host[:i]
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return host
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	if ip.IsLoopback() {
		return ip.String()
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}

// hashGate bounds concurrent password hashing: bcrypt is ~50-100 ms of CPU
// by design, and a flood of logins must not take every core.
type hashGate struct {
	slots   chan struct{}
	queued  atomic.Int32
	limit   int32
	running atomic.Int32
	peak    atomic.Int32 // most hashes ever run at once (tests)
}

var errBusy = queue.Errf(queue.CodeRateLimited, "Hệ thống đang bận, xin thử lại sau giây lát", "too many logins being checked; try again")

func (g *hashGate) do(ctx context.Context, fn func()) error {
	if g.queued.Add(1) > g.limit {
		g.queued.Add(-1)
		return errBusy
	}
	defer g.queued.Add(-1)
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return errBusy
	}
	defer func() { <-g.slots }()
	n := g.running.Add(1)
	defer g.running.Add(-1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	fn()
	return nil
}

// dummyHash is a bcrypt hash (default cost, as HashPassword makes) of a
// random password nobody knows: unknown usernames are checked against it so
// they take as long as known ones.
const dummyHash = "$2a$10$iJpQcicsb8rs2s/B7AaQluMQDhPyBQf7pw/lU6p4X0m2NO8Kdh0/K"

// errThrottled is a login refused before its password was checked.
type errThrottled struct {
	qe   *queue.Error
	wait time.Duration
}

func (e *errThrottled) Error() string { return e.qe.Error() }
func (e *errThrottled) Unwrap() error { return e.qe }

// RetryAfter is how long a throttled login must wait (false: not throttled).
func RetryAfter(err error) (time.Duration, bool) {
	var te *errThrottled
	if errors.As(err, &te) {
		return te.wait, true
	}
	return 0, false
}

// SetRetryAfter sets the Retry-After header of a throttled login's answer.
func SetRetryAfter(w http.ResponseWriter, err error) {
	if d, ok := RetryAfter(err); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int((d+time.Second-1)/time.Second)))
	}
}

var errBadLogin = queue.Errf(queue.CodeUnauth, "Sai tên đăng nhập hoặc mật khẩu", "bad username or password")

// CheckPassword verifies an officer's password for a login from addr (see
// ClientAddr), for the API and the console alike. The attempt is claimed
// before the hash is computed; failures per (username, address) and per
// address earn growing waits, never a lock that an attacker elsewhere could
// set off; unknown, disabled and wrong-password logins are answered alike
// after the same bcrypt work; at most Hashers checks run at once.
func (s *Server) CheckPassword(ctx context.Context, username, password, addr string) (store.Officer, error) {
	if username == "" || password == "" || len(username) > 64 || len(password) > 128 {
		return store.Officer{}, errBadLogin
	}
	if wait := s.logins.claim(username, addr, time.Now()); wait > 0 {
		s.metrics.authFail.WithLabelValues("throttled").Inc()
		s.log.Warn("login refused: throttled", "remote", addr, "wait_s", int(wait.Seconds()))
		secs := int((wait + time.Second - 1) / time.Second)
		qe := queue.Errf(queue.CodeRateLimited, "Nhập sai nhiều lần. Xin thử lại sau %s.", "too many failed logins; retry in %[1]s", humanWait(secs))
		qe.MessageEN = fmt.Sprintf("too many failed logins from this address; retry in %d s", secs)
		return store.Officer{}, &errThrottled{wait: wait, qe: qe}
	}
	o, err := s.db.Officer(ctx, username)
	found := err == nil
	if err != nil && !store.IsNoRows(err) {
		s.logins.release(username, addr, false, time.Now())
		return o, err
	}
	hash := dummyHash
	if found {
		hash = o.PasswordHash
	}
	var match bool
	if err := s.hashes.do(ctx, func() { match = bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil }); err != nil {
		s.logins.release(username, addr, false, time.Now())
		s.metrics.authFail.WithLabelValues("busy").Inc()
		return store.Officer{}, err
	}
	if !found || !match || o.Disabled {
		s.metrics.authFail.WithLabelValues("password").Inc()
		s.log.Warn("login refused", "remote", addr)
		return store.Officer{}, errBadLogin
	}
	s.logins.release(username, addr, true, time.Now())
	return o, nil
}

// LoginThrottled reports whether some address must wait before trying
// username again (the console shows it in the officers list).
func (s *Server) LoginThrottled(username string) bool { return s.logins.waiting(username, time.Now()) }

// PeakHashes is the most password checks that ever ran at once.
func (s *Server) PeakHashes() int { return int(s.hashes.peak.Load()) }

func humanWait(secs int) string {
	if secs < 60 {
		return fmt.Sprintf("%d giây", secs)
	}
	return fmt.Sprintf("%d phút", (secs+59)/60)
}

type loginReq struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Counter  string `json:"counter"`
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req loginReq
	if err := decode(r, &req, false); err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	o, err := s.CheckPassword(r.Context(), req.Username, req.Password, ClientAddr(r))
	if err != nil {
		SetRetryAfter(w, err)
		writeErr(w, r, s.log, err)
		return
	}
	if req.Counter != "" {
		k, ok := s.engine.Config().Counter(req.Counter)
		if !ok {
			writeErr(w, r, s.log, queue.Errf(queue.CodeInvalid, "Không tìm thấy quầy %q", "counter %q not found", req.Counter))
			return
		}
		// Checked only now, after the password: before it, an unassigned
		// counter answers exactly as a wrong password.
		if err := s.checkAssigned(o, k, ClientAddr(r)); err != nil {
			writeErr(w, r, s.log, err)
			return
		}
	} else if o.Role == RoleOfficer {
		writeErr(w, r, s.log, queue.Errf(queue.CodeInvalid, "Hãy chọn quầy làm việc", "officer login needs a counter"))
		return
	}
	token := NewToken()
	exp := time.Now().Add(s.ttl)
	err = s.db.Write(r.Context(), func(tx *store.Tx) error {
		if err := tx.PruneSessions(time.Now().Add(-24 * time.Hour)); err != nil {
			return err
		}
		if err := s.RecheckLogin(tx, o, req.Counter, ClientAddr(r)); err != nil { // assign.go
			return err
		}
		return tx.PutSession(store.HashToken(token), o.Username, req.Counter, exp)
	})
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	if req.Counter != "" {
		if err := s.engine.Open(r.Context(), Actor{Officer: o.Username, Role: o.Role, Counter: req.Counter}, req.Counter); err != nil {
			writeErr(w, r, s.log, err)
			return
		}
	}
	s.log.Info("officer logged in", "officer", o.Username, "counter", req.Counter)
	writeJSON(w, 200, map[string]any{"token": token, "expires_at": exp, "username": o.Username, "full_name": o.FullName, "role": o.Role, "counter": req.Counter})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	h := store.HashToken(bearer(r))
	err := s.db.Write(r.Context(), func(tx *store.Tx) error { return tx.DeleteSession(h) })
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	s.auth.drop(h)
	s.hub.Recheck()
	if p.Counter != "" {
		s.returnAtLogout(r.Context(), p) // logout_return.go
		if err := s.engine.Close(r.Context(), p.actor(), p.Counter); err != nil {
			s.log.Warn("close counter on logout", "err", err)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	writeJSON(w, 200, map[string]any{"kind": p.Kind, "role": p.Role, "username": p.Username, "full_name": p.FullName, "counter": p.Counter})
}

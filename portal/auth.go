package portal

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/crypto/argon2"
)

// argon2id parameters (OWASP minimum: 19 MiB, 2 passes, 1 lane).
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

var errBadHash = errors.New("portal: unsupported password hash")

// CheckPassword reports whether password matches a HashPassword hash.
func CheckPassword(hash, password string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errBadHash
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// Sessions are signed, not stored: "<base64(username|expiry)>.<hmac>". The
// key lives in the database, so every portal process on it accepts them.
type sessions struct {
	key []byte
	ttl time.Duration
}

func (s sessions) issue(username string, now time.Time) string {
	body := base64.RawURLEncoding.EncodeToString([]byte(username + "|" + strconv.FormatInt(now.Add(s.ttl).Unix(), 10)))
	return body + "." + s.sign(body)
}

func (s sessions) sign(body string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(body))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

var errSession = errors.New("portal: invalid or expired session")

func (s sessions) check(token string, now time.Time) (string, error) {
	body, sig, ok := strings.Cut(token, ".")
	if !ok || !hmac.Equal([]byte(sig), []byte(s.sign(body))) {
		return "", errSession
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	if err != nil {
		return "", errSession
	}
	user, exp, ok := strings.Cut(string(raw), "|")
	n, err := strconv.ParseInt(exp, 10, 64)
	if !ok || err != nil || now.Unix() > n {
		return "", errSession
	}
	return user, nil
}

// guard runs the expensive password checks of logins and HTTP Basic calls:
// at most a few argon2id hashes at once (each holds 19 MiB), a bounded queue
// behind them, attempts claimed per client address and per username before
// any hash is computed, a dummy hash for unknown usernames, and a cache of
// credentials that were verified recently so a proxy posting with HTTP
// Basic on every call costs one hash per TTL, not one per call.
type guard struct {
	sem      chan struct{}
	waiting  atomic.Int64
	maxWait  int64
	dummy    string // a hash of a random password, checked for unknown users
	byIP     *netLimiter
	byUser   *limiter
	refused  refusals // limit "login" (username, busy)
	cacheKey []byte   // per-process HMAC key of the credential cache
	cacheTTL time.Duration

	mu    sync.Mutex
	cache map[[32]byte]time.Time // HMAC(stored hash, password) → verified until

	checks prometheus.Counter
}

var (
	// errBusy: too many password checks are queued; try again shortly.
	errBusy = errors.New("portal: too many password checks in progress")
	// errThrottled: too many attempts from this address or for this username.
	errThrottled = errors.New("portal: too many login attempts")
)

const maxCachedCredentials = 4096

func newGuard(o Options, refused *prometheus.CounterVec) (*guard, error) {
	dummyPass := make([]byte, 24)
	if _, err := rand.Read(dummyPass); err != nil {
		return nil, err
	}
	dummy, err := HashPassword(base64.RawStdEncoding.EncodeToString(dummyPass))
	if err != nil {
		return nil, err
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, err
	}
	return &guard{sem: make(chan struct{}, o.MaxHashes), maxWait: int64(o.MaxHashQueue), dummy: dummy,
		byIP:     newNetLimiter(o.LoginPerMinute, o.LoginBurst, refusals{refused, "login"}),
		byUser:   newLimiter(o.LoginPerUserMinute, o.LoginPerUserBurst),
		refused:  refusals{refused, "login"},
		cacheKey: key, cacheTTL: o.CredentialCacheTTL, cache: map[[32]byte]time.Time{},
		checks: prometheus.NewCounter(prometheus.CounterOpts{Name: "motcua_portal_password_checks_total",
			Help: "argon2id password checks computed (logins, HTTP Basic cache misses, dummy checks for unknown users)."}),
	}, nil
}

func (g *guard) credKey(hash, password string) [32]byte {
	m := hmac.New(sha256.New, g.cacheKey)
	m.Write([]byte(hash))
	m.Write([]byte{0})
	m.Write([]byte(password))
	var k [32]byte
	copy(k[:], m.Sum(nil))
	return k
}

// cached reports whether this stored hash and password were verified
// within the TTL. A password change changes the stored hash, so it takes
// effect at once.
func (g *guard) cached(hash, password string, now time.Time) bool {
	if g.cacheTTL <= 0 {
		return false
	}
	k := g.credKey(hash, password)
	g.mu.Lock()
	defer g.mu.Unlock()
	until, ok := g.cache[k]
	return ok && now.Before(until)
}

func (g *guard) remember(hash, password string, now time.Time) {
	if g.cacheTTL <= 0 {
		return
	}
	k := g.credKey(hash, password)
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.cache) >= maxCachedCredentials {
		for k, until := range g.cache {
			if !now.Before(until) || len(g.cache) >= maxCachedCredentials {
				delete(g.cache, k)
			}
		}
	}
	g.cache[k] = now.Add(g.cacheTTL)
}

// check computes one argon2id check under the semaphore.
func (g *guard) check(ctx context.Context, hash, password string) (bool, error) {
	if g.waiting.Add(1) > g.maxWait+int64(cap(g.sem)) {
		g.waiting.Add(-1)
		g.refused.count("busy")
		return false, errBusy
	}
	defer g.waiting.Add(-1)
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-g.sem }()
	g.checks.Inc()
	return CheckPassword(hash, password)
}

// claim takes one attempt from the client's network's and address's
// allowance and from the username's, before any hash is computed.
// Usernames are keyed as given (bounded to 64 bytes), whether or not they
// exist.
func (g *guard) claim(c client, user string, now time.Time) error {
	if len(user) > 64 {
		user = user[:64]
	}
	if !g.byIP.allow(c, now) {
		return errThrottled
	}
	if ok, full := g.byUser.take(user, now); !ok {
		g.refused.count(by(full, "username"))
		return errThrottled
	}
	return nil
}

// refund gives a successful login its username attempt back, so that the
// centre's own logins never use up its allowance.
func (g *guard) refund(user string) {
	if len(user) > 64 {
		user = user[:64]
	}
	g.byUser.refund(user)
}

package centre

import (
	"testing"
	"time"
)

// TestAttackAuthCacheNotRefilledAfterForget: a request that read a session
// from the database before ForgetTokens (an officer's counters narrowed, a
// password reset, a device revoked) must not put what it read back into the
// token cache after it: the stale principal would then act for up to the
// cache's lifetime although its session was deleted. Before the fix the
// lookup cached unconditionally (the put below succeeded).
func TestAttackAuthCacheNotRefilledAfterForget(t *testing.T) {
	for _, forget := range []struct {
		name string
		fn   func(c *authCache)
	}{{"clear", func(c *authCache) { c.clear() }}, {"drop", func(c *authCache) { c.drop("h1") }}} {
		c := &authCache{ttl: time.Minute, m: map[string]cached{}}
		p := Principal{Kind: "officer", Role: RoleOfficer, Username: "canbo1", Counter: "q2"}
		gen := c.generation() // the lookup starts, reads the session …
		forget.fn(c)          // … the change commits and the cache is forgotten …
		c.putAt("h1", p, gen) // … and the lookup ends
		if got, ok := c.get("h1"); ok {
			t.Fatalf("%s: stale principal cached after the forget: %+v", forget.name, got)
		}
		// A lookup that starts after the forget is cached as usual.
		gen = c.generation()
		c.putAt("h1", p, gen)
		if _, ok := c.get("h1"); !ok {
			t.Fatalf("%s: a fresh lookup is not cached", forget.name)
		}
	}
}

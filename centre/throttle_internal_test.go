package centre

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"
)

// The table's bounds are tested on the throttle itself, with a small table
// and no bcrypt: what an attacker buys with checked passwords (about five
// per key) is a table full of keys that are waiting.

var throttleT0 = time.Unix(1_700_000_000, 0)

// fillWaiting claims n new pairs at distinct addresses at now; with Free
// and PerAddress 1 each leaves two waiting keys.
func fillWaiting(t *testing.T, th *throttle, prefix string, n int, now time.Time) {
	t.Helper()
	for i := range n {
		if w := th.claim(fmt.Sprint(prefix, i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), now); w != 0 {
			t.Fatalf("filling: claim %d refused (%v)", i, w)
		}
	}
}

// An attacker who filled the table with waiting keys then sends new keys:
// each is refused after looking at a few entries, not the whole table, and
// LoginThrottled answers without a scan. Once the waits end, each new key
// evicts its way in at the same cost.
func TestThrottleAttackFullTableCost(t *testing.T) {
	const keys = 4000
	const perOp = 32 // entries a claim or a waiting() may look at, whatever the table's size
	th := newThrottle(LoginLimits{Free: 1, PerAddress: 1, Delay: time.Minute, MaxDelay: 15 * time.Minute}, keys)
	now := throttleT0
	fillWaiting(t, th, "victim", keys/2, now)
	if len(th.m) != keys {
		t.Fatalf("%d keys after filling, want %d", len(th.m), keys)
	}
	const attempts = 500
	v0 := th.visits
	for i := range attempts {
		now = now.Add(time.Millisecond)
		if w := th.claim(fmt.Sprint("attacker", i), fmt.Sprintf("10.200.%d.%d", i>>8&255, i&255), now); w != time.Minute {
			t.Fatalf("new key %d in a table of waiting keys: wait %v, want the 1 min refusal", i, w)
		}
	}
	t.Logf("refused claims: %d entries looked at each", (th.visits-v0)/attempts)
	if v := th.visits - v0; v > attempts*perOp {
		t.Fatalf("%d refused claims looked at %d entries (%d each) in a table of %d keys: a sweep per claim", attempts, v, v/attempts, keys)
	}
	v0 = th.visits
	for i := range attempts {
		if !th.waiting(fmt.Sprint("victim", i), now) {
			t.Fatalf("victim%d not waiting", i)
		}
		if th.waiting(fmt.Sprint("nobody", i), now) {
			t.Fatalf("nobody%d waiting", i)
		}
	}
	t.Logf("waiting(): %d entries looked at in %d calls", th.visits-v0, 2*attempts)
	if v := th.visits - v0; v > 2*attempts*perOp {
		t.Fatalf("%d waiting() calls looked at %d entries in a table of %d keys: a scan per call", 2*attempts, v, keys)
	}
	// The waits end with no call: new keys evict the oldest, a few entries each.
	now = now.Add(time.Minute)
	v0 = th.visits
	for i := range attempts {
		now = now.Add(time.Millisecond)
		if w := th.claim(fmt.Sprint("late", i), fmt.Sprintf("10.201.%d.%d", i>>8&255, i&255), now); w != 0 {
			t.Fatalf("new key %d after the waits ended: wait %v", i, w)
		}
	}
	t.Logf("evicting claims: %d entries looked at each", (th.visits-v0)/attempts)
	if v := th.visits - v0; v > attempts*perOp {
		t.Fatalf("%d evicting claims looked at %d entries in a table of %d keys", attempts, v, keys)
	}
	if len(th.m) != keys {
		t.Fatalf("%d keys, want %d", len(th.m), keys)
	}
	for i := range attempts { // the oldest went first
		if th.m[userKey(fmt.Sprint("victim", i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))] != nil {
			t.Fatalf("victim%d's pair key kept while newer idle keys were evicted", i)
		}
	}
}

// However many new keys come, a key that is waiting is never evicted: its
// wait and its count of failures stay.
func TestThrottleKeepsWaitingKeys(t *testing.T) {
	th := newThrottle(LoginLimits{Free: 3, PerAddress: 1000, Delay: time.Minute, MaxDelay: 15 * time.Minute}, 10)
	now := throttleT0
	for range 3 {
		th.claim("canbo1", "10.0.0.9", now)
	}
	for i := range 2000 {
		now = now.Add(10 * time.Millisecond)
		th.claim(fmt.Sprint("x", i), fmt.Sprint("10.1.", i/250, ".", i%250), now)
		if i%100 == 0 && !th.waiting("canbo1", now) {
			t.Fatalf("after %d new keys canbo1 no longer waits", i+1)
		}
	}
	if w := th.claim("canbo1", "10.0.0.9", now); w <= 0 || w > time.Minute {
		t.Fatalf("canbo1 at 10.0.0.9: wait %v, want the rest of its minute", w)
	}
	if st := th.m[userKey("canbo1", "10.0.0.9")]; st == nil || st.fails != 3 {
		t.Fatalf("canbo1's pair key lost or changed: %+v", st)
	}
	if len(th.m) > 10 {
		t.Fatalf("%d keys in a table of 10", len(th.m))
	}
}

// A full table evicts the key that is not waiting and was seen longest
// ago, one key per new key; a key whose wait ended (no call made then)
// counts from when it was last seen; waiting keys are skipped.
func TestThrottleEvictsOldestIdleFirst(t *testing.T) {
	th := newThrottle(LoginLimits{Free: 3, PerAddress: 100, Delay: time.Second, MaxDelay: time.Minute}, 7)
	now := throttleT0
	at := func(d time.Duration) time.Time { now = throttleT0.Add(d); return now }
	const A = "10.0.0.1"
	for range 3 {
		th.claim("w1", A, at(0)) // three failures: waits 1 s from 0 s
		th.claim("w2", A, at(100*time.Millisecond))
	}
	th.claim("u3", A, at(200*time.Millisecond)) // idle
	th.claim("u4", A, at(300*time.Millisecond))
	th.claim("u5", A, at(400*time.Millisecond))
	th.claim("w2", A, at(5200*time.Millisecond)) // 4th failure, seen 5.2 s, waits 2 s
	th.claim("u3", A, at(5300*time.Millisecond)) // seen again: now newer than u4, u5
	if len(th.m) != 6 {
		t.Fatalf("%d keys, want 6", len(th.m))
	}
	// Full at 7 keys; each new pair from A needs one place.
	gone := func(users ...string) {
		t.Helper()
		for _, u := range users {
			if th.m[userKey(u, A)] != nil {
				t.Fatalf("%s still held; keys %v", u, throttleKeys(th))
			}
		}
	}
	kept := func(users ...string) {
		t.Helper()
		for _, u := range users {
			if th.m[userKey(u, A)] == nil {
				t.Fatalf("%s evicted; keys %v", u, throttleKeys(th))
			}
		}
		if a := th.m[addrKey(A)]; a == nil {
			t.Fatal("the claiming address's own key was evicted")
		}
	}
	th.claim("n1", A, at(5400*time.Millisecond)) // 7 keys, no eviction
	kept("w1", "w2", "u3", "u4", "u5", "n1")
	th.claim("n2", A, at(5500*time.Millisecond)) // w1's wait ended at 1 s: seen at 0 s, the oldest
	gone("w1")
	kept("w2", "u3", "u4", "u5", "n1", "n2")
	th.claim("n3", A, at(5600*time.Millisecond)) // u4 (0.3 s); w2 waits
	gone("u4")
	kept("w2", "u3", "u5", "n1", "n2", "n3")
	th.claim("n4", A, at(5700*time.Millisecond)) // u5 (0.4 s)
	gone("u5")
	th.claim("n5", A, at(5800*time.Millisecond)) // u3 (5.3 s); w2 still waits until 7.2 s
	gone("u3")
	kept("w2", "n1", "n2", "n3", "n4", "n5")
	th.claim("n6", A, at(7300*time.Millisecond)) // w2's wait ended: seen 5.2 s, before n1
	gone("w2")
	kept("n1", "n2", "n3", "n4", "n5", "n6")
	if a := th.m[addrKey(A)]; a.fails != 17 {
		t.Fatalf("address key counts %d failures, want 17 (none lost to eviction)", a.fails)
	}
}

// A new key is refused only when no key can make way: every other key is
// waiting. A claim that is refused evicts nothing; a claim that needs one
// place takes a free one without evicting.
func TestThrottleRefusesOnlyWhenEveryKeyWaits(t *testing.T) {
	th := newThrottle(LoginLimits{Free: 1, PerAddress: 1, Delay: time.Second, MaxDelay: time.Minute}, 6)
	for i := range 3 { // three pairs, their waits ending at 1.0, 1.1, 1.2 s
		th.claim(fmt.Sprint("u", i), fmt.Sprint("10.0.0.", i), throttleT0.Add(time.Duration(i)*100*time.Millisecond))
	}
	if w := th.claim("x", "10.9.9.9", throttleT0.Add(500*time.Millisecond)); w != time.Minute {
		t.Fatalf("every key waits: wait %v, want the 1 min refusal", w)
	}
	// At 1.05 s one pair's waits have ended: a new pair takes both places.
	if w := th.claim("x", "10.9.9.9", throttleT0.Add(1050*time.Millisecond)); w != 0 {
		t.Fatalf("two keys no longer wait, a new pair refused (%v)", w)
	}
	if th.m[userKey("u0", "10.0.0.0")] != nil || th.m[addrKey("10.0.0.0")] != nil || len(th.m) != 6 {
		t.Fatalf("keys %v", throttleKeys(th))
	}
	if w := th.claim("y", "10.9.9.8", throttleT0.Add(1050*time.Millisecond)); w != time.Minute {
		t.Fatalf("every key waits again: wait %v", w)
	}

	// Full: three pair keys and one address wait, one address (A) is idle.
	th = newThrottle(LoginLimits{Free: 1, PerAddress: 2, Delay: time.Minute, MaxDelay: time.Hour}, 5)
	const A, B, C = "10.0.0.1", "10.0.0.2", "10.0.0.3"
	th.claim("a", A, throttleT0)
	th.claim("b", B, throttleT0.Add(time.Second))
	th.claim("c", B, throttleT0.Add(2*time.Second))
	if len(th.m) != 5 {
		t.Fatalf("keys %v", throttleKeys(th))
	}
	now := throttleT0.Add(3 * time.Second)
	// A new pair at a new address needs two places; one key could give
	// way: refused, and A keeps its count.
	if w := th.claim("d", C, now); w != time.Minute {
		t.Fatalf("two places needed, one idle key: wait %v, want the refusal", w)
	}
	if a := th.m[addrKey(A)]; a == nil || a.fails != 1 {
		t.Fatalf("a refused claim evicted the idle address key: %v", throttleKeys(th))
	}
	// A new pair at A needs one place; the only idle key is A's own.
	if w := th.claim("d", A, now); w != time.Minute {
		t.Fatalf("one place needed, no other key idle: wait %v", w)
	}
	// a's wait ends at 1 min: A and a's pair key (both seen at 0) give way.
	now = throttleT0.Add(time.Minute + 500*time.Millisecond)
	if w := th.claim("d", C, now); w != 0 {
		t.Fatalf("two keys idle, a new pair refused (%v)", w)
	}
	if th.m[addrKey(A)] != nil || th.m[userKey("a", A)] != nil || th.m[userKey("d", C)] == nil {
		t.Fatalf("keys %v", throttleKeys(th))
	}
}

// A claim at a full table never evicts its own address key: its failures
// keep counting, and a sprayer's address waits once it has used its share.
func TestThrottleKeepsClaimantsAddress(t *testing.T) {
	th := newThrottle(LoginLimits{Free: 1, PerAddress: 3, Delay: time.Minute, MaxDelay: time.Hour}, 4)
	const A = "10.0.0.1"
	th.claim("a", A, throttleT0) // pair waits; address 1 of 3
	th.claim("b", A, throttleT0)
	// One place free, one needed: taken, no eviction.
	if w := th.claim("c", A, throttleT0); w != 0 {
		t.Fatalf("one place free: wait %v", w)
	}
	if a := th.m[addrKey(A)]; a == nil || a.fails != 3 {
		t.Fatalf("the address's key lost its count: %+v (keys %v)", a, throttleKeys(th))
	}
	if w := th.claim("d", A, throttleT0); w != time.Minute {
		t.Fatalf("an address that used its 3 failures tries a 4th username: wait %v, want its 1 min", w)
	}
}

// throttleKeys lists the keys held, for messages.
func throttleKeys(th *throttle) []string {
	var ks []string
	for k := range th.m {
		ks = append(ks, fmt.Sprintf("%q", k))
	}
	sort.Strings(ks)
	return ks
}

// LoginThrottled (waiting) follows one username over several addresses
// through claims, releases, a success, eviction and waits that end.
func TestThrottleWaitingAcrossAddresses(t *testing.T) {
	th := newThrottle(LoginLimits{Free: 2, PerAddress: 100, Delay: time.Second, MaxDelay: 8 * time.Second}, 8)
	now := throttleT0
	const X, Y, Z = "10.0.0.1", "10.0.0.2", "10.0.0.3"
	want := func(w bool, why string) {
		t.Helper()
		if got := th.waiting("canbo1", now); got != w {
			t.Fatalf("%s: waiting = %v, want %v", why, got, w)
		}
		if th.waiting("canbo2", now) {
			t.Fatalf("%s: canbo2 waiting", why)
		}
	}
	want(false, "empty")
	th.claim("canbo1", X, now)
	want(false, "one failure")
	th.claim("canbo1", X, now) // second: waits 1 s
	want(true, "two failures at X")
	th.release("canbo1", X, false, now) // that one was not checked (busy)
	want(false, "claim given back")
	th.claim("canbo1", X, now)
	want(true, "two failures at X again")
	now = now.Add(time.Second)
	want(false, "X's wait ended")
	th.claim("canbo1", X, now) // third: waits 2 s
	want(true, "three failures at X")
	th.release("canbo1", X, true, now) // right password after all
	want(false, "success at X")
	for range 2 {
		th.claim("canbo1", Y, now)
		th.claim("canbo1", Z, now)
	}
	want(true, "Y and Z wait 1 s")
	now = now.Add(time.Second)
	want(false, "both ended")
	th.claim("canbo1", Z, now) // third at Z: waits 2 s
	want(true, "Z again, Y's wait ended")
	now = now.Add(2 * time.Second)
	want(false, "both ended again")
	th.claim("canbo1", Y, now) // third at Y: waits 2 s
	want(true, "Y again")
	now = now.Add(2 * time.Second)
	want(false, "Y's second wait ended")
	// Fill the table: canbo1's keys, no longer waiting, are evicted.
	for i := range 8 {
		now = now.Add(time.Millisecond)
		th.claim(fmt.Sprint("x", i), "10.0.1.1", now)
	}
	if th.m[userKey("canbo1", Y)] != nil || th.m[userKey("canbo1", Z)] != nil {
		t.Fatalf("canbo1's idle keys kept: %v", throttleKeys(th))
	}
	want(false, "evicted")
	for range 2 {
		th.claim("canbo1", Y, now)
	}
	want(true, "fresh key at Y waits")
	// Quiet for 4×MaxDelay: afresh.
	now = now.Add(33 * time.Second)
	want(false, "quiet")
	th.claim("canbo1", Y, now)
	want(false, "afresh: one failure")
}

// throttleModel is the throttle's rules written plainly, scanning the
// whole table: the throttle must answer and keep exactly the same keys.
type throttleModel struct {
	l      LoginLimits
	keys   int
	m      map[string]*modelKey
	placed uint64
}

type modelKey struct {
	fails      int
	next, seen time.Time
	order      uint64
}

func (md *throttleModel) free(k string) int {
	if k[0] == 'u' {
		return md.l.Free
	}
	return md.l.PerAddress
}

func (md *throttleModel) claim(user, addr string, now time.Time) time.Duration {
	uk, ak := userKey(user, addr), addrKey(addr)
	for _, k := range []string{uk, ak} {
		if e := md.m[k]; e != nil && now.Before(e.next) {
			return e.next.Sub(now)
		}
	}
	var missing []string
	for _, k := range []string{uk, ak} {
		if md.m[k] == nil {
			missing = append(missing, k)
		}
	}
	if n := len(md.m) + len(missing) - md.keys; n > 0 {
		var idle []string
		for k, e := range md.m {
			if k != uk && k != ak && !now.Before(e.next) {
				idle = append(idle, k)
			}
		}
		if len(idle) < n {
			return time.Minute
		}
		sort.Slice(idle, func(i, j int) bool {
			a, b := md.m[idle[i]], md.m[idle[j]]
			return a.seen.Before(b.seen) || a.seen.Equal(b.seen) && a.order < b.order
		})
		for _, k := range idle[:n] {
			delete(md.m, k)
		}
	}
	for _, k := range missing {
		md.m[k] = &modelKey{}
	}
	for _, k := range []string{uk, ak} {
		e := md.m[k]
		if now.Sub(e.seen) > 4*md.l.MaxDelay {
			e.fails, e.next = 0, time.Time{}
		}
		e.fails++
		e.seen = now
		md.placed++
		e.order = md.placed
		if f := md.free(k); e.fails >= f {
			d := md.l.Delay
			for i := 0; i < e.fails-f && d < md.l.MaxDelay; i++ {
				d *= 2
			}
			e.next = now.Add(min(d, md.l.MaxDelay))
		}
	}
	return 0
}

func (md *throttleModel) release(user, addr string, success bool, now time.Time) {
	uk, ak := userKey(user, addr), addrKey(addr)
	for _, k := range []string{ak, uk} {
		e := md.m[k]
		if e == nil {
			continue
		}
		if k == uk && success {
			delete(md.m, k)
			continue
		}
		if e.fails > 0 {
			e.fails--
			if e.fails < md.free(k) && !e.next.IsZero() {
				e.next, e.seen = time.Time{}, now
				md.placed++
				e.order = md.placed
			}
		}
	}
}

func (md *throttleModel) waiting(user string, now time.Time) bool {
	prefix := "u\x00" + user + "\x00"
	for k, e := range md.m {
		if len(k) > len(prefix) && k[:len(prefix)] == prefix && now.Before(e.next) {
			return true
		}
	}
	return false
}

// runThrottleOps drives th and the model with the same random calls and
// compares every answer and the keys held; check (if set) runs after each.
func runThrottleOps(t *testing.T, seed uint64, ops int, th *throttle, md *throttleModel, check func(string)) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 1))
	users := []string{"canbo1", "canbo2", "canbo3", "admin", "x"}
	addrs := []string{"10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4", "fe80::/64", "10.0.0.6", "10.0.0.7"}
	steps := []time.Duration{time.Millisecond, 300 * time.Millisecond, time.Second, 3 * time.Second, 10 * time.Second, 40 * time.Second}
	now := throttleT0
	for i := range ops {
		if rng.IntN(3) == 0 {
			now = now.Add(steps[rng.IntN(len(steps))])
		}
		u, a := users[rng.IntN(len(users))], addrs[rng.IntN(len(addrs))]
		var op string
		switch r := rng.IntN(10); {
		case r < 6:
			op = fmt.Sprintf("claim(%s, %s)", u, a)
			if got, want := th.claim(u, a, now), md.claim(u, a, now); got != want {
				t.Fatalf("op %d %s at +%v: wait %v, model %v", i, op, now.Sub(throttleT0), got, want)
			}
		case r < 8:
			success := r == 7
			op = fmt.Sprintf("release(%s, %s, %v)", u, a, success)
			th.release(u, a, success, now)
			md.release(u, a, success, now)
		default:
			op = fmt.Sprintf("waiting(%s)", u)
			if got, want := th.waiting(u, now), md.waiting(u, now); got != want {
				t.Fatalf("op %d %s at +%v: %v, model %v", i, op, now.Sub(throttleT0), got, want)
			}
		}
		if len(th.m) != len(md.m) || len(th.m) > th.keys {
			t.Fatalf("op %d %s: %d keys, model %d: %v", i, op, len(th.m), len(md.m), throttleKeys(th))
		}
		for k, e := range md.m {
			st := th.m[k]
			if st == nil {
				t.Fatalf("op %d %s at +%v: key %q missing, model has it; keys %v", i, op, now.Sub(throttleT0), k, throttleKeys(th))
			}
			if st.fails != e.fails || !st.next.Equal(e.next) || !st.seen.Equal(e.seen) {
				t.Fatalf("op %d %s: key %q: fails %d next %v seen %v, model %d %v %v", i, op, k, st.fails, st.next, st.seen, e.fails, e.next, e.seen)
			}
		}
		if check != nil {
			check(op)
		}
	}
}

// Random claims, releases and waiting() calls against the plain rules, on
// a table small enough to be full most of the time.
func TestThrottleMatchesModel(t *testing.T) {
	for seed := range uint64(20) {
		l := LoginLimits{Free: 2, PerAddress: 4, Delay: time.Second, MaxDelay: 8 * time.Second}
		th := newThrottle(l, 8)
		md := &throttleModel{l: l.withDefaults(), keys: 8, m: map[string]*modelKey{}}
		runThrottleOps(t, seed, 3000, th, md, nil)
	}
}

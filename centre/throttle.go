package centre

import (
	"sync"
	"time"
)

// maxThrottleKeys bounds the throttle's memory (an entry is a few hundred
// bytes with its key and index).
const maxThrottleKeys = 20000

// throttle counts login failures per key: one per (username, address)
// pair, one per address. An attempt is claimed (counted as a failure)
// before its password is checked, under one lock, so parallel guesses
// cannot all slip in before the first failure is recorded; a success takes
// the claim back.
//
// Every operation costs O(1) amortized however full the table, so a
// hostile LAN client that filled it cannot make each login sweep it (docs/
// SECURITY.md, "Session 10: the login throttle's table"). Each key sits in
// one list: idle (fewer failures than its free allowance, so not waiting),
// or the wait list of its delay level (at or over it: a wait was set when
// last claimed). A key joins the back of its list when claimed, so every
// list is ordered by seen and, within one delay level, by the end of the
// wait: the keys of a level whose wait has ended, with no call made when it
// did, are a prefix of its list. The oldest key that is not waiting is
// therefore one of the list fronts (one list per doubling of the delay,
// about ten). Usernames index their pair keys that were set waiting, so
// LoginThrottled does not scan the table.
type throttle struct {
	mu     sync.Mutex
	l      LoginLimits
	keys   int // bound on len(m)
	m      map[string]*tentry
	idle   tlist   // not waiting, by seen
	waits  []tlist // waits[i]: keys whose last claim set the i-th delay, by seen (and next)
	users  map[string]*tlist
	clock  time.Time // latest time given: calls apply in lock order
	placed uint64    // count of placings: ties of seen go to the key placed first
	visits int       // entries looked at to evict or to answer waiting (tests)
}

// tentry is one key's failures; it sits in one of the throttle's lists
// (links[0]) and, for a pair key set waiting, in its username's index
// (links[1]).
type tentry struct {
	key   string
	user  string // pair keys; "" for address keys
	fails int
	next  time.Time // no attempt before this
	seen  time.Time // last claim, or the release that ended its wait
	order uint64    // when placed in its list (throttle.placed)
	links [2]tlink
}

type tlink struct {
	prev, next *tentry
	in         *tlist
}

// tlist is an intrusive doubly linked list of entries over their links[at].
type tlist struct {
	head, tail *tentry
	at         int
}

func (q *tlist) pushBack(e *tentry) {
	l := &e.links[q.at]
	l.in, l.prev, l.next = q, q.tail, nil
	if q.tail != nil {
		q.tail.links[q.at].next = e
	} else {
		q.head = e
	}
	q.tail = e
}

func (q *tlist) remove(e *tentry) {
	l := &e.links[q.at]
	if l.prev != nil {
		l.prev.links[q.at].next = l.next
	} else {
		q.head = l.next
	}
	if l.next != nil {
		l.next.links[q.at].prev = l.prev
	} else {
		q.tail = l.prev
	}
	*l = tlink{}
}

// newThrottle is a throttle of at most keys keys (maxThrottleKeys; tests
// use fewer).
func newThrottle(l LoginLimits, keys int) *throttle {
	t := &throttle{l: l.withDefaults(), keys: keys, m: map[string]*tentry{}, users: map[string]*tlist{}}
	_, top := t.delay(64) // every level a wait can take
	t.waits = make([]tlist, top+1)
	return t
}

// delay is the wait after over failures beyond the free ones, and its
// level (how many times the first delay was doubled to get it).
func (t *throttle) delay(over int) (time.Duration, int) {
	d, i := t.l.Delay, 0
	for ; i < over && d < t.l.MaxDelay; i++ {
		if d > t.l.MaxDelay/2 {
			d = t.l.MaxDelay // doubling would pass it (or overflow)
		} else {
			d *= 2
		}
	}
	return min(d, t.l.MaxDelay), i
}

// tick makes now no earlier than any time given before (callers read the
// clock before taking the lock), so the lists stay in order.
func (t *throttle) tick(now time.Time) time.Time {
	if now.Before(t.clock) {
		return t.clock
	}
	t.clock = now
	return now
}

func (e *tentry) pair() bool { return e.key[0] == 'u' }

// free is how many failures e gets before its waits start.
func (t *throttle) free(e *tentry) int {
	if e.pair() {
		return t.l.Free
	}
	return t.l.PerAddress
}

// claim counts an attempt for user at addr; a non-zero wait means it is
// refused (and not counted).
func (t *throttle) claim(user, addr string, now time.Time) (wait time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now = t.tick(now)
	uk, ak := userKey(user, addr), addrKey(addr)
	u, a := t.m[uk], t.m[ak]
	if u != nil && now.Before(u.next) {
		return u.next.Sub(now)
	}
	if a != nil && now.Before(a.next) {
		return a.next.Sub(now)
	}
	need := 0
	for _, e := range []*tentry{u, a} {
		if e == nil {
			need++
		}
	}
	if len(t.m)+need > t.keys && !t.makeRoom(now, len(t.m)+need-t.keys, u, a) {
		return time.Minute // no other key can give way (all wait): refuse rather than grow
	}
	if u == nil {
		u = &tentry{key: uk}
		u.user = uk[2 : 2+len(user)] // shares the key's bytes
		t.m[uk] = u
	}
	if a == nil {
		a = &tentry{key: ak}
		t.m[ak] = a
	}
	for _, e := range []*tentry{u, a} {
		// A key quiet for 4×MaxDelay (1 h by default) starts afresh.
		if now.Sub(e.seen) > 4*t.l.MaxDelay {
			e.fails, e.next = 0, time.Time{}
		}
		e.fails++
		e.seen = now
		level := -1
		if free := t.free(e); e.fails >= free {
			var d time.Duration
			d, level = t.delay(e.fails - free)
			e.next = now.Add(d)
		}
		t.place(e, level)
	}
	return 0
}

// place moves e, just seen, to the back of the idle list (level < 0) or of
// the wait list of its level, and keeps its username's index.
func (t *throttle) place(e *tentry, level int) {
	if in := e.links[0].in; in != nil {
		in.remove(e)
	}
	t.placed++
	e.order = t.placed
	if level < 0 {
		t.idle.pushBack(e)
		t.unindex(e)
		return
	}
	t.waits[min(level, len(t.waits)-1)].pushBack(e)
	if e.pair() && e.links[1].in == nil {
		ix := t.users[e.user]
		if ix == nil {
			ix = &tlist{at: 1}
			t.users[e.user] = ix
		}
		ix.pushBack(e)
	}
}

// unindex takes e out of its username's index.
func (t *throttle) unindex(e *tentry) {
	if ix := e.links[1].in; ix != nil {
		ix.remove(e)
		if ix.head == nil {
			delete(t.users, e.user)
		}
	}
}

// forget removes e from the table.
func (t *throttle) forget(e *tentry) {
	if in := e.links[0].in; in != nil {
		in.remove(e)
	}
	t.unindex(e)
	delete(t.m, e.key)
}

// makeRoom evicts the n least recently seen keys that are not waiting,
// never u or a (the claim's own keys); it evicts none and reports false
// when there are fewer than n such keys.
func (t *throttle) makeRoom(now time.Time, n int, u, a *tentry) bool {
	skip := make([]*tentry, 0, 4)
	for _, e := range []*tentry{u, a} {
		if e != nil {
			skip = append(skip, e)
		}
	}
	own := len(skip)
	for range n {
		v := t.oldestNotWaiting(now, skip)
		if v == nil {
			return false
		}
		skip = append(skip, v)
	}
	for _, v := range skip[own:] {
		t.forget(v)
	}
	return true
}

// oldestNotWaiting is the least recently seen key that is not waiting and
// not in skip, or nil. Idle keys never wait; in a wait list the keys whose
// wait has ended come first, so only the first entry of each list outside
// skip is looked at.
func (t *throttle) oldestNotWaiting(now time.Time, skip []*tentry) *tentry {
	var best *tentry
	consider := func(q *tlist, idle bool) {
		e := q.head
		for e != nil && contains(skip, e) {
			t.visits++
			e = e.links[0].next
		}
		if e == nil {
			return
		}
		t.visits++
		if (idle || !now.Before(e.next)) && (best == nil || e.seen.Before(best.seen) || e.seen.Equal(best.seen) && e.order < best.order) {
			best = e
		}
	}
	consider(&t.idle, true)
	for i := range t.waits {
		consider(&t.waits[i], false)
	}
	return best
}

func contains(s []*tentry, e *tentry) bool {
	for _, x := range s {
		if x == e {
			return true
		}
	}
	return false
}

// release takes back a claim whose password was checked and right, or
// never checked (busy): the pair starts afresh, the address gets its
// attempt back. A key whose wait this ends is idle again, seen now.
func (t *throttle) release(user, addr string, success bool, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now = t.tick(now)
	uk, ak := userKey(user, addr), addrKey(addr)
	if a := t.m[ak]; a != nil {
		t.giveBack(a, now)
	}
	u := t.m[uk]
	if u == nil {
		return
	}
	if success {
		t.forget(u)
		return
	}
	t.giveBack(u, now)
}

func (t *throttle) giveBack(e *tentry, now time.Time) {
	if e.fails == 0 {
		return
	}
	e.fails--
	if e.fails < t.free(e) && e.links[0].in != &t.idle {
		e.next, e.seen = time.Time{}, now
		t.place(e, -1)
	}
}

// waiting reports whether some address must wait before trying user again.
// The username's index holds its pair keys set waiting; those whose wait
// has ended leave it as they are met, so a call costs O(1) amortized.
func (t *throttle) waiting(user string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	now = t.tick(now)
	ix := t.users[user]
	if ix == nil {
		return false
	}
	for e := ix.head; e != nil; e = ix.head {
		t.visits++
		if now.Before(e.next) {
			return true
		}
		t.unindex(e)
	}
	return false
}

func userKey(user, addr string) string { return "u\x00" + user + "\x00" + addr }
func addrKey(addr string) string       { return "a\x00" + addr }

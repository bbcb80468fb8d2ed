package centre

import (
	"testing"
	"time"
)

// checkThrottleLists verifies the throttle's structure: every key in
// exactly one list, idle keys not set waiting, each list in order of seen
// (and, for a wait list, of next at its level's delay), the username index
// holding exactly pair keys set waiting.
func checkThrottleLists(t *testing.T, th *throttle, op string) {
	t.Helper()
	inList := 0
	walk := func(q *tlist, level int) {
		var prev *tentry
		for e := q.head; e != nil; e = e.links[0].next {
			inList++
			if e.links[0].in != q || th.m[e.key] != e {
				t.Fatalf("%s: %q in a list it is not linked to, or not in the map", op, e.key)
			}
			if prev != nil && (e.seen.Before(prev.seen) || e.order < prev.order) {
				t.Fatalf("%s: list out of order at %q", op, e.key)
			}
			if level < 0 && (!e.next.IsZero() || e.fails >= th.free(e)) {
				t.Fatalf("%s: idle key %q has %d failures, next %v", op, e.key, e.fails, e.next)
			}
			if level >= 0 {
				if e.fails < th.free(e) {
					t.Fatalf("%s: key %q at level %d with %d failures", op, e.key, level, e.fails)
				}
				if !e.next.Equal(e.seen.Add(th.levelDelay(level))) {
					t.Fatalf("%s: key %q at level %d: next %v is not seen %v + %v", op, e.key, level, e.next, e.seen, th.levelDelay(level))
				}
				if e.pair() && e.links[1].in == nil && th.clock.Before(e.next) {
					t.Fatalf("%s: pair key %q waiting but not indexed", op, e.key)
				}
			}
			prev = e
		}
	}
	walk(&th.idle, -1)
	for i := range th.waits {
		walk(&th.waits[i], i)
	}
	if inList != len(th.m) {
		t.Fatalf("%s: %d keys in lists, %d in the map", op, inList, len(th.m))
	}
	indexed := 0
	for user, ix := range th.users {
		if ix.head == nil {
			t.Fatalf("%s: empty index kept for %q", op, user)
		}
		for e := ix.head; e != nil; e = e.links[1].next {
			indexed++
			if e.links[1].in != ix || !e.pair() || e.user != user || th.m[e.key] != e || e.links[0].in == &th.idle {
				t.Fatalf("%s: index of %q holds %q wrongly", op, user, e.key)
			}
		}
	}
	if indexed > len(th.m) {
		t.Fatalf("%s: %d entries indexed, %d keys", op, indexed, len(th.m))
	}
}

// levelDelay is the delay of wait list i.
func (t *throttle) levelDelay(i int) time.Duration {
	for over := 0; ; over++ {
		if d, lv := t.delay(over); lv >= i {
			return d
		}
	}
}

// The lists and the username index stay consistent through random calls
// (the answers are checked against the model as well).
func TestThrottleListsConsistent(t *testing.T) {
	for seed := range uint64(10) {
		l := LoginLimits{Free: 2, PerAddress: 3, Delay: time.Second, MaxDelay: 8 * time.Second}
		th := newThrottle(l, 6)
		md := &throttleModel{l: l.withDefaults(), keys: 6, m: map[string]*modelKey{}}
		runThrottleOps(t, 100+seed, 2000, th, md, func(op string) { checkThrottleLists(t, th, op) })
	}
}

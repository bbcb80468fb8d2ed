package ratelimit

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// check verifies the limiter's invariants: every key is in exactly one
// list, the lists are linked both ways, and the map is within its bound.
func (l *Limiter) check(t *testing.T) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	seen := 0
	for _, q := range []*list{&l.open, &l.limited} {
		var prev *window
		for w := q.head; w != nil; prev, w = w, w.next {
			if w.in != q || w.prev != prev || l.m[w.key] != w {
				t.Fatalf("key %q: broken list", w.key)
			}
			seen++
		}
		if q.tail != prev {
			t.Fatal("broken tail")
		}
	}
	if seen != len(l.m) || len(l.m) > l.keys {
		t.Fatalf("%d keys listed, %d in the map, bound %d", seen, len(l.m), l.keys)
	}
}

func (l *Limiter) has(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	_, ok := l.m[key]
	return ok
}

// A full table of keys within their limit admits a new key: the key whose
// window started longest ago goes, and comes back with a fresh count.
func TestFullTableAdmitsNewKey(t *testing.T) {
	l := New(3, time.Minute, 100)
	t0 := time.Now()
	for i := 0; i < 100; i++ {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		if !l.AllowAt(fmt.Sprint("k", i), at) || !l.AllowAt(fmt.Sprint("k", i), at) {
			t.Fatalf("key %d refused", i)
		}
	}
	at := t0.Add(time.Second)
	for i := 0; i < 100; i++ {
		if !l.AllowAt(fmt.Sprint("new", i), at) {
			t.Fatalf("new key %d refused by a full table of keys within their limit", i)
		}
		if l.has(fmt.Sprint("k", i)) || (i < 99 && !l.has(fmt.Sprint("k", i+1))) {
			t.Fatalf("new key %d: the oldest key (k%d) must go, and only it", i, i)
		}
	}
	if l.Size() != 100 {
		t.Fatalf("size %d", l.Size())
	}
	l.check(t)
}

// Keys at or over their limit survive a churn of many more fresh keys than
// the table holds while their window lasts, and are free again after it.
func TestLimitedKeysSurviveChurn(t *testing.T) {
	l := New(2, time.Minute, 100)
	t0 := time.Now()
	for i := 0; i < 10; i++ {
		k := fmt.Sprint("bad", i)
		l.AllowAt(k, t0)
		l.AllowAt(k, t0)
		if i%2 == 1 {
			l.AllowAt(k, t0) // over, not only at, its limit
		}
	}
	for i := 0; i < 12000; i++ {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		if !l.AllowAt(fmt.Sprint("fresh", i), at) {
			t.Fatalf("fresh key %d refused", i)
		}
		if l.Size() > 100 {
			t.Fatalf("size %d", l.Size())
		}
	}
	at := t0.Add(59 * time.Second)
	for i := 0; i < 10; i++ {
		if l.AllowAt(fmt.Sprint("bad", i), at) {
			t.Fatalf("bad%d laundered by churn", i)
		}
	}
	l.check(t)
	for i := 0; i < 10; i++ {
		if !l.AllowAt(fmt.Sprint("bad", i), t0.Add(time.Minute)) {
			t.Fatalf("bad%d still limited after its window", i)
		}
	}
	l.check(t)
}

// A table full of keys at or over their limit refuses a new key (and makes
// no key for it) until windows expire.
func TestTableOfLimitedKeysRefuses(t *testing.T) {
	l := New(2, time.Minute, 100)
	t0 := time.Now()
	for i := 0; i < 100; i++ {
		at := t0.Add(time.Duration(i) * time.Millisecond)
		l.AllowAt(fmt.Sprint("k", i), at)
		l.AllowAt(fmt.Sprint("k", i), at)
	}
	at := t0.Add(time.Second)
	for i := 0; i < 3; i++ {
		if l.AllowAt("new", at) {
			t.Fatal("a table full of keys at their limit admitted a new key")
		}
	}
	if l.Size() != 100 || l.has("new") {
		t.Fatalf("size %d", l.Size())
	}
	// one key refunded below its limit is still held until its window
	// expires (no laundering by refunds either)
	l.Refund("k50")
	if l.AllowAt("new", at) {
		t.Fatal("a refunded key in the limited list was evicted")
	}
	// the first window expires: exactly one place
	if !l.AllowAt("new", t0.Add(time.Minute)) {
		t.Fatal("an expired window did not make room")
	}
	if l.has("k0") || !l.has("k1") {
		t.Fatal("expiry: k0 goes, k1 stays")
	}
	// the new key is within its limit: the next new key takes its place
	if !l.AllowAt("new2", t0.Add(time.Minute)) || l.has("new") || !l.has("k1") {
		t.Fatal("new2 must take the place of new, the only open key")
	}
	l.check(t)
	// the other windows expired: new keys are admitted, expired keys go
	// first, the open key of a live window stays
	later := t0.Add(90 * time.Second)
	for i := 0; i < 50; i++ {
		if !l.AllowAt(fmt.Sprint("late", i), later) {
			t.Fatalf("late key %d refused", i)
		}
	}
	if !l.has("new2") || l.Size() != 51 {
		t.Fatalf("an open key went before expired ones (size %d)", l.Size())
	}
	l.check(t)
}

// Lowering the limit makes keys limited at once (they are kept); a key's
// new window puts it back among the open keys, at the back.
func TestEvictionOrder(t *testing.T) {
	l := New(5, time.Minute, 3)
	t0 := time.Now()
	l.AllowAt("a", t0)
	l.AllowAt("b", t0.Add(30*time.Second))
	for i := 0; i < 3; i++ {
		l.AllowAt("c", t0.Add(40*time.Second))
	}
	// a's window starts again: it is now the newest
	l.AllowAt("a", t0.Add(61*time.Second))
	if !l.AllowAt("d", t0.Add(62*time.Second)) || l.has("b") || !l.has("a") || !l.has("c") {
		t.Fatal("b, the oldest window, must go")
	}
	// c at its limit under a lower limit: a goes next (the oldest open
	// window), not c
	l.SetMax(3)
	if !l.AllowAt("e", t0.Add(62*time.Second)) || l.has("a") || !l.has("c") || !l.has("d") {
		t.Fatal("the key at its limit (c) went before the open one (a)")
	}
	// d and e brought to (over) their limit: nothing open is left
	for i := 0; i < 2; i++ {
		l.AllowAt("d", t0.Add(62*time.Second))
		l.AllowAt("e", t0.Add(62*time.Second))
	}
	l.AllowAt("e", t0.Add(62*time.Second))
	if l.AllowAt("f", t0.Add(62*time.Second)) {
		t.Fatal("a table of keys at their limit admitted f")
	}
	// the limit raised: the keys found limited stay so until their windows end
	l.SetMax(5)
	if l.AllowAt("f", t0.Add(62*time.Second)) {
		t.Fatal("a key of the limited list was evicted")
	}
	if !l.AllowAt("f", t0.Add(62*time.Second+time.Minute)) || !l.has("f") {
		t.Fatal("f refused after every window ended")
	}
	l.check(t)
}

// The cost of an event stays flat as the table fills: the entries expiry
// and eviction look at are a bounded multiple of the events, even with a
// full table whose older half is at its limit (the old sweep looked at the
// whole map for every new key).
func TestCostFlat(t *testing.T) {
	const keys = DefaultKeys
	l := New(2, time.Minute, keys)
	t0 := time.Now()
	events := 0
	for i := 0; i < keys; i++ {
		at := t0.Add(time.Duration(i) * time.Microsecond)
		k := fmt.Sprint("k", i)
		l.AllowAt(k, at)
		events++
		if i%2 == 0 {
			l.AllowAt(k, at)
			events++
		}
	}
	if l.visits != 0 {
		t.Fatalf("%d visits before the table was full", l.visits)
	}
	for i := 0; i < 3*keys; i++ {
		at := t0.Add(time.Second + time.Duration(i)*time.Microsecond)
		if !l.AllowAt(fmt.Sprint("fresh", i), at) {
			t.Fatalf("fresh key %d refused", i)
		}
		events++
		if l.visits > 2*events {
			t.Fatalf("after %d events, %d entries visited", events, l.visits)
		}
	}
	// a flood while every key is limited: each refusal looks at nothing
	for i := 0; i < keys; i++ {
		k := fmt.Sprint("x", i)
		l.AllowAt(k, t0.Add(2*time.Second))
		l.AllowAt(k, t0.Add(2*time.Second))
	}
	v := l.visits
	for i := 0; i < 1000; i++ {
		if l.AllowAt(fmt.Sprint("refused", i), t0.Add(3*time.Second)) {
			t.Fatal("a table of keys at their limit admitted a new key")
		}
	}
	if l.visits-v > keys {
		t.Fatalf("1000 refusals visited %d entries", l.visits-v)
	}
	l.check(t)
}

// A single-key limiter (a global cap, booking's codeAll) keeps working:
// one key, counted and reset in place.
func TestSingleKey(t *testing.T) {
	l := New(3, time.Hour, 1)
	t0 := time.Now()
	for i := 0; i < 5; i++ {
		if l.AllowAt("", t0) != (i < 3) {
			t.Fatalf("event %d", i)
		}
	}
	if !l.AllowAt("", t0.Add(time.Hour)) || l.Size() != 1 || l.visits != 0 {
		t.Fatal("the hour did not start again")
	}
}

// Many goroutines at once keep the lists whole (go test -race).
func TestConcurrent(t *testing.T) {
	l := New(3, time.Minute, 50)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				k := fmt.Sprint(g, "-", i%97)
				l.Allow(k)
				if i%3 == 0 {
					l.Refund(k)
				}
				if i%100 == 0 {
					l.SetMax(2 + i%3)
					l.Size()
				}
			}
		}(g)
	}
	wg.Wait()
	l.check(t)
}

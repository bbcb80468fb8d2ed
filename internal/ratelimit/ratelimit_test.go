package ratelimit

import (
	"fmt"
	"testing"
	"time"
)

// The limiter's memory is bounded: past its keys, a new key takes the place
// of the oldest key within its limit, and the keys at their limit keep
// their counts.
func TestLimiterBounded(t *testing.T) {
	l := New(2, time.Minute, 100)
	t0 := time.Now()
	if !l.AllowAt("k1", t0) || !l.AllowAt("k1", t0) || l.AllowAt("k1", t0) {
		t.Fatal("per-key limit of 2")
	}
	for i := 0; i < 300; i++ {
		if !l.AllowAt(fmt.Sprint("k", i+2), t0) {
			t.Fatalf("key %d refused", i+2)
		}
	}
	if l.Size() != 100 {
		t.Fatalf("size %d", l.Size())
	}
	if l.AllowAt("k1", t0) {
		t.Fatal("a key at its limit was forgotten by a flood of fresh keys")
	}
	if !l.AllowAt("fresh", t0.Add(time.Minute)) || l.Size() != 1 {
		t.Fatalf("expired windows not swept: %d", l.Size())
	}
	if !l.AllowAt("k1", t0.Add(time.Minute)) {
		t.Fatal("the window of k1 did not start again")
	}
}

// A key's window starts again after the period; SetMax applies at once.
func TestLimiterWindow(t *testing.T) {
	l := New(1, time.Minute, 10)
	t0 := time.Now()
	if !l.AllowAt("a", t0) || l.AllowAt("a", t0.Add(59*time.Second)) {
		t.Fatal("one per minute")
	}
	if !l.AllowAt("a", t0.Add(time.Minute)) {
		t.Fatal("the window did not start again")
	}
	l.SetMax(3)
	if !l.AllowAt("a", t0.Add(time.Minute)) || !l.AllowAt("a", t0.Add(time.Minute)) || l.AllowAt("a", t0.Add(time.Minute)) {
		t.Fatal("SetMax(3)")
	}
}

func TestLimiterRefund(t *testing.T) {
	l := New(2, time.Minute, 10)
	t0 := time.Now()
	if !l.AllowAt("a", t0) || !l.AllowAt("a", t0) {
		t.Fatal("two allowed")
	}
	l.Refund("a")
	if !l.AllowAt("a", t0) || l.AllowAt("a", t0) {
		t.Fatal("a refunded event is allowed again, once")
	}
	l.Refund("unknown") // no key made
	if l.Size() != 1 {
		t.Fatalf("size %d", l.Size())
	}
	for i := 0; i < 5; i++ {
		l.Refund("a")
	}
	if !l.AllowAt("a", t0) || !l.AllowAt("a", t0) || l.AllowAt("a", t0) {
		t.Fatal("refunds below zero")
	}
}

// A network's share is counted first: one network fills at most its
// share's worth of address keys, and one address's refusals are taken back
// from its network's count.
func TestPair(t *testing.T) {
	p := NewPair(2, time.Minute, 100)
	served := 0
	for i := 0; i < 300; i++ {
		if p.Allow("net-a", fmt.Sprint("addr", i)) {
			served++
		}
	}
	if served != 2*NetFactor || p.Addr.Size() != 2*NetFactor {
		t.Fatalf("one network: served %d, %d address keys, want %d", served, p.Addr.Size(), 2*NetFactor)
	}
	if !p.Allow("net-b", "other") {
		t.Fatal("another network refused")
	}
	for i := 0; i < 50; i++ {
		p.Allow("net-c", "c1")
	}
	if !p.Allow("net-c", "c2") {
		t.Fatal("a neighbour of an address past its limit refused")
	}
	p.SetMax(3)
	if !p.Allow("net-d", "d1") || !p.Allow("net-d", "d1") || !p.Allow("net-d", "d1") || p.Allow("net-d", "d1") {
		t.Fatal("SetMax(3)")
	}
}

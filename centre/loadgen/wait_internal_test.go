package loadgen

import "testing"

// A call made but not recorded (its call-next was cut off by the end of the
// load) must not stand in for a recorded call a board has not received yet.
func TestDeliveryWaitCountsOnlyRecordedCalls(t *testing.T) {
	a, b, extra := idHash("a"), idHash("b"), idHash("late")
	b1 := &board{got: []stamp{{a, 1}, {b, 2}, {extra, 3}}}
	b2 := &board{got: []stamp{{a, 1}, {extra, 3}}}
	w := deliveryWait{want: map[uint64]struct{}{a: {}, b: {}}, boards: []*board{b1, b2}}
	if w.done() {
		t.Fatal("done while board 2 still lacks call b (the unrecorded call was counted)")
	}
	b2.mu.Lock()
	b2.got = append(b2.got, stamp{b, 4})
	b2.mu.Unlock()
	if !w.done() {
		t.Fatalf("not done after every board got every recorded call (matched %d)", w.matched)
	}
}

package centre

import (
	"strings"
	"testing"
)

func TestCoalesceKeepsLastIssuedPerService(t *testing.T) {
	f := func(seq int64, issued string) *frame {
		return &frame{seq: seq, data: []byte{byte('0' + seq)}, issued: issued}
	}
	in := []*frame{f(1, "a"), f(2, "b"), f(3, ""), f(4, "a"), f(5, "a"), f(6, "")}
	var got []string
	for _, d := range coalesce(in, nil) {
		got = append(got, string(d))
	}
	// 1 and 4 are superseded by 5 (same service); calls (no issued) stay.
	if strings.Join(got, "") != "2356" {
		t.Fatalf("coalesce kept %v, want 2 3 5 6", got)
	}
}

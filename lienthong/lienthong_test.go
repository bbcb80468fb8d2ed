package lienthong

import "testing"

// TestAttemptIDs: the portal's ids of hand-over attempts and refusals
// round-trip, the first keeping the id it had before attempts existed;
// ids out of the bound or not canonical do not parse.
func TestAttemptIDs(t *testing.T) {
	const code = "000.00.06.H26-231027-0001"
	for n := 1; n <= MaxAttempts; n++ {
		for _, c := range []struct{ prefix, id string }{{"TK-", HandOverItemID(code, n)}, {"TC-", RefusalItemID(code, n)}} {
			got, k, ok := ParseAttemptID(c.prefix, c.id)
			if !ok || got != code || k != n {
				t.Fatalf("%s: %q %d %v", c.id, got, k, ok)
			}
		}
	}
	if HandOverItemID(code, 1) != "TK-"+code || RefusalItemID(code, 0) != "TC-"+code || HandOverItemID(code, 2) != "TK-"+code+"-2" {
		t.Fatal("ids changed")
	}
	for _, id := range []string{"TK-" + code + "-1", "TK-" + code + "-02", "TK-" + code + "-11", "TK-" + code + "-x", "TC-" + code, "TK-" + code + "-2-2", "TK-"} {
		if _, _, ok := ParseAttemptID("TK-", id); ok {
			t.Errorf("%q parsed", id)
		}
	}
	if Attempt(0) != 1 || Attempt(-3) != 1 || Attempt(4) != 4 {
		t.Fatal("Attempt")
	}
}

package queue

import (
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// TestLoadConfigCleansTexts: a configuration file whose names were typed
// with a bidirectional override, a zero-width space, a tab, decomposed
// (NFD) Vietnamese and a description with CR LF and U+2028 loads with the
// texts cleaned by internal/textrule (NFC, no invisible characters, one
// line for a name, line feeds kept in a description).
func TestLoadConfigCleansTexts(t *testing.T) {
	nfd := norm.NFD.String("Hộ tịch")
	if nfd == "Hộ tịch" {
		t.Fatal("the NFD form should differ")
	}
	toml := "centre_name = \"Bộ phận một cửa\u202e xã Thử\"\nticket_format = \"numeric\"\n" +
		"[[sectors]]\nid = \"tuphap\"\nname = \"Tư pháp\u200b\"\n" +
		"[[services]]\nid = \"hotich\"\nname = \"" + nfd + "\"\nsector = \"tuphap\"\nprefix = \"1001\"\n" +
		"description = \"Khai sinh\\r\\nkết hôn\\u2028khai tử\\u0007\"\n" +
		"[[counters]]\nid = \"q1\"\nnumber = 1\nname = \"Quầy\\t1\\u2066\"\nservices = { hotich = 1 }\n"
	p := filepath.Join(t.TempDir(), "c.toml")
	if err := os.WriteFile(p, []byte(toml), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := LoadConfig(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ got, want string }{
		{c.CentreName, "Bộ phận một cửa xã Thử"},
		{c.Sectors[0].Name, "Tư pháp"},
		{c.Services[0].Name, "Hộ tịch"},
		{c.Services[0].Description, "Khai sinh\nkết hôn\nkhai tử"},
		{c.Counters[0].Name, "Quầy 1"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

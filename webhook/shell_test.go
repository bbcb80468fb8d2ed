package webhook_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/webhook"
)

// The shell example of docs/API.md, run with openssl: it accepts the
// server's signature and refuses one over a changed body.
func TestShellSignatureExample(t *testing.T) {
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl not installed")
	}
	const line = `expected="sha256=$( { printf '%s.' "$TS"; cat body.json; } | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)"` + "\n" +
		`[ "$expected" = "$SIG" ] && echo "chữ ký đúng" || echo "chữ ký SAI"`
	doc, err := os.ReadFile("../docs/API.md")
	if err != nil || !strings.Contains(string(doc), line) {
		t.Fatal("docs/API.md no longer holds the shell example this test runs")
	}
	dir := t.TempDir()
	body := []byte(`{"id":"wh-1-e7","event":"ticket.called","data":{"number":"A012","counter_name":"Quầy 3"}}`)
	const secret = "khoa-bi-mat-cua-tich-hop-0123456789"
	const ts = 1764924612
	sig := webhook.Sign(secret, ts, body)
	for _, c := range []struct {
		body []byte
		want string
	}{{body, "chữ ký đúng"}, {append(body[:len(body)-1:len(body)-1], ' ', '}'), "chữ ký SAI"}} {
		os.WriteFile(filepath.Join(dir, "body.json"), c.body, 0o600)
		cmd := exec.Command("sh", "-c", line)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TS="+strconv.Itoa(ts), "SIG="+sig, "SECRET="+secret)
		out, err := cmd.CombinedOutput()
		if err != nil || strings.TrimSpace(string(out)) != c.want {
			t.Fatalf("shell check: %v %q, want %q", err, out, c.want)
		}
	}
}

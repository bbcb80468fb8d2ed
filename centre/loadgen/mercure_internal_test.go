package loadgen

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// The publisher token is a valid HS256 at+jwt for the hub: the signature
// verifies with the key (and not with another), and the claims name the
// hub as audience and allow publishing on the topic only.
func TestMercureToken(t *testing.T) {
	o := PeerOptions{HubURL: "http://127.0.0.1:1/.well-known/mercure", Key: []byte("k-k-k-k-k-k-k-k-k-k-k-k-k-k-k-k-k"), Issuer: "https://example.com"}
	tok := mercureToken(o, "board")
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("token %q", tok)
	}
	sig := func(key []byte) string {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(parts[0] + "." + parts[1]))
		return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
	}
	if parts[2] != sig(o.Key) || parts[2] == sig([]byte("other")) {
		t.Fatal("signature does not verify with the key")
	}
	var head map[string]string
	var claims struct {
		Iss, Aud string
		Details  []struct {
			Type    string
			Actions []string
			Topics  []struct{ Match string }
		} `json:"authorization_details"`
	}
	for i, v := range []any{&head, &claims} {
		b, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil || json.Unmarshal(b, v) != nil {
			t.Fatalf("part %d: %v %s", i, err, b)
		}
	}
	if head["alg"] != "HS256" || head["typ"] != "at+jwt" {
		t.Errorf("header %v", head)
	}
	if claims.Iss != o.Issuer || claims.Aud != o.HubURL || len(claims.Details) != 1 ||
		claims.Details[0].Actions[0] != "publish" || claims.Details[0].Topics[0].Match != "board" {
		t.Errorf("claims %+v", claims)
	}
}

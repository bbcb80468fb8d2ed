package portal

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/motcua/motcua/qcvn120"
)

// FuzzEnvelopeReader fuzzes the decoder every ingest body goes through
// before anything else: whatever the bytes, it must not panic, must not
// read past the pre-authentication limit without a valid session (or past
// the body limit with one), must not return more items than allowed, and
// what it accepts must decode the same with encoding/json.
func FuzzEnvelopeReader(f *testing.F) {
	for _, seed := range []string{
		`{"session":"ok","madonvi":"000.00.06.H56","service":"DongBoHoSoMC","data":[{"MaHoSo":"x"},{}],"motcua":[{"id":"1","version":"2"},{"id":"2","version":"3"}]}`,
		`{"session":"forged","data":[1,2,3]}`,
		`{"data":[1,2,3],"session":"ok"}`,
		`{"SESSION":"ok","Service":"DongBoDanhGia","data":null}`,
		`[{"MaHoSo":"000.00.06.H56-231027-0001"}]`,
		`{"session":"ok","data":[1],"data":[2]}`,
		`{"session":"ok","x":{"y":[1,{"z":null}]},"data":[]} `,
		`{"session":"ok","data":[]}{}`,
		` [] `, `null`, `{`, `"session"`,
	} {
		f.Add([]byte(seed), false)
		f.Add([]byte(seed), true)
	}
	const preAuth, limit, maxItems = 256, 4096, 8
	f.Fuzz(func(t *testing.T, body []byte, header bool) {
		var sessions int
		er := envelopeReader{Authenticated: header, Limit: limit, MaxItems: maxItems, PreAuth: preAuth,
			Session: func(tok string) error {
				sessions++
				if tok != "ok" {
					return errSession
				}
				return nil
			}}
		counter := &countReader{r: bytes.NewReader(body)}
		env, err := er.read(counter)
		authed := header || env.Session == "ok"
		switch {
		case !header && sessions == 0 && counter.n > preAuth:
			t.Fatalf("read %d bytes with no credentials", counter.n)
		case counter.n > limit:
			t.Fatalf("read %d bytes, limit %d", counter.n, limit)
		}
		if err != nil {
			if errors.Is(err, errNoCredentials) && header {
				t.Fatal("no credentials with an Authorization header")
			}
			return
		}
		if !authed {
			t.Fatalf("accepted without credentials: %+v", env)
		}
		if len(env.Data) > maxItems || len(env.Meta) > maxItems {
			t.Fatalf("%d items, %d meta accepted, max %d", len(env.Data), len(env.Meta), maxItems)
		}
		for _, it := range env.Data {
			if !json.Valid(it) {
				t.Fatalf("invalid item %q", it)
			}
		}
		// Differential: encoding/json reads the same envelope.
		var want qcvn120.Envelope
		trimmed := bytes.TrimSpace(body)
		if len(trimmed) > 0 && trimmed[0] == '[' {
			err = json.Unmarshal(body, &want.Data)
		} else {
			err = json.Unmarshal(body, &want)
		}
		if err != nil {
			t.Fatalf("accepted what encoding/json refuses (%v): %q", err, body)
		}
		if want.Session != env.Session || want.MaDonVi != env.MaDonVi || want.Service != env.Service || len(want.Data) != len(env.Data) || len(want.Meta) != len(env.Meta) {
			t.Fatalf("decoded %+v, encoding/json %+v", env, want)
		}
		for i := range want.Data {
			if !bytes.Equal(want.Data[i], env.Data[i]) {
				t.Fatalf("item %d: %q, encoding/json %q", i, env.Data[i], want.Data[i])
			}
		}
	})
}

type countReader struct {
	r interface{ Read([]byte) (int, error) }
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

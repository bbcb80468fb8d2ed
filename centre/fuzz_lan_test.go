package centre_test

import (
	"bufio"
	"context"
	"encoding/binary"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
)

// wsFrame builds one client frame (masked, as RFC 6455 requires of clients).
func wsFrame(fin bool, op byte, payload []byte) []byte {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	out := []byte{b0}
	switch n := len(payload); {
	case n < 126:
		out = append(out, 0x80|byte(n))
	case n < 1<<16:
		out = append(out, 0x80|126, byte(n>>8), byte(n))
	default:
		out = append(out, 0x80|127)
		out = binary.BigEndian.AppendUint64(out, uint64(n))
	}
	mask := [4]byte{1, 2, 3, 4}
	out = append(out, mask[:]...)
	for i, c := range payload {
		out = append(out, c^mask[i%4])
	}
	return out
}

// FuzzWebSocketFrames writes raw bytes (any framing, valid or not) on an
// upgraded /ws connection, as a hostile client on the LAN could: the server
// must not crash, must let go of the connection once the client leaves (no
// leaked client), and must keep serving others. `go test` runs the seeds;
// `make fuzz` explores.
func FuzzWebSocketFrames(f *testing.F) {
	long := make([]byte, 5000)
	for _, seed := range [][]byte{
		wsFrame(true, 1, []byte(`{"type":"snapshot"}`)),
		wsFrame(true, 2, []byte{0, 1, 2}),
		wsFrame(true, 9, []byte("ping")),
		wsFrame(true, 10, []byte("pong")),
		wsFrame(true, 8, []byte{3, 232}),
		wsFrame(true, 8, []byte{0}),
		wsFrame(false, 1, []byte("frag")),
		append(wsFrame(false, 1, []byte("a")), wsFrame(true, 0, []byte("b"))...),
		wsFrame(true, 0, []byte("orphan continuation")),
		wsFrame(true, 9, long[:200]), // control frame over 125 bytes
		wsFrame(true, 1, long),       // over the 4 KiB read limit
		wsFrame(true, 1, []byte{0xff, 0xfe}),
		wsFrame(true, 3, nil),                                                    // reserved opcode
		{0x81, 0x05, 'h', 'e', 'l', 'l', 'o'},                                    // unmasked
		{0x81, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 2, 3, 4}, // 2^63-1 length
		{0xf1, 0x80, 0, 0, 0, 0},                                                 // RSV bits
		{},
	} {
		f.Add(seed)
	}
	e := newEnv(f, nil)
	addr := strings.TrimPrefix(e.ts.URL, "http://")
	f.Fuzz(func(t *testing.T, data []byte) {
		conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		conn.SetDeadline(time.Now().Add(20 * time.Second))
		fmt.Fprintf(conn, "GET /ws HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"+
			"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer %s\r\n\r\n", addr, e.display)
		br := bufio.NewReader(conn)
		resp, err := http.ReadResponse(br, nil)
		if err != nil || resp.StatusCode != http.StatusSwitchingProtocols {
			t.Fatalf("upgrade: %v %v", err, resp)
		}
		conn.Write(data)
		// Give the server a moment to read and react, then leave.
		conn.SetReadDeadline(time.Now().Add(20 * time.Millisecond))
		buf := make([]byte, 4096)
		for {
			if _, err := br.Read(buf); err != nil {
				break
			}
		}
		conn.Close()
		waitFor(t, "the hub to let go of the connection", func() bool { return e.srv.Hub().Clients() == 0 })
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := e.db.MaxSeq(ctx); err != nil {
			t.Fatal(err)
		}
		if w := e.serve("GET", "/healthz", "", ""); w.Code != 200 {
			t.Fatalf("healthz after the frames: %d", w.Code)
		}
	})
}

// FuzzAPIBodies posts arbitrary bodies to every JSON POST route of the
// centre API with a principal allowed to call it: whatever the body, the
// answer is a success or a JSON refusal, never a 5xx or a crash.
func FuzzAPIBodies(f *testing.F) {
	e := newEnv(f, nil)
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	if err := centre.MountDossiers(e.srv, e.db, e.cfg, centre.DossierOptions{Now: func() time.Time { return now }}); err != nil {
		f.Fatal(err)
	}
	sup := e.login("giamsat", "")
	tk := e.issue("hotich")
	routes := []struct{ path, token string }{
		{"/api/v1/tickets", e.kiosk},
		{"/api/v1/counters/q1/call", sup},
		{"/api/v1/counters/q1/pause", sup},
		{"/api/v1/notice", sup},
		{"/api/v1/devices/state", e.display},
		{"/api/v1/dossiers", sup},
		{"/api/v1/dossiers/appointment", sup},
		{"/api/v1/lookup/dossiers/by-cccd", e.kiosk},
		{"/api/v1/ratings", e.kiosk},
		{"/api/v1/tickets/" + tk.ID + "/transfer", sup},
	}
	for i, s := range []string{
		`{"service":"hotich"}`, `{"ticket_id":"` + tk.ID + `"}`, `{"reason":"họp"}`, `{"text":"Chào mừng"}`, `{"state":"paper_low"}`,
		`{"procedure_code":"1.001193","applicant":{"name":"Nguyễn Văn A"},"components":[{"name":"Tờ khai","originals":1}]}`,
		`{"procedure_code":"1.001193"}`, `{"cccd":"001203004567"}`, `{"ticket_id":"` + tk.ID + `","level":3}`, `{"service":"chungthuc"}`,
		``, `{`, `[]`, `null`, `{"a":` + strings.Repeat("[", 10000), `"` + strings.Repeat("x", 70000) + `"`,
	} {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, idx uint8, body string) {
		r := routes[int(idx)%len(routes)]
		w := e.serve("POST", r.path, r.token, body)
		if w.Code >= 500 {
			t.Fatalf("POST %s %.80q: %d %s", r.path, body, w.Code, w.Body)
		}
		if w.Code >= 400 {
			errorCode(t, w.Body.String())
		}
	})
}

package client

import (
	"testing"

	"github.com/motcua/motcua/queue"
)

// FuzzDecodeFrame feeds the board's frame decoder what a hostile peer on
// the LAN (or a broken proxy) could send in place of the server's frames:
// it must never panic, and delivering what it accepts must never move the
// resume point backwards on an event. `go test` runs the seeds; `make fuzz`
// (go test -fuzz FuzzDecodeFrame) explores.
func FuzzDecodeFrame(f *testing.F) {
	for _, s := range []string{
		`{"type":"snapshot","snapshot":{"seq":9,"centre_name":"x","services":[],"counters":[]}}`,
		`{"type":"event","event":{"seq":10,"kind":"ticket.called","ticket_id":"abc","waiting":{"hotich":2}}}`,
		`[{"type":"event","event":{"seq":11}},{"type":"resumed","seq":11}]`,
		`[]`, `[null]`, `null`, ` [`, `{"type":"event"}`, `{"type":"snapshot"}`, `[{"type":"event","event":{"seq":-1}}]`,
		`{"type":"event","event":{"seq":9223372036854775807}}`, "\xff\xfe", `[[[[[[[[[[]]]]]]]]]]`,
		`{"type":"event","event":{"seq":1,"waiting":{"a":1e400}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		msgs, err := decodeFrame(data)
		if err != nil {
			return
		}
		last := int64(5)
		var h Handler
		h.Event = func(ev queue.Event) {
			if ev.Seq <= 5 {
				t.Fatalf("event %d delivered after 5", ev.Seq)
			}
		}
		for _, m := range msgs {
			before := last
			deliver(m, &last, h)
			if m.Type == "event" && last < before {
				t.Fatalf("event moved the resume point back: %d → %d", before, last)
			}
		}
	})
}

package qcvn120

import (
	"encoding/json"
	"reflect"
	"testing"
)

// The hand-built envelope decodes to what it was made of, empty data stays
// [], and meta is left out when there is none.
func TestEnvelopeMarshal(t *testing.T) {
	for _, e := range []Envelope{
		{Session: "s\"1", MaDonVi: "000.00.06.H26", Service: "DongBoHoSoMC", Data: []json.RawMessage{json.RawMessage(`{"MaHoSo":"x"}`), json.RawMessage(` [1, 2] `)},
			Meta: []ItemMeta{{ID: "7", Version: 2}, {ID: "8", Version: 0}}},
		{Session: "s", Service: "LayThuTuc"},
	} {
		b, err := json.Marshal(e)
		if err != nil || !json.Valid(b) {
			t.Fatalf("marshal %+v: %v %s", e, err, b)
		}
		var back Envelope
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if e.Data == nil {
			if string(b) != `{"session":"s","madonvi":"","service":"LayThuTuc","data":[]}` {
				t.Fatalf("empty envelope: %s", b)
			}
			continue
		}
		if back.Session != e.Session || !reflect.DeepEqual(back.Meta, e.Meta) || len(back.Data) != 2 || string(back.Data[0]) != `{"MaHoSo":"x"}` {
			t.Fatalf("round trip: %s → %+v", b, back)
		}
	}
}

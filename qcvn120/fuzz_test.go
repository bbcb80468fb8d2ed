package qcvn120

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// services in the order the fuzzers index them.
var fuzzServices = []string{SvcDongBoHoSo, SvcCapNhatTienDo, SvcDongBoDanhGia, SvcDongBoThongKe, SvcLayThuTuc, SvcDongBoHoiDap}

// FuzzDecode feeds any bytes as an item of any service: Decode never
// panics, refuses with a *FieldError (or ErrUnknownService), and what it
// accepts survives a round trip — marshalled again, it decodes to a packet
// that marshals to the same bytes (the wire form is stable). The portal runs Decode on every item a centre sends; the sync
// agent on every catalogue entry the portal sends.
func FuzzDecode(f *testing.F) {
	for i, svc := range fuzzServices {
		if b, err := os.ReadFile(filepath.Join("testdata", svc+".golden.json")); err == nil {
			f.Add(uint8(i), b)
		}
	}
	f.Add(uint8(0), []byte(`{"MaHoSo":"000.00.06.H56-231027-0361","NgayTiepNhan":"20231027093200"}`))
	f.Add(uint8(2), []byte(`{"MucDanhGia":"9","ThoiGianDanhGia":"2023-11-03"}`))
	f.Add(uint8(3), []byte(`{"Thang":1e309,"PhanTramXuLyDungHan":"-1"}`))
	f.Add(uint8(4), []byte(`{"CACHTHUCTHUCHIEN":{"KENH":"1","THOIGIAN":[]}}`))
	f.Add(uint8(9), []byte(`null`))
	f.Fuzz(func(t *testing.T, svcIdx uint8, item []byte) {
		svc := "Unknown"
		if int(svcIdx) < len(fuzzServices) {
			svc = fuzzServices[svcIdx]
		}
		p, err := Decode(svc, item)
		if err != nil {
			var fe *FieldError
			if !errors.As(err, &fe) && !errors.Is(err, ErrUnknownService) {
				t.Fatalf("Decode error of an unexpected kind %T: %v", err, err)
			}
			if p != nil {
				t.Fatalf("Decode returned a packet with an error")
			}
			return
		}
		if p.Service() != svc {
			t.Fatalf("Decode(%s) returned a %s", svc, p.Service())
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatalf("an accepted %s does not marshal: %v", svc, err)
		}
		q, err := Decode(svc, again)
		if err != nil {
			t.Fatalf("an accepted %s is refused after a round trip: %v\nin:  %s\nout: %s", svc, err, item, again)
		}
		third, err := json.Marshal(q)
		if err != nil || !bytes.Equal(again, third) {
			t.Fatalf("round trip changed the %s (%v):\n%s\n%s", svc, err, again, third)
		}
	})
}

// FuzzEnvelope reads any bytes as a call envelope and a response: no
// panic, and an envelope that reads writes back (our MarshalJSON, which
// copies items as they are) as valid JSON that reads to the same items.
func FuzzEnvelope(f *testing.F) {
	f.Add([]byte(`{"session":"s","madonvi":"000.00.06.H56","service":"DongBoHoSoMC","data":[{"MaHoSo":"x"}],"motcua":[{"id":"1","version":"2"}]}`))
	f.Add([]byte(`{"service":"LayThuTuc","data":[]}`))
	f.Add([]byte(`{"data":[null,1,"a",[]],"motcua":[{"id":7,"version":7}]}`))
	f.Add([]byte(`{"error_code":1,"message":"m","result":[{"index":0,"error_code":10,"field":"MaHoSo","retryable":false}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var r Response
		_ = json.Unmarshal(b, &r)
		var items []ItemResult
		_ = json.Unmarshal(r.Result, &items)
		var e Envelope
		if json.Unmarshal(b, &e) != nil {
			return
		}
		out, err := e.MarshalJSON()
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		if !json.Valid(out) {
			t.Fatalf("envelope written as invalid JSON: %s", out)
		}
		var back Envelope
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("written envelope does not read: %v\n%s", err, out)
		}
		if back.Session != e.Session || back.MaDonVi != e.MaDonVi || back.Service != e.Service ||
			len(back.Data) != len(e.Data) || !reflect.DeepEqual(back.Meta, e.Meta) && len(e.Meta) > 0 {
			t.Fatalf("envelope changed in a round trip:\n%+v\n%+v", e, back)
		}
		for i := range e.Data {
			var x, y bytes.Buffer
			json.Compact(&x, e.Data[i])
			json.Compact(&y, back.Data[i])
			if len(e.Data[i]) > 0 && !bytes.Equal(x.Bytes(), y.Bytes()) {
				t.Fatalf("item %d changed: %s → %s", i, e.Data[i], back.Data[i])
			}
		}
	})
}

// FuzzWireScalars reads any JSON value as each of the wire scalars (the
// standard sends numbers as strings, and not every sender does): no panic,
// and what reads writes back to something that reads the same.
func FuzzWireScalars(f *testing.F) {
	for _, s := range []string{`"20231027093200"`, `"2023-10-27 09:32:00"`, `"12"`, `12`, `"1.5"`, `"-0"`, `"99.50"`, `null`, `"abc"`, `1e400`, `"9223372036854775808"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if !json.Valid(b) {
			return // encoding/json never hands an invalid value to UnmarshalJSON
		}
		var tm Time
		if tm.UnmarshalJSON(b) == nil {
			out, err := tm.MarshalJSON()
			if err != nil {
				t.Fatalf("Time %s: %v", b, err)
			}
			var again Time
			if err := again.UnmarshalJSON(out); err != nil || !again.Equal(tm.Time) {
				t.Fatalf("Time %s → %s → %v (%v)", b, out, again, err)
			}
		}
		var n Int
		if n.UnmarshalJSON(b) == nil {
			out, _ := n.MarshalJSON()
			var again Int
			if err := again.UnmarshalJSON(out); err != nil || again != n {
				t.Fatalf("Int %s → %s → %v (%v)", b, out, again, err)
			}
		}
		var p Percent
		if p.UnmarshalJSON(b) == nil {
			out, err := json.Marshal(p)
			if err != nil {
				t.Fatalf("Percent %s: %v", b, err)
			}
			var again Percent
			if err := again.UnmarshalJSON(out); err != nil || again != p {
				t.Fatalf("Percent %s → %s → %v (%v)", b, out, again, err)
			}
		}
		var s Str
		if s.UnmarshalJSON(b) == nil {
			out, _ := json.Marshal(s)
			var again Str
			if err := again.UnmarshalJSON(out); err != nil || again != s {
				t.Fatalf("Str %s → %s → %q (%v)", b, out, again, err)
			}
		}
	})
}

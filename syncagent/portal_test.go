package syncagent_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/syncagent"
)

func packet(t *testing.T, service string, edit func(map[string]any)) json.RawMessage {
	t.Helper()
	b, err := readGolden(service)
	must(t, err)
	var m map[string]any
	must(t, json.Unmarshal(b, &m))
	if edit != nil {
		edit(m)
	}
	out, _ := json.Marshal(m)
	return out
}

// readGolden reads the qcvn120 package's sample packet of service.
func readGolden(service string) ([]byte, error) {
	return os.ReadFile("../qcvn120/testdata/" + service + ".golden.json")
}

// PortalClient turns the portal's per-item answers into the agent's three
// outcomes, against a real portal: accepted (applied, duplicate or stale
// alike), retry later, and rejected for good with the portal's reason.
func TestPortalClientMapsItemResults(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	pc := p.client("")
	ag := "000.00.06.H26"
	code := ag + "-231027-0001"
	hoso := func(edit func(map[string]any)) json.RawMessage {
		return packet(t, qcvn120.SvcDongBoHoSo, func(m map[string]any) {
			m["MaHoSo"] = code
			if edit != nil {
				edit(m)
			}
		})
	}
	step := func(code string) json.RawMessage {
		return packet(t, qcvn120.SvcCapNhatTienDo, func(m map[string]any) { m["MaHoSo"] = code })
	}

	// A step for a dossier the portal does not hold yet: retry later.
	res, err := pc.Send(ctx, qcvn120.SvcCapNhatTienDo, []syncagent.Item{{ID: 1, Key: code, Version: 1, Payload: step(code)}})
	must(t, err)
	if len(res) != 1 || res[0].OK || !res[0].Retryable || res[0].Error == "" {
		t.Fatalf("step before its dossier: %+v", res)
	}

	res, err = pc.Send(ctx, qcvn120.SvcDongBoHoSo, []syncagent.Item{
		{ID: 2, Key: code, Version: 2, Payload: hoso(nil)},                                                                 // applied
		{ID: 3, Key: code, Version: 2, Payload: hoso(nil)},                                                                 // duplicate
		{ID: 4, Key: code, Version: 1, Payload: hoso(nil)},                                                                 // stale
		{ID: 5, Key: code, Version: 3, Payload: hoso(func(m map[string]any) { m["TrichYeuHoSo"] = "" })},                   // invalid
		{ID: 6, Key: "x", Version: 1, Payload: hoso(func(m map[string]any) { m["MaHoSo"] = "000.00.07.H26-231027-0001" })}, // another agency
		{ID: 7, Key: code, Version: 4, Payload: json.RawMessage(`{"MaHoSo": 12`)},                                          // not JSON: never reaches the portal
	})
	must(t, err)
	want := []struct {
		ok, retry bool
		err       string
	}{
		{true, false, ""},
		{true, false, ""},
		{true, false, ""},
		{false, false, "code 10: TrichYeuHoSo: "},
		{false, false, "code 11: "},
		{false, false, "outbox payload is not valid JSON"},
	}
	if len(res) != len(want) {
		t.Fatalf("%d results for %d items", len(res), len(want))
	}
	for i, w := range want {
		r := res[i]
		if r.OK != w.ok || r.Retryable != w.retry || (w.err == "" && r.Error != "") || !strings.HasPrefix(r.Error, w.err) {
			t.Errorf("item %d: %+v, want ok=%v retry=%v error %q…", i, r, w.ok, w.retry, w.err)
		}
	}
	// Now the dossier is there, the same step goes in.
	res, err = pc.Send(ctx, qcvn120.SvcCapNhatTienDo, []syncagent.Item{{ID: 1, Key: code, Version: 1, Payload: step(code)}})
	if err != nil || !res[0].OK {
		t.Fatalf("step after its dossier: %+v %v", res, err)
	}
	if d, steps, err := p.st.Dossier(ctx, code); err != nil || d.Version != 2 || len(steps) != 1 {
		t.Fatalf("portal holds %+v, %d steps, %v", d, len(steps), err)
	}
}

// Call-level failures are errors (the agent retries the whole call), never
// per-item rejections that would park every packet.
func TestPortalClientCallErrors(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	item := []syncagent.Item{{ID: 1, Key: "k", Version: 1, Payload: packet(t, qcvn120.SvcDongBoHoSo, nil)}}

	wrong := syncagent.PortalClient{C: client.New(p.url, portalUser, "sai-mat-khau")}
	var ce *client.CallError
	if res, err := wrong.Send(ctx, qcvn120.SvcDongBoHoSo, item); !errors.As(err, &ce) || ce.Code != qcvn120.ErrAuth || res != nil {
		t.Fatalf("wrong password: %v %+v", err, res)
	}
	if _, err := p.client("").Send(ctx, "DichVuLa", item); !errors.As(err, &ce) || ce.Code != qcvn120.ErrService {
		t.Fatalf("unknown service: %v", err)
	}
	other := p.client("")
	other.C.MaDonVi = "000.00.07.H26"
	if _, err := other.Send(ctx, qcvn120.SvcDongBoHoSo, item); !errors.As(err, &ce) || ce.Code != qcvn120.ErrForbidden {
		t.Fatalf("envelope for another agency: %v", err)
	}
	down := syncagent.PortalClient{C: client.New("http://127.0.0.1:1", portalUser, portalPass)}
	if _, err := down.Send(ctx, qcvn120.SvcDongBoHoSo, item); err == nil {
		t.Fatal("portal down: no error")
	}
}

package portal_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/thongke/tally"
)

// TestReportsBesideRollup: on a centre's rollup (JSON and page) the
// monthly DongBoThongKeHoSo it pushed stands beside the portal's own
// figures of the same agency and month: the ward's packet agrees with the
// seeded data set (no difference flagged), the provincial centre's packet
// claims one dossier more than the portal holds (flagged, the figure
// named), the branch sent none for a month with a dossier (flagged), and
// the province's page has no comparison.
func TestReportsBesideRollup(t *testing.T) {
	now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
	e := portaltest.Start(t, "", portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1000, LookupBurst: 1000})
	seedProvince(t, e)
	ward11 := pushReports(t, e)

	var r portal.Rollup
	if st := getJSON(t, e.URL+"/api/v1/thong-ke/tong-hop/"+ward+"?thang=2023-11", &r); st != 200 || len(r.Reports) != 1 {
		t.Fatalf("ward: %d %+v", st, r.Reports)
	}
	if w := r.Reports[0]; w.Agency != ward || w.Month != "2023-11" || !w.Sent || w.Centre != ward11 || w.Portal != ward11 || w.Differs() ||
		w.SentAt != "01:00 01/12/2023" {
		t.Fatalf("ward's comparison: %+v", w)
	}
	r = portal.Rollup{}
	if st := getJSON(t, e.URL+"/api/v1/thong-ke/tong-hop/"+provCentre+"?thang=2023-11", &r); st != 200 {
		t.Fatalf("provincial centre: %d", st)
	}
	if len(r.Reports) != 1 || !r.Reports[0].Differs() || r.Reports[0].Centre.Received != 2 || r.Reports[0].Portal.Received != 1 ||
		!slices.Contains(r.Reports[0].Diff, "Tiếp nhận trong kỳ") || slices.Contains(r.Reports[0].Diff, "Đã giải quyết") {
		t.Fatalf("provincial centre's comparison (its own agency only, not the branch's): %+v", r.Reports)
	}
	r = portal.Rollup{}
	if st := getJSON(t, e.URL+"/api/v1/thong-ke/tong-hop/"+branch+"?thang=2023-11", &r); st != 200 ||
		len(r.Reports) != 1 || r.Reports[0].Sent || !slices.Contains(r.Reports[0].Diff, "Chưa nhận báo cáo của trung tâm") {
		t.Fatalf("branch: %d %+v", st, r.Reports)
	}
	r = portal.Rollup{}
	if getJSON(t, e.URL+"/api/v1/thong-ke/tong-hop?thang=2023-11", &r); len(r.Reports) != 0 {
		t.Fatalf("province: %+v", r.Reports)
	}
	page := func(code string) string {
		resp, err := http.Get(e.URL + "/thong-ke/tong-hop/" + code + "?thang=2023-11")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	if p := page(ward); !strings.Contains(p, "Đối chiếu số liệu trung tâm gửi") || !strings.Contains(p, "Khớp") || strings.Contains(p, "<strong>Chênh lệch") {
		t.Errorf("ward's page:\n%s", p)
	}
	if p := page(provCentre); !strings.Contains(p, "Chênh lệch: Tiếp nhận trong kỳ") {
		t.Errorf("provincial centre's page lacks the flag")
	}
}

// pushReports sends the ward's November 2023 DongBoThongKeHoSo (agreeing
// with seedProvince's data) and the provincial centre's (one dossier too
// many); it returns the ward's figures.
func pushReports(t *testing.T, e *portaltest.Env) tally.Counts {
	t.Helper()
	ctx := context.Background()
	sent := time.Date(2023, 12, 1, 1, 0, 0, 0, qcvn120.Location)
	push := func(c *client.Client, agency string, n tally.Counts) {
		t.Helper()
		p := n.Packet(agency, "Trung tâm "+agency, time.Date(2023, 11, 1, 0, 0, 0, 0, qcvn120.Location))
		res, err := c.SendItems(ctx, qcvn120.SvcDongBoThongKe, []client.Item{{ID: 1, Key: "thongke:" + agency + ":2023-11", Version: sent.UnixMilli(), Payload: raw(t, p)}})
		if err != nil || res.Items[0].ErrorCode != qcvn120.ItemOK {
			t.Fatalf("report of %s: %+v %v", agency, res, err)
		}
	}
	ward11 := tally.Counts{Received: 5, Carried: 1, Resolved: 3, OnTime: 2, Late: 1, Open: 2, OpenOnTime: 1, OpenLate: 1} // wantWard
	push(client.New(e.URL, "c1", "secret1"), ward, ward11)
	push(client.New(e.URL, "c2", "secret2"), provCentre, tally.Counts{Received: 2, Resolved: 1, OnTime: 1, Open: 1, OpenOnTime: 1})
	return ward11
}

package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

func dossier(code string) json.RawMessage {
	b, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.001193", TenTTHC: "Khai sinh", MaLinhVuc: "HT",
		TenLinhVuc: "Hộ tịch", ChuHoSo: "Lê Hà", LoaiDoiTuong: 1, TrichYeuHoSo: "Khai sinh", TrangThaiHoSo: 1, DonViXuLy: "UBND"})
	return b
}

// An expired or foreign session makes the client log in again, once.
func TestReloginOnStaleSession(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	c := New(e.URL, "c1", "secret1")
	c.session = "Zm9v.stale"
	r, err := c.SendItems(context.Background(), qcvn120.SvcDongBoHoSo, []Item{{ID: 1, Version: 1, Payload: dossier("000.00.06.H56-231027-0001")}})
	if err != nil || r.ErrorCode != qcvn120.OK || r.Items[0].Outcome != qcvn120.Applied {
		t.Fatalf("%+v %v", r, err)
	}
	if c.session == "Zm9v.stale" || c.session == "" {
		t.Fatal("session not renewed")
	}
	// The same session works for the catalogue GET API.
	req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/v1/thu-tuc", nil)
	req.Header.Set("Authorization", "Bearer "+c.session)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatal(resp.StatusCode, err)
	}
	resp.Body.Close()
}

func TestWrongPasswordIsCallError(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	_, err := New(e.URL, "c1", "nope").Send(context.Background(), qcvn120.SvcDongBoHoSo, nil)
	var ce *CallError
	if !errors.As(err, &ce) || ce.Code != qcvn120.ErrAuth || ce.Status != http.StatusUnauthorized {
		t.Fatal(err)
	}
}

// A proxy's HTML error page or a dead portal is an error, never a result.
func TestNonPortalAnswers(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "<html>502 Bad Gateway</html>", http.StatusBadGateway)
	}))
	c := New(hs.URL, "c1", "x")
	_, err := c.Send(context.Background(), qcvn120.SvcDongBoHoSo, nil)
	var ce *CallError
	if !errors.As(err, &ce) || ce.Status != http.StatusBadGateway || !ce.Temporary() {
		t.Fatal(err)
	}
	hs.Close()
	if _, err := c.LayThuTuc(context.Background()); err == nil {
		t.Fatal("closed server answered")
	}
}

// A portal that takes fewer items per call than sent answers "too many":
// the client sends halves, remembers what went through, and every item
// gets its own result in order.
func TestTooManyItemsAreSentInHalves(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{MaxItems: 3})
	c := New(e.URL, "c1", "secret1")
	var items []Item
	for i := range 10 {
		items = append(items, Item{ID: int64(i + 1), Version: 1, Payload: dossier(fmt.Sprintf("000.00.06.H56-231027-%04d", i+1))})
	}
	r, err := c.SendItems(context.Background(), qcvn120.SvcDongBoHoSo, items)
	if err != nil || len(r.Items) != 10 {
		t.Fatalf("%+v %v", r, err)
	}
	for i, it := range r.Items {
		if it.ID != strconv.Itoa(i+1) || it.Outcome != qcvn120.Applied {
			t.Fatalf("item %d: %+v", i, it)
		}
	}
	if lim := c.limit.Load(); lim < 1 || lim > 3 {
		t.Fatalf("learned limit %d, the portal takes 3", lim)
	}
	// Sent again: all duplicates now, in order.
	r, err = c.SendItems(context.Background(), qcvn120.SvcDongBoHoSo, items)
	if err != nil || len(r.Items) != 10 || r.Items[9].ID != "10" || r.Items[9].Outcome != qcvn120.Duplicate {
		t.Fatalf("%+v %v", r, err)
	}
}

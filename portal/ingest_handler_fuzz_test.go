package portal_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// FuzzIngestHandler posts fuzzed bodies through the whole ingest handler of
// a real portal on SQLite (authentication, streaming decode, per-item
// validation, the agency rule, the store): no panic, a known status, a
// DVCQG answer, and one result per item when the call is answered 200.
func FuzzIngestHandler(f *testing.F) {
	h, err := json.Marshal(hoso(ag+"-231027-0001", qcvn120.DuocTiepNhan))
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []struct {
		service string
		body    string
		basic   bool
	}{
		{"", `{"service":"DongBoHoSoMC","data":[` + string(h) + `],"motcua":[{"id":"1","version":"1"}]}`, true},
		{"DongBoHoSoMC", `[` + string(h) + `]`, true},
		{"DongBoDanhGia", `[{"MaDanhGia":"a","MaDonVi":"000.00.07.H56","MaHoSo":"000.00.06.H56-231027-0001","MaTTHC":"1.001193","MaCauHoi":"THAIDO","MucDanhGia":"1","ThoiGianDanhGia":"20231027100000"}]`, true},
		{"CapNhatTienDoHoSoMC", `[{"MaHoSo":"000.00.06.H56-231027-0001","NguoiXuLy":"A","ThoiDiemXuLy":"20231027100000","NoiDungXuLy":"x","TrangThai":"4"}]`, true},
		{"", `{"service":"LayThuTuc","data":[{"MATTHC":"1.001193"}]}`, true},
		{"", `{"session":"forged","data":[]}`, false},
		{"DongBoThongKeHoSo", `[{},null,1]`, true},
	} {
		f.Add(seed.service, []byte(seed.body), seed.basic)
	}
	e := portaltest.Start(f, "", portal.Options{MaxItems: 20, MaxBody: 64 << 10})
	f.Fuzz(func(t *testing.T, service string, body []byte, basic bool) {
		path := "/api/v1/ingest"
		if service != "" {
			path += "/" + url.PathEscape(service)
		}
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		if basic {
			req.SetBasicAuth("c1", "secret1")
		}
		rec := httptest.NewRecorder()
		e.Server.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusTemporaryRedirect, http.StatusMovedPermanently:
			return // the mux cleaned the path ("/api/v1/ingest/."): the handler never ran
		case http.StatusOK, http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden,
			http.StatusNotFound, http.StatusMethodNotAllowed, http.StatusRequestEntityTooLarge, http.StatusTooManyRequests:
		default:
			t.Fatalf("status %d for %q: %s", rec.Code, body, rec.Body)
		}
		if rec.Code == http.StatusNotFound || rec.Code == http.StatusMethodNotAllowed {
			return // the path did not reach the handler (a service with a slash)
		}
		var rr qcvn120.Response
		if err := json.Unmarshal(rec.Body.Bytes(), &rr); err != nil {
			t.Fatalf("not a DVCQG answer: %s", rec.Body)
		}
		if !basic && rr.ErrorCode == qcvn120.OK {
			t.Fatalf("accepted without credentials: %q", body)
		}
		if rec.Code != http.StatusOK {
			return
		}
		if rr.ErrorCode != qcvn120.OK && rr.ErrorCode != qcvn120.ErrPartial {
			t.Fatalf("200 with error_code %d", rr.ErrorCode)
		}
		// One result per item (LayThuTuc answers with catalogue entries instead).
		var env qcvn120.Envelope
		if trimmed := bytes.TrimSpace(body); len(trimmed) > 0 && trimmed[0] == '[' {
			err = json.Unmarshal(body, &env.Data)
		} else {
			err = json.Unmarshal(body, &env)
		}
		if err != nil {
			t.Fatalf("answered 200 to a body encoding/json refuses (%v): %q", err, body)
		}
		if service == "" {
			service = env.Service
		}
		var results []json.RawMessage
		if err := json.Unmarshal(rr.Result, &results); err != nil {
			t.Fatalf("result: %v", err)
		}
		if service != qcvn120.SvcLayThuTuc && len(results) != len(env.Data) {
			t.Fatalf("%d results for %d items: %q", len(results), len(env.Data), body)
		}
	})
}

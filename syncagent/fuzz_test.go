package syncagent_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/syncagent"
)

// answerServer is a loopback "portal" that logs in anyone and answers
// every ingest call with the bytes and status the fuzzer chose.
type answerServer struct {
	mu     sync.Mutex
	status int
	body   []byte
	url    string
}

func newAnswerServer(f *testing.F) *answerServer {
	a := &answerServer{}
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/api/v1/login" {
			w.Write([]byte(`{"error_code":0,"session":"s"}`))
			return
		}
		a.mu.Lock()
		status, body := a.status, a.body
		a.mu.Unlock()
		w.WriteHeader(status)
		w.Write(body)
	}))
	f.Cleanup(ts.Close)
	a.url = ts.URL
	return a
}

// FuzzPortalAnswer: whatever the portal (or a proxy in front of it)
// answers, the agent's portal client either reports the call as failed or
// gives exactly one verdict per item — never a panic, never a short list
// that would settle items the portal did not answer for.
func FuzzPortalAnswer(f *testing.F) {
	for _, s := range []string{
		`{"error_code":0,"message":"","result":[{"index":0,"error_code":0},{"index":1,"error_code":0},{"index":2,"error_code":0}]}`,
		`{"error_code":1,"result":[{"index":0,"error_code":10,"field":"MaHoSo"},{"index":1,"error_code":12,"retryable":true},{"index":2,"error_code":0}]}`,
		`{"error_code":7,"message":"too many items"}`,
		`{"error_code":3}`,
		`{"error_code":0,"result":[]}`,
		`{"error_code":0,"result":null}`,
		`<html>502 Bad Gateway</html>`,
		``,
	} {
		f.Add(uint16(200), []byte(s))
	}
	f.Add(uint16(500), []byte(`{"error_code":6,"message":"db down"}`))
	srv := newAnswerServer(f)
	items := []syncagent.Item{
		{ID: 1, Key: "000.00.06.H56-231027-0001", Version: 1, Payload: json.RawMessage(`{"MaHoSo":"000.00.06.H56-231027-0001"}`)},
		{ID: 2, Key: "000.00.06.H56-231027-0002", Version: 1, Payload: json.RawMessage(`{"MaHoSo":"000.00.06.H56-231027-0002"}`)},
		{ID: 3, Key: "000.00.06.H56-231027-0003", Version: 2, Payload: json.RawMessage(`{"MaHoSo":"000.00.06.H56-231027-0003"}`)},
	}
	f.Fuzz(func(t *testing.T, status uint16, body []byte) {
		st := 200 + int(status)%400 // 200..599
		srv.mu.Lock()
		srv.status, srv.body = st, body
		srv.mu.Unlock()
		c := client.New(srv.url, "u", "p")
		c.HTTP.Timeout = 10 * time.Second
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		res, err := syncagent.PortalClient{C: c}.Send(ctx, qcvn120.SvcDongBoHoSo, items)
		if err != nil {
			if res != nil {
				t.Fatalf("a failed call returned verdicts: %+v", res)
			}
			return
		}
		if len(res) != len(items) {
			t.Fatalf("%d verdicts for %d items from %q", len(res), len(items), body)
		}
		for _, r := range res {
			if r.OK && (r.Retryable || r.Error != "") {
				t.Fatalf("contradictory verdict %+v", r)
			}
		}
	})
}

// FuzzCatalogueEntry: a catalogue entry from the portal (LayThuTuc) either
// converts to a valid procedure or is skipped with an error; never a panic,
// never a negative or absurd processing time.
func FuzzCatalogueEntry(f *testing.F) {
	f.Add([]byte(`{"MATTHC":"1.001193","TENTTHC":"Đăng ký khai sinh","CACHTHUCTHUCHIEN":[{"KENH":"1","THOIGIAN":[{"THOIGIANGIAIQUYET":"3","DONVITINH":"Ngày làm việc","PHILEPHI":[{"SOTIEN":"8.000","MOTA":"Lệ phí"}]}]}]}`))
	f.Add([]byte(`{"MATTHC":"1.001193","TENTTHC":"x","CACHTHUCTHUCHIEN":[{"KENH":"1","THOIGIAN":[{"THOIGIANGIAIQUYET":"NaN","DONVITINH":"giờ"}]}]}`))
	f.Add([]byte(`{"MATTHC":"1.001193","TENTTHC":"x","CACHTHUCTHUCHIEN":[{"KENH":"1","THOIGIAN":[{"THOIGIANGIAIQUYET":"1e300","DONVITINH":"ngày"}]}]}`))
	f.Add([]byte(`{"MATTHC":"1.001193","TENTTHC":"x","THANHPHANHOSO":[{"GIAYTO":[{"TENGIAYTO":"a","SOBANCHINH":"-5"}]}],"CACHTHUCTHUCHIEN":[{"KENH":"1","THOIGIAN":[{"THOIGIANGIAIQUYET":"0,5","DONVITINH":"Trong ngày"}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := qcvn120.Decode(qcvn120.SvcLayThuTuc, b)
		if err != nil {
			return
		}
		proc, err := syncagent.FromLayThuTuc(p.(qcvn120.LayThuTuc))
		if err != nil {
			return
		}
		if proc.Time.Amount < 0 || proc.Time.Amount > 10_000 {
			t.Fatalf("procedure %s accepted with processing time %+v", proc.Code, proc.Time)
		}
		if _, err := json.Marshal(proc); err != nil {
			t.Fatalf("accepted procedure does not marshal: %v", err)
		}
	})
}

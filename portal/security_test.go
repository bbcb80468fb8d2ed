package portal_test

// Regression tests of issue 13 (portal items 1, 3, 6 and the
// X-Forwarded-For note): every byte from the network is hostile.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// clientFrom is an HTTP client whose connections come from the loopback
// address ip (127.0.0.2, 127.0.0.3, ...), so the portal sees distinct
// client addresses.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	return &http.Client{Timeout: 90 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 8}}
}

// bigBody is an envelope whose data is one string of n bytes, generated
// as it is read (the test process holds none of it).
func bigBody(n int64) io.Reader {
	return io.MultiReader(strings.NewReader(`{"service":"DongBoHoSoMC","data":["`),
		io.LimitReader(repeatByte('a'), n), strings.NewReader(`"]}`))
}

type repeatByte byte

func (b repeatByte) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// heapPeak samples HeapInuse until stop is called and returns the peak.
func heapPeak() (stop func() uint64) {
	var peak atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	return func() uint64 { close(done); wg.Wait(); return peak.Load() }
}

// countingServer serves e's portal through a handler that counts the
// request body bytes the portal reads.
func countingServer(t *testing.T, e *portaltest.Env) (url string, read *atomic.Int64) {
	read = new(atomic.Int64)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = countingBody{r.Body, read}
		e.Server.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	return hs.URL, read
}

type countingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (c countingBody) Read(p []byte) (int, error) {
	n, err := c.ReadCloser.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func post(t *testing.T, hc *http.Client, url string, body io.Reader, header http.Header) (int, qcvn120.Response) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, body)
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", url, err)
	}
	defer resp.Body.Close()
	var rr qcvn120.Response
	json.NewDecoder(resp.Body).Decode(&rr)
	return resp.StatusCode, rr
}

// Item 1: the caller is authenticated before the body is read; the body is
// read under a realistic limit while it streams.
func TestIngestAuthenticatesBeforeReadingBody(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	url, read := countingServer(t, e)
	hc := clientFrom("127.0.0.1")

	// No credentials at all, 8 MiB: refused having read at most 64 KiB.
	status, rr := post(t, hc, url+"/api/v1/ingest", bigBody(8<<20), nil)
	if status != http.StatusUnauthorized || rr.ErrorCode != qcvn120.ErrAuth {
		t.Fatalf("no credentials: %d %+v", status, rr)
	}
	if n := read.Swap(0); n > 64<<10 {
		t.Fatalf("read %d bytes of an unauthenticated body", n)
	}
	// Wrong HTTP Basic credentials, bare array: refused before any byte.
	h := http.Header{}
	h.Set("Authorization", "Basic "+basic("c1", "wrong"))
	status, _ = post(t, hc, url+"/api/v1/ingest/DongBoHoSoMC", bigBody(8<<20), h)
	if status != http.StatusUnauthorized {
		t.Fatalf("wrong Basic: %d", status)
	}
	if n := read.Swap(0); n != 0 {
		t.Fatalf("read %d bytes before checking Basic credentials", n)
	}
	// A forged session first in the envelope: refused right after it.
	forged := io.MultiReader(strings.NewReader(`{"session":"YzE.forged",`), bigBody(8<<20))
	if status, _ = post(t, hc, url+"/api/v1/ingest", forged, nil); status != http.StatusUnauthorized {
		t.Fatalf("forged session: %d", status)
	}
	if n := read.Swap(0); n > 64<<10 {
		t.Fatalf("read %d bytes after a forged session", n)
	}
	// A real centre with too large a body: 413 at the limit (4 MiB), not after it.
	h.Set("Authorization", "Basic "+basic("c1", "secret1"))
	status, rr = post(t, hc, url+"/api/v1/ingest/DongBoHoSoMC", bigBody(8<<20), h)
	if status != http.StatusRequestEntityTooLarge || rr.ErrorCode != qcvn120.ErrTooLarge {
		t.Fatalf("authenticated 8 MiB: %d %+v", status, rr)
	}
	if n := read.Swap(0); n > 4<<20+64<<10 {
		t.Fatalf("read %d bytes of an oversized body", n)
	}
	// And the same centre's normal call still works.
	c := client.New(url, "c1", "secret1")
	r, err := c.SendItems(context.Background(), qcvn120.SvcDongBoHoSo, []client.Item{item(t, 1, 1, hoso(ag+"-231027-0001", qcvn120.DuocTiepNhan))})
	if err != nil || r.ErrorCode != qcvn120.OK {
		t.Fatalf("%+v %v", r, err)
	}
}

func basic(u, p string) string {
	req, _ := http.NewRequest(http.MethodGet, "/", nil)
	req.SetBasicAuth(u, p)
	_, v, _ := strings.Cut(req.Header.Get("Authorization"), " ")
	return v
}

// Item 1: a few hundred unauthenticated large posts leave the portal
// responsive and its heap bounded.
func TestIngestFloodUnauthenticatedStaysBounded(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	runtime.GC()
	stop := heapPeak()
	const posts, parallel = 240, 16
	var wg sync.WaitGroup
	var refused atomic.Int64
	jobs := make(chan int)
	for w := range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			hc := clientFrom(fmt.Sprintf("127.0.0.%d", 2+w))
			for range jobs {
				req, _ := http.NewRequest(http.MethodPost, e.URL+"/api/v1/ingest", bigBody(16<<20))
				resp, err := hc.Do(req)
				if err != nil {
					continue // the portal may close the connection while we still write
				}
				if resp.StatusCode == http.StatusUnauthorized {
					refused.Add(1)
				}
				resp.Body.Close()
			}
		}()
	}
	// While the flood runs, a centre can still deliver.
	go func() {
		for i := range posts {
			jobs <- i
		}
		close(jobs)
	}()
	c := client.New(e.URL, "c2", "secret2")
	c.HTTP = clientFrom("127.0.0.99")
	for i := range 3 {
		r, err := c.SendItems(context.Background(), qcvn120.SvcDongBoHoSo, []client.Item{item(t, int64(i), 1, hoso(fmt.Sprintf("%s-231027-%04d", other, i), 2))})
		if err != nil || r.ErrorCode != qcvn120.OK {
			t.Fatalf("during the flood: %+v %v", r, err)
		}
	}
	wg.Wait()
	peak := stop()
	t.Logf("peak HeapInuse %d MiB, %d/%d posts answered 401", peak>>20, refused.Load(), posts)
	if peak > 300<<20 {
		t.Fatalf("peak HeapInuse %d MiB under an unauthenticated flood", peak>>20)
	}
	if refused.Load() == 0 {
		t.Fatal("no post was answered 401")
	}
}

// Item 1: a few hundred wrong logins from many addresses: password hashing
// runs a few at a time, the heap stays bounded, a real centre still logs in.
func TestLoginFloodStaysBounded(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	runtime.GC()
	stop := heapPeak()
	const logins, parallel = 240, 32
	var wg sync.WaitGroup
	var codes sync.Map
	jobs := make(chan int)
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				hc := clientFrom(fmt.Sprintf("127.0.%d.%d", 1+i/200, 2+i%200))
				body := fmt.Sprintf(`{"username":"u%d","password":"wrong"}`, i)
				if i%2 == 0 {
					body = fmt.Sprintf(`{"username":"c1","password":"wrong%d"}`, i)
				}
				resp, err := hc.Post(e.URL+"/api/v1/login", "application/json", strings.NewReader(body))
				if err != nil {
					codes.Store(i, err.Error())
					continue
				}
				codes.Store(i, resp.StatusCode)
				resp.Body.Close()
				hc.CloseIdleConnections()
			}
		}()
	}
	go func() {
		for i := range logins {
			jobs <- i
		}
		close(jobs)
	}()
	c := client.New(e.URL, "c2", "secret2")
	c.HTTP = clientFrom("127.0.3.1")
	if err := c.Login(context.Background()); err != nil {
		t.Fatalf("real login during the flood: %v", err)
	}
	wg.Wait()
	peak := stop()
	hist := map[any]int{}
	codes.Range(func(_, v any) bool { hist[v]++; return true })
	t.Logf("peak HeapInuse %d MiB; answers %v", peak>>20, hist)
	if peak > 300<<20 {
		t.Fatalf("peak HeapInuse %d MiB under a login flood", peak>>20)
	}
	for v := range hist {
		if s, ok := v.(int); !ok || (s != http.StatusUnauthorized && s != http.StatusTooManyRequests && s != http.StatusServiceUnavailable) {
			t.Errorf("unexpected answer %v", v)
		}
	}
}

func login(t *testing.T, hc *http.Client, url, user, pass string) int {
	t.Helper()
	resp, err := hc.Post(url+"/api/v1/login", "application/json", strings.NewReader(fmt.Sprintf(`{"username":%q,"password":%q}`, user, pass)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Item 1: logins are rate-limited per client address and per username.
func TestLoginRateLimited(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	// One address trying many usernames.
	hc := clientFrom("127.0.0.2")
	limited := 0
	for i := range 30 {
		if login(t, hc, e.URL, fmt.Sprintf("u%d", i), "x") == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("30 wrong logins from one address, none refused with 429")
	}
	// Another address is not affected.
	if s := login(t, clientFrom("127.0.0.3"), e.URL, "c2", "secret2"); s != http.StatusOK {
		t.Fatalf("another address: %d", s)
	}
	// One username tried from many addresses.
	limited = 0
	for i := range 60 {
		if login(t, clientFrom(fmt.Sprintf("127.0.1.%d", 2+i)), e.URL, "c1", "wrong") == http.StatusTooManyRequests {
			limited++
		}
	}
	if limited == 0 {
		t.Fatal("60 wrong logins for one username, none refused with 429")
	}
}

func metric(t *testing.T, url, name string) string {
	t.Helper()
	_, m := get(t, url+"/metrics")
	for _, line := range strings.Split(m, "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	return ""
}

// Item 1: an unknown username costs a password hash like a known one (so
// timing does not tell them apart), and a provincial proxy's HTTP Basic
// credential is hashed once, not on every call.
func TestPasswordChecks(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	const name = "motcua_portal_password_checks_total"
	hc := clientFrom("127.0.0.2")
	if s := login(t, hc, e.URL, "nobody", "x"); s != http.StatusUnauthorized {
		t.Fatal(s)
	}
	if got := metric(t, e.URL, name); got != "1" {
		t.Fatalf("unknown user: %s = %q, want 1 (a dummy hash)", name, got)
	}
	h := http.Header{}
	h.Set("Authorization", "Basic "+basic("c1", "secret1"))
	for i := range 10 {
		body := raw(t, []any{hoso(fmt.Sprintf("%s-231027-%04d", ag, i), qcvn120.DuocTiepNhan)})
		if status, rr := post(t, hc, e.URL+"/api/v1/ingest/DongBoHoSoMC", bytes.NewReader(body), h); status != http.StatusOK || rr.ErrorCode != qcvn120.OK {
			t.Fatalf("%d %+v", status, rr)
		}
	}
	if got := metric(t, e.URL, name); got != "2" {
		t.Fatalf("10 Basic calls: %s = %q, want 2", name, got)
	}
	// A wrong password for the cached user is still checked (and refused).
	h.Set("Authorization", "Basic "+basic("c1", "secret1x"))
	if status, _ := post(t, hc, e.URL+"/api/v1/ingest/DongBoHoSoMC", strings.NewReader("[]"), h); status != http.StatusUnauthorized {
		t.Fatal(status)
	}
}

// Item 3: a centre sends only for its own agencies, in every packet type:
// MaDonVi (or MADONVI) must be one of its agencies, and a MaHoSo inside
// the item must belong to that same agency.
func TestAgencyRuleEveryPacketType(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	ctx := context.Background()
	c1 := client.New(e.URL, "c1", "secret1") // agencies ag and 000.00.09.H56
	const ag9 = "000.00.09.H56"
	// A dossier of each of c1's agencies, so steps and ratings can name them.
	if r, err := c1.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{item(t, 1, 1, hoso(ag+"-231027-0001", 2)), item(t, 2, 1, hoso(ag9+"-231027-0001", 2))}); err != nil || r.ErrorCode != qcvn120.OK {
		t.Fatalf("%+v %v", r, err)
	}
	step := func(code string) qcvn120.CapNhatTienDoHoSoMC {
		return qcvn120.CapNhatTienDoHoSoMC{MaHoSo: code, NguoiXuLy: "A", ThoiDiemXuLy: vn(2023, 10, 27, 10), NoiDungXuLy: "x", TrangThai: 4}
	}
	n := 0
	rating := func(madonvi, mahoso, matthc string) qcvn120.DongBoDanhGia {
		n++
		return qcvn120.DongBoDanhGia{MaDanhGia: qcvn120.Str(fmt.Sprintf("r%d", n)), MaDonVi: madonvi, MaHoSo: mahoso, MaTTHC: matthc,
			MaCauHoi: "THAIDO", MucDanhGia: 1, ThoiGianDanhGia: vn(2023, 10, 27, 10)}
	}
	report := func(madonvi string) qcvn120.DongBoThongKeHoSo {
		return qcvn120.DongBoThongKeHoSo{MaDonVi: madonvi, TenDonVi: "UBND", Thang: 10, Nam: 2023, LoaiThongKe: "1",
			PhanTramXuLyDungHan: "0.00", PhanTramXuLyTreHan: "0.00", PhanTramChuaXuLyTrongHan: "0.00", PhanTramChuaXuLyTreHan: "0.00"}
	}
	qa := func(madonvi string) qcvn120.DongBoHoiDap {
		return qcvn120.DongBoHoiDap{HOIDAPID: "1", NOIDUNG: "Hỏi đáp", MADONVI: madonvi, TENDONVI: "UBND"}
	}
	for _, tc := range []struct {
		name, service string
		packet        any
		want          string // qcvn120.Applied or "err11:"
	}{
		{"dossier of own agency", qcvn120.SvcDongBoHoSo, hoso(ag+"-231027-0002", 2), qcvn120.Applied},
		{"dossier of another centre's agency", qcvn120.SvcDongBoHoSo, hoso(other+"-231027-0002", 2), "err11:"},
		{"step of own dossier", qcvn120.SvcCapNhatTienDo, step(ag + "-231027-0001"), qcvn120.Applied},
		{"step of another centre's dossier", qcvn120.SvcCapNhatTienDo, step(other + "-231027-0001"), "err11:"},
		{"rating, own agency and dossier", qcvn120.SvcDongBoDanhGia, rating(ag, ag+"-231027-0001", "1.001193"), qcvn120.Applied},
		{"rating, own agency, ticket", qcvn120.SvcDongBoDanhGia, rating(ag, "STT-20231027-A001", ""), qcvn120.Applied},
		{"rating forged for another centre with own dossier", qcvn120.SvcDongBoDanhGia, rating(other, ag+"-231027-0001", "1.001193"), "err11:"},
		{"rating for another centre, ticket", qcvn120.SvcDongBoDanhGia, rating(other, "STT-20231027-A001", ""), "err11:"},
		{"rating naming another centre's dossier", qcvn120.SvcDongBoDanhGia, rating(ag, other+"-231027-0001", "1.001193"), "err11:"},
		{"rating: dossier of own other agency, MaDonVi differs", qcvn120.SvcDongBoDanhGia, rating(ag, ag9+"-231027-0001", "1.001193"), "err11:"},
		{"report of own agency", qcvn120.SvcDongBoThongKe, report(ag), qcvn120.Applied},
		{"report for another centre", qcvn120.SvcDongBoThongKe, report(other), "err11:"},
		{"Q&A of own agency", qcvn120.SvcDongBoHoiDap, qa(ag), qcvn120.Applied},
		{"Q&A for another centre", qcvn120.SvcDongBoHoiDap, qa(other), "err11:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := c1.Send(ctx, tc.service, []json.RawMessage{raw(t, tc.packet)})
			if err != nil {
				t.Fatal(err)
			}
			eq(t, outcomes(r), tc.want)
		})
	}
	// Nothing reached the other centre's statistics.
	status, body := get(t, e.URL+"/api/v1/thong-ke?thang=2023-10")
	var sp portal.StatsPage
	if err := json.Unmarshal([]byte(body), &sp); status != http.StatusOK || err != nil {
		t.Fatal(status, err)
	}
	for _, a := range sp.Agencies {
		if a.Agency == other && (len(a.Ratings) > 0 || a.Received > 0) {
			t.Fatalf("forged figures for %s: %+v", other, a)
		}
	}
	if _, err := e.Store.Reports(ctx, 2023, 10); err != nil {
		t.Fatal(err)
	}
	reps, _ := e.Store.Reports(ctx, 2023, 10)
	for _, rep := range reps {
		if rep.Agency != ag {
			t.Fatalf("report stored for %s", rep.Agency)
		}
	}
}

// Item 6: the public lookup shows the status and a fixed text per status,
// never the officers' free text (which may name people).
func TestPublicLookupHidesFreeText(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{})
	ctx := context.Background()
	c := client.New(e.URL, "c1", "secret1")
	code := ag + "-231027-0042"
	if _, err := c.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{item(t, 1, 1, hoso(code, qcvn120.KhongDuocTiepNhan))}); err != nil {
		t.Fatal(err)
	}
	note := "Từ chối: ông Lê Văn Cường, CCCD 001088004321, SĐT 0987654321 thiếu giấy tờ"
	r, err := c.SendItems(ctx, qcvn120.SvcCapNhatTienDo, []client.Item{item(t, 2, 2, qcvn120.CapNhatTienDoHoSoMC{MaHoSo: code,
		NguoiXuLy: "Trần Thị Bình", ThoiDiemXuLy: vn(2023, 10, 27, 9), NoiDungXuLy: note, TrangThai: qcvn120.KhongDuocTiepNhan,
		PhongBanXuLy: "Tổ của bà Hoa"})})
	if err != nil || r.ErrorCode != qcvn120.OK {
		t.Fatalf("%+v %v", r, err)
	}
	_, js := get(t, e.URL+"/api/v1/tra-cuu/"+code)
	_, page := get(t, e.URL+"/tra-cuu?ma="+code)
	for _, secret := range []string{"Cường", "001088004321", "0987654321", "Từ chối", "Trần Thị Bình", "bà Hoa"} {
		if strings.Contains(js, secret) || strings.Contains(page, secret) {
			t.Errorf("free text %q is public", secret)
		}
	}
	const fixed = "Hồ sơ không được tiếp nhận"
	if !strings.Contains(page, fixed) || !strings.Contains(js, fixed) || !strings.Contains(page, "Không được tiếp nhận") {
		t.Fatalf("the fixed text of the status is missing:\n%s\n%s", js, page)
	}

	// The free text goes back only to a centre of the dossier's agency.
	centreView := func(user, pass, code string) (int, string) {
		req, _ := http.NewRequest(http.MethodGet, e.URL+"/api/v1/ho-so/"+code, nil)
		if user != "" {
			req.SetBasicAuth(user, pass)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if status, body := centreView("c1", "secret1", code); status != http.StatusOK || !strings.Contains(body, "001088004321") || !strings.Contains(body, "Trần Thị Bình") {
		t.Fatalf("owning centre: %d %s", status, body)
	}
	if status, _ := centreView("", "", code); status != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", status)
	}
	// Another centre: the same answer as for a dossier that does not exist.
	s1, b1 := centreView("c2", "secret2", code)
	s2, b2 := centreView("c2", "secret2", other+"-231027-0999")
	if s1 != http.StatusNotFound || s1 != s2 || b1 != b2 || strings.Contains(b1, "Cường") {
		t.Fatalf("other centre: %d %s / missing: %d %s", s1, b1, s2, b2)
	}
}

// X-Forwarded-For behind a trusted proxy: the right-most address the proxy
// did not add itself is the client; what the client wrote to the left is
// ignored, so it cannot dodge the rate limit.
func TestForwardedForRightmostUntrusted(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{TrustedProxies: portal.LoopbackProxies, LookupPerMinute: 1, LookupBurst: 3})
	url := e.URL + "/api/v1/tra-cuu/" + ag + "-231027-0001"
	status := func(xff string) int {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("X-Forwarded-For", xff)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// The client 203.0.113.7 forges a fresh left-most hop every time.
	for i := range 3 {
		if s := status(fmt.Sprintf("10.9.9.%d, 203.0.113.7", i)); s != http.StatusNotFound {
			t.Fatalf("request %d: %d", i, s)
		}
	}
	if s := status("10.9.9.200, 203.0.113.7"); s != http.StatusTooManyRequests {
		t.Fatalf("forged left-most hop dodged the limit: %d", s)
	}
	// Another client behind the same proxy is not limited.
	if s := status("203.0.113.8"); s != http.StatusNotFound {
		t.Fatalf("other client: %d", s)
	}
}

// Second review: the public statistics aggregate a month across all
// centres per call, so they are rate-limited per address like the lookup;
// every answer carries the hardening headers.
func TestPublicStatsRateLimitedAndHeaders(t *testing.T) {
	e := portaltest.Start(t, "", portal.Options{LookupPerMinute: 1, LookupBurst: 3})
	for i := range 3 {
		if status, _ := get(t, e.URL+"/api/v1/thong-ke?thang=2023-10"); status != http.StatusOK {
			t.Fatalf("request %d: %d", i, status)
		}
	}
	if status, body := get(t, e.URL+"/thong-ke?thang=2023-10"); status != http.StatusTooManyRequests || !strings.Contains(body, "quá nhanh") {
		t.Fatalf("%d %s", status, body)
	}
	resp, err := http.Get(e.URL + "/tra-cuu")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for k, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer",
		"Cache-Control": "no-store"} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
}

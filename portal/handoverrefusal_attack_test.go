package portal_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

const refusalPath = "/api/v1/lien-thong/tra-ket-qua/tu-choi"

// rawPost posts body as user:pass (user "" = anonymous) and returns the
// status, the body and the headers that could tell answers apart.
func rawPost(t *testing.T, base, path, user, pass string, body []byte) (int, string) {
	t.Helper()
	req, err := http.NewRequest("POST", base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if user != "" {
		req.SetBasicAuth(user, pass)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, fmt.Sprintf("%s|%s|%s", resp.Header.Get("Content-Type"), resp.Header.Get("Content-Length"), b)
}

// refusalEnv: c1 (agencies 06, 09) forwarded a dossier to 07 (c2) and
// handed its result over; c3 holds agency 08.
func refusalEnv(t *testing.T) (*portaltest.Env, string, portal.HandOverRefusal) {
	t.Helper()
	e := portaltest.Start(t, "", portal.Options{})
	ctx := context.Background()
	hash, err := portal.HashPassword("secret3")
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Store.(interface {
		AddCentre(context.Context, portal.Centre) error
	}).AddCentre(ctx, portal.Centre{Username: "c3", Hash: hash, Agencies: []string{"000.00.08.H56"}}); err != nil {
		t.Fatal(err)
	}
	c1 := client.New(e.URL, "c1", "secret1")
	code := ag + "-231027-0001"
	if _, err := c1.Transfer(ctx, portal.Transfer{MaDonViNhan: other, HoSo: raw(t, hoso(code, 2)), PhienBan: 1}); err != nil {
		t.Fatal(err)
	}
	h := portal.HandOver{MaHoSo: code, MaDonViNhan: other, PhienBan: 4, NoiTra: "Trung tâm phường Tràng Tiền",
		NgayTra: time.Date(2023, 11, 2, 9, 0, 0, 0, qcvn120.Location), NguoiTra: "Nguyễn Thị Hoa", NguoiNhan: "Nguyễn Văn An", DaKiemTraGiayTo: true}
	if _, err := c1.HandOver(ctx, h); err != nil {
		t.Fatal(err)
	}
	x := portal.HandOverRefusal{MaHoSo: code, NoiGiaiQuyet: "Trung tâm tỉnh", MaLyDo: lienthong.RefusalNotResolved,
		LyDo: "Hồ sơ chưa có kết quả giải quyết", ThoiDiem: time.Date(2023, 11, 2, 9, 5, 0, 0, qcvn120.Location)}
	return e, code, x
}

// TestAttackRefusalForgedCentre: who may refuse. Every caller that is not
// the centre the hand-over was queued for — a third centre, the receiving
// centre (which also holds a second agency), a deciding centre naming
// another agency, any centre about a dossier without a hand-over, a dossier
// of an agency nobody holds — gets byte-for-byte the same answer (status,
// type, length, body), so a centre learns nothing of which dossiers were
// forwarded or handed over elsewhere; nothing is queued for anyone, and the
// state route answers them all as for no hand-over.
func TestAttackRefusalForgedCentre(t *testing.T) {
	e, code, x := refusalEnv(t)
	body := func(f func(*portal.HandOverRefusal)) []byte {
		y := x
		f(&y)
		b, _ := json.Marshal(y)
		return b
	}
	same := func(*portal.HandOverRefusal) {}
	none := func(y *portal.HandOverRefusal) { y.MaHoSo = ag + "-231027-0002" }
	cases := []struct {
		name, user, pass string
		body             []byte
	}{
		{"a third centre", "c3", "secret3", body(same)},
		{"a third centre, no hand-over", "c3", "secret3", body(none)},
		{"a third centre naming the deciding agency", "c3", "secret3", body(func(y *portal.HandOverRefusal) { y.MaDonViGiaiQuyet = other })},
		{"the receiving centre", "c1", "secret1", body(same)},
		{"the receiving centre naming its other agency", "c1", "secret1", body(func(y *portal.HandOverRefusal) { y.MaDonViGiaiQuyet = "000.00.09.H56" })},
		{"the receiving centre naming the deciding agency", "c1", "secret1", body(func(y *portal.HandOverRefusal) { y.MaDonViGiaiQuyet = other })},
		{"the deciding centre naming another agency", "c2", "secret2", body(func(y *portal.HandOverRefusal) { y.MaDonViGiaiQuyet = "000.00.08.H56" })},
		{"the deciding centre, no hand-over", "c2", "secret2", body(none)},
		{"the deciding centre, a dossier of nobody's agency", "c2", "secret2", body(func(y *portal.HandOverRefusal) { y.MaHoSo = "000.00.99.H56-231027-0001" })},
		{"the deciding centre, a lower-case code", "c2", "secret2", body(func(y *portal.HandOverRefusal) { y.MaHoSo = strings.ToLower(code) })},
	}
	var first string
	for _, c := range cases {
		st, got := rawPost(t, e.URL, refusalPath, c.user, c.pass, c.body)
		if st == http.StatusOK {
			t.Errorf("%s: refusal taken", c.name)
			continue
		}
		if first == "" {
			first = got
		}
		if got != first && st != http.StatusBadRequest {
			t.Errorf("%s: answered %d %q; another forged caller %q", c.name, st, got, first)
		}
	}
	if !strings.HasPrefix(first, "application/json") {
		t.Fatalf("answer %q", first)
	}
	ctx := context.Background()
	for _, u := range []struct{ user, pass, agency string }{{"c1", "secret1", ag}, {"c1", "secret1", "000.00.09.H56"}, {"c2", "secret2", other}, {"c3", "secret3", "000.00.08.H56"}} {
		items, err := client.New(e.URL, u.user, u.pass).Inbox(ctx, u.agency, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range items {
			if it.Kind == portal.KindHandOverRefusal {
				t.Fatalf("a forged refusal was queued for %s: %+v", u.agency, it)
			}
		}
	}
	// The state route: a third centre reads the same 404 for a dossier
	// handed over elsewhere, one without a hand-over and a malformed code.
	var notFound string
	for _, p := range []string{code, ag + "-231027-0002", "x", strings.Repeat("9", 300)} {
		req, _ := http.NewRequest("GET", e.URL+"/api/v1/lien-thong/tra-ket-qua/"+p, nil)
		req.SetBasicAuth("c3", "secret3")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got := fmt.Sprint(resp.StatusCode, resp.Header.Get("Content-Length"), string(b))
		if notFound == "" {
			notFound = got
		}
		if resp.StatusCode != http.StatusNotFound || got != notFound {
			t.Errorf("state of %q for a third centre: %s; first %s", p, got, notFound)
		}
	}
}

// TestAttackRefusalReplayAndRace: the deciding centre's refusal is taken
// once. 40 concurrent refusals with different reasons (and hand-over
// fields the body tries to rewrite) make one inbound item for the
// receiving agency; every later replay is a duplicate and changes nothing
// the receiving centre reads: the first reason stays, and the hand-over's
// version, date and collector are the portal's, never the body's.
func TestAttackRefusalReplayAndRace(t *testing.T) {
	e, code, x := refusalEnv(t)
	ctx := context.Background()
	c2 := client.New(e.URL, "c2", "secret2")
	// One login first: 40 concurrent first calls would each log in (and
	// meet the per-username login allowance, which is not under test here).
	if _, err := c2.Inbox(ctx, other, 0, 0); err != nil {
		t.Fatal(err)
	}
	const n = 40
	var wg sync.WaitGroup
	var mu sync.Mutex
	outcomes := map[string]int{}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			y := x
			y.LyDo = fmt.Sprintf("Lý do %d", i)
			y.PhienBan, y.NguoiNhan, y.NgayTra = 1000+int64(i), fmt.Sprintf("Kẻ mạo danh %d", i), time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
			r, err := c2.RefuseHandOver(ctx, y)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				outcomes["error: "+err.Error()]++
				return
			}
			outcomes[r.Outcome]++
		}(i)
	}
	wg.Wait()
	if outcomes[qcvn120.Applied] != 1 || outcomes[qcvn120.Duplicate] != n-1 {
		t.Fatalf("outcomes %v", outcomes)
	}
	c1 := client.New(e.URL, "c1", "secret1")
	items, err := c1.Inbox(ctx, ag, 0, 0)
	if err != nil || len(items) != 1 {
		t.Fatalf("inbox %+v %v", items, err)
	}
	var got portal.HandOverRefusal
	if err := json.Unmarshal(items[0].NoiDung, &got); err != nil {
		t.Fatal(err)
	}
	if got.PhienBan != 4 || got.NguoiNhan != "Nguyễn Văn An" || got.NgayTra.Year() != 2023 || got.MaDonViGiaiQuyet != other {
		t.Fatalf("the body rewrote the hand-over's fields: %+v", got)
	}
	// Replays later, with another reason: nothing the receiving centre reads changes.
	for i := 0; i < 5; i++ {
		y := x
		y.LyDo = "Thay đổi sau"
		if r, err := c2.RefuseHandOver(ctx, y); err != nil || r.Outcome != qcvn120.Duplicate {
			t.Fatalf("replay %d: %+v %v", i, r, err)
		}
	}
	again, err := c1.Inbox(ctx, ag, 0, 0)
	if err != nil || len(again) != 1 || !bytes.Equal(again[0].NoiDung, items[0].NoiDung) || again[0].Seq != items[0].Seq {
		t.Fatalf("a replay changed the queued refusal: %+v %v", again, err)
	}
	st, err := c1.HandOverState(ctx, code)
	if err != nil || st.TuChoi == nil || st.TuChoi.LyDo != got.LyDo {
		t.Fatalf("state %+v %v", st, err)
	}
}

// TestAttackRefusalAuthBeforeBody: an anonymous caller, a wrong password
// and a forged bearer session announce a 100 MB body and send 1 KiB: the
// portal answers 401 at once, without waiting for (or reading) the rest.
// An authenticated body over 4 KiB is cut at 413, a body of exactly the
// limit is read, and hostile shapes (deep nesting, trailing data, a second
// object, NUL, wrong types) are 400 and queue nothing.
func TestAttackRefusalAuthBeforeBody(t *testing.T) {
	e, _, x := refusalEnv(t)
	addr := strings.TrimPrefix(e.URL, "http://")
	for _, auth := range []string{"", "Authorization: Basic " + basic("c2", "wrong") + "\r\n", "Authorization: Bearer c2|9999999999|forged\r\n"} {
		conn, err := net.DialTimeout("tcp", addr, 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn.SetDeadline(time.Now().Add(30 * time.Second))
		fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\n%sContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n", refusalPath, auth)
		_, _ = conn.Write(bytes.Repeat([]byte("{"), 1024))
		resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
		if err != nil {
			t.Fatalf("no answer before the body (%q): %v", auth, err)
		}
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%q: %d", auth, resp.StatusCode)
		}
		conn.Close()
	}

	valid, _ := json.Marshal(x)
	pad := func(n int) []byte { // valid JSON of exactly n bytes (spaces after the object)
		return append(append([]byte(nil), valid...), bytes.Repeat([]byte(" "), n-len(valid))...)
	}
	for _, c := range []struct {
		name   string
		body   []byte
		status int
	}{
		{"deep nesting", []byte(strings.Repeat("[", 3000)), http.StatusBadRequest},
		{"trailing data", append(append([]byte(nil), valid...), []byte(`{"x":1}`)...), http.StatusBadRequest},
		{"an array", []byte(`[` + string(valid) + `]`), http.StatusBadRequest},
		{"NUL in the reason", bytes.Replace(valid, []byte("Hồ sơ"), []byte(`Hồ\u0000sơ`), 1), http.StatusBadRequest},
		{"a number for the reason", bytes.Replace(valid, []byte(`"Hồ sơ chưa có kết quả giải quyết"`), []byte(`12`), 1), http.StatusBadRequest},
		{"over 4 KiB", pad(portal.MaxHandOverRefusalBytes + 1), http.StatusRequestEntityTooLarge},
		{"1 MiB", pad(1 << 20), http.StatusRequestEntityTooLarge},
	} {
		if st, got := rawPost(t, e.URL, refusalPath, "c2", "secret2", c.body); st != c.status {
			t.Errorf("%s: %d %s", c.name, st, got)
		}
	}
	items, err := client.New(e.URL, "c1", "secret1").Inbox(context.Background(), ag, 0, 0)
	if err != nil || len(items) != 0 {
		t.Fatalf("hostile bodies queued: %+v %v", items, err)
	}
	if st, got := rawPost(t, e.URL, refusalPath, "c2", "secret2", pad(portal.MaxHandOverRefusalBytes)); st != http.StatusOK {
		t.Fatalf("a body of exactly the limit: %d %s", st, got)
	}
}

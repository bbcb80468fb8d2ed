package syncagent_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	portalstore "github.com/motcua/motcua/portal/store"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

const (
	portalUser = "trungtam-hk"
	portalPass = "mat-khau-dong-bo"
	officerPw  = centretest.Password
)

var quiet = slog.New(slog.DiscardHandler)

// centreEnv is a real centre server (queue + dossier API) on a loopback
// listener over a real SQLite file.
type centreEnv struct {
	srv   *centre.Server
	cfg   *queue.Config
	db    *store.DB
	path  string
	url   string
	token string // an officer's session token
}

// newCentre starts a centre on a fresh database file. now may be nil (wall clock).
func newCentre(t testing.TB, now func() time.Time) *centreEnv {
	t.Helper()
	c := &centreEnv{}
	ce := centretest.Start(t, centretest.Options{
		Dossiers: &centre.DossierOptions{Now: now},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Nguyễn Văn An"}},
		Mount:    func(m centretest.Mount) error { c.db = m.DB; return nil },
	})
	c.srv, c.cfg, c.path, c.url = ce.Server, ce.Cfg, ce.DBPath, ce.URL
	c.token = ce.Login(context.Background(), "canbo1", "q1").Token()
	return c
}

// do calls the centre API; safe from several goroutines (t.Fatal is not
// called here).
func (c *centreEnv) do(t testing.TB, method, path, body string, out any) (int, string) {
	req, err := http.NewRequest(method, c.url+path, bytes.NewBufferString(body))
	if err != nil {
		return 0, err.Error()
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return 0, err.Error()
		}
	}
	return resp.StatusCode, string(b)
}

const receiveBody = `{"procedure_code":"1.001193",
 "applicant":{"name":%q,"id_number":"001099012345","address":"Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội","phone":"0912345678"},
 "components":[{"name":"Tờ khai đăng ký khai sinh","originals":1},{"name":"Giấy chứng sinh","originals":1}],
 "fees":[{"name":"Lệ phí đăng ký khai sinh","amount":0}]}`

// receive takes a dossier in at the counter and returns its code.
func (c *centreEnv) receive(name string) (string, error) {
	var v centre.DossierView
	st, body := c.do(nil, "POST", "/api/v1/dossiers", fmt.Sprintf(receiveBody, name), &v)
	if st != 201 {
		return "", fmt.Errorf("receive: %d %s", st, body)
	}
	return v.Dossier.Code, nil
}

// lifecycle is the order of actions the tests walk a dossier through.
var lifecycle = []struct{ action, body string }{
	{"start-processing", `{}`},
	{"request-supplement", `{"missing":["Bản sao giấy chứng nhận kết hôn của cha mẹ"],"reason":"Thiếu giấy tờ chứng minh quan hệ"}`},
	{"supplement", `{}`},
	{"resolve", `{"result":"Giấy khai sinh"}`},
	{"return", `{"collected_by":"Nguyễn Văn An","id_checked":true}`},
}

// act applies step i of lifecycle to code.
func (c *centreEnv) act(code string, i int) error {
	s := lifecycle[i]
	st, body := c.do(nil, "POST", "/api/v1/dossiers/"+code+"/"+s.action, s.body, nil)
	if st != 200 {
		return fmt.Errorf("%s %s: %d %s", code, s.action, st, body)
	}
	return nil
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// portalEnv is a real portal on a loopback listener over SQLite.
type portalEnv struct {
	st   portal.Store
	path string
	url  string
}

func newPortal(t testing.TB) *portalEnv {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "portal.db")
	st, err := portalstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	h, err := portal.HashPassword(portalPass)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.AddCentre(ctx, portal.Centre{Username: portalUser, Hash: h, Agencies: []string{queue.DemoConfig().AgencyCode}}); err != nil {
		t.Fatal(err)
	}
	srv, err := portal.New(ctx, st, portal.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return &portalEnv{st: st, path: path, url: ts.URL}
}

func (p *portalEnv) client(url string) syncagent.PortalClient {
	if url == "" {
		url = p.url
	}
	c := client.New(url, portalUser, portalPass)
	c.MaDonVi = queue.DemoConfig().AgencyCode
	return syncagent.PortalClient{C: c}
}

// count runs a count query on the portal's database file.
func (p *portalEnv) count(t testing.TB, query string) int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+p.path+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// drain runs rounds until one settles nothing; it fails on a round error.
func drain(t testing.TB, a *syncagent.Agent) int {
	t.Helper()
	total := 0
	for range 1000 {
		n, err := a.Once(context.Background())
		if err != nil {
			t.Fatalf("round: %v", err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
	t.Fatal("outbox never drained")
	return total
}

type storedDossier struct {
	Dossier dossier.Dossier `json:"dossier"`
}

// centreDossiers reads every dossier of the centre with its row version.
func centreDossiers(t testing.TB, db *store.DB) map[string]store.DossierRow {
	t.Helper()
	rows, err := db.DossiersReceivedBefore(context.Background(), time.Now().Add(100*365*24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.DossierRow{}
	for _, r := range rows {
		out[r.Code] = r
	}
	return out
}

// lastPacket is the newest DongBoHoSoMC payload the centre queued for code.
func lastPacket(t testing.TB, db *store.DB, code string) qcvn120.DongBoHoSoMC {
	t.Helper()
	var p string
	err := db.Read().QueryRow(`SELECT payload FROM outbox WHERE key=? AND service=? ORDER BY id DESC LIMIT 1`, code, qcvn120.SvcDongBoHoSo).Scan(&p)
	if err != nil {
		t.Fatalf("outbox of %s: %v", code, err)
	}
	var x qcvn120.DongBoHoSoMC
	must(t, json.Unmarshal([]byte(p), &x))
	return x
}

// sameAsCentre checks, field by field, that the portal holds exactly what
// the centre holds: every dossier at its current version with its status,
// dates and packet, every progress step once and in order, nothing else.
func sameAsCentre(t testing.TB, db *store.DB, p *portalEnv) {
	t.Helper()
	ctx := context.Background()
	rows := centreDossiers(t, db)
	codes := make([]string, 0, len(rows))
	for c := range rows {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	steps := 0
	for _, code := range codes {
		row := rows[code]
		var sd storedDossier
		must(t, json.Unmarshal(row.Doc, &sd))
		d := sd.Dossier
		got, gotSteps, err := p.st.Dossier(ctx, code)
		if err != nil {
			t.Fatalf("portal dossier %s: %v", code, err)
		}
		if got.Version != row.Version || got.Status != int(d.Status) {
			t.Errorf("%s: portal version %d status %d, centre version %d status %d", code, got.Version, got.Status, row.Version, d.Status)
		}
		if !got.NgayHenTra.Equal(d.AppointmentAt.Truncate(time.Second)) || !got.NgayTiepNhan.Equal(d.ReceivedAt.Truncate(time.Second)) {
			t.Errorf("%s: portal dates %v/%v, centre %v/%v", code, got.NgayTiepNhan, got.NgayHenTra, d.ReceivedAt, d.AppointmentAt)
		}
		var doc qcvn120.DongBoHoSoMC
		must(t, json.Unmarshal(got.Doc, &doc))
		if want := lastPacket(t, db, code); !reflect.DeepEqual(doc, want) {
			t.Errorf("%s: portal packet differs from the centre's last packet\n got %+v\nwant %+v", code, doc, want)
		}
		var hist []dossier.Event
		for _, ev := range d.History {
			if ev.To != dossier.Draft && ev.To != dossier.StatusSubmitted {
				hist = append(hist, ev)
			}
		}
		steps += len(hist)
		if len(gotSteps) != len(hist) {
			t.Errorf("%s: portal has %d steps, centre history %d", code, len(gotSteps), len(hist))
			continue
		}
		for i, ev := range hist {
			s := gotSteps[i]
			note := ev.Note
			if note == "" {
				note = ev.To.Label()
			}
			if !s.At.Equal(ev.At.Truncate(time.Second)) || s.Status != int(ev.To) || s.NoiDung != note || s.Version != int64(i+1) {
				t.Errorf("%s step %d: portal {%v %d %q v%d}, centre {%v %d %q v%d}", code, i, s.At, s.Status, s.NoiDung, s.Version,
					ev.At, ev.To, note, i+1)
			}
		}
	}
	if n := p.count(t, `SELECT count(*) FROM dossiers`); n != len(codes) {
		t.Errorf("portal holds %d dossiers, centre %d", n, len(codes))
	}
	if n := p.count(t, `SELECT count(*) FROM steps`); n != steps {
		t.Errorf("portal holds %d steps, centre history %d", n, steps)
	}
}

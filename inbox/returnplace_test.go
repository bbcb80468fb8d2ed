package inbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

const landAgency = "000.10.00.H26" // Văn phòng Đăng ký đất đai Hà Nội, decided at the provincial centre

// startCentre runs a centre with cfg (queue, dossiers, inbox) on loopback
// over a real SQLite file, with canbo1 signed in at q1 and a kiosk token.
func startCentre(t *testing.T, cfg *queue.Config) (*env, string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	srv, err := centre.New(ctx, centre.Options{Config: cfg, DB: db, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	if err := centre.MountDossiers(srv, db, cfg, centre.DossierOptions{}); err != nil {
		t.Fatal(err)
	}
	in, err := inbox.Mount(srv, db, inbox.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(func() { ts.CloseClientConnections(); ts.Close(); cancel(); db.Close() })
	hash, _ := bcrypt.GenerateFromPassword([]byte("matkhau123"), bcrypt.MinCost)
	kiosk := centre.NewToken()
	if err := db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutDevice(store.Device{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}, store.HashToken(kiosk)); err != nil {
			return err
		}
		return tx.PutOfficer(store.Officer{Username: "canbo1", FullName: "Cán bộ một", Role: "officer", PasswordHash: string(hash)})
	}); err != nil {
		t.Fatal(err)
	}
	e := &env{db: db, url: ts.URL, token: map[string]string{}, in: in}
	var out struct{ Token string }
	if st, b := e.do(t, "", "POST", "/api/v1/login", `{"username":"canbo1","password":"matkhau123","counter":"q1"}`, &out); st != 200 {
		t.Fatalf("login: %d %s", st, b)
	}
	e.token["canbo1"], e.token["kiosk"] = out.Token, kiosk
	return e, kiosk
}

// deliver hands the transfers A queued to B's inbox, as A's agent, the
// portal and B's agent do (the portal adds the sending agency).
func deliver(t *testing.T, a, b *env) {
	t.Helper()
	ctx := context.Background()
	items, err := a.db.OutboxAfter(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var rows []store.InboxItem
	for _, it := range items {
		if it.Service != portal.SvcTransfer {
			continue
		}
		var tr portal.Transfer
		if err := json.Unmarshal(it.Payload, &tr); err != nil {
			t.Fatal(err)
		}
		doc, _ := json.Marshal(struct {
			portal.Transfer
			TuDonVi string `json:"tu_don_vi"`
		}{tr, queue.DemoConfig().AgencyCode})
		rows = append(rows, store.InboxItem{PortalID: "LT-" + it.Key, Seq: int64(len(rows) + 1), Kind: portal.KindTransfer, Doc: doc})
	}
	if len(rows) == 0 {
		t.Fatal("A queued no transfer")
	}
	if err := b.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(landAgency, rows, int64(len(rows)))
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestReturnPlaceCarriedAndShown (issue 16): where the result is returned
// is chosen at reception and stored with the dossier (its document and the
// return_place column of migration 0007); it rides the liên thông transfer
// to the deciding centre, whose inbox and working copy show it, and both
// centres' kiosk lookups say where to collect. "At the deciding centre" is
// refused for a dossier this centre decides itself; by post names the
// address given.
func TestReturnPlaceCarriedAndShown(t *testing.T) {
	wardCfg := queue.DemoConfig()
	for i := range wardCfg.Agencies {
		if wardCfg.Agencies[i].Code == landAgency {
			wardCfg.Agencies[i].Forward = true
		}
	}
	a, _ := startCentre(t, wardCfg)
	b, _ := startCentre(t, queue.DemoProvinceConfig())
	ctx := context.Background()
	receive := func(proc, place, addr string) (int, centre.DossierView, string) {
		var v centre.DossierView
		body := fmt.Sprintf(`{"procedure_code":%q,"applicant":{"name":"Vũ Thị Hạnh","address":"Số 3 Hàng Khay, phường Hoàn Kiếm"},
		 "components":[{"name":"Đơn đăng ký","originals":1}],"return_place":%q,"return_address":%q}`, proc, place, addr)
		st, raw := a.do(t, "canbo1", "POST", "/api/v1/dossiers", body, &v)
		return st, v, raw
	}
	column := func(db *store.DB, code string) string {
		var s string
		if err := db.Read().QueryRowContext(ctx, `SELECT return_place FROM dossiers WHERE code = ?`, code).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	lookup := func(e *env, code string) centre.PublicDossier {
		var pub centre.PublicDossier
		if st, raw := e.do(t, "kiosk", "GET", "/api/v1/lookup/dossiers/"+code, "", &pub); st != 200 {
			t.Fatalf("kiosk lookup: %d %s", st, raw)
		}
		return pub
	}

	// Decided here (civil status): "at the deciding centre" makes no sense.
	if st, _, raw := receive("1.001193", "noi_giai_quyet", ""); st != 400 || !strings.Contains(raw, "nơi tiếp nhận hoặc qua bưu chính") {
		t.Fatalf("deciding place for a dossier decided here: %d %s", st, raw)
	}
	if st, _, raw := receive("1.001193", "o_nha", ""); st != 400 {
		t.Fatalf("unknown place: %d %s", st, raw)
	}
	// By post, to an address other than the applicant's.
	st, post, raw := receive("1.001193", "buu_chinh", "Hộp thư 12, Bưu cục Hàng Trống")
	if st != 201 || post.Dossier.ReturnPlace != dossier.PlacePost || post.Dossier.ReturnMethod != dossier.ReturnByPost ||
		!strings.HasSuffix(post.Receipt.ReturnPlace, "Hộp thư 12, Bưu cục Hàng Trống") {
		t.Fatalf("by post: %d %+v %s", st, post.Receipt.ReturnPlace, raw)
	}
	if c := column(a.db, post.Dossier.Code); c != "buu_chinh" {
		t.Fatalf("return_place column %q", c)
	}
	// The kiosk says "by post" with the portal's sentence, never the
	// address (anyone may type a code).
	if pub := lookup(a, post.Dossier.Code); pub.Collect != dossier.PublicPostText || strings.Contains(pub.Collect, "Hộp thư") {
		t.Fatalf("kiosk says %q", pub.Collect)
	}

	// Land registration, decided at the provincial centre: collected there.
	st, land, raw := receive("1.012789", "noi_giai_quyet", "")
	if st != 201 || land.TransferTo != landAgency || land.Dossier.Place() != dossier.PlaceDeciding {
		t.Fatalf("forwarded: %d %s", st, raw)
	}
	if !strings.Contains(land.Receipt.ReturnPlace, "nơi giải quyết") || !strings.Contains(land.Receipt.ReturnPlace, "Văn phòng Đăng ký đất đai Hà Nội") {
		t.Fatalf("receipt return place %q", land.Receipt.ReturnPlace)
	}
	if c := column(a.db, land.Dossier.Code); c != "noi_giai_quyet" {
		t.Fatalf("return_place column at A %q", c)
	}
	// A second land dossier, by post to another address.
	st, posted, raw := receive("1.012789", "buu_chinh", "Hộp thư 12, Bưu cục Hàng Trống")
	if st != 201 || posted.TransferTo != landAgency {
		t.Fatalf("forwarded by post: %d %s", st, raw)
	}
	deliver(t, a, b)
	var l struct{ Items []inbox.Item }
	if st, raw := b.do(t, "canbo1", "GET", "/api/v1/inbox", "", &l); st != 200 || len(l.Items) != 2 {
		t.Fatalf("B's inbox: %d %s", st, raw)
	}
	byCode := map[string]inbox.Item{}
	for _, it := range l.Items {
		if it.Transfer == nil {
			t.Fatalf("not a transfer: %+v", it)
		}
		byCode[it.Transfer.MaHoSo] = it
	}
	item := byCode[land.Dossier.Code]
	if got := item.Transfer.TraKetQuaTai; got != "noi_giai_quyet" || item.Transfer.DiaChiNhan != "" {
		t.Fatalf("transfer carries tra_ket_qua_tai %q, address %q", got, item.Transfer.DiaChiNhan)
	}
	if p := byCode[posted.Dossier.Code].Transfer; p.TraKetQuaTai != "buu_chinh" || p.DiaChiNhan != "Hộp thư 12, Bưu cục Hàng Trống" {
		t.Fatalf("posted transfer: %q to %q", p.TraKetQuaTai, p.DiaChiNhan)
	}
	var atB centre.DossierView
	if st, raw := b.do(t, "canbo1", "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", item.ID), "", &atB); st != 201 {
		t.Fatalf("accept at B: %d %s", st, raw)
	}
	if atB.Dossier.ReturnPlace != dossier.PlaceDeciding || atB.Dossier.ReceivingCentre != wardCfg.CentreName {
		t.Fatalf("B's copy: place %q receiving centre %q", atB.Dossier.ReturnPlace, atB.Dossier.ReceivingCentre)
	}
	if c := column(b.db, land.Dossier.Code); c != "noi_giai_quyet" {
		t.Fatalf("return_place column at B %q", c)
	}
	for name, e := range map[string]*env{"A": a, "B": b} {
		if pub := lookup(e, land.Dossier.Code); !strings.Contains(pub.Collect, "nơi giải quyết") || !strings.Contains(pub.Collect, "Văn phòng Đăng ký đất đai") {
			t.Errorf("%s's kiosk says %q", name, pub.Collect)
		}
	}
}

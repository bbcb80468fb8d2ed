package inbox_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// TestAttackInboxOtherField: an officer of the civil-status field (canbo1
// at q1) tries to reach the land field's items by every inbox route after
// their own officer has decided some of them: lists in every state
// (new, accepted, returned, all, and unknown or repeated status values,
// paging cursors at and next to another field's items), whose counts must
// all be 0,
// the item by its id spelled other ways (+id, leading zeros), accept with
// and without a body, return. A land dossier forwarded by another centre
// (liên thông, with the postal address chosen there) is in the land field
// too.
// Every answer equals the answer for an id that does not exist; nothing is
// counted, decided or shown (no name, ID number, phone or address).
func TestAttackInboxOtherField(t *testing.T) {
	ctx := context.Background()
	e := &env{token: map[string]string{}}
	var cfg *queue.Config
	c := centretest.Start(t, centretest.Options{
		Dossiers: &centre.DossierOptions{},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Cán bộ hộ tịch"}, {Username: "canbo4", FullName: "Cán bộ đất đai"}},
		Mount: func(m centretest.Mount) error {
			e.db, cfg = m.DB, m.Config
			_, err := inbox.Mount(m.Server, m.DB, inbox.Options{})
			return err
		},
	})
	e.url = c.URL
	e.token["canbo1"] = c.Login(ctx, "canbo1", "q1").Token()
	e.token["canbo4"] = c.Login(ctx, "canbo4", "q4").Token()

	land1 := submission("NTT-DATDAI000001", "Trần Văn Cường")
	land2 := submission("NTT-DATDAI000002", "Đỗ Thị Lan")
	land3 := submission("NTT-DATDAI000003", "Phan Văn Khải")
	for _, s := range []*portal.Submission{&land1, &land2, &land3} {
		s.MaTTHC, s.TrichYeu = "1.012789", "Đăng ký biến động đất đai"
		s.ChuHoSo.DiaChi = "Số 9 ngõ Bí Mật, phường Tràng Tiền"
	}
	e.put(t, land1, land2, land3)
	at := func(d int) qcvn120.Time { return qcvn120.At(time.Date(2026, 12, d, 9, 0, 0, 0, dossier.Loc)) }
	hs, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: "000.00.07.H26-261201-0004", MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai",
		MaLinhVuc: "DD", TenLinhVuc: "Đất đai", ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, SoDienThoai: "0912345678",
		SoGiayToChuHoSo: "001099012345", TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: at(1), NgayHenTra: at(15),
		TrangThaiHoSo: 2, DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội", KenhThucHien: qcvn120.KenhTrucTiep})
	tr, _ := json.Marshal(map[string]any{"ma_don_vi_nhan": cfg.AgencyCode, "ho_so": json.RawMessage(hs), "tra_ket_qua_tai": "buu_chinh", "tu_don_vi": "000.00.07.H26"})
	if err := e.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.PutInboxItems(cfg.AgencyCode, []store.InboxItem{
			{PortalID: "LT-000.00.07.H26-261201-0004", Seq: 4, Kind: portal.KindTransfer, Doc: tr, SubmittedAt: time.Now()}}, 4)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	rows, err := e.db.InboxItems(ctx, "", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		ids[r.PortalID] = r.ID
	}
	if len(ids) != 4 {
		t.Fatalf("items %v", ids)
	}
	// The land officer decides two: one accepted, one returned with a reason.
	if st, b := e.do(t, "canbo4", "POST", fmt.Sprintf("/api/v1/inbox/%d/accept", ids[land1.MaNop]), "", nil); st != 201 {
		t.Fatalf("canbo4 accepting: %d %s", st, b)
	}
	if st, b := e.do(t, "canbo4", "POST", fmt.Sprintf("/api/v1/inbox/%d/return", ids[land2.MaNop]), `{"reason":"Thiếu bản đồ thửa đất của Đỗ Thị Lan"}`, nil); st != 200 {
		t.Fatalf("canbo4 returning: %d %s", st, b)
	}

	secrets := []string{"Trần Văn Cường", "Đỗ Thị Lan", "Phan Văn Khải", "Vũ Thị Hạnh", "Bí Mật", "0912345678", "001099012345", "NTT-DATDAI", "LT-000.00.07", "canbo4"}
	for _, user := range []string{"canbo1"} {
		queries := []string{"", "?status=new", "?status=accepted", "?status=returned", "?status=all", "?status=all&status=new", "?status=ALL", "?status=%00",
			"?limit=100000&status=all", "?status=all&cursor=-1", "?status=all&cursor=abc", "?status=all&cursor=99999999999999999999"}
		for _, id := range ids { // paging from another field's item
			queries = append(queries, fmt.Sprintf("?status=all&cursor=%d", id), fmt.Sprintf("?status=all&cursor=%d", id+1))
		}
		for _, q := range queries {
			st, body := e.do(t, user, "GET", "/api/v1/inbox"+q, "", nil)
			if st == 200 {
				// No item, and every count the list carries is 0 (nothing of
				// another field is counted either).
				var page map[string]any
				if err := json.Unmarshal([]byte(body), &page); err != nil {
					t.Fatalf("%s list %q: %v %s", user, q, err, body)
				}
				for k, v := range page {
					switch v := v.(type) {
					case []any:
						if len(v) != 0 {
							t.Errorf("%s lists %q: %s", user, q, body)
						}
					case float64:
						if v != 0 {
							t.Errorf("%s list %q counts %s = %v: %s", user, q, k, v, body)
						}
					case string:
						if v != "" {
							t.Errorf("%s list %q gives %s = %q: %s", user, q, k, v, body)
						}
					}
				}
			}
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s list %q shows %q", user, q, s)
				}
			}
		}
		for _, route := range []string{"GET /api/v1/inbox/%s", "POST /api/v1/inbox/%s/accept", "POST /api/v1/inbox/%s/return"} {
			method, path, _ := strings.Cut(route, " ")
			for _, body := range []string{`{"reason":"Thiếu giấy tờ"}`, ""} {
				if method == "GET" && body == "" {
					continue
				}
				st, want := e.do(t, user, method, fmt.Sprintf(path, "999999"), body, nil)
				if st != 404 && !(st == 400 && body == "") {
					t.Fatalf("%s %s unknown id: %d %s", user, route, st, want)
				}
				for code, id := range ids {
					for _, spelled := range []string{fmt.Sprint(id), "+" + fmt.Sprint(id), "000" + fmt.Sprint(id)} {
						_, got := e.do(t, user, method, fmt.Sprintf(path, spelled), body, nil)
						if got != want {
							t.Errorf("%s %s on %s (%s), body %q: %q; unknown id %q", user, route, code, spelled, body, got, want)
						}
					}
				}
			}
		}
	}
	var states []string
	r2, _ := e.db.InboxItems(ctx, "", 10)
	for _, r := range r2 {
		states = append(states, fmt.Sprintf("%s=%s/%s", r.PortalID, r.Status, r.DecidedBy))
	}
	for _, s := range states {
		if strings.Contains(s, "canbo1") {
			t.Fatalf("an officer of another field decided an item: %v", states)
		}
	}
	// The land officer still sees the land items (the control).
	var l list
	if st, b := e.do(t, "canbo4", "GET", "/api/v1/inbox?status=all", "", &l); st != 200 || len(l.Items) != 4 {
		t.Fatalf("canbo4 lists %d items: %d %s", len(l.Items), st, b)
	}
}

package syncagent_test

// Red team 3 (docs/SECURITY.md, "Session 7 review"): the inbox's field
// column (migration 0060, SQLite json_extract) and the inbox's Go reading of
// the same document must name the same procedure; a forwarding centre
// controls the document's bytes.

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

// TestAttackInboxFieldDuplicateKeys: a centre forwards (liên thông) two land
// dossiers whose ho_so repeats the procedure key: once with a civil-status
// procedure first and the land one last, once with the land one and then
// "maTTHC" (another case) naming civil status. SQLite's json_extract (the
// inbox_field column: who may see the item) reads the first, exact key;
// encoding/json (what the officer is shown and what accepting makes) the
// last, case-insensitively. The receiving centre pulls them through the
// portal; each officer must list only items whose shown procedure is of
// their field. Failed before the fix (canbo1, civil status, listed a land
// dossier, and canbo4, land, a civil-status one).
func TestAttackInboxFieldDuplicateKeys(t *testing.T) {
	ctx := context.Background()
	p := newPortal(t)
	h, err := portal.HashPassword("mat-khau-phuong-7")
	must(t, err)
	const rogue = "000.00.07.H26"
	must(t, p.st.AddCentre(ctx, portal.Centre{Username: "phuong7", Hash: h, Agencies: []string{rogue}}))

	tokens := map[string]string{}
	var db *store.DB
	ce := centretest.Start(t, centretest.Options{
		Dossiers: &centre.DossierOptions{},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Cán bộ hộ tịch"}, {Username: "canbo4", FullName: "Cán bộ đất đai"}},
		Mount: func(m centretest.Mount) error {
			db = m.DB
			_, err := inbox.Mount(m.Server, m.DB, inbox.Options{Logger: quiet})
			return err
		},
	})
	tokens["canbo1"] = ce.Login(ctx, "canbo1", "q1").Token()
	tokens["canbo4"] = ce.Login(ctx, "canbo4", "q4").Token()
	field := map[string]string{"canbo1": "1.001193", "canbo4": "1.012789"} // each officer's procedure here

	at := func(d int) qcvn120.Time { return qcvn120.At(time.Date(2026, 12, d, 9, 0, 0, 0, dossier.Loc)) }
	packet := func(code string) []byte {
		b, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai",
			MaLinhVuc: "DD", TenLinhVuc: "Đất đai", ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, SoDienThoai: "0912345678",
			SoGiayToChuHoSo: "001099012345", TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: at(1), NgayHenTra: at(15),
			TrangThaiHoSo: 2, DonViXuLy: "Văn phòng Đăng ký đất đai Hà Nội", KenhThucHien: qcvn120.KenhTrucTiep})
		return b
	}
	first := packet(rogue + "-261201-0001")
	first = append([]byte(`{"MaTTHC":"1.001193",`), first[1:]...) // civil first, land last
	second := packet(rogue + "-261201-0002")
	second = append(second[:len(second)-1], []byte(`,"maTTHC":"1.001193"}`)...) // land exact, civil last (other case)
	rc := client.New(p.url, "phuong7", "mat-khau-phuong-7")
	for _, hs := range [][]byte{first, second} {
		if !bytes.Contains(hs, []byte(`"1.012789"`)) {
			t.Fatal("packet without the land procedure")
		}
		if _, err := rc.Transfer(ctx, portal.Transfer{MaDonViNhan: queue.DemoConfig().AgencyCode, HoSo: hs}); err != nil {
			t.Fatalf("the portal refused the forged transfer (then there is nothing to attack): %v", err)
		}
	}
	n, err := syncagent.PullInbox(ctx, db, p.client(""), queue.DemoConfig().AgencyCode)
	must(t, err)
	if n != 2 {
		t.Fatalf("%d items pulled", n)
	}
	for user, tok := range tokens {
		var page struct {
			Items []json.RawMessage `json:"items"`
		}
		st, body := ce.Do(t, "GET", "/api/v1/inbox?status=all", tok, nil, &page)
		if st != 200 {
			t.Fatalf("%s inbox: %d %s", user, st, body)
		}
		for _, it := range page.Items {
			var v struct {
				ID         int64 `json:"id"`
				Submission struct {
					MaTTHC string `json:"ma_tthc"`
				} `json:"submission"`
			}
			must(t, json.Unmarshal(it, &v))
			if v.Submission.MaTTHC != field[user] {
				t.Errorf("%s (field of %s) lists an item shown as procedure %q: %s", user, field[user], v.Submission.MaTTHC, it)
			}
			// Reading it gives the same procedure.
			var one map[string]any
			if st, b := ce.Do(t, "GET", "/api/v1/inbox/"+jsonNum(v.ID), tok, nil, &one); st != 200 || !strings.Contains(b, `"ma_tthc":"`+field[user]+`"`) {
				t.Errorf("%s reads item %d: %d %s", user, v.ID, st, b)
			}
		}
	}
}

func jsonNum(n int64) string { b, _ := json.Marshal(n); return string(b) }

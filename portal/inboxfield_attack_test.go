package portal_test

// Red team 3 (docs/SECURITY.md, "Session 7 review"): a forwarding centre
// shapes the bytes of a transfer's ho_so so that the receiving centre's
// inbox field column (SQLite json_extract: first key, exact name) and its
// Go reading (last key, any case) name different procedures. Through a
// real portal on SQLite and on PostgreSQL, pulled by the sync agent into a
// real centre with the inbox mounted.

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/inbox"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
)

func TestAttackTransferDuplicateProcedureKeys(t *testing.T) {
	for _, dsn := range []string{"", "postgres"} {
		name := map[string]string{"": "sqlite", "postgres": "postgres"}[dsn]
		t.Run(name, func(t *testing.T) {
			if dsn != "" {
				dsn = pgtest.URL(t)
			}
			ctx := context.Background()
			p := portaltest.Start(t, dsn, portal.Options{})
			var db *store.DB
			ce := centretest.Start(t, centretest.Options{
				Config:   func(c *queue.Config) { c.AgencyCode = ag },
				Dossiers: &centre.DossierOptions{},
				Officers: []centretest.Officer{{Username: "canbo1", FullName: "Cán bộ hộ tịch"}, {Username: "canbo4", FullName: "Cán bộ đất đai"}},
				Mount: func(m centretest.Mount) error {
					db = m.DB
					_, err := inbox.Mount(m.Server, m.DB, inbox.Options{})
					return err
				},
			})
			tokens := map[string]string{"canbo1": ce.Login(ctx, "canbo1", "q1").Token(), "canbo4": ce.Login(ctx, "canbo4", "q4").Token()}
			field := map[string]string{"canbo1": "1.001193", "canbo4": "1.012789"}

			at := func(d int) qcvn120.Time { return qcvn120.At(time.Date(2026, 12, d, 9, 0, 0, 0, dossier.Loc)) }
			packet := func(code string) []byte {
				b, _ := json.Marshal(qcvn120.DongBoHoSoMC{MaHoSo: code, MaTTHC: "1.012789", TenTTHC: "Đăng ký biến động đất đai",
					MaLinhVuc: "DD", TenLinhVuc: "Đất đai", ChuHoSo: "Vũ Thị Hạnh", LoaiDoiTuong: qcvn120.CongDan, SoDienThoai: "0912345678",
					SoGiayToChuHoSo: "001099012345", TrichYeuHoSo: "Đăng ký biến động đất đai", NgayTiepNhan: at(1), NgayHenTra: at(15),
					TrangThaiHoSo: 2, DonViXuLy: "Văn phòng Đăng ký đất đai", KenhThucHien: qcvn120.KenhTrucTiep})
				return b
			}
			first := packet(other + "-261201-0001")
			first = append([]byte(`{"MaTTHC":"1.001193",`), first[1:]...)
			second := packet(other + "-261201-0002")
			second = append(second[:len(second)-1], []byte(`,"maTTHC":"1.001193"}`)...)
			c2 := client.New(p.URL, "c2", "secret2")
			for _, hs := range [][]byte{first, second} {
				if _, err := c2.Transfer(ctx, portal.Transfer{MaDonViNhan: ag, HoSo: hs}); err != nil {
					t.Fatalf("the portal refused the forged transfer: %v", err)
				}
			}
			n, err := syncagent.PullInbox(ctx, db, syncagent.PortalClient{C: client.New(p.URL, "c1", "secret1")}, ag)
			if err != nil || n != 2 {
				t.Fatalf("pulled %d: %v", n, err)
			}
			for user, tok := range tokens {
				var page struct {
					Items []json.RawMessage `json:"items"`
				}
				if st, body := ce.Do(t, "GET", "/api/v1/inbox?status=all", tok, nil, &page); st != 200 {
					t.Fatalf("%s inbox: %d %s", user, st, body)
				}
				for _, it := range page.Items {
					var v struct {
						ID         int64 `json:"id"`
						Submission struct {
							MaTTHC string `json:"ma_tthc"`
						} `json:"submission"`
					}
					if err := json.Unmarshal(it, &v); err != nil {
						t.Fatal(err)
					}
					if v.Submission.MaTTHC != field[user] {
						t.Errorf("%s (field of %s) lists an item shown as %q: %s", user, field[user], v.Submission.MaTTHC, it)
					}
					if st, b := ce.Do(t, "GET", "/api/v1/inbox/"+strconv.FormatInt(v.ID, 10), tok, nil, nil); st != 200 || !strings.Contains(b, `"ma_tthc":"`+field[user]+`"`) {
						t.Errorf("%s reads item %d: %d %s", user, v.ID, st, b)
					}
				}
			}
		})
	}
}

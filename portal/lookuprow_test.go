package portal_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// dossierPath is the store without its lookup projection: the portal
// then answers the public lookup from the dossier and step rows, as it
// did before tra_cuu.
type dossierPath struct {
	portal.Store
	portal.RollupStore
	portal.InboxStore
}

// TestLookupProjectionAnswersAsDossierRows: over the same ingested data
// (in process and late, resolved on time and late, refused, by post,
// forwarded with each return place, unversioned, with steps replayed and
// out of order), the public lookup read from the projection answers byte
// for byte what the old path answers from the dossier rows — JSON and
// page, Vietnamese and English — and missing and malformed codes answer
// exactly as before.
func TestLookupProjectionAnswersAsDossierRows(t *testing.T) {
	o := portal.Options{LookupPerMinute: 6000, LookupBurst: 1000, Now: func() time.Time { return time.Date(2023, 11, 10, 0, 0, 0, 0, time.UTC) }}
	run := func(t *testing.T, e *portaltest.Env) {
		ctx := context.Background()
		if _, ok := e.Store.(portal.LookupStore); !ok {
			t.Fatal("the store keeps no projection")
		}
		c1 := client.New(e.URL, "c1", "secret1")
		c2 := client.New(e.URL, "c2", "secret2")
		codes := []string{}
		var items []client.Item
		add := func(h qcvn120.DongBoHoSoMC, version int64) {
			codes = append(codes, h.MaHoSo)
			items = append(items, client.Item{ID: int64(len(items) + 1), Key: h.MaHoSo, Version: version, Payload: raw(t, h)})
		}
		for i, st := range []qcvn120.TrangThaiHoSo{qcvn120.DuocTiepNhan, qcvn120.DangXuLy, 9, qcvn120.DaTraKetQua, 3, 4, 9, 9, 9, 10} {
			h := hoso(ag+"-231027-000"+string(rune('0'+i)), st)
			switch i {
			case 3: // resolved late
				h.NgayKetThucXuLy, h.NgayTra = vn(2023, 11, 6, 9), vn(2023, 11, 7, 9)
			case 5: // not yet due
				h.NgayHenTra = vn(2023, 12, 1, 9)
			case 6:
				h.HinhThuc = qcvn120.NhanBuuChinh
			case 9:
				h.ChuHoSo = "Công ty TNHH Một Thành Viên Ánh Dương"
			}
			add(h, int64(i%3))
		}
		if res, err := c1.SendItems(ctx, qcvn120.SvcDongBoHoSo, items); err != nil || res.ErrorCode != qcvn120.OK {
			t.Fatalf("%+v %v", res, err)
		}
		// A newer version of one, an older one of another (stale).
		upd := hoso(codes[1], 9)
		if _, err := c1.SendItems(ctx, qcvn120.SvcDongBoHoSo, []client.Item{{ID: 20, Key: codes[1], Version: 5, Payload: raw(t, upd)},
			{ID: 21, Key: codes[2], Version: 1, Payload: raw(t, hoso(codes[2], 2))}}); err != nil {
			t.Fatal(err)
		}
		// Another centre's dossier, unversioned.
		oc := hoso(other+"-231027-0001", qcvn120.DangXuLy)
		codes = append(codes, oc.MaHoSo)
		if _, err := c2.Send(ctx, qcvn120.SvcDongBoHoSo, []json.RawMessage{raw(t, oc)}); err != nil {
			t.Fatal(err)
		}
		// Steps, newest first, one batch replayed, unversioned ones.
		step := func(code string, st qcvn120.TrangThaiHoSo, h int) qcvn120.CapNhatTienDoHoSoMC {
			return qcvn120.CapNhatTienDoHoSoMC{MaHoSo: code, NguoiXuLy: "Trần Thị Bình", ThoiDiemXuLy: vn(2023, 10, 27+h/24, h%24),
				NoiDungXuLy: "Chuyển phòng Tư pháp", TrangThai: st, PhongBanXuLy: "Bộ phận một cửa"}
		}
		steps := []client.Item{item(t, 30, 3, step(codes[1], 4, 15)), item(t, 31, 1, step(codes[1], 2, 9)), item(t, 32, 2, step(codes[1], 4, 10)),
			item(t, 33, 1, step(codes[3], 2, 9)), item(t, 34, 9, step(codes[3], 10, 24*8+9))}
		for range 2 {
			if _, err := c1.SendItems(ctx, qcvn120.SvcCapNhatTienDo, steps); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := c2.Send(ctx, qcvn120.SvcCapNhatTienDo, []json.RawMessage{raw(t, step(oc.MaHoSo, 2, 9)), raw(t, step(oc.MaHoSo, 4, 9))}); err != nil {
			t.Fatal(err)
		}
		// Forwarded: where the result is collected comes from the transfer.
		for i, place := range []string{"noi_giai_quyet", "buu_chinh", ""} {
			if _, err := c1.Transfer(ctx, portal.Transfer{MaDonViNhan: other, HoSo: raw(t, hoso(codes[7+i], 2)), PhienBan: 1, TraKetQuaTai: place}); err != nil {
				t.Fatal(err)
			}
		}

		old, err := portal.New(ctx, dossierPath{e.Store, e.Store.(portal.RollupStore), e.Store.(portal.InboxStore)},
			portal.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), LookupPerMinute: o.LookupPerMinute, LookupBurst: o.LookupBurst, Now: o.Now})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(old)
		defer hs.Close()
		fetch := func(url, lang string) (int, string) {
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			if lang != "" {
				req.Header.Set("Accept-Language", lang)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		ask := append(append([]string{}, codes...), ag+"-231027-9999", other+"-991231-0001", "abc", "000.00.06.h56-231027-0001")
		n200, n404 := 0, 0
		for _, code := range ask {
			for _, path := range []string{"/api/v1/tra-cuu/" + code, "/tra-cuu?ma=" + code} {
				for _, lang := range []string{"", "en"} {
					s1, b1 := fetch(e.URL+path, lang)
					s2, b2 := fetch(hs.URL+path, lang)
					if s1 != s2 || b1 != b2 {
						t.Fatalf("%s (%s): projection %d\n%s\nold path %d\n%s", path, lang, s1, b1, s2, b2)
					}
					switch s1 {
					case http.StatusOK:
						n200++
					case http.StatusNotFound:
						n404++
					}
				}
			}
		}
		if n200 != 4*len(codes)+4 || n404 != 8 { // the lower-case code is found (upper-cased); two missing codes
			t.Fatalf("%d found, %d missing answers", n200, n404)
		}
	}
	t.Run("sqlite", func(t *testing.T) { run(t, portaltest.Start(t, "", o)) })
	t.Run("postgres", func(t *testing.T) { run(t, portaltest.Start(t, pgtest.URL(t), o)) })
}

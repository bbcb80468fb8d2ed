package portal_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// BenchmarkRollup times the province rollup of one month over a portal
// holding 50,000 dossiers of a year (three centres), on SQLite and on
// PostgreSQL: each request reads the dossiers not finished before the
// month (here about a twelfth of them plus the open ones).
func BenchmarkRollup(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			dsn := ""
			if db == "postgres" {
				dsn = pgtest.URL(b)
			}
			now := time.Date(2024, 1, 15, 10, 0, 0, 0, qcvn120.Location)
			e := portaltest.Start(b, dsn, portal.Options{Now: func() time.Time { return now }, LookupPerMinute: 1 << 20, LookupBurst: 1 << 20})
			ctx := context.Background()
			if _, err := portal.ImportHierarchy(ctx, e.Store, []byte(hierarchyH56)); err != nil {
				b.Fatal(err)
			}
			const n = 50000
			var ds []portal.Dossier
			for i := range n {
				agency := []string{ward, provCentre, branch}[i%3]
				recv := time.Date(2023, 1, 1, 8, 0, 0, 0, qcvn120.Location).Add(time.Duration(i) * (365 * 24 * time.Hour / n))
				h := hoso(fmt.Sprintf("%s-%s-%04d", agency, recv.Format("060102"), i%10000), 10)
				h.NgayTiepNhan, h.NgayHenTra = qcvn120.At(recv), qcvn120.At(recv.AddDate(0, 0, 7))
				h.NgayKetThucXuLy = qcvn120.At(recv.AddDate(0, 0, i%10))
				status := 10
				if i%20 == 0 {
					status, h.NgayKetThucXuLy = 4, qcvn120.Time{}
				}
				ds = append(ds, portal.Dossier{MaHoSo: h.MaHoSo, Agency: agency, Centre: "c1", Version: 1, Status: status, MaTTHC: h.MaTTHC,
					TenTTHC: h.TenTTHC, TenLinhVuc: h.TenLinhVuc, NgayTiepNhan: recv, NgayHenTra: h.NgayHenTra.Time, NgayXong: h.NgayKetThucXuLy.Time,
					Doc: raw(b, h)})
				if len(ds) == 1000 || i == n-1 {
					if _, err := e.Store.PutDossiers(ctx, ds); err != nil {
						b.Fatal(err)
					}
					ds = ds[:0]
				}
			}
			b.ResetTimer()
			for b.Loop() {
				resp, err := http.Get(e.URL + "/api/v1/thong-ke/tong-hop?thang=2023-11")
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("%v %v", resp, err)
				}
				resp.Body.Close()
			}
		})
	}
}

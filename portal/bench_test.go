package portal_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/internal/portaltest"
	"github.com/motcua/motcua/qcvn120"
)

// BenchmarkIngestDossiers posts batches of new DongBoHoSoMC items through
// the client to a real loopback portal on SQLite (synchronous=FULL) and on
// PostgreSQL (a throw-away cluster; skipped without the binaries) and
// reports items per second.
func BenchmarkIngestDossiers(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		for _, batch := range []int{1, 50, 200, 500} {
			b.Run(fmt.Sprintf("%s/batch=%d", db, batch), func(b *testing.B) { benchIngest(b, db, batch) })
		}
	}
}

func benchIngest(b *testing.B, db string, batch int) {
	dsn := ""
	if db == "postgres" {
		dsn = pgtest.URL(b)
	}
	e := portaltest.Start(b, dsn, portal.Options{})
	c := client.New(e.URL, "c1", "secret1")
	ctx := context.Background()
	seq := 0
	b.ResetTimer()
	for b.Loop() {
		items := make([]client.Item, batch)
		for i := range items {
			seq++
			h := hoso(fmt.Sprintf("000.00.06.H56-%06d-%04d", 231001+seq/10000, seq%10000), qcvn120.DuocTiepNhan)
			items[i] = client.Item{ID: int64(seq), Version: 1, Payload: raw(b, h)}
		}
		r, err := c.SendItems(ctx, qcvn120.SvcDongBoHoSo, items)
		if err != nil || r.ErrorCode != qcvn120.OK {
			b.Fatalf("%+v %v", r, err)
		}
	}
	b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "items/s")
}

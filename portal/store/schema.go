package store

import (
	"fmt"
	"strings"
)

// tables is the schema in a neutral dialect: BIGINT is INTEGER affinity in
// SQLite. partitioned names the tables PostgreSQL hash-partitions by agency
// (each key includes agency so ON CONFLICT works on the partitioned parent).
var tables = []struct {
	name, cols  string
	partitioned bool
}{
	{"meta", `key TEXT PRIMARY KEY, value TEXT NOT NULL`, false},
	{"centres", `username TEXT PRIMARY KEY, hash TEXT NOT NULL, agencies TEXT NOT NULL, created_at BIGINT NOT NULL`, false},
	{"dossiers", `agency TEXT NOT NULL, ma_ho_so TEXT NOT NULL, centre TEXT NOT NULL, version BIGINT NOT NULL,
		status INTEGER NOT NULL, ma_tthc TEXT NOT NULL, ten_tthc TEXT NOT NULL, ten_linh_vuc TEXT NOT NULL, chu_ho_so TEXT NOT NULL,
		don_vi_xu_ly TEXT NOT NULL, ngay_tiep_nhan BIGINT NOT NULL, ngay_hen_tra BIGINT NOT NULL, ngay_xong BIGINT NOT NULL,
		ngay_tra BIGINT NOT NULL, recv_month TEXT NOT NULL, done_month TEXT NOT NULL, doc TEXT NOT NULL, updated_at BIGINT NOT NULL,
		PRIMARY KEY (agency, ma_ho_so)`, true},
	{"steps", `agency TEXT NOT NULL, ma_ho_so TEXT NOT NULL, step_key TEXT NOT NULL, version BIGINT NOT NULL, at BIGINT NOT NULL,
		status INTEGER NOT NULL, noi_dung TEXT NOT NULL, phong_ban TEXT NOT NULL, nguoi_xu_ly TEXT NOT NULL, doc TEXT NOT NULL,
		PRIMARY KEY (agency, ma_ho_so, step_key)`, true},
	{"ratings", `agency TEXT NOT NULL, id TEXT NOT NULL, ma_tthc TEXT NOT NULL, question TEXT NOT NULL, level INTEGER NOT NULL,
		at BIGINT NOT NULL, month TEXT NOT NULL, reason TEXT NOT NULL, PRIMARY KEY (agency, id)`, true},
	{"reports", `agency TEXT NOT NULL, year INTEGER NOT NULL, month INTEGER NOT NULL, kind TEXT NOT NULL, version BIGINT NOT NULL,
		doc TEXT NOT NULL, PRIMARY KEY (agency, year, month, kind)`, false},
	{"qas", `agency TEXT NOT NULL, id TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (agency, id)`, false},
	{"procedures", `code TEXT PRIMARY KEY, doc TEXT NOT NULL, updated_at BIGINT NOT NULL`, false},
	{"tra_cuu", traCuuCols, false}, // the public lookup's projection (tracuu.go)
}

var indexes = []string{
	`CREATE INDEX IF NOT EXISTS dossiers_recv ON dossiers (recv_month, agency)`,
	`CREATE INDEX IF NOT EXISTS ratings_month ON ratings (month, agency)`,
}

// pgPartitions is the number of hash partitions per partitioned table.
const pgPartitions = 8

func schema(pg bool) []string {
	var out []string
	for _, t := range tables {
		ddl := fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (%s)", t.name, t.cols)
		if pg && t.partitioned {
			out = append(out, ddl+" PARTITION BY HASH (agency)")
			for i := range pgPartitions {
				out = append(out, fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s_p%d PARTITION OF %s FOR VALUES WITH (MODULUS %d, REMAINDER %d)",
					t.name, i, t.name, pgPartitions, i))
			}
			continue
		}
		if !pg {
			ddl = strings.ReplaceAll(ddl, "BIGINT", "INTEGER")
		}
		out = append(out, ddl)
	}
	return append(append(out, indexes...), statsIndexes(pg)...)
}

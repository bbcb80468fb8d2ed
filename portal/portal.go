// Package portal is the central receiver for many centres: it ingests QCVN
// 120:2019 packets idempotently, serves the procedure catalogue to the sync
// agents, dossier lookup to citizens and statistics across centres. Storage
// is behind Store (portal/store: SQLite or PostgreSQL).
package portal

import (
	"context"
	"errors"
	"time"
)

// Centre is one centre's credential and the agency codes it may send for.
type Centre struct {
	Username string
	Hash     string // argon2id, see HashPassword
	Agencies []string
	Created  time.Time
}

// Dossier is the portal's copy of a dossier (the last accepted version).
type Dossier struct {
	MaHoSo       string
	Agency       string // agency prefix of MaHoSo
	Centre       string // username of the centre that sent it
	Version      int64  // 0: unversioned sender
	Status       int
	MaTTHC       string
	TenTTHC      string
	TenLinhVuc   string
	ChuHoSo      string
	DonViXuLy    string
	NgayTiepNhan time.Time
	NgayHenTra   time.Time
	NgayXong     time.Time // NgayKetThucXuLy, else NgayTra: when it was resolved
	NgayTra      time.Time
	Doc          []byte // the packet as received
}

// Step is one processing step. Key is unique per dossier: "v<version>" for
// versioned senders, "h<hash of content>" otherwise, so replays never add a
// second row.
type Step struct {
	MaHoSo    string
	Agency    string
	Key       string
	Version   int64
	At        time.Time
	Status    int
	NoiDung   string
	PhongBan  string
	NguoiXuLy string
	Doc       []byte
}

// Rating is one anonymous answer. The dossier code is deliberately not
// stored: nobody querying the portal can link a rating to its citizen.
type Rating struct {
	ID       string
	Agency   string
	MaTTHC   string
	Question string
	Level    int
	At       time.Time
	Reason   string
}

// Report is a centre's monthly statistics packet (DongBoThongKeHoSo).
type Report struct {
	Agency  string
	Year    int
	Month   int
	Kind    string
	Version int64
	Doc     []byte
}

// QA is a published question and answer (DongBoHoiDap).
type QA struct {
	ID     string
	Agency string
	Doc    []byte
}

// Procedure is one catalogue entry in the LayThuTuc JSON shape.
type Procedure struct {
	Code    string
	Doc     []byte
	Updated time.Time
}

// AgencyMonth is the computed statistics of one agency for one month.
type AgencyMonth struct {
	Agency   string      `json:"ma_don_vi"`
	Month    string      `json:"thang"` // YYYY-MM
	Received int         `json:"so_tiep_nhan"`
	Resolved int         `json:"so_da_giai_quyet"`
	OnTime   int         `json:"so_dung_han"`
	Late     int         `json:"so_tre_han"`
	Ratings  map[int]int `json:"danh_gia"` // level → count
}

// Outcome of one item written by the store.
type Outcome struct {
	Result string // qcvn120.Applied, Duplicate or Stale when Err is nil
	Err    error  // ErrUnknownDossier, or nil
}

var (
	// ErrNotFound: no such centre, dossier or procedure.
	ErrNotFound = errors.New("portal: not found")
	// ErrUnknownDossier: a step for a dossier the portal does not hold yet.
	ErrUnknownDossier = errors.New("portal: unknown dossier")
)

// Store is the portal's storage. Put* write a batch in one transaction and
// return one Outcome per item; an error means nothing was written.
type Store interface {
	AddCentre(ctx context.Context, c Centre) error
	Centre(ctx context.Context, username string) (Centre, error)
	// Secret returns the key that signs sessions, created on first use, so
	// that several portal processes on one database accept each other's.
	Secret(ctx context.Context) ([]byte, error)

	PutDossiers(ctx context.Context, ds []Dossier) ([]Outcome, error)
	PutSteps(ctx context.Context, ss []Step) ([]Outcome, error)
	PutRatings(ctx context.Context, rs []Rating) ([]Outcome, error)
	PutReports(ctx context.Context, rs []Report) ([]Outcome, error)
	PutQAs(ctx context.Context, qs []QA) ([]Outcome, error)

	// Dossier returns a dossier and its steps in time order.
	Dossier(ctx context.Context, maHoSo string) (Dossier, []Step, error)
	// Stats computes every agency's figures for month "YYYY-MM".
	Stats(ctx context.Context, month string) ([]AgencyMonth, error)
	Reports(ctx context.Context, year, month int) ([]Report, error)

	PutProcedures(ctx context.Context, ps []Procedure) error
	Procedure(ctx context.Context, code string) (Procedure, error)
	Procedures(ctx context.Context) ([]Procedure, error)

	Ping(ctx context.Context) error
	Close() error
}

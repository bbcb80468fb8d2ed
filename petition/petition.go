// Package petition holds citizens' questions and petitions (hỏi đáp, phản
// ánh kiến nghị) on the centre: a kiosk or the public phone page submits
// them, supervisors assign and answer them, answers can be made public, and
// every change queues a DongBoHoiDap packet in the outbox in the same
// transaction, which the sync agent carries to the portal.
//
// The citizen's contact is stored for the centre only: it is never in a
// public view and never in a packet.
package petition

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Limits of what a citizen may send.
const (
	MaxText    = 2000 // characters of a question or petition
	MaxContact = 100  // characters of the optional contact
	MaxAnswer  = 4000 // characters of an answer (qcvn120.MaxHoiDapText)
)

// Kinds.
const (
	KindQuestion = "hoi"  // hỏi đáp
	KindPetition = "pakn" // phản ánh kiến nghị
)

// Statuses.
const (
	StatusNew      = "new"
	StatusAssigned = "assigned"
	StatusAnswered = "answered"
)

// TopicOther is the topic for anything outside the centre's sectors.
const TopicOther = "khac"

// Petition is one question or petition as the centre holds it.
type Petition struct {
	ID         string     `json:"id"`
	Kind       string     `json:"kind"`
	Topic      string     `json:"topic"`
	Body       string     `json:"body"`
	Contact    string     `json:"contact"`
	Source     string     `json:"source"`
	CreatedAt  time.Time  `json:"created_at"`
	Status     string     `json:"status"`
	Assignee   string     `json:"assignee"`
	Answer     string     `json:"answer"`
	AnsweredBy string     `json:"answered_by"`
	AnsweredAt *time.Time `json:"answered_at,omitempty"`
	Public     bool       `json:"public"`
	Version    int64      `json:"version"`
}

// PublicAnswer is what anyone may read: no contact, the citizen's text
// masked; the answer as the centre wrote it (the portal shows the same).
type PublicAnswer struct {
	ID         string    `json:"id"`
	Kind       string    `json:"kind"`
	Topic      string    `json:"topic"`
	TopicName  string    `json:"topic_name"`
	Question   string    `json:"question"`
	Answer     string    `json:"answer"`
	AnsweredAt time.Time `json:"answered_at"`
}

// Submission is what a citizen sends.
type Submission struct {
	Kind    string `json:"kind"`
	Topic   string `json:"topic"`
	Text    string `json:"text"`
	Contact string `json:"contact"`
}

// Service applies the operations to the centre database.
type Service struct {
	db  *store.DB
	cfg *queue.Config
	now func() time.Time
}

// New returns the service for the centre cfg.
func New(db *store.DB, cfg *queue.Config) *Service {
	return &Service{db: db, cfg: cfg, now: time.Now}
}

// Errors of the operations (Vietnamese message / English detail).
var (
	ErrNotFound = queue.Errf(queue.CodeNotFound, "Không tìm thấy câu hỏi hoặc phản ánh", "no such petition")
)

func invalid(vi, en string) error { return queue.Errf(queue.CodeInvalid, vi, "%s", en) }

// TopicName is the sector's name for a topic id ("" if unknown).
func (s *Service) TopicName(topic string) string {
	if topic == TopicOther {
		return "Khác"
	}
	for _, sec := range s.cfg.Sectors {
		if sec.ID == topic {
			return sec.Name
		}
	}
	return ""
}

// TopicNameEN is the topic's English name, for English pages: the
// sector's name_en, else its Vietnamese name ("" if unknown).
func (s *Service) TopicNameEN(topic string) string {
	if topic == TopicOther {
		return "Other"
	}
	for _, sec := range s.cfg.Sectors {
		if sec.ID == topic {
			if sec.NameEN != "" {
				return sec.NameEN
			}
			return sec.Name
		}
	}
	return ""
}

// clean is the shared rule for typed multi-line text (internal/textrule):
// controls but \n and \t, invisible format characters (bidi overrides,
// zero-width) and invalid UTF-8 go; NFC.
func clean(s string) string { return textrule.Block(s) }

// Submit stores a new question or petition from source (a kiosk device id
// or "web") and queues its DongBoHoiDap.
func (s *Service) Submit(ctx context.Context, sub Submission, source string) (Petition, error) {
	sub.Text, sub.Contact, sub.Topic = clean(sub.Text), textrule.Line(sub.Contact), strings.TrimSpace(sub.Topic)
	switch {
	case sub.Kind != KindQuestion && sub.Kind != KindPetition:
		return Petition{}, invalid("Xin chọn loại: hỏi đáp hoặc phản ánh, kiến nghị", "kind must be hoi or pakn")
	case s.TopicName(sub.Topic) == "":
		return Petition{}, invalid("Xin chọn lĩnh vực", "unknown topic")
	case sub.Text == "" || !utf8.ValidString(sub.Text):
		return Petition{}, invalid("Xin nhập nội dung", "text required")
	case utf8.RuneCountInString(sub.Text) > MaxText:
		return Petition{}, invalid(fmt.Sprintf("Nội dung dài quá %d ký tự", MaxText), "text too long")
	case utf8.RuneCountInString(sub.Contact) > MaxContact || !utf8.ValidString(sub.Contact):
		return Petition{}, invalid(fmt.Sprintf("Thông tin liên hệ dài quá %d ký tự", MaxContact), "contact too long")
	}
	p := Petition{ID: newID(), Kind: sub.Kind, Topic: sub.Topic, Body: sub.Text, Contact: sub.Contact,
		Source: source, CreatedAt: s.now(), Status: StatusNew, Version: 1}
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		if _, err := tx.Exec(`INSERT INTO petitions (id, kind, topic, body, contact, source, created_at, status, version)
			VALUES (?,?,?,?,?,?,?,?,?)`, p.ID, p.Kind, p.Topic, p.Body, p.Contact, p.Source, p.CreatedAt.UnixMilli(), p.Status, p.Version); err != nil {
			return err
		}
		return s.queue(tx, p)
	})
	return p, err
}

// Assign gives a petition to an officer (an existing, enabled one).
func (s *Service) Assign(ctx context.Context, id, officer string) (Petition, error) {
	o, err := s.db.Officer(ctx, officer)
	if err != nil || o.Disabled {
		if err != nil && !store.IsNoRows(err) {
			return Petition{}, err
		}
		return Petition{}, invalid("Không có cán bộ này", "no such officer")
	}
	var p Petition
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = get(ctx, tx.QueryRow, id); err != nil {
			return err
		}
		p.Assignee = officer
		if p.Status == StatusNew {
			p.Status = StatusAssigned
		}
		_, err = tx.Exec(`UPDATE petitions SET assignee=?, status=? WHERE id=?`, p.Assignee, p.Status, p.ID)
		return err
	})
	return p, err
}

// Answerer is who answers: the officer's username, full name and role.
type Answerer struct {
	Username, FullName, Role string
}

// Answer records (or replaces) the answer, public or not, and queues the
// DongBoHoiDap that carries it. Only supervisors, admins and the officer
// the petition is assigned to may answer.
func (s *Service) Answer(ctx context.Context, id string, by Answerer, text string, public bool) (Petition, error) {
	text = clean(text)
	switch {
	case text == "" || !utf8.ValidString(text):
		return Petition{}, invalid("Xin nhập câu trả lời", "answer required")
	case utf8.RuneCountInString(text) > MaxAnswer:
		return Petition{}, invalid(fmt.Sprintf("Câu trả lời dài quá %d ký tự", MaxAnswer), "answer too long")
	}
	var p Petition
	err := s.db.Write(ctx, func(tx *store.Tx) error {
		var err error
		if p, err = get(ctx, tx.QueryRow, id); err != nil {
			return err
		}
		if by.Role != "supervisor" && by.Role != "admin" && p.Assignee != by.Username {
			// Same answer as for a missing one: an officer learns nothing of others' petitions.
			return ErrNotFound
		}
		now := s.now()
		name := by.FullName
		if name == "" {
			name = by.Username
		}
		p.Answer, p.AnsweredBy, p.AnsweredAt, p.Public, p.Status = text, name, &now, public, StatusAnswered
		p.Version++
		if _, err := tx.Exec(`UPDATE petitions SET answer=?, answered_by=?, answered_at=?, public=?, status=?, version=? WHERE id=?`,
			p.Answer, p.AnsweredBy, now.UnixMilli(), p.Public, p.Status, p.Version, p.ID); err != nil {
			return err
		}
		return s.queue(tx, p)
	})
	return p, err
}

// queue appends the DongBoHoiDap of p to the outbox. A centre without a
// valid agency code (agency_code) keeps its petitions to itself: there is
// no agency the portal could file them under.
func (s *Service) queue(tx *store.Tx, p Petition) error {
	if !qcvn120.ValidAgency(s.cfg.AgencyCode) {
		return nil
	}
	pkt := s.Packet(p)
	if err := pkt.Validate(); err != nil {
		return fmt.Errorf("petition %s: %w", p.ID, err)
	}
	b, err := json.Marshal(pkt)
	if err != nil {
		return err
	}
	return tx.AppendOutbox(qcvn120.SvcDongBoHoiDap, "hoidap:"+p.ID, p.Version, b)
}

// Packet maps p to DongBoHoiDap: the question masked (the portal is a
// public view), no contact, the answer once there is one.
func (s *Service) Packet(p Petition) qcvn120.DongBoHoiDap {
	q := qcvn120.DongBoHoiDap{HOIDAPID: qcvn120.Str(p.ID), MaLinhVuc: qcvn120.Str(p.Topic), NOIDUNG: Mask(p.Body),
		MADONVI: s.cfg.AgencyCode, TENDONVI: s.cfg.AgencyName, TRANGTHAI: qcvn120.HoiDapKhongCongKhai}
	if p.Topic == TopicOther {
		q.MaLinhVuc = ""
	}
	if p.AnsweredAt != nil && p.Answer != "" {
		q.TRALOIID = qcvn120.Str(fmt.Sprintf("%s-%d", p.ID, p.Version))
		q.NOIDUNGTRALOI = p.Answer
		q.NGUOITRALOI = p.AnsweredBy
		q.CHUCVUNGUOITRALOI = "Cán bộ " + s.cfg.CentreName
		if r := []rune(q.CHUCVUNGUOITRALOI); len(r) > 100 {
			q.CHUCVUNGUOITRALOI = string(r[:100])
		}
		q.NGAYTRALOI = qcvn120.At(*p.AnsweredAt)
		if p.Public {
			q.TRANGTHAI = qcvn120.HoiDapCongKhai
		}
	}
	return q
}

const cols = `id, kind, topic, body, contact, source, created_at, status, assignee, answer, answered_by, answered_at, public, version`

type scanner interface{ Scan(...any) error }

func scan(r scanner) (Petition, error) {
	var p Petition
	var created int64
	var answered sql.NullInt64
	err := r.Scan(&p.ID, &p.Kind, &p.Topic, &p.Body, &p.Contact, &p.Source, &created, &p.Status, &p.Assignee,
		&p.Answer, &p.AnsweredBy, &answered, &p.Public, &p.Version)
	p.CreatedAt = time.UnixMilli(created).In(qcvn120.Location)
	if answered.Valid {
		t := time.UnixMilli(answered.Int64).In(qcvn120.Location)
		p.AnsweredAt = &t
	}
	return p, err
}

func get(_ context.Context, queryRow func(string, ...any) *sql.Row, id string) (Petition, error) {
	p, err := scan(queryRow(`SELECT `+cols+` FROM petitions WHERE id=?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Petition{}, ErrNotFound
	}
	return p, err
}

// Get reads one petition (contact included: for the centre's staff only).
func (s *Service) Get(ctx context.Context, id string) (Petition, error) {
	return get(ctx, func(q string, a ...any) *sql.Row { return s.db.Read().QueryRowContext(ctx, q, a...) }, id)
}

// List returns petitions newest first (of one instant, the last written
// first): status "" for all; assignee "" for
// everyone's. At most limit (1..500).
func (s *Service) List(ctx context.Context, status, assignee string, limit int) ([]Petition, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	q := `SELECT ` + cols + ` FROM petitions WHERE (?='' OR status=?) AND (?='' OR assignee=?) ORDER BY created_at DESC, rowid DESC LIMIT ?`
	rows, err := s.db.Read().QueryContext(ctx, q, status, status, assignee, assignee, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Petition{}
	for rows.Next() {
		p, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// PublicAnswers returns the answered petitions made public, newest answer
// first, masked.
func (s *Service) PublicAnswers(ctx context.Context, limit int) ([]PublicAnswer, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+cols+` FROM petitions WHERE public=1 AND status='answered'
		ORDER BY answered_at DESC, id LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PublicAnswer{}
	for rows.Next() {
		p, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s.public(p))
	}
	return out, rows.Err()
}

func (s *Service) public(p Petition) PublicAnswer {
	a := PublicAnswer{ID: p.ID, Kind: p.Kind, Topic: p.Topic, TopicName: s.TopicName(p.Topic),
		Question: Mask(p.Body), Answer: p.Answer} // the answer is the centre's own text, published as written (a hotline stays)
	if p.AnsweredAt != nil {
		a.AnsweredAt = *p.AnsweredAt
	}
	return a
}

func newID() string {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

var (
	reEmail  = regexp.MustCompile(`[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}.\-]+\.[\p{L}]{2,}`)
	reDigits = regexp.MustCompile(`\+?\d[\d .\-]{4,}\d`)
)

// Mask hides what looks like personal data in a text shown publicly:
// e-mail addresses and runs of 6 or more digits (phone, ID numbers).
func Mask(s string) string {
	s = reEmail.ReplaceAllString(s, "***@***")
	return reDigits.ReplaceAllStringFunc(s, func(m string) string {
		n := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				n++
			}
		}
		if n < 6 {
			return m
		}
		return "***"
	})
}

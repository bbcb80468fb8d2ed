// Package inbox is the centre's inbox of inbound items: dossiers submitted
// online on the portal (later: dossiers forwarded by other centres), pulled
// into the centre database by the sync agent (syncagent.PullInbox). Officers
// list them, accept one — it becomes a dossier with KenhThucHien = online,
// received through the same code path as at the counter (receipt,
// appointment date, outbox packets) — or return it to the applicant with
// the reason to supplement. Wired in cmd/motcua (inbox.go).
package inbox

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Options configure the inbox.
type Options struct {
	Logger *slog.Logger
	Now    func() time.Time
}

// Inbox serves the officers' inbox API.
type Inbox struct {
	srv *centre.Server
	db  *store.DB
	log *slog.Logger
	now func() time.Time
}

// Mount adds the inbox endpoints (officers only) to srv; the dossier part
// must be mounted too (accepting receives a dossier).
func Mount(srv *centre.Server, db *store.DB, o Options) (*Inbox, error) {
	if o.Logger == nil {
		o.Logger = srv.Logger()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	in := &Inbox{srv: srv, db: db, log: o.Logger, now: o.Now}
	srv.Handle("GET /api/v1/inbox", srv.NeedOfficer(in.list))
	srv.Handle("GET /api/v1/inbox/{id}", srv.NeedOfficer(in.get))
	srv.Handle("POST /api/v1/inbox/{id}/accept", srv.NeedOfficer(in.accept))
	srv.Handle("POST /api/v1/inbox/{id}/return", srv.NeedOfficer(in.giveBack))
	return in, nil
}

// Item is an inbox item as officers see it.
type Item struct {
	ID          int64             `json:"id"`
	Code        string            `json:"ma_nop"` // the portal's submission code
	Kind        string            `json:"kind"`
	KindLabel   string            `json:"kind_label"`
	Status      string            `json:"status"`
	StatusLabel string            `json:"status_label"`
	SubmittedAt time.Time         `json:"submitted_at"`
	PulledAt    time.Time         `json:"pulled_at"`
	Submission  portal.Submission `json:"submission"`
	DossierCode string            `json:"dossier_code,omitempty"`
	Reason      string            `json:"reason,omitempty"`
	DecidedBy   string            `json:"decided_by,omitempty"`
	DecidedAt   time.Time         `json:"decided_at,omitzero"`
	// Transfer: a dossier forwarded by another centre (liên thông); its
	// procedure, applicant and summary are also in Submission.
	Transfer *TransferInfo `json:"lien_thong,omitempty"`
}

// TransferInfo is what the deciding centre's officers see of a forwarded dossier.
type TransferInfo struct {
	MaHoSo       string    `json:"ma_ho_so"`  // kept: the applicant holds the receiving centre's receipt
	TuDonVi      string    `json:"tu_don_vi"` // the receiving agency
	TenTTHC      string    `json:"ten_tthc"`
	NgayHenTra   time.Time `json:"ngay_hen_tra,omitzero"`
	TraKetQuaTai string    `json:"tra_ket_qua_tai,omitempty"`
	// DiaChiNhan is the postal address chosen at reception (buu_chinh).
	DiaChiNhan string `json:"dia_chi_nhan,omitempty"`
}

// StatusLabel is the Vietnamese label of an item's state.
func StatusLabel(s string) string {
	switch s {
	case store.InboxNew:
		return "Chờ tiếp nhận"
	case store.InboxAccepted:
		return "Đã tiếp nhận"
	case store.InboxReturned:
		return "Đã trả lại để bổ sung"
	}
	return s
}

func kindLabel(k string) string {
	switch k {
	case portal.KindOnline:
		return "Nộp trực tuyến"
	case portal.KindTransfer:
		return "Liên thông từ đơn vị khác"
	}
	return k
}

func view(it store.InboxItem) Item {
	v := Item{ID: it.ID, Code: it.PortalID, Kind: it.Kind, KindLabel: kindLabel(it.Kind), Status: it.Status,
		StatusLabel: StatusLabel(it.Status), SubmittedAt: it.SubmittedAt, PulledAt: it.PulledAt, DossierCode: it.DossierCode,
		Reason: it.Reason, DecidedBy: it.DecidedBy, DecidedAt: it.DecidedAt}
	if it.Kind == portal.KindTransfer {
		var t struct {
			portal.Transfer
			TuDonVi string `json:"tu_don_vi"`
		}
		if json.Unmarshal(it.Doc, &t) == nil {
			if p, err := qcvn120.Decode(qcvn120.SvcDongBoHoSo, t.HoSo); err == nil {
				hs := p.(qcvn120.DongBoHoSoMC)
				v.Submission = portal.Submission{MaTTHC: hs.MaTTHC, MaDonVi: t.TuDonVi, TrichYeu: hs.TrichYeuHoSo,
					ChuHoSo: portal.SubmissionApplicant{HoTen: hs.ChuHoSo}}
				v.Transfer = &TransferInfo{MaHoSo: hs.MaHoSo, TuDonVi: t.TuDonVi, TenTTHC: hs.TenTTHC, NgayHenTra: hs.NgayHenTra.Time,
					TraKetQuaTai: t.TraKetQuaTai}
				var det struct {
					Dossier dossier.Dossier `json:"dossier"`
				}
				if t.TraKetQuaTai == string(dossier.PlacePost) && json.Unmarshal(t.ChiTiet, &det) == nil && det.Dossier.Code == hs.MaHoSo {
					v.Transfer.DiaChiNhan = det.Dossier.PostAddress()
				}
			}
		}
		return v
	}
	_ = json.Unmarshal(it.Doc, &v.Submission) // an unreadable item shows empty and cannot be accepted
	return v
}

// officerKinds are the kinds officers decide; every other kind is the
// centre's own (hidden).
var officerKinds = []string{portal.KindOnline, portal.KindTransfer}

// Page sizes of GET /api/v1/inbox.
const (
	DefaultPageSize = 50
	MaxPageSize     = 200
)

// Page is one page of the inbox as a reader sees it. Every figure counts
// only the items the reader may read: Total those in the listed state,
// Waiting those still to be received (status new); Next is the cursor of
// the following page ("" on the last one).
type Page struct {
	Items   []Item `json:"items"`
	Total   int    `json:"total"`
	Waiting int    `json:"waiting"`
	Next    string `json:"next_cursor,omitempty"`
}

// filter is p's part of the inbox in a state ("" = all), in SQL.
func (in *Inbox) filter(ctx context.Context, p centre.Principal, status string) store.InboxFilter {
	sc := in.srv.InboxScopeOf(ctx, p)
	return store.InboxFilter{Status: status, Kinds: officerKinds, AllProcedures: sc.All, Procedures: sc.Procedures}
}

// Page lists the items in a state ("" = all) that p may read (their
// fields: InboxScopeOf), newest first, at most limit after cursor (""
// from the newest). The filter is SQL: an officer's older items are found
// however many newer items of other fields there are, and nothing in the
// answer (items, counts, cursor) depends on items p may not read.
func (in *Inbox) Page(ctx context.Context, p centre.Principal, status, cursor string, limit int) (Page, error) {
	before, err := parseCursor(cursor)
	if err != nil {
		return Page{}, err
	}
	limit = min(max(limit, 1), MaxPageSize)
	f := in.filter(ctx, p, status)
	waiting := f // the same scope, in state new
	waiting.Status = store.InboxNew
	f.Before = before
	rows, err := in.db.InboxPage(ctx, f, limit+1)
	if err != nil {
		return Page{}, err
	}
	pg := Page{Items: make([]Item, 0, min(len(rows), limit))}
	if len(rows) > limit {
		rows = rows[:limit]
		pg.Next = strconv.FormatInt(rows[limit-1].ID, 10)
	}
	for _, r := range rows {
		pg.Items = append(pg.Items, view(r))
	}
	if pg.Total, err = in.db.InboxCount(ctx, f); err != nil {
		return Page{}, err
	}
	if status == store.InboxNew {
		pg.Waiting = pg.Total
	} else if pg.Waiting, err = in.db.InboxCount(ctx, waiting); err != nil {
		return Page{}, err
	}
	return pg, nil
}

// parseCursor reads a paging cursor: the id below which the next page
// starts. Any id is harmless — the page holds only the reader's items.
func parseCursor(c string) (int64, error) {
	if c == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(c, 10, 64)
	if err != nil || id <= 0 {
		return 0, queue.Errf(queue.CodeInvalid, "Vị trí trang không hợp lệ", "bad inbox cursor")
	}
	return id, nil
}

// visible reads item id for p: queue.ErrNotFound for an unknown id, a kind
// the centre applies itself, or an item outside p's fields — the same
// rule, on the same column, as Page.
func (in *Inbox) visible(ctx context.Context, p centre.Principal, id int64) (store.InboxItem, error) {
	it, err := in.db.InboxItemByID(ctx, id)
	if err == nil && (hidden(it.Kind) || !in.srv.InboxScopeOf(ctx, p).Has(it.MaTTHC)) {
		err = queue.ErrNotFound
	}
	return it, err
}

func (in *Inbox) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	status := q.Get("status")
	switch status {
	case "":
		status = store.InboxNew
	case store.InboxNew, store.InboxAccepted, store.InboxReturned:
	case "all":
		status = ""
	default:
		centre.WriteError(w, r, in.log, queue.Errf(queue.CodeInvalid, "Trạng thái không hợp lệ", "bad status %q", status))
		return
	}
	limit := DefaultPageSize
	if s := q.Get("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			centre.WriteError(w, r, in.log, queue.Errf(queue.CodeInvalid, "Số hồ sơ mỗi trang không hợp lệ", "bad limit %q", s))
			return
		}
		limit = min(n, MaxPageSize)
	}
	pg, err := in.Page(r.Context(), centre.PrincipalOf(r), status, q.Get("cursor"), limit)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	centre.WriteJSON(w, http.StatusOK, pg)
}

func itemID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, queue.Errf(queue.CodeNotFound, "Không tìm thấy hồ sơ trong hộp thư", "no such inbox item")
	}
	return id, nil
}

func (in *Inbox) get(w http.ResponseWriter, r *http.Request) {
	id, err := itemID(r)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	it, err := in.visible(r.Context(), centre.PrincipalOf(r), id)
	if err != nil {
		centre.WriteError(w, r, in.log, notFound(err))
		return
	}
	centre.WriteJSON(w, http.StatusOK, view(it))
}

// hidden: items the centre applies itself (a forwarded dossier's progress,
// a hand-over) are not the officers': reading, accepting or returning one
// is answered as for an item that does not exist (session 5 review).
// Officers decide only online submissions and forwarded dossiers; every
// other kind is the centre's own.
func hidden(kind string) bool { return kind != portal.KindOnline && kind != portal.KindTransfer }

func notFound(err error) error {
	if errors.Is(err, queue.ErrNotFound) {
		return queue.Errf(queue.CodeNotFound, "Không tìm thấy hồ sơ trong hộp thư", "no such inbox item")
	}
	return err
}

var errDecided = queue.Errf(queue.CodeConflict, "Hồ sơ này đã được xử lý (tiếp nhận hoặc trả lại) trước đó", "inbox item already decided")

// AcceptRequest is the optional body of POST /api/v1/inbox/{id}/accept: the
// components as the officer checked them (default: as submitted) and a summary.
type AcceptRequest struct {
	Components []dossier.ComponentReceived `json:"components"`
	Summary    string                      `json:"summary"`
}

// ReceiveRequest maps a submission to the counter's reception request, with
// KenhThucHien = online.
func ReceiveRequest(x portal.Submission, a AcceptRequest) centre.ReceiveRequest {
	req := centre.ReceiveRequest{ProcedureCode: x.MaTTHC, Channel: dossier.ChannelOnline,
		Applicant: dossier.Applicant{Name: x.ChuHoSo.HoTen, IDNumber: x.ChuHoSo.SoGiayTo, Address: x.ChuHoSo.DiaChi,
			Phone: x.ChuHoSo.DienThoai, Email: x.ChuHoSo.Email},
		Summary: x.TrichYeu, Components: a.Components}
	if s := strings.TrimSpace(a.Summary); s != "" {
		req.Summary = s
	}
	if x.HinhThucTra == "buu_chinh" {
		req.ReturnMethod = dossier.ReturnByPost
	}
	if len(req.Components) == 0 {
		for _, c := range x.ThanhPhan {
			req.Components = append(req.Components, dossier.ComponentReceived{Name: c.Ten, Originals: c.SoBanChinh, Copies: c.SoBanSao})
		}
	}
	return req
}

// Accept receives the item as a dossier and marks it accepted, in one
// transaction: two officers accepting at once make one dossier, the other
// is told it was already decided.
func (in *Inbox) Accept(ctx context.Context, id int64, a AcceptRequest, p centre.Principal) (centre.DossierView, error) {
	it, err := in.visible(ctx, p, id)
	if err != nil {
		return centre.DossierView{}, notFound(err)
	}
	if it.Status != store.InboxNew {
		return centre.DossierView{}, errDecided
	}
	by := p.Username
	decide := func(tx *store.Tx, v centre.DossierView) error {
		ok, err := tx.DecideInboxItem(id, store.InboxAccepted, v.Dossier.Code, "", by, in.now())
		if err != nil {
			return err
		}
		if !ok {
			return errDecided
		}
		return nil
	}
	if it.Kind == portal.KindTransfer {
		// Liên thông: this centre decides a dossier another centre received;
		// it keeps that centre's code (docs/SYNC.md, "Liên thông").
		var t portal.Transfer
		if json.Unmarshal(it.Doc, &t) != nil {
			return centre.DossierView{}, queue.Errf(queue.CodeInvalid, "Không đọc được nội dung hồ sơ này", "inbox item %d unreadable (kind %q)", id, it.Kind)
		}
		return in.srv.ReceiveTransferred(ctx, t, p, decide)
	}
	var x portal.Submission
	if it.Kind != portal.KindOnline || json.Unmarshal(it.Doc, &x) != nil {
		return centre.DossierView{}, queue.Errf(queue.CodeInvalid, "Không đọc được nội dung hồ sơ này", "inbox item %d unreadable (kind %q)", id, it.Kind)
	}
	return in.srv.ReceiveDossier(ctx, ReceiveRequest(x, a), p, decide)
}

func (in *Inbox) accept(w http.ResponseWriter, r *http.Request) {
	id, err := itemID(r)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	var a AcceptRequest
	if r.ContentLength != 0 {
		if err := centre.DecodeJSON(r, &a); err != nil {
			centre.WriteError(w, r, in.log, err)
			return
		}
	}
	p := centre.PrincipalOf(r)
	v, err := in.Accept(r.Context(), id, a, p)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	in.log.Info("inbox item accepted", "item", id, "dossier", v.Dossier.Code, "officer", p.Username)
	centre.WriteJSON(w, http.StatusCreated, v)
}

// ReturnRequest is the body of POST /api/v1/inbox/{id}/return.
type ReturnRequest struct {
	Reason string `json:"reason"` // what to supplement or correct, shown to the applicant
}

// Return marks a new item returned to the applicant with the reason.
func (in *Inbox) Return(ctx context.Context, id int64, reason string, p centre.Principal) error {
	reason = textrule.FormBlock(reason) // the shared rule (internal/textrule); a control is refused here
	if reason == "" || utf8.RuneCountInString(reason) > 1000 || strings.IndexFunc(reason, func(r rune) bool { return unicode.IsControl(r) && r != '\n' }) >= 0 {
		return queue.Errf(queue.CodeInvalid, "Hãy ghi rõ nội dung cần bổ sung, hoàn thiện (tối đa 1000 ký tự)", "a return needs a reason")
	}
	// The field is checked before the transaction (the catalogue may read
	// the database): an item's kind and procedure never change.
	if _, err := in.visible(ctx, p, id); err != nil {
		return notFound(err)
	}
	return in.db.Write(ctx, func(tx *store.Tx) error {
		it, err := tx.InboxItem(id)
		if err != nil {
			return notFound(err)
		}
		if it.Kind == portal.KindProgress || it.Kind == portal.KindHandOver || it.Kind == portal.KindHandOverRefusal { // the centre applies these itself
			return queue.Errf(queue.CodeNotFound, "Không tìm thấy hồ sơ trong hộp thư", "no such inbox item")
		}
		if it.Kind == portal.KindTransfer {
			// The receiving centre would not learn of it: accept the dossier,
			// then request a supplement or refuse it — those states flow back.
			return queue.Errf(queue.CodeConflict, "Hồ sơ liên thông: hãy tiếp nhận rồi yêu cầu bổ sung hoặc từ chối, để đơn vị tiếp nhận được cập nhật",
				"a forwarded dossier is not returned from the inbox")
		}
		ok, err := tx.DecideInboxItem(id, store.InboxReturned, "", reason, p.Username, in.now())
		if err != nil {
			return err
		}
		if !ok {
			return errDecided
		}
		return nil
	})
}

func (in *Inbox) giveBack(w http.ResponseWriter, r *http.Request) {
	id, err := itemID(r)
	if err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	var req ReturnRequest
	if err := centre.DecodeJSON(r, &req); err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	p := centre.PrincipalOf(r)
	if err := in.Return(r.Context(), id, req.Reason, p); err != nil {
		centre.WriteError(w, r, in.log, err)
		return
	}
	in.log.Info("inbox item returned for supplement", "item", id, "officer", p.Username)
	centre.WriteJSON(w, http.StatusOK, map[string]any{"id": id, "status": store.InboxReturned, "status_label": StatusLabel(store.InboxReturned)})
}

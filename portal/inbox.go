package portal

// The inbound channel (portal → centre, docs/SYNC.md "Inbound"): dossiers
// submitted online (POST /api/v1/nop-truc-tuyen) are stored as inbound items
// addressed to a centre's agency, numbered in a per-agency sequence; the
// centre's sync agent pulls them (GET /api/v1/inbox) and acknowledges
// (POST /api/v1/inbox/ack).

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/qcvn120"
)

// Inbound kinds.
const (
	KindOnline = "nop_truc_tuyen" // a dossier submitted online
)

// Inbound is one item addressed to a centre's agency.
type Inbound struct {
	Agency  string        `json:"ma_don_vi"`
	Seq     int64         `json:"seq"` // per agency, from 1, without gaps in commit order
	ID      string        `json:"id"`  // unique over the portal (the submission code)
	Kind    string        `json:"loai"`
	Doc     []byte        `json:"-"`
	Created time.Time     `json:"thoi_diem"`
	Status  InboundStatus `json:"-"`
}

// InboundStatus is the receiving centre's decision on an item.
type InboundStatus struct {
	Status      string    `json:"trang_thai"` // "" (not decided), InboundAccepted, InboundReturned
	DossierCode string    `json:"ma_ho_so,omitempty"`
	Reason      string    `json:"ly_do,omitempty"`
	DecidedAt   time.Time `json:"thoi_diem,omitzero"`
}

// Decisions a centre reports on an inbound item.
const (
	InboundAccepted = "accepted"
	InboundReturned = "returned"
)

// InboxStore is the storage of the inbound channel (portal/store implements it).
type InboxStore interface {
	// PutInbound stores an item and gives it the next Seq of its agency; an
	// item whose ID is already held is not stored again: ErrDuplicate, with
	// the held item's Agency and Seq.
	PutInbound(ctx context.Context, in Inbound) (Inbound, error)
	// InboundAfter lists an agency's items with Seq > after, in Seq order.
	InboundAfter(ctx context.Context, agency string, after int64, limit int) ([]Inbound, error)
	// AckInbound records that the agency's centre holds every item up to seq.
	AckInbound(ctx context.Context, agency string, seq int64, at time.Time) error
	// InboundAcked is the highest acknowledged seq of an agency (0: none).
	InboundAcked(ctx context.Context, agency string) (int64, error)
	// AgencyServed tells whether some centre's credential lists the agency.
	AgencyServed(ctx context.Context, agency string) (bool, error)
	// SetInboundStatus records the centre's decision on its agency's item;
	// false when there is no such item of that agency or it was decided otherwise.
	SetInboundStatus(ctx context.Context, agency, id string, st InboundStatus) (bool, error)
	// InboundByID reads an item with its decision (ErrNotFound).
	InboundByID(ctx context.Context, id string) (Inbound, error)
}

// ErrDuplicate: an inbound item with this id is already held.
var ErrDuplicate = errors.New("portal: inbound item already held")

// Submission is the body of POST /api/v1/nop-truc-tuyen (strict: unknown
// fields are refused).
type Submission struct {
	MaTTHC      string                `json:"ma_tthc"`
	MaDonVi     string                `json:"ma_don_vi"` // the centre's agency the dossier is submitted to
	ChuHoSo     SubmissionApplicant   `json:"chu_ho_so"`
	TrichYeu    string                `json:"trich_yeu"`
	ThanhPhan   []SubmissionComponent `json:"thanh_phan"`
	HinhThucTra string                `json:"hinh_thuc_tra"` // "truc_tiep" (default) or "buu_chinh"
	// Set by the portal:
	MaNop       string    `json:"ma_nop,omitempty"`
	ThoiDiemNop time.Time `json:"thoi_diem_nop,omitzero"`
}

// SubmissionApplicant is the applicant of an online submission.
type SubmissionApplicant struct {
	HoTen     string `json:"ho_ten"`
	SoGiayTo  string `json:"so_giay_to"` // CCCD 12 digits, CMND 9, or tax code
	DiaChi    string `json:"dia_chi"`
	DienThoai string `json:"dien_thoai"`
	Email     string `json:"email"`
}

// SubmissionComponent is one document of the dossier (thành phần hồ sơ).
type SubmissionComponent struct {
	Ten        string `json:"ten"`
	SoBanChinh int    `json:"so_ban_chinh"`
	SoBanSao   int    `json:"so_ban_sao"`
}

// MaxSubmissionBytes bounds an online submission's body.
const MaxSubmissionBytes = 64 << 10

var (
	maTTHCRe   = regexp.MustCompile(`^\d\.\d{6}$`)
	agencyRe   = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$`)
	idNumberRe = regexp.MustCompile(`^(\d{12}|\d{9}|\d{10}(-\d{3})?)$`)
	phoneRe    = regexp.MustCompile(`^\+?[0-9 .-]{8,15}$`)
	emailRe    = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
)

// submissionError is a field refused, with the Vietnamese message shown to the citizen.
type submissionError struct{ field, vi string }

func (e *submissionError) Error() string { return e.field + ": " + e.vi }

func text(s string, max int, required bool) bool {
	if required && strings.TrimSpace(s) == "" {
		return false
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// Validate checks and normalises a submission.
func (x *Submission) Validate() error {
	a := &x.ChuHoSo
	for _, p := range []*string{&x.MaTTHC, &x.MaDonVi, &x.HinhThucTra, &a.SoGiayTo, &a.DienThoai, &a.Email} {
		*p = strings.TrimSpace(*p)
	}
	// Typed by the citizen: invisible characters go, NFC (internal/textrule);
	// a control character is refused below with the field's message.
	for _, p := range []*string{&x.TrichYeu, &a.HoTen, &a.DiaChi} {
		*p = textrule.FormLine(*p)
	}
	bad := func(f, vi string) error { return &submissionError{f, vi} }
	switch {
	case !maTTHCRe.MatchString(x.MaTTHC):
		return bad("ma_tthc", "Mã thủ tục hành chính không hợp lệ (dạng 1.001193)")
	case !agencyRe.MatchString(x.MaDonVi):
		return bad("ma_don_vi", "Mã đơn vị tiếp nhận không hợp lệ (dạng 000.00.06.H26)")
	case !text(a.HoTen, 200, true):
		return bad("chu_ho_so.ho_ten", "Hãy nhập họ tên chủ hồ sơ (tối đa 200 ký tự)")
	case !idNumberRe.MatchString(a.SoGiayTo):
		return bad("chu_ho_so.so_giay_to", "Số giấy tờ tùy thân không hợp lệ (CCCD 12 số, CMND 9 số hoặc mã số thuế)")
	case !text(a.DiaChi, 300, false):
		return bad("chu_ho_so.dia_chi", "Địa chỉ không hợp lệ (tối đa 300 ký tự)")
	case a.DienThoai == "" && a.Email == "":
		return bad("chu_ho_so.dien_thoai", "Hãy nhập số điện thoại hoặc email để cơ quan liên hệ")
	case a.DienThoai != "" && !phoneRe.MatchString(a.DienThoai):
		return bad("chu_ho_so.dien_thoai", "Số điện thoại không hợp lệ")
	case a.Email != "" && (!emailRe.MatchString(a.Email) || len(a.Email) > 200):
		return bad("chu_ho_so.email", "Địa chỉ email không hợp lệ")
	case !text(x.TrichYeu, 1000, false):
		return bad("trich_yeu", "Trích yếu không hợp lệ (tối đa 1000 ký tự)")
	case len(x.ThanhPhan) == 0 || len(x.ThanhPhan) > 50:
		return bad("thanh_phan", "Hồ sơ cần từ 1 đến 50 thành phần")
	}
	switch x.HinhThucTra {
	case "":
		x.HinhThucTra = "truc_tiep"
	case "truc_tiep", "buu_chinh":
	default:
		return bad("hinh_thuc_tra", "Hình thức nhận kết quả là truc_tiep hoặc buu_chinh")
	}
	for i := range x.ThanhPhan {
		c := &x.ThanhPhan[i]
		c.Ten = textrule.FormLine(c.Ten)
		if !text(c.Ten, 300, true) || c.SoBanChinh < 0 || c.SoBanSao < 0 || c.SoBanChinh > 100 || c.SoBanSao > 100 || // each bounded first: no overflow
			c.SoBanChinh+c.SoBanSao == 0 || c.SoBanChinh+c.SoBanSao > 100 {
			return bad(fmt.Sprintf("thanh_phan[%d]", i), "Thành phần hồ sơ cần tên và số bản chính/bản sao (1–100)")
		}
	}
	return nil
}

// newSubmissionCode is a random, unguessable code: "NTT-" and 12 characters
// of an alphabet without look-alikes.
func newSubmissionCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "NTT-" + string(b)
}

func (s *Server) inboxRoutes() {
	is, ok := s.st.(InboxStore)
	if !ok {
		return
	}
	s.inbox = is
	s.mux.HandleFunc("POST /api/v1/nop-truc-tuyen", s.handleSubmit)
	s.mux.HandleFunc("GET /api/v1/inbox", s.handleInbox)
	s.mux.HandleFunc("POST /api/v1/inbox/ack", s.handleInboxAck)
	s.mux.HandleFunc("POST /api/v1/inbox/status", s.handleInboxStatus)
	s.mux.HandleFunc("POST /api/v1/lien-thong", s.handleTransfer)
	s.mux.HandleFunc("POST /api/v1/lien-thong/tra-ket-qua", s.handleHandOver)
	s.mux.HandleFunc("POST /api/v1/lien-thong/tra-ket-qua/tu-choi", s.handleHandOverRefusal)
	s.mux.HandleFunc("GET /api/v1/lien-thong/tra-ket-qua/{code}", s.handleHandOverState)
	s.mux.HandleFunc("GET /api/v1/nop-truc-tuyen/{code}", s.handleSubmissionLookup)
	s.mux.HandleFunc("GET /nop-truc-tuyen", s.handleSubmitPage)
	s.mux.HandleFunc("POST /nop-truc-tuyen", s.handleSubmitForm)
}

type apiAnswer struct {
	ErrorCode int    `json:"error_code"`
	Message   string `json:"message"`
	Field     string `json:"field,omitempty"`
	Result    any    `json:"result"`
}

// handleSubmit takes an online submission: rate-limited per client address
// before the body is read, body bounded, strict JSON.
func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	if !s.sublim.allow(clientOf(r, s.o.TrustedProxies), s.o.Now()) {
		w.Header().Set("Retry-After", "60")
		writeJSON(w, http.StatusTooManyRequests, apiAnswer{ErrorCode: qcvn120.ErrAuth, Message: "Bạn gửi hồ sơ quá nhanh, vui lòng thử lại sau ít phút"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxSubmissionBytes))
	if err != nil {
		writeJSON(w, http.StatusRequestEntityTooLarge, apiAnswer{ErrorCode: qcvn120.ErrTooLarge, Message: fmt.Sprintf("Hồ sơ gửi lên quá lớn (tối đa %d KiB)", MaxSubmissionBytes>>10)})
		return
	}
	var x Submission
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil || dec.More() || x.MaNop != "" || !x.ThoiDiemNop.IsZero() {
		msg := "Dữ liệu gửi lên không đọc được"
		if err != nil {
			msg += ": " + err.Error()
		}
		writeJSON(w, http.StatusBadRequest, apiAnswer{ErrorCode: qcvn120.ErrMalformed, Message: msg})
		return
	}
	status, ans := s.submit(r.Context(), &x)
	writeJSON(w, status, ans)
}

// submit validates and stores a decoded submission (the API and the form).
func (s *Server) submit(ctx context.Context, x *Submission) (int, apiAnswer) {
	if err := x.Validate(); err != nil {
		var se *submissionError
		errors.As(err, &se)
		return http.StatusBadRequest, apiAnswer{ErrorCode: qcvn120.ItemInvalid, Message: se.vi, Field: se.field}
	}
	served, err := s.inbox.AgencyServed(ctx, x.MaDonVi)
	if err != nil {
		s.log.Error("submission: agency check", "err", err)
		return http.StatusInternalServerError, apiAnswer{ErrorCode: qcvn120.ErrInternal, Message: "Lỗi hệ thống, vui lòng thử lại"}
	}
	if !served {
		return http.StatusBadRequest, apiAnswer{ErrorCode: qcvn120.ItemInvalid, Field: "ma_don_vi", Message: "Không có trung tâm nào tiếp nhận hồ sơ cho đơn vị " + x.MaDonVi}
	}
	if _, err := s.st.Procedure(ctx, x.MaTTHC); errors.Is(err, ErrNotFound) {
		return http.StatusBadRequest, apiAnswer{ErrorCode: qcvn120.ItemInvalid, Field: "ma_tthc", Message: "Không tìm thấy thủ tục " + x.MaTTHC + " trong danh mục"}
	} else if err != nil {
		s.log.Error("submission: procedure", "err", err)
		return http.StatusInternalServerError, apiAnswer{ErrorCode: qcvn120.ErrInternal, Message: "Lỗi hệ thống, vui lòng thử lại"}
	}
	x.MaNop, x.ThoiDiemNop = newSubmissionCode(), s.o.Now().In(qcvn120.Location).Truncate(time.Second)
	doc, _ := json.Marshal(x)
	in, err := s.inbox.PutInbound(ctx, Inbound{Agency: x.MaDonVi, ID: x.MaNop, Kind: KindOnline, Doc: doc, Created: x.ThoiDiemNop})
	if err != nil {
		s.log.Error("submission: store", "err", err)
		return http.StatusInternalServerError, apiAnswer{ErrorCode: qcvn120.ErrInternal, Message: "Lỗi lưu trữ, vui lòng gửi lại sau"}
	}
	s.log.Info("online submission", "code", in.ID, "agency", in.Agency, "seq", in.Seq, "procedure", x.MaTTHC)
	return http.StatusCreated, apiAnswer{ErrorCode: qcvn120.OK, Message: "Đã nhận hồ sơ nộp trực tuyến. Mã nộp hồ sơ: " + in.ID,
		Result: map[string]any{"ma_nop": in.ID, "ma_don_vi": in.Agency, "thoi_diem_nop": x.ThoiDiemNop}}
}

// InboxItem is one inbound item as the agent receives it.
type InboxItem struct {
	Inbound
	NoiDung json.RawMessage `json:"noi_dung"`
}

// MaxInboxPage is the most items one GET /api/v1/inbox returns.
const MaxInboxPage = 200

// inboxCaller authenticates the caller from the Authorization header
// (Bearer session or HTTP Basic) before any byte of a body is read.
func (s *Server) inboxCaller(w http.ResponseWriter, r *http.Request) (Centre, bool) {
	c, found, err := s.headerCentre(r)
	if err == nil && !found {
		err = errSession
	}
	if err != nil {
		s.authFail(w, err)
		return c, false
	}
	return c, true
}

// ownAgency checks that the agency asked for is one of the centre's (the
// same rule as ingest).
func (s *Server) ownAgency(w http.ResponseWriter, c Centre, agency string) bool {
	if !slices.Contains(c.Agencies, agency) {
		s.log.Warn("inbox of another agency refused", "centre", c.Username, "agency", agency)
		s.fail(w, http.StatusForbidden, qcvn120.ErrForbidden, "Đơn vị "+agency+" không thuộc tài khoản này")
		return false
	}
	return true
}

// handleInbox lists an agency's inbound items after a sequence number:
// GET /api/v1/inbox?ma_don_vi=A&after=N[&limit=M].
func (s *Server) handleInbox(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	agency := q.Get("ma_don_vi")
	c, ok := s.inboxCaller(w, r)
	if !ok || !s.ownAgency(w, c, agency) {
		return
	}
	after, err1 := strconv.ParseInt(q.Get("after"), 10, 64)
	if q.Get("after") == "" {
		after, err1 = 0, nil
	}
	limit := MaxInboxPage
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			err1 = errors.New("bad limit")
		}
		limit = min(n, MaxInboxPage)
	}
	if err1 != nil || after < 0 {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Tham số after/limit không hợp lệ")
		return
	}
	items, err := s.inbox.InboundAfter(r.Context(), agency, after, limit)
	if err != nil {
		s.log.Error("inbox", "agency", agency, "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	out := make([]InboxItem, len(items))
	for i, in := range items {
		out[i] = InboxItem{Inbound: in, NoiDung: in.Doc}
	}
	result, _ := json.Marshal(out)
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: result})
}

// InboxAck is the body of POST /api/v1/inbox/ack.
type InboxAck struct {
	MaDonVi string `json:"ma_don_vi"`
	Seq     int64  `json:"seq"`
}

// handleInboxAck records the centre's position (the portal never moves it back).
func (s *Server) handleInboxAck(w http.ResponseWriter, r *http.Request) {
	c, ok := s.inboxCaller(w, r)
	if !ok {
		return
	}
	var a InboxAck
	dec := json.NewDecoder(io.LimitReader(r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil || a.Seq < 0 {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Dữ liệu xác nhận không hợp lệ")
		return
	}
	agency := a.MaDonVi
	if !s.ownAgency(w, c, agency) {
		return
	}
	if err := s.inbox.AckInbound(r.Context(), agency, a.Seq, s.o.Now()); err != nil {
		s.log.Error("inbox ack", "agency", agency, "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: json.RawMessage("[]")})
}

// InboxStatusReport is the body of POST /api/v1/inbox/status.
type InboxStatusReport struct {
	MaDonVi string `json:"ma_don_vi"`
	ID      string `json:"id"`
	InboundStatus
}

var dossierCodeRe = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4}$`)

// handleInboxStatus records a centre's decision on one of its agency's
// items (accepted with the dossier code, or returned with the reason), so
// the citizen sees it under the submission code.
func (s *Server) handleInboxStatus(w http.ResponseWriter, r *http.Request) {
	c, ok := s.inboxCaller(w, r)
	if !ok {
		return
	}
	var a InboxStatusReport
	dec := json.NewDecoder(io.LimitReader(r.Body, 8<<10))
	dec.DisallowUnknownFields()
	err := dec.Decode(&a)
	switch {
	case err != nil:
	case a.Status == InboundAccepted && dossierCodeRe.MatchString(a.DossierCode) && a.Reason == "":
	case a.Status == InboundReturned && a.DossierCode == "" && text(strings.ReplaceAll(a.Reason, "\n", " "), 1000, true):
	default:
		err = errors.New("bad decision")
	}
	if err != nil {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Dữ liệu trạng thái không hợp lệ")
		return
	}
	if !s.ownAgency(w, c, a.MaDonVi) {
		return
	}
	a.Reason = textrule.Block(a.Reason)
	if a.DecidedAt.IsZero() {
		a.DecidedAt = s.o.Now()
	}
	applied, err := s.inbox.SetInboundStatus(r.Context(), a.MaDonVi, a.ID, a.InboundStatus)
	if err != nil {
		s.log.Error("inbox status", "agency", a.MaDonVi, "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	if !applied {
		s.fail(w, http.StatusConflict, qcvn120.ErrMalformed, "Không có hồ sơ này của đơn vị, hoặc đã có quyết định khác")
		return
	}
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: json.RawMessage("[]")})
}

// SubmissionView is the public answer of GET /api/v1/nop-truc-tuyen/{code}:
// no personal data beyond what the holder of the code submitted is shown —
// only the state, the procedure, the dossier code and the reason for a return.
type SubmissionView struct {
	MaNop        string    `json:"ma_nop"`
	MaTTHC       string    `json:"ma_tthc"`
	MaDonVi      string    `json:"ma_don_vi"`
	ThoiDiemNop  time.Time `json:"thoi_diem_nop"`
	TrangThai    string    `json:"trang_thai"` // cho_chuyen | da_chuyen | da_tiep_nhan | tra_lai
	TrangThaiTen string    `json:"trang_thai_ten"`
	MaHoSo       string    `json:"ma_ho_so,omitempty"`
	LyDo         string    `json:"ly_do,omitempty"`
}

var submissionCodeRe = regexp.MustCompile(`^NTT-[A-Z2-9]{12}$`)

// handleSubmissionLookup shows a submission's state to the holder of its
// (unguessable) code; rate-limited like the dossier lookup, and a missing
// code is answered like a malformed one.
func (s *Server) handleSubmissionLookup(w http.ResponseWriter, r *http.Request) {
	v, status, msg := s.submissionStatus(r, r.PathValue("code"))
	if status != http.StatusOK {
		code := qcvn120.ErrMalformed
		if status == http.StatusTooManyRequests {
			code = qcvn120.ErrAuth
		} else if status == http.StatusInternalServerError {
			code = qcvn120.ErrInternal
		}
		writeJSON(w, status, apiAnswer{ErrorCode: code, Message: msg})
		return
	}
	writeJSON(w, http.StatusOK, apiAnswer{ErrorCode: qcvn120.OK, Message: v.TrangThaiTen, Result: v})
}

// submissionStatus is the public view of a submission (the API and the page).
func (s *Server) submissionStatus(r *http.Request, code string) (SubmissionView, int, string) {
	var v SubmissionView
	if !s.lim.allow(clientOf(r, s.o.TrustedProxies), s.o.Now()) {
		return v, http.StatusTooManyRequests, "Bạn tra cứu quá nhanh, vui lòng thử lại sau ít phút"
	}
	const notFound = "Không tìm thấy hồ sơ nộp trực tuyến với mã này"
	if !submissionCodeRe.MatchString(code) {
		return v, http.StatusNotFound, notFound
	}
	in, err := s.inbox.InboundByID(r.Context(), code)
	if errors.Is(err, ErrNotFound) {
		return v, http.StatusNotFound, notFound
	}
	if err != nil {
		s.log.Error("submission lookup", "err", err)
		return v, http.StatusInternalServerError, "Lỗi hệ thống, vui lòng thử lại"
	}
	var x Submission
	_ = json.Unmarshal(in.Doc, &x)
	v = SubmissionView{MaNop: in.ID, MaTTHC: x.MaTTHC, MaDonVi: in.Agency, ThoiDiemNop: in.Created.In(qcvn120.Location),
		MaHoSo: in.Status.DossierCode, LyDo: in.Status.Reason}
	acked, err := s.inbox.InboundAcked(r.Context(), in.Agency)
	if err != nil {
		s.log.Error("submission lookup", "err", err)
	}
	switch {
	case in.Status.Status == InboundAccepted:
		v.TrangThai, v.TrangThaiTen = "da_tiep_nhan", "Đã được tiếp nhận, mã hồ sơ "+in.Status.DossierCode+": tra cứu tiến độ bằng mã hồ sơ"
	case in.Status.Status == InboundReturned:
		v.TrangThai, v.TrangThaiTen = "tra_lai", "Hồ sơ cần bổ sung, hoàn thiện theo nội dung dưới đây; xin nộp lại hồ sơ đã bổ sung"
	case acked >= in.Seq:
		v.TrangThai, v.TrangThaiTen = "da_chuyen", "Đã chuyển đến bộ phận một cửa, đang chờ cán bộ kiểm tra"
	default:
		v.TrangThai, v.TrangThaiTen = "cho_chuyen", "Cổng đã nhận hồ sơ, đang chuyển đến bộ phận một cửa"
	}
	return v, http.StatusOK, ""
}

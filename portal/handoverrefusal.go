package portal

// Liên thông, a hand-over the deciding centre could not record
// (docs/SYNC.md, "Liên thông", step 8): the deciding centre sends the
// refusal back (POST /api/v1/lien-thong/tra-ket-qua/tu-choi); the portal
// takes it only from a centre holding the agency the hand-over was queued
// for, keeps it, and queues it for the receiving centre's agency as inbound
// item "TC-<MaHoSo>" (kind KindHandOverRefusal), once, through the same
// ordered, exactly-once channel. Both centres read what the portal holds
// with GET /api/v1/lien-thong/tra-ket-qua/{code}.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
)

// KindHandOverRefusal is an inbound item for the receiving centre: the
// deciding centre could not record the result hand-over it made.
const KindHandOverRefusal = "tra_ket_qua_tu_choi"

// SvcHandOverRefusal is the outbox service of a refusal (lienthong.SvcHandOverRefusal).
const SvcHandOverRefusal = lienthong.SvcHandOverRefusal

// HandOverRefusal is the body of POST /api/v1/lien-thong/tra-ket-qua/tu-choi.
type HandOverRefusal = lienthong.HandOverRefusal

// HandOverRefusalID is the inbound id of the refusal of a dossier's first
// hand-over attempt (lienthong.RefusalItemID for the others).
func HandOverRefusalID(maHoSo string) string { return "TC-" + maHoSo }

// MaxHandOverRefusalBytes bounds a refusal's body.
const MaxHandOverRefusalBytes = 4 << 10

// handOverNotYours is the one answer for a hand-over that does not exist
// and one addressed to another centre: a centre learns nothing of others'.
const handOverNotYours = "Không có bàn giao kết quả liên thông của hồ sơ này gửi đến đơn vị của tài khoản này"

// handleHandOverRefusal takes a deciding centre's refusal of a hand-over.
// The caller is authenticated before the body is read, the body is
// bounded and strict; the TK-<MaHoSo> item must be queued for one of the
// caller's agencies, or the answer is the same 403 as for no such
// hand-over. The hand-over's fields come from the item held, not from the
// body. Once per attempt (lan_gui, the attempt refused): again → duplicate.
func (s *Server) handleHandOverRefusal(w http.ResponseWriter, r *http.Request) {
	c, ok := s.inboxCaller(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxHandOverRefusalBytes))
	if err != nil {
		s.fail(w, http.StatusRequestEntityTooLarge, qcvn120.ErrTooLarge, fmt.Sprintf("Dữ liệu gửi lên quá lớn (tối đa %d KiB)", MaxHandOverRefusalBytes>>10))
		return
	}
	var x HandOverRefusal
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&x); err != nil || dec.More() || !qcvn120.ValidMaHoSo(x.MaHoSo) || !lienthong.ValidRefusalCode(x.MaLyDo) ||
		x.ThoiDiem.IsZero() || x.LanGui < 0 || x.LanGui > lienthong.MaxAttempts || strings.TrimSpace(x.LyDo) == "" || !plainText(x.LyDo, 500) || !plainText(x.NoiGiaiQuyet, 200) || !plainText(x.NguoiNhan, 200) {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Dữ liệu từ chối ghi nhận trả kết quả liên thông không hợp lệ")
		return
	}
	x.LyDo, x.NoiGiaiQuyet, x.NguoiNhan = textrule.Line(x.LyDo), textrule.Line(x.NoiGiaiQuyet), textrule.Line(x.NguoiNhan)
	n := lienthong.Attempt(x.LanGui)
	tk, err := s.inbox.InboundByID(r.Context(), lienthong.HandOverItemID(x.MaHoSo, n))
	switch {
	case err != nil && !errors.Is(err, ErrNotFound):
		s.log.Error("hand-over refusal", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	case err != nil || tk.Kind != KindHandOver || !slices.Contains(c.Agencies, tk.Agency) ||
		(x.MaDonViGiaiQuyet != "" && x.MaDonViGiaiQuyet != tk.Agency):
		s.log.Warn("hand-over refusal refused: no hand-over of this dossier for the caller", "centre", c.Username, "dossier", x.MaHoSo)
		s.fail(w, http.StatusForbidden, qcvn120.ErrForbidden, handOverNotYours)
		return
	}
	x.MaDonViGiaiQuyet = tk.Agency
	var h HandOver
	if json.Unmarshal(tk.Doc, &h) == nil {
		x.PhienBan, x.NgayTra, x.NguoiNhan = h.PhienBan, h.NgayTra, h.NguoiNhan
	}
	x.LanGui = 0
	if n >= 2 {
		x.LanGui = n
	}
	doc, _ := json.Marshal(x)
	in, err := s.inbox.PutInbound(r.Context(), Inbound{Agency: qcvn120.AgencyOf(x.MaHoSo), ID: lienthong.RefusalItemID(x.MaHoSo, n), Kind: KindHandOverRefusal, Doc: doc, Created: s.o.Now()})
	outcome := qcvn120.Applied
	switch {
	case errors.Is(err, ErrDuplicate):
		outcome = qcvn120.Duplicate
	case err != nil:
		s.log.Error("hand-over refusal", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi lưu trữ, vui lòng gửi lại sau")
		return
	}
	s.log.Warn("hand-over not recorded at the deciding centre", "dossier", x.MaHoSo, "attempt", n, "deciding", tk.Agency, "code", x.MaLyDo, "to", in.Agency, "seq", in.Seq, "outcome", outcome)
	result, _ := json.Marshal(map[string]any{"id": in.ID, "ma_don_vi_nhan": in.Agency, "seq": in.Seq, "outcome": outcome})
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: result})
}

// HandOverState is the answer of GET /api/v1/lien-thong/tra-ket-qua/{code}:
// the hand-over the portal holds and, if the deciding centre could not
// record it, its refusal.
type HandOverState struct {
	// SoLanGui: the attempts held; TraKetQua and TuChoi are of the newest.
	SoLanGui  int              `json:"so_lan_gui"`
	TraKetQua HandOver         `json:"tra_ket_qua"`
	TuChoi    *HandOverRefusal `json:"tu_choi,omitempty"`
}

// handleHandOverState shows a dossier's hand-over and refusal to the two
// centres concerned (the dossier's agency, the agency it was queued for);
// to anyone else, exactly as if there were none.
func (s *Server) handleHandOverState(w http.ResponseWriter, r *http.Request) {
	c, ok := s.inboxCaller(w, r)
	if !ok {
		return
	}
	code := strings.ToUpper(strings.TrimSpace(r.PathValue("code")))
	notFound := func() {
		s.fail(w, http.StatusNotFound, qcvn120.ErrMalformed, "Không có bàn giao kết quả liên thông của hồ sơ này trong các đơn vị của tài khoản này")
	}
	if !qcvn120.ValidMaHoSo(code) {
		notFound()
		return
	}
	// The newest attempt (the ones before it were refused).
	n, tk, err := s.latestAttempt(r, code)
	if err != nil {
		s.log.Error("hand-over state", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	if n == 0 || !(slices.Contains(c.Agencies, tk.Agency) || slices.Contains(c.Agencies, qcvn120.AgencyOf(code))) {
		notFound()
		return
	}
	out := HandOverState{SoLanGui: n}
	_ = json.Unmarshal(tk.Doc, &out.TraKetQua)
	tc, err := s.inbox.InboundByID(r.Context(), lienthong.RefusalItemID(code, n))
	switch {
	case err == nil && tc.Kind == KindHandOverRefusal:
		var x HandOverRefusal
		if json.Unmarshal(tc.Doc, &x) == nil {
			out.TuChoi = &x
		}
	case err != nil && !errors.Is(err, ErrNotFound):
		s.log.Error("hand-over state", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	result, _ := json.Marshal(out)
	msg := "Đơn vị giải quyết đã ghi nhận hoặc đang chờ ghi nhận việc trả kết quả"
	if out.TuChoi != nil {
		msg = out.TuChoi.Notice()
	}
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: msg, Result: result})
}

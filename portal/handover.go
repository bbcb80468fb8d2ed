package portal

// Liên thông, result return at the receiving centre (docs/SYNC.md,
// "Liên thông", step 7): the centre that received a forwarded dossier
// hands the result over and tells the portal, which queues it for the
// deciding agency's centre as inbound item "TK-<MaHoSo>" (kind
// KindHandOver), through the same ordered, exactly-once channel. The
// deciding centre records it as its next version, which comes back here as
// any dossier packet and flows back to the receiving centre.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
)

// KindHandOver is an inbound item for the deciding centre: the result of a
// dossier it decided was handed over at the centre that received it.
const KindHandOver = "tra_ket_qua"

// SvcHandOver is the outbox service of a hand-over (lienthong.SvcHandOver).
const SvcHandOver = lienthong.SvcHandOver

// HandOver is the body of POST /api/v1/lien-thong/tra-ket-qua (lienthong.HandOver).
type HandOver = lienthong.HandOver

// HandOverID is the inbound id of a dossier's first hand-over attempt
// (lienthong.HandOverItemID for the others).
func HandOverID(maHoSo string) string { return "TK-" + maHoSo }

// MaxHandOverBytes bounds a hand-over's body.
const MaxHandOverBytes = 4 << 10

// plainText: valid UTF-8, at most max characters, no C0/C1 control (no
// centre version sends one: each refuses them at entry). Invisible format
// characters are not refused here but cleaned (internal/textrule).
func plainText(s string, max int) bool {
	return utf8.ValidString(s) && utf8.RuneCountInString(s) <= max && strings.IndexFunc(s, unicode.IsControl) < 0
}

// handleHandOver queues a hand-over for the deciding agency. The caller
// must hold the dossier's agency (its MaHoSo prefix: the receiving centre)
// and the dossier must have been forwarded (the LT-<MaHoSo> item); the
// target is the agency it was forwarded to, whatever the body says
// otherwise (a mismatch is refused). Once per attempt: again → duplicate;
// attempt n ≥ 2 only after attempt n-1 was refused (attemptRefused).
func (s *Server) handleHandOver(w http.ResponseWriter, r *http.Request) {
	c, ok := s.inboxCaller(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxHandOverBytes))
	if err != nil {
		s.fail(w, http.StatusRequestEntityTooLarge, qcvn120.ErrTooLarge, fmt.Sprintf("Dữ liệu gửi lên quá lớn (tối đa %d KiB)", MaxHandOverBytes>>10))
		return
	}
	var h HandOver
	if err := json.Unmarshal(body, &h); err != nil || !qcvn120.ValidMaHoSo(h.MaHoSo) || h.NgayTra.IsZero() || h.PhienBan < 1 || h.LanGui < 0 || h.LanGui > lienthong.MaxAttempts ||
		strings.TrimSpace(h.NguoiNhan) == "" || !plainText(h.NguoiNhan, 200) || !plainText(h.NguoiTra, 200) || !plainText(h.NoiTra, 200) {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Dữ liệu trả kết quả liên thông không hợp lệ")
		return
	}
	// Checked as received (nothing an older centre sent is refused now),
	// then stored cleaned: the deciding centre reads what the officer saw.
	h.NguoiNhan, h.NguoiTra, h.NoiTra = textrule.Line(h.NguoiNhan), textrule.Line(h.NguoiTra), textrule.Line(h.NoiTra)
	if !s.ownAgency(w, c, qcvn120.AgencyOf(h.MaHoSo)) {
		return
	}
	lt, err := s.inbox.InboundByID(r.Context(), "LT-"+h.MaHoSo)
	switch {
	case errors.Is(err, ErrNotFound) || (err == nil && lt.Kind != KindTransfer):
		s.fail(w, http.StatusConflict, qcvn120.ErrForbidden, "Hồ sơ "+h.MaHoSo+" chưa được chuyển liên thông qua cổng")
		return
	case err != nil:
		s.log.Error("hand-over", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	case h.MaDonViNhan != "" && h.MaDonViNhan != lt.Agency:
		s.fail(w, http.StatusConflict, qcvn120.ErrForbidden, "Hồ sơ "+h.MaHoSo+" được chuyển đến đơn vị "+lt.Agency+", không phải "+h.MaDonViNhan)
		return
	}
	h.MaDonViNhan = lt.Agency
	n := lienthong.Attempt(h.LanGui)
	if n >= 2 {
		// A new attempt only after the deciding centre refused the one
		// before it (both held here): each attempt is queued once, in
		// order, and never beside a live one.
		refused, err := s.attemptRefused(r, h.MaHoSo, n-1)
		if err != nil {
			s.log.Error("hand-over", "err", err)
			s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
			return
		}
		if !refused {
			s.fail(w, http.StatusConflict, qcvn120.ErrForbidden, fmt.Sprintf("Bàn giao kết quả lần %d của hồ sơ %s chưa bị đơn vị giải quyết từ chối: chưa gửi lại được", n-1, h.MaHoSo))
			return
		}
		h.LanGui = n
	} else {
		h.LanGui = 0
	}
	doc, _ := json.Marshal(h)
	in, err := s.inbox.PutInbound(r.Context(), Inbound{Agency: lt.Agency, ID: lienthong.HandOverItemID(h.MaHoSo, n), Kind: KindHandOver, Doc: doc, Created: s.o.Now()})
	outcome := qcvn120.Applied
	switch {
	case errors.Is(err, ErrDuplicate):
		outcome = qcvn120.Duplicate
	case err != nil:
		s.log.Error("hand-over", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi lưu trữ, vui lòng gửi lại sau")
		return
	}
	s.log.Info("result handed over at the receiving centre", "dossier", h.MaHoSo, "attempt", n, "to", in.Agency, "seq", in.Seq, "outcome", outcome)
	result, _ := json.Marshal(map[string]any{"id": in.ID, "ma_don_vi_nhan": in.Agency, "seq": in.Seq, "outcome": outcome})
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: result})
}

// attemptRefused tells whether attempt n of a dossier's hand-over is held
// and its refusal too.
func (s *Server) attemptRefused(r *http.Request, maHoSo string, n int) (bool, error) {
	for _, q := range []struct{ id, kind string }{{lienthong.HandOverItemID(maHoSo, n), KindHandOver}, {lienthong.RefusalItemID(maHoSo, n), KindHandOverRefusal}} {
		in, err := s.inbox.InboundByID(r.Context(), q.id)
		if errors.Is(err, ErrNotFound) || (err == nil && in.Kind != q.kind) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
	}
	return true, nil
}

// latestAttempt is the newest attempt of a dossier's hand-over the portal
// holds (0: none) and its item.
func (s *Server) latestAttempt(r *http.Request, maHoSo string) (int, Inbound, error) {
	var last Inbound
	n := 0
	for k := 1; k <= lienthong.MaxAttempts; k++ {
		in, err := s.inbox.InboundByID(r.Context(), lienthong.HandOverItemID(maHoSo, k))
		if errors.Is(err, ErrNotFound) || (err == nil && in.Kind != KindHandOver) {
			break
		}
		if err != nil {
			return 0, Inbound{}, err
		}
		n, last = k, in
	}
	return n, last, nil
}

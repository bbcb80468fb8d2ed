package portal

// Liên thông (issue 16 item 2), first step: a centre forwards a dossier it
// received for a procedure another agency decides; the portal stores it as
// an inbound item of that agency, delivered to its centre through the same
// inbound channel as online submissions (docs/SYNC.md, "Inbound").

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"

	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/lienthong"
	"github.com/motcua/motcua/qcvn120"
)

// KindTransfer is an inbound item forwarded by another centre.
const KindTransfer = "lien_thong"

// SvcTransfer is the outbox service of a dossier to forward (lienthong.SvcTransfer).
const SvcTransfer = lienthong.SvcTransfer

// Transfer is the body of POST /api/v1/lien-thong (lienthong.Transfer).
type Transfer = lienthong.Transfer

// KindProgress is an inbound item for the receiving centre of a forwarded
// dossier: one state of it at the deciding centre (docs/SYNC.md, "Liên thông").
const KindProgress = "tien_do"

// Progress is the content of a KindProgress item (lienthong.Progress).
type Progress = lienthong.Progress

// ProgressID is the inbound id of a dossier's state at a version (one item per pair).
func ProgressID(maHoSo string, version int64) string { return fmt.Sprintf("TD-%s-%d", maHoSo, version) }

// forwardedTo tells whether the dossier was forwarded to one of the
// caller's agencies: the deciding centre may then update it on the portal
// (the ingest agency rule's second branch).
func (s *Server) forwardedTo(ctx context.Context, c Centre, maHoSo string) (bool, error) {
	if s.inbox == nil || maHoSo == "" {
		return false, nil
	}
	in, err := s.inbox.InboundByID(ctx, "LT-"+maHoSo)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return in.Kind == KindTransfer && slices.Contains(c.Agencies, in.Agency), nil
}

// flowBack queues, for the receiving centre's agency, the states of
// forwarded dossiers that the deciding centre sent and the portal holds
// (applied now or before: a resend after a lost answer queues it again,
// and the item id makes it one).
func (s *Server) flowBack(ctx context.Context, ps []Progress) error {
	for _, p := range ps {
		doc, _ := json.Marshal(p)
		_, err := s.inbox.PutInbound(ctx, Inbound{Agency: qcvn120.AgencyOf(p.MaHoSo), ID: ProgressID(p.MaHoSo, p.PhienBan), Kind: KindProgress, Doc: doc, Created: s.o.Now()})
		if err != nil && !errors.Is(err, ErrDuplicate) {
			return err
		}
	}
	return nil
}

// MaxTransferBytes bounds a transfer's body (one dossier packet).
const MaxTransferBytes = 256 << 10

// handleTransfer stores a forwarded dossier for the competent agency. The
// caller must hold the dossier's agency (the MaHoSo prefix, the ingest
// rule); the target must be served by a centre. A dossier is forwarded
// once: the same MaHoSo again is answered "duplicate" with the held item.
func (s *Server) handleTransfer(w http.ResponseWriter, r *http.Request) {
	c, ok := s.inboxCaller(w, r)
	if !ok {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxTransferBytes))
	if err != nil {
		s.fail(w, http.StatusRequestEntityTooLarge, qcvn120.ErrTooLarge, fmt.Sprintf("Dữ liệu gửi lên quá lớn (tối đa %d KiB)", MaxTransferBytes>>10))
		return
	}
	var t Transfer
	if err := json.Unmarshal(body, &t); err != nil || !agencyRe.MatchString(t.MaDonViNhan) {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Dữ liệu liên thông không hợp lệ")
		return
	}
	switch t.TraKetQuaTai {
	case "", "noi_tiep_nhan", "noi_giai_quyet", "buu_chinh":
	default:
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "tra_ket_qua_tai: noi_tiep_nhan, noi_giai_quyet hoặc buu_chinh")
		return
	}
	// The dossier and its document go on to the deciding centre whole:
	// every text in them is cleaned (internal/textrule), never refused.
	t.HoSo, t.ChiTiet = textrule.JSON(t.HoSo), textrule.JSON(t.ChiTiet)
	p, err := qcvn120.Decode(qcvn120.SvcDongBoHoSo, t.HoSo)
	if err != nil {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Hồ sơ liên thông không hợp lệ: "+err.Error())
		return
	}
	hs := p.(qcvn120.DongBoHoSoMC)
	from := qcvn120.AgencyOf(hs.MaHoSo)
	if !s.ownAgency(w, c, from) {
		return
	}
	if t.MaDonViNhan == from {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Đơn vị nhận trùng đơn vị tiếp nhận")
		return
	}
	served, err := s.inbox.AgencyServed(r.Context(), t.MaDonViNhan)
	if err != nil {
		s.log.Error("transfer", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	if !served {
		s.fail(w, http.StatusConflict, qcvn120.ErrForbidden, "Chưa có trung tâm nào trên cổng nhận hồ sơ cho đơn vị "+t.MaDonViNhan)
		return
	}
	doc, _ := json.Marshal(struct {
		Transfer
		TuDonVi string `json:"tu_don_vi"`
		TuTK    string `json:"tu_tai_khoan"`
	}{t, from, c.Username})
	in, err := s.inbox.PutInbound(r.Context(), Inbound{Agency: t.MaDonViNhan, ID: "LT-" + hs.MaHoSo, Kind: KindTransfer, Doc: doc, Created: s.o.Now()})
	outcome := qcvn120.Applied
	switch {
	case errors.Is(err, ErrDuplicate):
		outcome = qcvn120.Duplicate
	case err != nil:
		s.log.Error("transfer", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi lưu trữ, vui lòng gửi lại sau")
		return
	}
	s.log.Info("dossier forwarded", "dossier", hs.MaHoSo, "from", from, "to", in.Agency, "seq", in.Seq, "outcome", outcome)
	result, _ := json.Marshal(map[string]any{"id": in.ID, "ma_don_vi_nhan": in.Agency, "seq": in.Seq, "outcome": outcome})
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: result})
}

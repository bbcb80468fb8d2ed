package portal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/motcua/motcua/qcvn120"
)

// readEnvelope authenticates the caller and reads the body: the
// Authorization header is checked before any byte of the body is read; a
// session inside the envelope is checked as soon as it is decoded, having
// read at most PreAuthBody bytes. The body then streams under MaxBody and
// MaxItems. A bare array of items (provincial proxies) needs the header.
func (s *Server) readEnvelope(w http.ResponseWriter, r *http.Request) (Centre, qcvn120.Envelope, bool) {
	c, haveHeader, err := s.headerCentre(r)
	if err != nil {
		s.authFail(w, err)
		return c, qcvn120.Envelope{}, false
	}
	var authErr error
	er := envelopeReader{Authenticated: haveHeader, Limit: s.o.MaxBody, MaxItems: s.o.MaxItems,
		Session: func(tok string) error {
			sc, err := s.sessionCentre(r, tok)
			if err == nil && haveHeader && sc.Username != c.Username {
				err = errSession // two credentials naming two centres
			}
			if err != nil {
				authErr = err
				return err
			}
			c = sc
			return nil
		}}
	env, err := er.read(r.Body)
	switch {
	case authErr != nil:
		s.authFail(w, authErr)
		return c, env, false
	case errors.Is(err, errNoCredentials):
		s.fail(w, http.StatusUnauthorized, qcvn120.ErrAuth, "Thiếu phiên làm việc: đăng nhập, rồi gửi session ở đầu gói tin hoặc trong tiêu đề Authorization")
		return c, env, false
	case errors.Is(err, errBodyTooLarge):
		s.fail(w, http.StatusRequestEntityTooLarge, qcvn120.ErrTooLarge, fmt.Sprintf("Dữ liệu gửi lên quá lớn (tối đa %d MiB mỗi lần gửi)", s.o.MaxBody>>20))
		return c, env, false
	case errors.Is(err, errTooManyItems):
		s.fail(w, http.StatusRequestEntityTooLarge, qcvn120.ErrTooLarge, fmt.Sprintf("Tối đa %d bản ghi mỗi lần gửi", s.o.MaxItems))
		return c, env, false
	case err != nil:
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Dữ liệu gửi lên không đọc được: "+err.Error())
		return c, env, false
	}
	if svc := r.PathValue("service"); svc != "" {
		if env.Service != "" && env.Service != svc {
			s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, fmt.Sprintf("Dữ liệu gửi lên không đọc được: service %q in the body, %q in the path", env.Service, svc))
			return c, env, false
		}
		env.Service = svc
	}
	if len(env.Meta) > 0 && len(env.Meta) != len(env.Data) {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, fmt.Sprintf("Dữ liệu gửi lên không đọc được: %d meta entries for %d items", len(env.Meta), len(env.Data)))
		return c, env, false
	}
	return c, env, true
}

func (s *Server) handleIngest(w http.ResponseWriter, r *http.Request) {
	c, env, ok := s.readEnvelope(w, r)
	if !ok {
		return
	}
	if env.MaDonVi != "" && !slices.Contains(c.Agencies, env.MaDonVi) {
		s.log.Warn("envelope for another agency refused", "centre", c.Username, "madonvi", env.MaDonVi)
		s.fail(w, http.StatusForbidden, qcvn120.ErrForbidden, "Đơn vị "+env.MaDonVi+" không thuộc tài khoản này")
		return
	}
	if env.Service == qcvn120.SvcLayThuTuc {
		s.serveLayThuTuc(w, r, env)
		return
	}
	results, err := s.ingest(r.Context(), c, env)
	if errors.Is(err, qcvn120.ErrUnknownService) {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrService, "Dịch vụ không được hỗ trợ: "+env.Service)
		return
	}
	if err != nil {
		s.log.Error("ingest failed", "centre", c.Username, "service", env.Service, "items", len(env.Data), "err", err)
		for range env.Data {
			s.ingested.WithLabelValues(env.Service, "error").Inc()
		}
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi lưu trữ, vui lòng gửi lại sau")
		return
	}
	resp := qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công"}
	refused := 0
	for _, it := range results {
		if it.ErrorCode != qcvn120.ItemOK {
			refused++
		}
	}
	if refused > 0 {
		resp.ErrorCode, resp.Message = qcvn120.ErrPartial, fmt.Sprintf("%d/%d bản ghi không được chấp nhận", refused, len(results))
	}
	resp.Result, _ = json.Marshal(results)
	s.calls.WithLabelValues(strconv.Itoa(resp.ErrorCode)).Inc()
	s.log.Info("ingest", "centre", c.Username, "service", env.Service, "items", len(results), "refused", refused)
	writeJSON(w, http.StatusOK, resp)
}

// ingest checks every item, writes the good ones in one store call and
// returns one result per item.
func (s *Server) ingest(ctx context.Context, c Centre, env qcvn120.Envelope) ([]qcvn120.ItemResult, error) {
	res := make([]qcvn120.ItemResult, len(env.Data))
	var idx []int
	var (
		dossiers []Dossier
		steps    []Step
		ratings  []Rating
		reports  []Report
		qas      []QA
		back     []int      // positions in idx of forwarded dossiers' packets
		progress []Progress // their states, for the receiving centre
	)
	for i, raw := range env.Data {
		res[i].Index = i
		var version int64
		if len(env.Meta) > 0 {
			res[i].ID, version = string(env.Meta[i].ID), int64(env.Meta[i].Version)
		}
		p, err := qcvn120.Decode(env.Service, raw)
		var fe *qcvn120.FieldError
		switch {
		case errors.Is(err, qcvn120.ErrUnknownService):
			return nil, err
		case errors.As(err, &fe):
			res[i].ErrorCode, res[i].Field, res[i].Message = qcvn120.ItemInvalid, fe.Field, err.Error()
			s.ingested.WithLabelValues(env.Service, "invalid").Inc()
			continue
		case err != nil:
			res[i].ErrorCode, res[i].Message = qcvn120.ItemInvalid, err.Error()
			s.ingested.WithLabelValues(env.Service, "invalid").Inc()
			continue
		}
		// The agency rule, the same for every packet type: the item's agency
		// (MaDonVi / MADONVI, or the MaHoSo prefix when the packet has no
		// agency field) must be one of the calling centre's, and a MaHoSo
		// inside the item must belong to that same agency. The row is
		// stored under the agency that was checked.
		agency, mismatch := packetAgency(p)
		// Or the dossier was forwarded to one of the caller's agencies
		// (liên thông): the deciding centre updates it, under its code.
		viaTransfer := false
		if code := dossierOf(p); mismatch == "" && code != "" && !slices.Contains(c.Agencies, agency) {
			ok, err := s.forwardedTo(ctx, c, code)
			if err != nil {
				return nil, err
			}
			viaTransfer = ok
		}
		if mismatch != "" || (!slices.Contains(c.Agencies, agency) && !viaTransfer) {
			res[i].ErrorCode = qcvn120.ItemForbidden
			if mismatch != "" {
				res[i].Message = fmt.Sprintf("Hồ sơ %s không thuộc đơn vị %s / the dossier belongs to another agency", mismatch, agency)
			} else {
				res[i].Message = fmt.Sprintf("Đơn vị %s không thuộc tài khoản %s / agency not allowed for this centre", agency, c.Username)
			}
			s.ingested.WithLabelValues(env.Service, "forbidden").Inc()
			s.log.Warn("item for another agency refused", "centre", c.Username, "agency", agency, "service", env.Service)
			continue
		}
		switch x := p.(type) {
		case qcvn120.DongBoHoSoMC:
			if viaTransfer {
				if version <= 0 {
					res[i].ErrorCode, res[i].Message = qcvn120.ItemInvalid, "Hồ sơ liên thông cần phiên bản / a forwarded dossier needs its version"
					continue
				}
				back = append(back, len(idx))
				progress = append(progress, Progress{MaHoSo: x.MaHoSo, PhienBan: version, HoSo: raw})
			}
			done := x.NgayKetThucXuLy.Time
			if done.IsZero() {
				done = x.NgayTra.Time
			}
			dossiers = append(dossiers, Dossier{MaHoSo: x.MaHoSo, Agency: agency, Centre: c.Username, Version: version,
				Status: int(x.TrangThaiHoSo), MaTTHC: x.MaTTHC, TenTTHC: x.TenTTHC, TenLinhVuc: x.TenLinhVuc, ChuHoSo: x.ChuHoSo,
				DonViXuLy: x.DonViXuLy, NgayTiepNhan: x.NgayTiepNhan.Time, NgayHenTra: x.NgayHenTra.Time, NgayXong: done,
				NgayTra: x.NgayTra.Time, Doc: raw})
		case qcvn120.CapNhatTienDoHoSoMC:
			steps = append(steps, Step{MaHoSo: x.MaHoSo, Agency: agency, Key: stepKey(version, raw), Version: version,
				At: x.ThoiDiemXuLy.Time, Status: int(x.TrangThai), NoiDung: x.NoiDungXuLy, PhongBan: x.PhongBanXuLy,
				NguoiXuLy: x.NguoiXuLy, Doc: raw})
		case qcvn120.DongBoDanhGia:
			ratings = append(ratings, Rating{ID: string(x.MaDanhGia), Agency: agency, MaTTHC: x.MaTTHC,
				Question: string(x.MaCauHoi), Level: int(x.MucDanhGia), At: x.ThoiGianDanhGia.Time, Reason: x.LyDo})
		case qcvn120.DongBoThongKeHoSo:
			reports = append(reports, Report{Agency: agency, Year: int(x.Nam), Month: int(x.Thang), Kind: string(x.LoaiThongKe),
				Version: version, Doc: raw})
		case qcvn120.DongBoHoiDap:
			qas = append(qas, QA{ID: string(x.HOIDAPID), Agency: agency, Doc: raw})
		}
		idx = append(idx, i)
	}
	var out []Outcome
	var err error
	switch env.Service {
	case qcvn120.SvcDongBoHoSo:
		out, err = s.st.PutDossiers(ctx, dossiers)
	case qcvn120.SvcCapNhatTienDo:
		out, err = s.st.PutSteps(ctx, steps)
	case qcvn120.SvcDongBoDanhGia:
		out, err = s.st.PutRatings(ctx, ratings)
	case qcvn120.SvcDongBoThongKe:
		out, err = s.st.PutReports(ctx, reports)
	case qcvn120.SvcDongBoHoiDap:
		out, err = s.st.PutQAs(ctx, qas)
	default:
		return nil, fmt.Errorf("%w %q", qcvn120.ErrUnknownService, env.Service)
	}
	if err != nil {
		return nil, err
	}
	if len(out) != len(idx) {
		return nil, fmt.Errorf("store returned %d outcomes for %d items", len(out), len(idx))
	}
	var flow []Progress
	for j, k := range back {
		if r := out[k]; r.Err == nil && (r.Result == qcvn120.Applied || r.Result == qcvn120.Duplicate) {
			flow = append(flow, progress[j])
		}
	}
	if len(flow) > 0 {
		// Queued after the store took the packets; a failure fails the
		// call, and the resend (a duplicate) queues them again.
		if err := s.flowBack(ctx, flow); err != nil {
			return nil, err
		}
	}
	for k, i := range idx {
		o := out[k]
		switch {
		case errors.Is(o.Err, ErrUnknownDossier):
			res[i].ErrorCode, res[i].Retryable = qcvn120.ItemUnknownDossier, true
			res[i].Message = "Chưa có hồ sơ trên cổng, gửi lại sau / dossier not known yet, retry later"
			s.ingested.WithLabelValues(env.Service, "unknown_dossier").Inc()
		case o.Err != nil:
			res[i].ErrorCode, res[i].Retryable, res[i].Message = qcvn120.ItemInternal, true, o.Err.Error()
			s.ingested.WithLabelValues(env.Service, "error").Inc()
		default:
			res[i].Outcome, res[i].Message = o.Result, "Thành công"
			s.ingested.WithLabelValues(env.Service, o.Result).Inc()
		}
	}
	return res, nil
}

// packetAgency is the agency an ingested packet speaks for; mismatch is
// the MaHoSo of the packet when that dossier belongs to another agency.
// Every packet type the portal ingests is listed: a new one must be added
// here, or it is refused (agency "").
func packetAgency(p qcvn120.Packet) (agency, mismatch string) {
	switch x := p.(type) {
	case qcvn120.DongBoHoSoMC:
		return qcvn120.AgencyOf(x.MaHoSo), ""
	case qcvn120.CapNhatTienDoHoSoMC:
		return qcvn120.AgencyOf(x.MaHoSo), ""
	case qcvn120.DongBoDanhGia:
		// MaHoSo is a dossier code (its prefix must be MaDonVi) or a
		// ticket reference STT-… (no agency in it).
		if a := qcvn120.AgencyOf(x.MaHoSo); a != "" && a != x.MaDonVi {
			return x.MaDonVi, x.MaHoSo
		}
		return x.MaDonVi, ""
	case qcvn120.DongBoThongKeHoSo:
		return x.MaDonVi, ""
	case qcvn120.DongBoHoiDap:
		return x.MADONVI, ""
	}
	return "", ""
}

// dossierOf is the dossier a packet updates ("" for other packets).
func dossierOf(p qcvn120.Packet) string {
	switch x := p.(type) {
	case qcvn120.DongBoHoSoMC:
		return x.MaHoSo
	case qcvn120.CapNhatTienDoHoSoMC:
		return x.MaHoSo
	}
	return ""
}

// stepKey identifies a processing step within its dossier: the sender's
// version when it has one (unique per dossier), else a hash of the step.
func stepKey(version int64, raw []byte) string {
	if version > 0 {
		return "v" + strconv.FormatInt(version, 10)
	}
	var x qcvn120.CapNhatTienDoHoSoMC
	_ = json.Unmarshal(raw, &x)
	h := sha256.Sum256([]byte(x.ThoiDiemXuLy.String() + "\x00" + strconv.Itoa(int(x.TrangThai)) + "\x00" + x.NguoiXuLy + "\x00" + x.NoiDungXuLy))
	return "h" + hex.EncodeToString(h[:12])
}

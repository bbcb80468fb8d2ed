package portal

import (
	"embed"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
)

//go:embed web/*.html
var webFS embed.FS

func itoa(n int) string { return qcvn120.Int(n).String() }

// PublicDossier is what anyone may see of a dossier: no ID number, address,
// phone or email, the applicant's name masked, no officer names, and none
// of the officers' free text (NoiDungXuLy, PhongBanXuLy: a refusal note may
// name people): the status and a fixed sentence per status instead, as the
// centre's kiosk shows. The free text stays with the centre that wrote it.
type PublicDossier struct {
	MaHoSo       string       `json:"ma_ho_so"`
	ThuTuc       string       `json:"thu_tuc"`
	LinhVuc      string       `json:"linh_vuc"`
	ChuHoSo      string       `json:"chu_ho_so"`
	TrangThai    int          `json:"trang_thai"`
	TrangThaiTen string       `json:"trang_thai_ten"`
	GiaiThich    string       `json:"giai_thich"` // fixed text of the status
	DonViXuLy    string       `json:"don_vi_xu_ly"`
	NgayTiepNhan string       `json:"ngay_tiep_nhan"`
	NgayHenTra   string       `json:"ngay_hen_tra"`
	NgayTra      string       `json:"ngay_tra"`
	QuaHan       bool         `json:"qua_han"`
	TienDo       []PublicStep `json:"tien_do"`
	// Where the result is collected (returnplace.go): the place code
	// (noi_tiep_nhan, noi_giai_quyet, buu_chinh), the receiving centre's
	// name when the portal knows it, and a fixed sentence; never an address.
	NoiTra       string `json:"noi_tra,omitempty"`
	NoiTiepNhan  string `json:"noi_tiep_nhan,omitempty"`
	NoiTraKetQua string `json:"noi_tra_ket_qua,omitempty"`
}

// PublicStep is one processing step as shown to the public: when, and the
// status it led to. Never the note or the department an officer typed.
type PublicStep struct {
	ThoiDiem     string `json:"thoi_diem"`
	TrangThaiTen string `json:"trang_thai_ten"`
}

func showTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(qcvn120.Location).Format("15:04 02/01/2006")
}

func publicDossier(d Dossier, steps []Step, now time.Time) PublicDossier {
	return publicView(LookupOf(d, steps), now)
}

// publicView is the public view of a dossier's projection (lookuprow.go).
func publicView(d LookupRow, now time.Time) PublicDossier {
	st := qcvn120.TrangThaiHoSo(d.Status)
	p := PublicDossier{MaHoSo: d.MaHoSo, ThuTuc: d.TenTTHC, LinhVuc: d.TenLinhVuc, ChuHoSo: d.ChuHoSo,
		TrangThai: d.Status, TrangThaiTen: st.Label(), GiaiThich: dossier.Status(d.Status).Explain(), DonViXuLy: d.DonViXuLy, NgayTiepNhan: showTime(d.NgayTiepNhan),
		NgayHenTra: showTime(d.NgayHenTra), NgayTra: showTime(d.NgayTra), TienDo: []PublicStep{}}
	// Late: resolved after the appointment, or still open past it.
	switch {
	case d.NgayHenTra.IsZero():
	case st.Done():
		p.QuaHan = !d.NgayXong.IsZero() && d.NgayXong.After(d.NgayHenTra)
	default:
		p.QuaHan = now.After(d.NgayHenTra)
	}
	for _, s := range d.TienDo {
		p.TienDo = append(p.TienDo, PublicStep{ThoiDiem: showTime(s.At), TrangThaiTen: qcvn120.TrangThaiHoSo(s.Status).Label()})
	}
	return p
}

// lookup returns the public view of code; status is the HTTP status and msg
// the Vietnamese message when there is nothing to show.
func (s *Server) lookup(r *http.Request, code string) (PublicDossier, int, string) {
	if !s.lim.allow(clientOf(r, s.o.TrustedProxies), s.o.Now()) {
		return PublicDossier{}, http.StatusTooManyRequests, "Bạn tra cứu quá nhanh, vui lòng thử lại sau ít phút."
	}
	code = strings.ToUpper(strings.TrimSpace(code))
	if !qcvn120.ValidMaHoSo(code) {
		return PublicDossier{}, http.StatusBadRequest, "Mã hồ sơ không đúng định dạng (ví dụ 000.00.06.H56-231027-0361)."
	}
	d, err := s.lookupRow(r.Context(), code)
	if errors.Is(err, ErrNotFound) {
		return PublicDossier{}, http.StatusNotFound, "Không tìm thấy hồ sơ có mã này."
	}
	if err != nil {
		s.log.Error("lookup", "code", code, "err", err)
		return PublicDossier{}, http.StatusInternalServerError, "Hệ thống đang bận, vui lòng thử lại sau."
	}
	p := publicView(d, s.o.Now())
	switch dossier.Status(d.Status) {
	case dossier.StatusRefused, dossier.StatusWithdrawn, dossier.StatusStopped: // no result to collect
	default:
		p.NoiTra, p.NoiTiepNhan = s.returnPlace(r.Context(), d.MaHoSo, d.BuuChinh), s.centreName(r.Context(), qcvn120.AgencyOf(d.MaHoSo))
		p.NoiTraKetQua = returnPlaceText(p.NoiTra, p.NoiTiepNhan, d.DonViXuLy, false)
	}
	return p, http.StatusOK, ""
}

func (s *Server) handleLookupJSON(w http.ResponseWriter, r *http.Request) {
	p, status, msg := s.lookup(r, r.PathValue("code"))
	if status != http.StatusOK {
		writeJSON(w, status, map[string]string{"loi": msg})
		return
	}
	writeJSON(w, status, p)
}

func (s *Server) handleLookupPage(w http.ResponseWriter, r *http.Request) {
	data := struct {
		Code    string
		Error   string
		Dossier *PublicDossier
	}{Code: r.URL.Query().Get("ma")}
	status := http.StatusOK
	if data.Code != "" {
		p, st, msg := s.lookup(r, data.Code)
		status, data.Error = st, msg
		if st == http.StatusOK {
			data.Dossier = &p
		}
	}
	s.render(w, r, status, "tracuu.html", data)
}

// render writes a page in the request's language (lang.go).
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Vary", "Accept-Language")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	w.WriteHeader(status)
	if err := pages(pageLang(r)).ExecuteTemplate(w, name, data); err != nil {
		s.log.Error("render", "page", name, "err", err)
	}
}

// monthParam reads ?thang=YYYY-MM (default: the current month in Viet Nam).
func (s *Server) monthParam(r *http.Request) (string, bool) {
	m := r.URL.Query().Get("thang")
	if m == "" {
		return s.o.Now().In(qcvn120.Location).Format("2006-01"), true
	}
	_, err := time.Parse("2006-01", m)
	return m, err == nil
}

// StatsPage is the statistics across centres for one month.
type StatsPage struct {
	Month    string        `json:"thang"`
	Agencies []AgencyMonth `json:"don_vi"`
	Total    AgencyMonth   `json:"tong"`
	Levels   []int         `json:"-"`
}

func (s *Server) stats(r *http.Request) (StatsPage, int, string) {
	// Each call aggregates a month across all centres: rate-limited like the lookup.
	if !s.slim.allow(clientOf(r, s.o.TrustedProxies), s.o.Now()) {
		return StatsPage{}, http.StatusTooManyRequests, "Bạn truy cập quá nhanh, vui lòng thử lại sau ít phút."
	}
	m, ok := s.monthParam(r)
	if !ok {
		return StatsPage{}, http.StatusBadRequest, "Tháng không hợp lệ (định dạng YYYY-MM)."
	}
	rows, err := s.pub.Stats(r.Context(), m)
	if err != nil {
		s.log.Error("stats", "month", m, "err", err)
		return StatsPage{}, http.StatusInternalServerError, "Hệ thống đang bận, vui lòng thử lại sau."
	}
	p := StatsPage{Month: m, Agencies: rows, Total: AgencyMonth{Agency: "Tổng", Month: m, Ratings: map[int]int{}}}
	if p.Agencies == nil {
		p.Agencies = []AgencyMonth{}
	}
	levels := map[int]bool{}
	for _, a := range rows {
		p.Total.Received += a.Received
		p.Total.Resolved += a.Resolved
		p.Total.OnTime += a.OnTime
		p.Total.Late += a.Late
		for l, n := range a.Ratings {
			p.Total.Ratings[l] += n
			levels[l] = true
		}
	}
	for l := range levels {
		p.Levels = append(p.Levels, l)
	}
	sort.Ints(p.Levels)
	return p, http.StatusOK, ""
}

func (s *Server) handleStatsJSON(w http.ResponseWriter, r *http.Request) {
	p, status, msg := s.stats(r)
	if status != http.StatusOK {
		writeJSON(w, status, map[string]string{"loi": msg})
		return
	}
	writeJSON(w, status, p)
}

func (s *Server) handleStatsPage(w http.ResponseWriter, r *http.Request) {
	p, status, msg := s.stats(r)
	s.render(w, r, status, "thongke.html", struct {
		StatsPage
		Error string
	}{p, msg})
}

// CentreDossier is what the centre that owns a dossier reads back: the
// public view plus the officers' free text of every step.
type CentreDossier struct {
	PublicDossier
	Steps []CentreStep `json:"buoc_xu_ly"`
}

// CentreStep is one processing step with its note, department and officer.
type CentreStep struct {
	ThoiDiem     string `json:"thoi_diem"`
	TrangThai    int    `json:"trang_thai"`
	TrangThaiTen string `json:"trang_thai_ten"`
	NoiDung      string `json:"noi_dung"`
	PhongBan     string `json:"phong_ban"`
	NguoiXuLy    string `json:"nguoi_xu_ly"`
}

// handleCentreDossier serves a dossier with the officers' notes, only to
// a centre authenticated for the dossier's agency; any other dossier is
// answered exactly like one that does not exist.
func (s *Server) handleCentreDossier(w http.ResponseWriter, r *http.Request) {
	c, found, err := s.headerCentre(r)
	if err == nil && !found {
		err = errSession
	}
	if err != nil {
		s.authFail(w, err)
		return
	}
	code := strings.ToUpper(strings.TrimSpace(r.PathValue("code")))
	notFound := func() {
		s.fail(w, http.StatusNotFound, qcvn120.ErrMalformed, "Không tìm thấy hồ sơ trong các đơn vị của tài khoản này")
	}
	if !qcvn120.ValidMaHoSo(code) || !slices.Contains(c.Agencies, qcvn120.AgencyOf(code)) {
		notFound()
		return
	}
	d, steps, err := s.st.Dossier(r.Context(), code)
	if errors.Is(err, ErrNotFound) {
		notFound()
		return
	}
	if err != nil {
		s.log.Error("centre dossier", "centre", c.Username, "code", code, "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	out := CentreDossier{PublicDossier: publicDossier(d, steps, s.o.Now()), Steps: []CentreStep{}}
	for _, st := range steps {
		out.Steps = append(out.Steps, CentreStep{ThoiDiem: showTime(st.At), TrangThai: st.Status,
			TrangThaiTen: qcvn120.TrangThaiHoSo(st.Status).Label(), NoiDung: st.NoiDung, PhongBan: st.PhongBan, NguoiXuLy: st.NguoiXuLy})
	}
	result, _ := json.Marshal(out)
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: result})
}

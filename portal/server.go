package portal

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/qcvn120"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options tune a Server.
type Options struct {
	Logger *slog.Logger
	// SessionTTL is how long a login stays valid (default 12 h).
	SessionTTL time.Duration
	// MaxItems is the most items accepted in one call (default 500).
	MaxItems int
	// MaxBody bounds a request body (default 32 MiB).
	MaxBody int64
	// LookupPerMinute and LookupBurst limit the public lookup per client IP
	// (defaults 30 and 10).
	LookupPerMinute, LookupBurst int
	// TrustProxy takes the client IP from X-Forwarded-For (only behind a
	// reverse proxy that sets it).
	TrustProxy bool
	// Registry receives the metrics (default: a new registry, served at /metrics).
	Registry *prometheus.Registry
	// Now is the clock (tests).
	Now func() time.Time
	// HolidaySchedule is the yearly holiday schedule the province publishes to its centres
	// (dossier schedule JSON, served at GET /api/v1/lich-nghi); empty = none published.
	HolidaySchedule []byte
}

// Server is the portal's HTTP side.
type Server struct {
	st   Store
	o    Options
	log  *slog.Logger
	sess sessions
	lim  *limiter
	mux  *http.ServeMux

	schedule *publishedSchedule

	ingested *prometheus.CounterVec
	calls    *prometheus.CounterVec
}

// New makes a server on st.
func New(ctx context.Context, st Store, o Options) (*Server, error) {
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	if o.SessionTTL == 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if o.MaxItems == 0 {
		o.MaxItems = 500
	}
	if o.MaxBody == 0 {
		o.MaxBody = 32 << 20
	}
	if o.LookupPerMinute == 0 {
		o.LookupPerMinute = 30
	}
	if o.LookupBurst == 0 {
		o.LookupBurst = 10
	}
	if o.Registry == nil {
		o.Registry = prometheus.NewRegistry()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	key, err := st.Secret(ctx)
	if err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	s := &Server{st: st, o: o, log: o.Logger, sess: sessions{key: key, ttl: o.SessionTTL},
		lim: newLimiter(o.LookupPerMinute, o.LookupBurst), mux: http.NewServeMux()}
	s.ingested = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "motcua_portal_packets_ingested_total",
		Help: "Packet items received, by service and result (applied, duplicate, stale, invalid, forbidden, unknown_dossier, error).",
	}, []string{"service", "result"})
	s.calls = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "motcua_portal_calls_total", Help: "Ingest calls by call-level error code.",
	}, []string{"code"})
	if err := o.Registry.Register(s.ingested); err != nil {
		return nil, err
	}
	if err := o.Registry.Register(s.calls); err != nil {
		return nil, err
	}
	if s.schedule, err = newPublishedSchedule(o.HolidaySchedule); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func (s *Server) routes() {
	s.mux.HandleFunc("POST /api/v1/login", s.handleLogin)
	s.mux.HandleFunc("POST /api/v1/ingest", s.handleIngest)
	s.mux.HandleFunc("POST /api/v1/ingest/{service}", s.handleIngest)
	s.mux.HandleFunc("GET /api/v1/thu-tuc", s.handleCatalogue)
	s.mux.HandleFunc("GET /api/v1/thu-tuc/{code}", s.handleCatalogue)
	s.mux.HandleFunc("GET /api/v1/tra-cuu/{code}", s.handleLookupJSON)
	s.mux.HandleFunc("GET /tra-cuu", s.handleLookupPage)
	s.mux.HandleFunc("GET /api/v1/thong-ke", s.handleStatsJSON)
	s.mux.HandleFunc("GET /thong-ke", s.handleStatsPage)
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /api/v1/lich-nghi", s.handleSchedule)
	s.mux.Handle("GET /metrics", promhttp.HandlerFor(s.o.Registry, promhttp.HandlerOpts{}))
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/tra-cuu", http.StatusFound) })
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (s *Server) fail(w http.ResponseWriter, status, code int, msg string) {
	s.calls.WithLabelValues(strconv.Itoa(code)).Inc()
	writeJSON(w, status, qcvn120.Response{ErrorCode: code, Message: msg, Result: json.RawMessage("[]")})
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	var req qcvn120.LoginRequest
	if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, qcvn120.LoginResponse{ErrorCode: qcvn120.ErrMalformed, Message: "Yêu cầu đăng nhập không hợp lệ"})
		return
	}
	if _, err := s.login(r.Context(), req.Username, req.Password); err != nil {
		if !errors.Is(err, errBadLogin) {
			s.log.Error("login failed", "user", req.Username, "err", err)
			writeJSON(w, http.StatusInternalServerError, qcvn120.LoginResponse{ErrorCode: qcvn120.ErrInternal, Message: "Lỗi hệ thống, vui lòng thử lại"})
			return
		}
		s.log.Warn("login refused", "user", req.Username)
		writeJSON(w, http.StatusUnauthorized, qcvn120.LoginResponse{ErrorCode: qcvn120.ErrAuth, Message: "Sai tên đăng nhập hoặc mật khẩu"})
		return
	}
	writeJSON(w, http.StatusOK, qcvn120.LoginResponse{ErrorCode: qcvn120.OK, Message: "Thành công", Session: s.sess.issue(req.Username, s.o.Now())})
}

var errBadLogin = errors.New("portal: bad username or password")

func (s *Server) login(ctx context.Context, user, pass string) (Centre, error) {
	c, err := s.st.Centre(ctx, user)
	if errors.Is(err, ErrNotFound) {
		return c, errBadLogin
	}
	if err != nil {
		return c, err
	}
	ok, err := CheckPassword(c.Hash, pass)
	if err != nil {
		return c, err
	}
	if !ok {
		return c, errBadLogin
	}
	return c, nil
}

// authenticate finds the centre of a call: the envelope session, an
// "Authorization: Bearer <session>" header, or HTTP Basic credentials (for
// provincial proxies that post bare arrays).
func (s *Server) authenticate(r *http.Request, session string) (Centre, error) {
	if session == "" {
		if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
			session = tok
		}
	}
	if session == "" {
		if u, p, ok := r.BasicAuth(); ok {
			return s.login(r.Context(), u, p)
		}
		return Centre{}, errSession
	}
	user, err := s.sess.check(session, s.o.Now())
	if err != nil {
		return Centre{}, err
	}
	c, err := s.st.Centre(r.Context(), user)
	if errors.Is(err, ErrNotFound) {
		return c, errSession
	}
	return c, err
}

func (s *Server) authFail(w http.ResponseWriter, err error) {
	if errors.Is(err, errSession) || errors.Is(err, errBadLogin) {
		s.fail(w, http.StatusUnauthorized, qcvn120.ErrAuth, "Phiên làm việc không hợp lệ hoặc đã hết hạn, vui lòng đăng nhập lại")
		return
	}
	s.log.Error("authenticate", "err", err)
	s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.st.Ping(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n")
}

// readEnvelope accepts the DVCQG envelope, or a bare array with the service
// from the path.
func readEnvelope(r *http.Request, limit int64) (qcvn120.Envelope, error) {
	var env qcvn120.Envelope
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return env, err
	}
	if int64(len(body)) > limit {
		return env, errors.New("body too large")
	}
	trimmed := strings.TrimSpace(string(body))
	if strings.HasPrefix(trimmed, "[") {
		err = json.Unmarshal(body, &env.Data)
	} else {
		err = json.Unmarshal(body, &env)
	}
	if err != nil {
		return env, err
	}
	if svc := r.PathValue("service"); svc != "" {
		if env.Service != "" && env.Service != svc {
			return env, fmt.Errorf("service %q in the body, %q in the path", env.Service, svc)
		}
		env.Service = svc
	}
	if len(env.Meta) > 0 && len(env.Meta) != len(env.Data) {
		return env, fmt.Errorf("motcua: %d meta entries for %d items", len(env.Meta), len(env.Data))
	}
	return env, nil
}

func (s *Server) handleIngest(w http.ResponseWriter, r *http.Request) {
	env, err := readEnvelope(r, s.o.MaxBody)
	if err != nil {
		s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Dữ liệu gửi lên không đọc được: "+err.Error())
		return
	}
	c, err := s.authenticate(r, env.Session)
	if err != nil {
		s.authFail(w, err)
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
	if len(env.Data) > s.o.MaxItems {
		s.fail(w, http.StatusRequestEntityTooLarge, qcvn120.ErrTooLarge, fmt.Sprintf("Tối đa %d bản ghi mỗi lần gửi", s.o.MaxItems))
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
		agency := ""
		switch x := p.(type) {
		case qcvn120.DongBoHoSoMC:
			agency = qcvn120.AgencyOf(x.MaHoSo)
			done := x.NgayKetThucXuLy.Time
			if done.IsZero() {
				done = x.NgayTra.Time
			}
			dossiers = append(dossiers, Dossier{MaHoSo: x.MaHoSo, Agency: agency, Centre: c.Username, Version: version,
				Status: int(x.TrangThaiHoSo), MaTTHC: x.MaTTHC, TenTTHC: x.TenTTHC, TenLinhVuc: x.TenLinhVuc, ChuHoSo: x.ChuHoSo,
				DonViXuLy: x.DonViXuLy, NgayTiepNhan: x.NgayTiepNhan.Time, NgayHenTra: x.NgayHenTra.Time, NgayXong: done,
				NgayTra: x.NgayTra.Time, Doc: raw})
		case qcvn120.CapNhatTienDoHoSoMC:
			agency = qcvn120.AgencyOf(x.MaHoSo)
			steps = append(steps, Step{MaHoSo: x.MaHoSo, Agency: agency, Key: stepKey(version, raw), Version: version,
				At: x.ThoiDiemXuLy.Time, Status: int(x.TrangThai), NoiDung: x.NoiDungXuLy, PhongBan: x.PhongBanXuLy,
				NguoiXuLy: x.NguoiXuLy, Doc: raw})
		case qcvn120.DongBoDanhGia:
			agency = x.MaDonVi
			if a := qcvn120.AgencyOf(x.MaHoSo); a != "" && a != agency {
				agency = a // a dossier of another agency: check that one too
			}
			ratings = append(ratings, Rating{ID: string(x.MaDanhGia), Agency: x.MaDonVi, MaTTHC: x.MaTTHC,
				Question: string(x.MaCauHoi), Level: int(x.MucDanhGia), At: x.ThoiGianDanhGia.Time, Reason: x.LyDo})
		case qcvn120.DongBoThongKeHoSo:
			agency = x.MaDonVi
			reports = append(reports, Report{Agency: x.MaDonVi, Year: int(x.Nam), Month: int(x.Thang), Kind: string(x.LoaiThongKe),
				Version: version, Doc: raw})
		case qcvn120.DongBoHoiDap:
			agency = x.MADONVI
			qas = append(qas, QA{ID: string(x.HOIDAPID), Agency: x.MADONVI, Doc: raw})
		}
		if !slices.Contains(c.Agencies, agency) {
			// Drop the row just appended: it is not this centre's to send.
			switch p.(type) {
			case qcvn120.DongBoHoSoMC:
				dossiers = dossiers[:len(dossiers)-1]
			case qcvn120.CapNhatTienDoHoSoMC:
				steps = steps[:len(steps)-1]
			case qcvn120.DongBoDanhGia:
				ratings = ratings[:len(ratings)-1]
			case qcvn120.DongBoThongKeHoSo:
				reports = reports[:len(reports)-1]
			case qcvn120.DongBoHoiDap:
				qas = qas[:len(qas)-1]
			}
			res[i].ErrorCode = qcvn120.ItemForbidden
			res[i].Message = fmt.Sprintf("Đơn vị %s không thuộc tài khoản %s / agency not allowed for this centre", agency, c.Username)
			s.ingested.WithLabelValues(env.Service, "forbidden").Inc()
			s.log.Warn("item for another agency refused", "centre", c.Username, "agency", agency, "service", env.Service)
			continue
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

// serveLayThuTuc answers the LayThuTuc service: data lists
// {"MATTHC": code} objects; empty data returns the whole catalogue.
func (s *Server) serveLayThuTuc(w http.ResponseWriter, r *http.Request, env qcvn120.Envelope) {
	var codes []string
	for _, raw := range env.Data {
		var q struct {
			MATTHC qcvn120.Str `json:"MATTHC"`
			MaTTHC qcvn120.Str `json:"MaTTHC"`
		}
		if err := json.Unmarshal(raw, &q); err != nil {
			s.fail(w, http.StatusBadRequest, qcvn120.ErrMalformed, "Yêu cầu LayThuTuc không hợp lệ")
			return
		}
		codes = append(codes, string(q.MATTHC)+string(q.MaTTHC))
	}
	docs, err := s.procedures(r.Context(), codes)
	if err != nil {
		s.log.Error("catalogue", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	result, _ := json.Marshal(docs)
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: result})
}

// procedures returns the stored documents of codes (all when empty);
// unknown codes are left out.
func (s *Server) procedures(ctx context.Context, codes []string) ([]json.RawMessage, error) {
	docs := []json.RawMessage{}
	if len(codes) == 0 {
		all, err := s.st.Procedures(ctx)
		for _, p := range all {
			docs = append(docs, p.Doc)
		}
		return docs, err
	}
	for _, code := range codes {
		p, err := s.st.Procedure(ctx, code)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, p.Doc)
	}
	return docs, nil
}

func (s *Server) handleCatalogue(w http.ResponseWriter, r *http.Request) {
	if _, err := s.authenticate(r, ""); err != nil {
		s.authFail(w, err)
		return
	}
	var codes []string
	if c := r.PathValue("code"); c != "" {
		codes = []string{c}
	}
	docs, err := s.procedures(r.Context(), codes)
	if err != nil {
		s.log.Error("catalogue", "err", err)
		s.fail(w, http.StatusInternalServerError, qcvn120.ErrInternal, "Lỗi hệ thống, vui lòng thử lại")
		return
	}
	if len(codes) == 1 && len(docs) == 0 {
		s.fail(w, http.StatusNotFound, qcvn120.ErrMalformed, "Không tìm thấy thủ tục "+codes[0])
		return
	}
	result, _ := json.Marshal(docs)
	writeJSON(w, http.StatusOK, qcvn120.Response{ErrorCode: qcvn120.OK, Message: "Thành công", Result: result})
}

// ImportCatalogue reads LayThuTuc documents (an array, one object, or a
// response {"result": [...]}) and stores them after validation.
func ImportCatalogue(ctx context.Context, st Store, data []byte) (int, error) {
	var items []json.RawMessage
	trimmed := strings.TrimSpace(string(data))
	switch {
	case strings.HasPrefix(trimmed, "["):
		if err := json.Unmarshal(data, &items); err != nil {
			return 0, fmt.Errorf("catalogue: %w", err)
		}
	default:
		var wrap struct {
			Result []json.RawMessage `json:"result"`
		}
		if err := json.Unmarshal(data, &wrap); err != nil {
			return 0, fmt.Errorf("catalogue: %w", err)
		}
		items = wrap.Result
		if items == nil {
			items = []json.RawMessage{data}
		}
	}
	ps := make([]Procedure, 0, len(items))
	for i, raw := range items {
		p, err := qcvn120.Decode(qcvn120.SvcLayThuTuc, raw)
		if err != nil {
			return 0, fmt.Errorf("catalogue item %d: %w", i, err)
		}
		doc, _ := json.Marshal(p) // normalised: every key present, arrays []
		ps = append(ps, Procedure{Code: p.(qcvn120.LayThuTuc).MATTHC, Doc: doc})
	}
	if err := st.PutProcedures(ctx, ps); err != nil {
		return 0, err
	}
	return len(ps), nil
}

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
	"net/netip"
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
	// MaxBody bounds an authenticated ingest body (default 4 MiB: 500
	// dossiers are about 1 MiB). It is enforced while the body streams;
	// before the caller is known only PreAuthBody (64 KiB) is read.
	MaxBody int64
	// LookupPerMinute and LookupBurst limit the public lookup and the
	// public statistics per client address (defaults 30 and 10).
	LookupPerMinute, LookupBurst int
	// LoginPerMinute and LoginBurst limit password attempts (logins and
	// HTTP Basic cache misses) per client address (defaults 10 and 10);
	// LoginPerUserMinute and LoginPerUserBurst per username, whoever tries
	// (defaults 10 and 20). A successful login gives its username attempt back.
	LoginPerMinute, LoginBurst, LoginPerUserMinute, LoginPerUserBurst int
	// MaxHashes is how many argon2id checks (19 MiB each) run at once
	// (default 2); MaxHashQueue how many more may wait (default 32) before
	// the portal answers 503.
	MaxHashes, MaxHashQueue int
	// CredentialCacheTTL is how long a verified HTTP Basic credential is
	// accepted without hashing again (default 5 min; negative: never).
	CredentialCacheTTL time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed: the client is the right-most address that is not one of
	// them. Empty: the peer address is the client.
	TrustedProxies []netip.Prefix
	// Registry receives the metrics (default: a new registry, served at /metrics).
	Registry *prometheus.Registry
	// Now is the clock (tests).
	Now func() time.Time
	// HolidaySchedule is the yearly holiday schedule the province publishes to its centres
	// (dossier schedule JSON, served at GET /api/v1/lich-nghi); empty = none published.
	HolidaySchedule []byte
	// SubmitPerMinute and SubmitBurst limit online submissions per client
	// address (defaults 5 and 5).
	SubmitPerMinute, SubmitBurst int
}

// Server is the portal's HTTP side.
type Server struct {
	st   Store
	o    Options
	log  *slog.Logger
	sess sessions
	lim  *limiter // public lookup
	slim *limiter // public statistics
	pw   *guard
	mux  *http.ServeMux

	schedule *publishedSchedule
	inbox    InboxStore // nil: the store has no inbound channel
	sublim   *limiter   // online submissions

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
		o.MaxBody = 4 << 20
	}
	if o.LookupPerMinute <= 0 {
		o.LookupPerMinute = 30
	}
	if o.LookupBurst <= 0 {
		o.LookupBurst = 10
	}
	for _, d := range []struct {
		v   *int
		def int
	}{{&o.LoginPerMinute, 10}, {&o.LoginBurst, 10}, {&o.LoginPerUserMinute, 10}, {&o.LoginPerUserBurst, 20},
		{&o.MaxHashes, 2}, {&o.MaxHashQueue, 32}, {&o.SubmitPerMinute, 5}, {&o.SubmitBurst, 5}} {
		if *d.v <= 0 {
			*d.v = d.def
		}
	}
	if o.CredentialCacheTTL == 0 {
		o.CredentialCacheTTL = 5 * time.Minute
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
	pw, err := newGuard(o)
	if err != nil {
		return nil, fmt.Errorf("portal: %w", err)
	}
	s := &Server{st: st, o: o, log: o.Logger, sess: sessions{key: key, ttl: o.SessionTTL},
		lim: newLimiter(o.LookupPerMinute, o.LookupBurst), slim: newLimiter(o.LookupPerMinute, o.LookupBurst),
		pw: pw, mux: http.NewServeMux(), sublim: newLimiter(o.SubmitPerMinute, o.SubmitBurst)}
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
	if err := o.Registry.Register(pw.checks); err != nil {
		return nil, err
	}
	if s.schedule, err = newPublishedSchedule(o.HolidaySchedule); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// ServeHTTP makes Server an http.Handler.
// Every answer: no MIME sniffing, no framing, no Referer carrying a dossier
// code to another site, and not stored by shared caches (lookups and
// ingest answers are per dossier or per centre).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	s.mux.HandleFunc("POST /api/v1/login", s.handleLogin)
	s.mux.HandleFunc("POST /api/v1/ingest", s.handleIngest)
	s.mux.HandleFunc("POST /api/v1/ingest/{service}", s.handleIngest)
	s.mux.HandleFunc("GET /api/v1/thu-tuc", s.handleCatalogue)
	s.mux.HandleFunc("GET /api/v1/thu-tuc/{code}", s.handleCatalogue)
	s.mux.HandleFunc("GET /api/v1/tra-cuu/{code}", s.handleLookupJSON)
	s.mux.HandleFunc("GET /api/v1/ho-so/{code}", s.handleCentreDossier)
	s.mux.HandleFunc("GET /tra-cuu", s.handleLookupPage)
	s.mux.HandleFunc("GET /api/v1/thong-ke", s.handleStatsJSON)
	s.mux.HandleFunc("GET /thong-ke", s.handleStatsPage)
	s.mux.HandleFunc("GET /healthz", s.handleHealth)
	s.mux.HandleFunc("GET /api/v1/lich-nghi", s.handleSchedule)
	s.mux.HandleFunc("GET /api/v1/hoi-dap", s.handleQAJSON)
	s.mux.HandleFunc("GET /hoi-dap", s.handleQAPage)
	s.inboxRoutes()
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
	if err := json.NewDecoder(io.LimitReader(r.Body, 4<<10)).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, qcvn120.LoginResponse{ErrorCode: qcvn120.ErrMalformed, Message: "Yêu cầu đăng nhập không hợp lệ"})
		return
	}
	if _, err := s.login(r, req.Username, req.Password); err != nil {
		status, msg := s.authRefusal(err, req.Username)
		code := qcvn120.ErrAuth
		if status == http.StatusInternalServerError {
			code = qcvn120.ErrInternal
		}
		writeJSON(w, status, qcvn120.LoginResponse{ErrorCode: code, Message: msg})
		return
	}
	writeJSON(w, http.StatusOK, qcvn120.LoginResponse{ErrorCode: qcvn120.OK, Message: "Thành công", Session: s.sess.issue(req.Username, s.o.Now())})
}

var errBadLogin = errors.New("portal: bad username or password")

// login checks a username and password: a credential verified within the
// cache TTL is accepted at once; otherwise the attempt is claimed (per
// client address and per username) before one argon2id check runs under
// the semaphore, against a dummy hash when the username is unknown, so
// the answer and its cost are the same whether the centre exists or not.
func (s *Server) login(r *http.Request, user, pass string) (Centre, error) {
	now := s.o.Now()
	c, err := s.st.Centre(r.Context(), user)
	known := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return c, err
	}
	if known && s.pw.cached(c.Hash, pass, now) {
		return c, nil
	}
	if err := s.pw.claim(clientIP(r, s.o.TrustedProxies), user, now); err != nil {
		return Centre{}, err
	}
	hash := s.pw.dummy
	if known {
		hash = c.Hash
	}
	ok, err := s.pw.check(r.Context(), hash, pass)
	if err != nil {
		return Centre{}, err
	}
	if !ok || !known {
		return Centre{}, errBadLogin
	}
	s.pw.refund(user)
	s.pw.remember(c.Hash, pass, now)
	return c, nil
}

// authRefusal maps an authentication error to its status and message; the
// message never says whether the username exists.
func (s *Server) authRefusal(err error, user string) (int, string) {
	if len(user) > 64 {
		user = user[:64]
	}
	switch {
	case errors.Is(err, errSession), errors.Is(err, errBadLogin):
		s.log.Warn("authentication refused", "user", user)
		return http.StatusUnauthorized, "Sai tên đăng nhập hoặc mật khẩu, hoặc phiên làm việc đã hết hạn"
	case errors.Is(err, errThrottled):
		s.log.Warn("authentication throttled", "user", user)
		return http.StatusTooManyRequests, "Đăng nhập sai quá nhiều lần, vui lòng thử lại sau ít phút"
	case errors.Is(err, errBusy), errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "Hệ thống đang bận, vui lòng thử lại sau"
	}
	s.log.Error("authenticate", "user", user, "err", err)
	return http.StatusInternalServerError, "Lỗi hệ thống, vui lòng thử lại"
}

// headerCentre authenticates the Authorization header: "Bearer <session>"
// or HTTP Basic (provincial proxies). ok is false when there is none.
func (s *Server) headerCentre(r *http.Request) (c Centre, ok bool, err error) {
	if tok, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); found {
		c, err = s.sessionCentre(r, tok)
		return c, true, err
	}
	if u, p, found := r.BasicAuth(); found {
		c, err = s.login(r, u, p)
		return c, true, err
	}
	return Centre{}, false, nil
}

// sessionCentre checks a session token (an HMAC, no password hash).
func (s *Server) sessionCentre(r *http.Request, session string) (Centre, error) {
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
	status, msg := s.authRefusal(err, "")
	code := qcvn120.ErrAuth
	if status == http.StatusInternalServerError || status == http.StatusServiceUnavailable {
		code = qcvn120.ErrInternal
	}
	s.fail(w, status, code, msg)
}

func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	if err := s.st.Ping(r.Context()); err != nil {
		http.Error(w, "database unavailable", http.StatusServiceUnavailable)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok\n")
}

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
	_, found, err := s.headerCentre(r)
	if err == nil && !found {
		err = errSession
	}
	if err != nil {
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

// Package console is the supervisor web console at /console: a live monitor
// of counters, services and devices with the actions a supervisor needs,
// reports derived from the event log (charts as server-side SVG, CSV, a
// printable monthly report) and the administration of the centre. Embedded
// HTML/CSS/JS, no build step; officers log in with their username and
// password into an HttpOnly, SameSite=Strict session cookie.
package console

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

//go:embed static
var static embed.FS

// Options configure the console.
type Options struct {
	// Catalogue is the procedure seed the stored edits overlay (default
	// dossier.DefaultCatalogue()).
	Catalogue *dossier.Catalogue
	// SessionTTL is how long a console login lasts (default 12 h).
	SessionTTL time.Duration
	// OnlineWithin: a device seen this recently counts as online (default 2 min).
	OnlineWithin time.Duration
	// Now is the clock (tests).
	Now func() time.Time
}

// Console serves /console.
type Console struct {
	srv  *centre.Server
	db   *store.DB
	log  *slog.Logger
	o    Options
	seed *dossier.Catalogue

	linksMu      sync.Mutex
	alertFns     []AlertFunc                  // AddAlerts (under linksMu)
	links        []navLink                    // pages other packages add (NavLink)
	counterRoles map[string]DeviceCounterFunc // roles bound to a counter at enrolment (EnrolWithCounter)
}

const (
	cookieName  = "motcua_console"
	loginCSRF   = "motcua_console_login"
	maxBody     = 1 << 20 // procedure catalogue imports are the largest bodies
	settingsKey = "config"
)

// Mount adds the console routes to srv.
func Mount(srv *centre.Server, db *store.DB, o Options) (*Console, error) {
	if o.Catalogue == nil {
		o.Catalogue = dossier.DefaultCatalogue()
	}
	if o.SessionTTL == 0 {
		o.SessionTTL = 12 * time.Hour
	}
	if o.OnlineWithin == 0 {
		o.OnlineWithin = 2 * time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	c := &Console{srv: srv, db: db, log: srv.Logger(), o: o, seed: o.Catalogue}
	consoles.Store(srv, c)
	c.logUnassigned(context.Background()) // assign.go
	if err := c.pruneAtStart(context.Background()); err != nil {
		return nil, err
	}
	c.returnAtStart(context.Background()) // counterends.go
	sup := []string{centre.RoleSupervisor, centre.RoleAdmin}
	adm := []string{centre.RoleAdmin}
	h := func(p string, fn http.HandlerFunc) { srv.Handle(p, fn) }
	h("GET /console", c.page(sup, c.index))
	h("GET /console/{$}", c.page(sup, c.index))
	h("GET /console/login", c.loginPage)
	h("POST /console/login", c.login)
	h("POST /console/logout", c.api(sup, c.logout))
	h("GET /console/static/", c.assets)
	h("GET /console/ws", c.page(sup, c.ws))
	h("GET /console/api/me", c.api(sup, c.me))
	// Live monitor and supervisor actions.
	h("GET /console/api/monitor", c.api(sup, c.monitor))
	h("GET /console/api/tickets", c.api(sup, c.tickets))
	h("POST /console/api/counters/{id}/{op}", c.api(sup, c.counterAction))
	h("POST /console/api/officers/{username}/move", c.api(sup, c.moveOfficer))
	h("POST /console/api/tickets/{id}/{op}", c.api(sup, c.ticketAction))
	h("POST /console/api/notice", c.api(sup, c.notice))
	// Reports.
	h("GET /console/api/report", c.api(sup, c.reportJSON))
	h("GET /console/report.csv", c.page(sup, c.reportCSV))
	h("GET /console/chart/{name}", c.page(sup, c.chart))
	h("GET /console/print", c.page(sup, c.printMonthly))
	// Administration: supervisors read, admins change.
	h("GET /console/api/config", c.api(sup, c.getConfig))
	h("POST /console/api/config", c.api(adm, c.putConfig))
	h("GET /console/api/officers", c.api(sup, c.officers))
	h("POST /console/api/officers", c.api(adm, c.createOfficer))
	h("POST /console/api/officers/{username}", c.api(adm, c.updateOfficer))
	h("GET /console/api/devices", c.api(sup, c.devices))
	h("POST /console/api/devices", c.api(adm, c.enrolDevice))
	h("POST /console/api/devices/{id}/rename", c.api(adm, c.renameDevice))
	h("POST /console/api/devices/{id}/revoke", c.api(adm, c.revokeDevice))
	h("GET /console/api/schedule", c.api(sup, c.getSchedule))
	h("POST /console/api/schedule", c.api(adm, c.putSchedule))
	h("GET /console/api/procedures", c.api(sup, c.procedures))
	h("GET /console/api/procedures/{code}", c.api(sup, c.procedure))
	h("POST /console/api/procedures/import", c.api(adm, c.importProcedures))
	h("POST /console/api/procedures/{code}", c.api(adm, c.editProcedure))
	h("GET /console/api/audit", c.api(sup, c.audit))
	return c, nil
}

// LoadStoredConfig replaces the engine's configuration with the one saved
// by the console (settings key "config"), if any. found is false when none
// was saved. The holiday schedule path of the file config is kept.
func LoadStoredConfig(ctx context.Context, db *store.DB, e *centre.Engine) (found bool, err error) {
	v, err := db.Setting(ctx, settingsKey)
	if err != nil || v == "" {
		return false, err
	}
	var cfg queue.Config
	if err := json.Unmarshal([]byte(v), &cfg); err != nil {
		return false, fmt.Errorf("stored config: %w", err)
	}
	cfg.HolidaySchedule = e.Config().HolidaySchedule
	cfg.CleanTexts() // saved before the console cleaned them (queue/config_text.go)
	if err := e.SetConfig(&cfg); err != nil {
		return false, fmt.Errorf("stored config: %w", err)
	}
	return true, nil
}

// user is a logged-in console user.
type user struct {
	Username string
	FullName string
	Role     string
	token    string
}

func (u user) actor() centre.Actor { return centre.Actor{Officer: u.Username, Role: u.Role} }

// csrf is the per-session token every POST must carry: derived from the
// session secret, which only the cookie holds.
func (u user) csrf() string {
	m := hmac.New(sha256.New, []byte(u.token))
	m.Write([]byte("motcua-console-csrf"))
	return hex.EncodeToString(m.Sum(nil))
}

type ctxKey struct{}

func current(r *http.Request) user { u, _ := r.Context().Value(ctxKey{}).(user); return u }

var (
	errLogin     = queue.Errf(queue.CodeUnauth, "Chưa đăng nhập hoặc phiên làm việc đã hết hạn", "not logged in or session expired")
	errForbidden = queue.Errf(queue.CodeForbidden, "Tài khoản của bạn không có quyền thực hiện thao tác này", "role not allowed")
	errCSRF      = queue.Errf(queue.CodeForbidden, "Yêu cầu không hợp lệ (thiếu mã chống giả mạo). Xin tải lại trang.", "missing or wrong CSRF token")
)

// session resolves the cookie to a user and checks the role.
func (c *Console) session(r *http.Request, roles []string) (user, error) {
	ck, err := r.Cookie(cookieName)
	if err != nil || ck.Value == "" || len(ck.Value) > 100 {
		return user{}, errLogin
	}
	s, err := c.db.Session(r.Context(), store.HashToken(ck.Value))
	if store.IsNoRows(err) {
		return user{}, errLogin
	}
	if err != nil {
		return user{}, err
	}
	u := user{Username: s.Username, FullName: s.FullName, Role: s.Role, token: ck.Value}
	for _, role := range roles {
		if role == u.Role {
			return u, nil
		}
	}
	return u, errForbidden
}

// api wraps a JSON endpoint: cookie session, role, and on POST the CSRF token.
func (c *Console) api(roles []string, fn http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, err := c.session(r, roles)
		if err != nil {
			if errors.Is(err, errForbidden) || errors.Is(err, errLogin) {
				c.log.Warn("console request refused", "path", r.URL.Path, "user", u.Username, "role", u.Role, "err", err)
			}
			c.fail(w, r, err)
			return
		}
		if r.Method == http.MethodPost {
			// Header only: a token in the URL would leak into logs and Referer.
			got := r.Header.Get("X-CSRF-Token")
			if !hmac.Equal([]byte(got), []byte(u.csrf())) {
				c.log.Warn("console POST without a valid CSRF token", "path", r.URL.Path, "user", u.Username)
				c.fail(w, r, errCSRF)
				return
			}
		}
		fn(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, u)))
	}
}

// page wraps a GET page or download: without a session it sends the
// browser to the login page instead of a JSON error.
func (c *Console) page(roles []string, fn http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u, err := c.session(r, roles)
		switch {
		case errors.Is(err, errLogin):
			if r.URL.Path == "/console/ws" {
				c.fail(w, r, err)
				return
			}
			http.Redirect(w, r, "/console/login", http.StatusSeeOther)
			return
		case err != nil:
			c.fail(w, r, err)
			return
		}
		fn(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, u)))
	}
}

var httpStatus = map[queue.Code]int{
	queue.CodeInvalid: 400, queue.CodeNotFound: 404, queue.CodeTransition: 409, queue.CodeCapReached: 409,
	queue.CodeForbidden: 403, queue.CodeUnauth: 401, queue.CodeConflict: 409, queue.CodeCounterShut: 409,
	queue.CodeRateLimited: 429, queue.CodeTooLarge: 413,
}

// fieldError is a refused change naming the offending field.
type fieldError struct {
	Field string
	Msg   string // Vietnamese
	En    string
}

func (e *fieldError) Error() string { return e.Field + ": " + e.En }

func (c *Console) fail(w http.ResponseWriter, r *http.Request, err error) {
	body := map[string]any{}
	status := 500
	var fe *fieldError
	var qe *queue.Error
	switch {
	case errors.As(err, &fe):
		status = 400
		body["code"], body["field"], body["message"], body["message_en"] = "invalid", fe.Field, fe.Msg, fe.En
	case errors.As(err, &qe):
		if s, ok := httpStatus[qe.Code]; ok {
			status = s
		}
		body["code"], body["message"], body["message_en"] = qe.Code, qe.Message, qe.MessageEN
	case store.IsNoRows(err):
		status = 404
		body["code"], body["message"], body["message_en"] = "not_found", "Không tìm thấy", "not found"
	default:
		c.log.Error("console request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		body["code"], body["message"], body["message_en"] = "internal", "Hệ thống đang gặp sự cố, xin thử lại sau", "internal error"
	}
	writeJSON(w, status, map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decode reads a strict JSON body.
func decode(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return queue.Errf(queue.CodeTooLarge, "Dữ liệu gửi lên quá lớn", "body over %d bytes", maxBody)
		}
		return queue.Errf(queue.CodeInvalid, "Dữ liệu gửi lên không đúng định dạng", "malformed JSON: %v", err)
	}
	if dec.More() { // one JSON value, as the centre's API (docs/SECURITY.md, "Session 7 review")
		return queue.Errf(queue.CodeInvalid, "Dữ liệu gửi lên không đúng định dạng", "trailing data after the JSON body")
	}
	return nil
}

// record writes an audit entry in its own transaction (for actions whose
// change the engine already committed).
func (c *Console) record(ctx context.Context, u user, action, target string, detail any) {
	b, _ := json.Marshal(detail)
	err := c.db.Write(ctx, func(tx *store.Tx) error {
		return tx.AppendAudit(store.AuditEntry{At: c.o.Now(), Actor: u.Username, Role: u.Role, Action: action, Target: target, Detail: string(b)})
	})
	if err != nil {
		c.log.Error("audit write failed", "action", action, "err", err)
	}
}

func audit(tx *store.Tx, now time.Time, u user, action, target string, detail any) error {
	b, _ := json.Marshal(detail)
	return tx.AppendAudit(store.AuditEntry{At: now, Actor: u.Username, Role: u.Role, Action: action, Target: target, Detail: string(b)})
}

func securityHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
}

func (c *Console) index(w http.ResponseWriter, r *http.Request) {
	b, err := fs.ReadFile(static, "static/index.html")
	if err != nil {
		c.fail(w, r, err)
		return
	}
	securityHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b)
}

// assetFS is what /console/static/ serves: the stylesheet and script only.
// The page templates live beside it, outside the served tree, so no path
// (encoded or not) can reach them.
var assetFS = func() fs.FS {
	sub, err := fs.Sub(static, "static/assets")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}()

var errNoAsset = queue.Errf(queue.CodeNotFound, "Không tìm thấy tệp", "no such asset")

func (c *Console) assets(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/console/static/")
	// One flat folder of plain names: anything encoded (%2f, %5c, %2e) or
	// with a separator is refused before it reaches a file system.
	if strings.Contains(r.URL.EscapedPath(), "%") || !fs.ValidPath(name) || strings.ContainsAny(name, "/\\") || name == "." {
		c.fail(w, r, errNoAsset)
		return
	}
	b, err := fs.ReadFile(assetFS, name)
	if err != nil {
		c.fail(w, r, errNoAsset)
		return
	}
	securityHeaders(w)
	w.Header().Set("Cache-Control", "no-cache")
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
}

func (c *Console) me(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	writeJSON(w, 200, map[string]any{"username": u.Username, "full_name": u.FullName, "role": u.Role, "csrf": u.csrf(),
		"centre": c.srv.Engine().Config().CentreName, "links": c.navLinks(), "counter_roles": c.counterRoleList()})
}

func (c *Console) ws(w http.ResponseWriter, r *http.Request) {
	c.srv.Hub().ServeWS(w, r, current(r).token, []string{centre.RoleSupervisor, centre.RoleAdmin})
}

// checkPassword verifies a login with the centre's shared check (claimed
// before hashing, throttled per username and address, unknown users answered
// like wrong passwords), then asks for the supervisor or admin role.
func (c *Console) checkPassword(ctx context.Context, username, password, addr string) (store.Officer, error) {
	o, err := c.srv.CheckPassword(ctx, username, password, addr)
	if err != nil {
		return o, err
	}
	if o.Role != centre.RoleSupervisor && o.Role != centre.RoleAdmin {
		return o, queue.Errf(queue.CodeForbidden, "Chỉ giám sát viên và quản trị viên được dùng trang quản lý", "console needs the supervisor or admin role")
	}
	return o, nil
}

func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		c.renderLogin(w, r, 400, "Dữ liệu đăng nhập không hợp lệ")
		return
	}
	// Double-submit token: the login form has no session yet.
	ck, err := r.Cookie(loginCSRF)
	if err != nil || ck.Value == "" || !hmac.Equal([]byte(ck.Value), []byte(r.PostForm.Get("csrf"))) {
		c.log.Warn("console login without a valid CSRF token", "remote", r.RemoteAddr)
		c.renderLogin(w, r, 403, "Phiên đăng nhập đã hết hạn, xin thử lại")
		return
	}
	o, err := c.checkPassword(r.Context(), strings.TrimSpace(r.PostForm.Get("username")), r.PostForm.Get("password"), centre.ClientAddr(r))
	if err != nil {
		var qe *queue.Error
		if errors.As(err, &qe) {
			centre.SetRetryAfter(w, err)
			c.renderLogin(w, r, httpStatus[qe.Code], qe.Message)
			return
		}
		c.log.Error("console login", "err", err)
		c.renderLogin(w, r, 500, "Hệ thống đang gặp sự cố, xin thử lại sau")
		return
	}
	token := centre.NewToken()
	exp := time.Now().Add(c.o.SessionTTL) // the store checks expiry against the wall clock
	err = c.db.Write(r.Context(), func(tx *store.Tx) error {
		if err := tx.PruneSessions(time.Now().Add(-24 * time.Hour)); err != nil {
			return err
		}
		// The officer as they are now: a password reset, a role change or a
		// disabling while the password was checked refuses (docs/SECURITY.md,
		// "Session 7 review").
		if err := c.srv.RecheckLogin(tx, o, "", centre.ClientAddr(r)); err != nil {
			return err
		}
		if err := tx.PutSession(store.HashToken(token), o.Username, "", exp); err != nil {
			return err
		}
		return audit(tx, c.o.Now(), user{Username: o.Username, Role: o.Role}, "login", o.Username, map[string]string{"remote": r.RemoteAddr})
	})
	var qe *queue.Error
	if errors.As(err, &qe) {
		c.renderLogin(w, r, httpStatus[qe.Code], qe.Message)
		return
	}
	if err != nil {
		c.log.Error("console login", "err", err)
		c.renderLogin(w, r, 500, "Hệ thống đang gặp sự cố, xin thử lại sau")
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: "/console", Expires: exp, HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	http.SetCookie(w, &http.Cookie{Name: loginCSRF, Value: "", Path: "/console", MaxAge: -1})
	c.log.Info("console login", "officer", o.Username, "role", o.Role)
	http.Redirect(w, r, "/console", http.StatusSeeOther)
}

func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	err := c.db.Write(r.Context(), func(tx *store.Tx) error { return tx.DeleteSession(store.HashToken(u.token)) })
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.srv.ForgetTokens()
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/console", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteStrictMode})
	w.WriteHeader(http.StatusNoContent)
}

package portal

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/motcua/motcua/qcvn120"
)

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
	if err := s.pw.claim(clientOf(r, s.o.TrustedProxies), user, now); err != nil {
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

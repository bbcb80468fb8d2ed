package console

import (
	"html/template"
	"net/http"
	"time"

	"github.com/motcua/motcua/centre"
)

var loginTmpl = template.Must(template.ParseFS(static, "static/login.html"))

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	if _, err := c.session(r, []string{centre.RoleSupervisor, centre.RoleAdmin}); err == nil {
		http.Redirect(w, r, "/console", http.StatusSeeOther)
		return
	}
	c.renderLogin(w, r, 200, "")
}

// renderLogin shows the login form with a fresh double-submit token.
func (c *Console) renderLogin(w http.ResponseWriter, r *http.Request, status int, msg string) {
	tok := centre.NewToken()
	http.SetCookie(w, &http.Cookie{Name: loginCSRF, Value: tok, Path: "/console", Expires: time.Now().Add(time.Hour),
		HttpOnly: true, Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode})
	securityHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	loginTmpl.Execute(w, map[string]any{"CSRF": tok, "Error": msg, "Centre": c.srv.Engine().Config().CentreName,
		"Username": r.PostFormValue("username")})
}

package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"net/url"
	"os"
	"strings"
	"text/template"
	"time"
)

// Message is one notification ready to go.
type Message struct {
	ID      string            // de-duplication id (gateways get it as a reference)
	Kind    string            // booked, reminder, away, called, result
	Channel string            // phone, email
	To      string            // the phone (0912345678) or the e-mail address
	Subject string            // e-mail subject
	Text    string            // the Vietnamese text
	Params  map[string]string // the fields of the text (ZNS template_data)
}

// Notifier delivers a message, or says why not. A nil error means the other
// side accepted it; the outbox retries anything else.
type Notifier interface {
	Name() string
	Send(ctx context.Context, m Message) error
}

// Permanent marks an error no retry can cure (a bad address): the message
// is given up at once.
type Permanent struct{ Err error }

func (p Permanent) Error() string { return p.Err.Error() }
func (p Permanent) Unwrap() error { return p.Err }

// maxAnswer bounds what is read of a gateway's answer.
const maxAnswer = 64 << 10

// httpClient: bounded time, no redirects (a gateway that redirects is misconfigured).
func httpClient() *http.Client {
	return &http.Client{Timeout: 15 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// MaskContact hides most of a phone or e-mail address (for the console and logs).
func MaskContact(s string) string {
	if at := strings.LastIndexByte(s, '@'); at > 0 {
		u := s[:at]
		if len(u) > 2 {
			u = u[:1] + strings.Repeat("*", len(u)-2) + u[len(u)-1:]
		} else {
			u = strings.Repeat("*", len(u))
		}
		return u + s[at:]
	}
	if len(s) < 6 {
		return "***"
	}
	return s[:3] + strings.Repeat("*", len(s)-5) + s[len(s)-2:]
}

// LogSink writes a line per message to the server log: the kind, id and
// masked contact; the text with the booking code blanked. Never the phone
// or e-mail itself.
type LogSink struct{ Log *slog.Logger }

func (LogSink) Name() string { return "log" }

func (l LogSink) Send(_ context.Context, m Message) error {
	text := m.Text
	if c := m.Params["code"]; c != "" && (m.Kind == KindBooked || m.Kind == KindReminder || m.Kind == KindCode) {
		text = strings.ReplaceAll(text, c, "****")
	}
	l.Log.Info("notification (log sink)", "id", m.ID, "kind", m.Kind, "channel", m.Channel, "to", MaskContact(m.To), "text", text)
	return nil
}

// SMTP sends e-mail through a relay, always over STARTTLS.
type SMTP struct {
	cfg      SMTPConfig
	password string
	roots    *x509.CertPool
}

// NewSMTP checks the configuration and reads the password.
func NewSMTP(c SMTPConfig) (*SMTP, error) {
	pw, err := secret(c.PasswordFile, c.PasswordEnv, "MOTCUA_SMTP_PASSWORD")
	if err != nil {
		return nil, fmt.Errorf("notify.smtp password: %w", err)
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return nil, fmt.Errorf("notify.smtp.addr: %w", err)
	}
	s := &SMTP{cfg: c, password: pw}
	if c.CAFile != "" {
		b, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("notify.smtp.ca_file: %w", err)
		}
		if s.roots, err = x509.SystemCertPool(); err != nil || s.roots == nil {
			s.roots = x509.NewCertPool()
		}
		if !s.roots.AppendCertsFromPEM(b) {
			return nil, fmt.Errorf("notify.smtp.ca_file: no PEM certificate in %s", c.CAFile)
		}
	}
	return s, nil
}

func (*SMTP) Name() string { return "smtp" }

func (s *SMTP) Send(ctx context.Context, m Message) error {
	if strings.ContainsAny(m.To, "\r\n<>,;") || !strings.Contains(m.To, "@") {
		return Permanent{errors.New("not an e-mail address")}
	}
	host, _, _ := net.SplitHostPort(s.cfg.Addr)
	d := net.Dialer{Timeout: 10 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", s.cfg.Addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); !ok {
		return errors.New("smtp: the server offers no STARTTLS; refusing to send in clear")
	}
	if err := c.StartTLS(&tls.Config{ServerName: host, RootCAs: s.roots, MinVersion: tls.VersionTLS12}); err != nil {
		return fmt.Errorf("smtp starttls: %w", err)
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.password, host)); err != nil {
			return fmt.Errorf("smtp auth: %w", err)
		}
	}
	if err := c.Mail(s.cfg.From); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		var te interface{ Temporary() bool }
		if errors.As(err, &te) && !te.Temporary() {
			return Permanent{err}
		}
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMessage-ID: <%s@motcua>\r\nDate: %s\r\n",
		s.cfg.From, m.To, mime.QEncoding.Encode("utf-8", m.Subject), strings.NewReplacer(":", ".", "/", ".").Replace(m.ID),
		time.Now().Format(time.RFC1123Z))
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(m.Text, "\n", "\r\n"))
	b.WriteString("\r\n")
	if _, err := w.Write(b.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

// SMSGateway posts each message to a brand-name SMS gateway, shaped by
// the configured templates (each gateway has its own JSON).
type SMSGateway struct {
	cfg     SMSConfig
	token   string
	url     *template.Template
	body    *template.Template
	headers map[string]*template.Template
	client  *http.Client
}

var tmplFuncs = template.FuncMap{
	// json quotes a string for a JSON body: {"text": {{json .Text}}}.
	"json": func(s string) (string, error) { b, err := json.Marshal(s); return string(b), err },
	// query escapes a string for a URL's query: ?text={{query .Text}}.
	"query": url.QueryEscape,
}

// NewSMSGateway parses the templates and reads the token.
func NewSMSGateway(c SMSConfig) (*SMSGateway, error) {
	tok, err := secret(c.TokenFile, c.TokenEnv, "MOTCUA_SMS_TOKEN")
	if err != nil {
		return nil, fmt.Errorf("notify.sms token: %w", err)
	}
	g := &SMSGateway{cfg: c, token: tok, headers: map[string]*template.Template{}, client: httpClient()}
	if g.cfg.Method == "" {
		g.cfg.Method = http.MethodPost
	}
	if g.cfg.ContentType == "" {
		g.cfg.ContentType = "application/json"
	}
	if g.url, err = template.New("url").Funcs(tmplFuncs).Option("missingkey=error").Parse(c.URL); err != nil {
		return nil, fmt.Errorf("notify.sms.url: %w", err)
	}
	if g.body, err = template.New("body").Funcs(tmplFuncs).Option("missingkey=error").Parse(c.Body); err != nil {
		return nil, fmt.Errorf("notify.sms.body: %w", err)
	}
	for k, v := range c.Headers {
		if g.headers[k], err = template.New(k).Funcs(tmplFuncs).Option("missingkey=error").Parse(v); err != nil {
			return nil, fmt.Errorf("notify.sms.headers.%s: %w", k, err)
		}
	}
	return g, nil
}

func (*SMSGateway) Name() string { return "sms" }

type tmplData struct {
	ID, Phone, Phone84, Text, Token, Kind string
}

// Phone84 writes a Vietnamese number in the international form without
// "+" (0912345678 → 84912345678), as gateways and ZNS want it.
func Phone84(p string) string {
	if strings.HasPrefix(p, "0") {
		return "84" + p[1:]
	}
	return strings.TrimPrefix(p, "+")
}

func (g *SMSGateway) Send(ctx context.Context, m Message) error {
	d := tmplData{ID: m.ID, Phone: m.To, Phone84: Phone84(m.To), Text: m.Text, Token: g.token, Kind: m.Kind}
	var body, target bytes.Buffer
	if err := g.body.Execute(&body, d); err != nil {
		return Permanent{fmt.Errorf("sms body template: %w", err)}
	}
	if err := g.url.Execute(&target, d); err != nil {
		return Permanent{fmt.Errorf("sms url template: %w", err)}
	}
	if err := httpURL(target.String()); err != nil {
		return Permanent{errors.New("sms url template: not an http(s) URL")}
	}
	var rd io.Reader = &body
	if g.cfg.Method == http.MethodGet {
		rd = nil
	}
	req, err := http.NewRequestWithContext(ctx, g.cfg.Method, target.String(), rd)
	if err != nil {
		return Permanent{err}
	}
	req.Header.Set("Content-Type", g.cfg.ContentType)
	for k, t := range g.headers {
		var v strings.Builder
		if err := t.Execute(&v, d); err != nil {
			return Permanent{fmt.Errorf("sms header template %s: %w", k, err)}
		}
		req.Header.Set(k, v.String())
	}
	resp, err := g.client.Do(req)
	if err != nil {
		return redactURL(err)
	}
	defer resp.Body.Close()
	ans, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("sms gateway answered %d", resp.StatusCode)
	}
	if g.cfg.OKField != "" {
		var v map[string]any
		if err := json.Unmarshal(ans, &v); err != nil {
			return fmt.Errorf("sms gateway: answer is not JSON")
		}
		if fmt.Sprint(v[g.cfg.OKField]) != g.cfg.OKValue {
			return fmt.Errorf("sms gateway: %s = %.40q", g.cfg.OKField, fmt.Sprint(v[g.cfg.OKField]))
		}
	}
	return nil
}

// redactURL keeps a gateway's query string (which may hold a key) out of
// the stored error.
func redactURL(err error) error {
	var ue interface{ Unwrap() error }
	if errors.As(err, &ue) {
		if u, ok := err.(interface{ Timeout() bool }); ok && u.Timeout() {
			return errors.New("gateway: timeout")
		}
		return fmt.Errorf("gateway: %v", ue.Unwrap())
	}
	return err
}

// Zalo sends ZNS template messages: POST {"phone","template_id",
// "template_data","tracking_id"} with the OA's access token in the
// access_token header; the answer's "error" is 0 on success
// (docs/NOTIFY.md cites the API).
type Zalo struct {
	cfg    ZaloConfig
	token  string
	client *http.Client
}

// NewZalo reads the access token.
func NewZalo(c ZaloConfig) (*Zalo, error) {
	tok, err := secret(c.TokenFile, c.TokenEnv, "MOTCUA_ZALO_TOKEN")
	if err != nil {
		return nil, fmt.Errorf("notify.zalo token: %w", err)
	}
	if c.URL == "" {
		c.URL = ZaloDefaultURL
	}
	return &Zalo{cfg: c, token: tok, client: httpClient()}, nil
}

func (*Zalo) Name() string { return "zalo" }

func (z *Zalo) Send(ctx context.Context, m Message) error {
	tpl := z.cfg.Templates[m.Kind]
	if tpl == "" {
		return Permanent{fmt.Errorf("zalo: no ZNS template for %q", m.Kind)}
	}
	data := map[string]string{}
	for k, v := range m.Params {
		if k != "link" || m.Kind == KindBooked {
			data[k] = v
		}
	}
	body, _ := json.Marshal(map[string]any{"phone": Phone84(m.To), "template_id": tpl, "template_data": data, "tracking_id": m.ID})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, z.cfg.URL, bytes.NewReader(body))
	if err != nil {
		return Permanent{err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("access_token", z.token)
	resp, err := z.client.Do(req)
	if err != nil {
		return redactURL(err)
	}
	defer resp.Body.Close()
	ans, _ := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("zalo answered %d", resp.StatusCode)
	}
	var v struct {
		Error   *int   `json:"error"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(ans, &v); err != nil || v.Error == nil {
		return errors.New("zalo: answer is not ZNS JSON")
	}
	if *v.Error != 0 {
		return fmt.Errorf("zalo error %d: %.80s", *v.Error, v.Message)
	}
	return nil
}

package notify_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/notify"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// --- a small SMTP server with STARTTLS (self-signed certificate) ----------

type mail struct {
	From   string
	To     []string
	Data   string
	TLS    bool
	Authed bool
}

type mailSink struct {
	ln       net.Listener
	tls      *tls.Config
	starttls bool
	user     string
	pass     string
	caFile   string

	mu    sync.Mutex
	mails []mail
	plain []string // commands seen before TLS
}

// selfSigned makes a certificate for 127.0.0.1 and writes it (PEM) to dir.
func selfSigned(t *testing.T, dir string) (tls.Certificate, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mail.test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, DNSNames: []string{"localhost"},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	pemFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(pemFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, pemFile
}

func newMailSink(t *testing.T, starttls bool) *mailSink {
	t.Helper()
	cert, caFile := selfSigned(t, t.TempDir())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &mailSink{ln: ln, tls: &tls.Config{Certificates: []tls.Certificate{cert}}, starttls: starttls, user: "motcua", pass: "mat-khau-thu", caFile: caFile}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.handle(c)
		}
	}()
	t.Cleanup(func() { ln.Close() })
	return s
}

func (s *mailSink) handle(c net.Conn) {
	defer func() { c.Close() }()
	c.SetDeadline(time.Now().Add(30 * time.Second))
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 mail.test ESMTP")
	var m mail
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			tp.PrintfLine("500 empty")
			continue
		}
		if !m.TLS {
			s.mu.Lock()
			s.plain = append(s.plain, strings.ToUpper(f[0]))
			s.mu.Unlock()
		}
		switch strings.ToUpper(f[0]) {
		case "EHLO", "HELO":
			lines := []string{"mail.test"}
			if s.starttls && !m.TLS {
				lines = append(lines, "STARTTLS")
			}
			if m.TLS {
				lines = append(lines, "AUTH PLAIN")
			}
			lines = append(lines, "8BITMIME")
			for i, l := range lines {
				sep := "-"
				if i == len(lines)-1 {
					sep = " "
				}
				tp.PrintfLine("250%s%s", sep, l)
			}
		case "STARTTLS":
			if !s.starttls {
				tp.PrintfLine("502 no")
				continue
			}
			tp.PrintfLine("220 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c = tc
			tp = textproto.NewConn(tc)
			m = mail{TLS: true}
		case "AUTH":
			if len(f) < 3 || !m.TLS {
				tp.PrintfLine("504 only PLAIN over TLS")
				continue
			}
			b, _ := base64.StdEncoding.DecodeString(f[2])
			if string(b) == "\x00"+s.user+"\x00"+s.pass {
				m.Authed = true
				tp.PrintfLine("235 ok")
			} else {
				tp.PrintfLine("535 bad credentials")
			}
		case "MAIL":
			m.From = strings.Trim(strings.Fields(strings.SplitN(line, ":", 2)[1])[0], "<>")
			tp.PrintfLine("250 ok")
		case "RCPT":
			to := strings.TrimSpace(strings.SplitN(line, ":", 2)[1])
			m.To = append(m.To, strings.Trim(to, "<>"))
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go on")
			b, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			m.Data = string(b)
			s.mu.Lock()
			s.mails = append(s.mails, m)
			s.mu.Unlock()
			tp.PrintfLine("250 queued")
			m = mail{TLS: m.TLS, Authed: m.Authed}
		case "RSET", "NOOP":
			tp.PrintfLine("250 ok")
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 unknown")
		}
	}
}

func (s *mailSink) got() []mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]mail(nil), s.mails...)
}

// --- a fake SMS gateway and a fake Zalo endpoint (httptest) --------------

type hit struct {
	Header http.Header
	Body   []byte
}

type fakeHTTP struct {
	*httptest.Server
	mu       sync.Mutex
	hits     []hit
	fail     map[string]int // message id → answers 503 this many more times
	idKey    string         // JSON field holding the message id
	failNext int            // answers 503 to this many next requests, whatever they are
	ok       string         // answer body on success
}

func newFakeHTTP(t *testing.T, idKey, ok string) *fakeHTTP {
	f := &fakeHTTP{fail: map[string]int{}, idKey: idKey, ok: ok}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		var v map[string]any
		json.Unmarshal(b, &v)
		id, _ := v[f.idKey].(string)
		f.mu.Lock()
		if f.failNext > 0 {
			f.failNext--
			f.mu.Unlock()
			http.Error(w, "busy", 503)
			return
		}
		if f.fail[id] > 0 {
			f.fail[id]--
			f.mu.Unlock()
			http.Error(w, "busy", 503)
			return
		}
		f.hits = append(f.hits, hit{Header: r.Header.Clone(), Body: b})
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, f.ok)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeHTTP) bodies() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []map[string]any
	for _, h := range f.hits {
		var v map[string]any
		json.Unmarshal(h.Body, &v)
		out = append(out, v)
	}
	return out
}

// --- a real centre with bookings, dossiers and the notifier --------------

type env struct {
	t      *testing.T
	db     *store.DB
	srv    *centre.Server
	ts     *centretest.Env
	n      *notify.Service
	kiosk  string
	log    *bytes.Buffer
	logMu  *sync.Mutex
	mu     sync.Mutex
	base   time.Time
	baseAt time.Time
}

// at is a time in Hà Nội.
func at(s string) time.Time { return centretest.At(s) }

// clock runs from the time the test set (retries need it to move).
func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.base.Add(time.Since(e.baseAt))
}

func (e *env) set(t time.Time) {
	e.mu.Lock()
	e.base, e.baseAt = t, time.Now()
	e.mu.Unlock()
	e.n.Wake()
}

type lockedWriter struct {
	mu *sync.Mutex
	b  *bytes.Buffer
}

func (w lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func newEnv(t *testing.T, cfg notify.Config, o notify.Options, now time.Time) *env {
	t.Helper()
	e := &env{t: t, base: now, baseAt: time.Now(), log: &bytes.Buffer{}, logMu: &sync.Mutex{}}
	log := slog.New(slog.NewTextHandler(lockedWriter{e.logMu, e.log}, nil))
	var err error
	if cfg, err = cfg.Defaults(); err != nil {
		t.Fatal(err)
	}
	e.ts = centretest.Start(t, centretest.Options{
		Config:   func(qc *queue.Config) { qc.Opening.AlwaysIssue = false },
		Server:   centre.Options{Logger: log},
		Dossiers: &centre.DossierOptions{},
		Devices:  []centretest.Device{{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Nguyễn Văn An", Role: "officer"}},
		Mount: func(m centretest.Mount) error {
			e.db, e.srv = m.DB, m.Server
			m.Server.Engine().SetClock(e.clock)
			// the journeys book without the one-time code (its own tests are booking/phonecode_test.go)
			bc := booking.Config{Enabled: true, VerifyPhone: booking.VerifyNever}.Defaults()
			if _, err := booking.Mount(m.Ctx, m.Server, m.DB, bc, log); err != nil {
				return err
			}
			o.Logger, o.Now, o.PollEvery = log, e.clock, 20*time.Millisecond
			o.Centre = func() string { return "TTPVHCC Hoàn Kiếm" }
			var err error
			if e.n, err = notify.New(m.DB, cfg, o); err != nil {
				return err
			}
			m.Go(e.n.Run)
			return nil
		},
	})
	e.kiosk = e.ts.Token("dev-kiosk")
	return e
}

func (e *env) logText() string {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	return e.log.String()
}

// do calls the server; out (if not nil) receives the JSON answer.
func (e *env) do(method, path, token string, body any, out any) (int, string) {
	e.t.Helper()
	return e.ts.Do(e.t, method, path, token, body, out)
}

// doRaw calls the server with a raw JSON body.
func (e *env) doRaw(method, path, token, body string, out any) (int, string) {
	e.t.Helper()
	return e.ts.Do(e.t, method, path, token, body, out)
}

func (e *env) login(user, counter string) string {
	e.t.Helper()
	return e.ts.Login(context.Background(), user, counter).Token()
}

// eventually polls cond (a liveness guard with a generous deadline).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	centretest.Eventually(t, what, cond)
}

// row is a message as stored.
type row struct {
	ID, Kind, Channel, Contact, Params, Status, LastError string
	Attempts                                              int
}

func (e *env) rows() map[string]row {
	e.t.Helper()
	rs, err := e.db.Read().Query(`SELECT id, kind, channel, contact, params, status, last_error, attempts FROM notify_outbox`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rs.Close()
	out := map[string]row{}
	for rs.Next() {
		var r row
		if err := rs.Scan(&r.ID, &r.Kind, &r.Channel, &r.Contact, &r.Params, &r.Status, &r.LastError, &r.Attempts); err != nil {
			e.t.Fatal(err)
		}
		out[r.ID] = r
	}
	return out
}

// httpHandler records the sorted query of each request and answers OK.
func httpHandler(rec func(string)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec(r.URL.Query().Encode())
		io.WriteString(w, "OK")
	})
}

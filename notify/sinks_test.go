package notify_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"mime"
	"strings"
	"testing"

	"github.com/motcua/motcua/notify"
)

// An e-mail goes through a real SMTP conversation: STARTTLS with the
// relay's self-signed certificate (trusted through ca_file), AUTH PLAIN
// only inside TLS, the Vietnamese subject and body intact. A relay that
// offers no STARTTLS gets nothing, not even the login.
func TestSMTPStartTLS(t *testing.T) {
	sink := newMailSink(t, true)
	t.Setenv("MOTCUA_SMTP_PASSWORD", sink.pass)
	s, err := notify.NewSMTP(notify.SMTPConfig{Addr: sink.ln.Addr().String(), From: "thongbao@hoankiem.gov.vn", Username: sink.user, CAFile: sink.caFile})
	if err != nil {
		t.Fatal(err)
	}
	subject, text := notify.Render(notify.KindResult, map[string]string{"centre": "TTPVHCC Hoàn Kiếm", "code": "000.00.06.H26-261123-0001", "procedure": "Đăng ký khai sinh"})
	err = s.Send(context.Background(), notify.Message{ID: "result:000.00.06.H26-261123-0001:email", Kind: notify.KindResult, Channel: "email",
		To: "an.nguyen@example.vn", Subject: subject, Text: text})
	if err != nil {
		t.Fatal(err)
	}
	got := sink.got()
	if len(got) != 1 {
		t.Fatalf("%d mails", len(got))
	}
	m := got[0]
	if !m.TLS || !m.Authed || m.From != "thongbao@hoankiem.gov.vn" || len(m.To) != 1 || m.To[0] != "an.nguyen@example.vn" {
		t.Fatalf("mail %+v", m)
	}
	for _, c := range sink.plain {
		if c == "AUTH" || c == "MAIL" || c == "DATA" {
			t.Fatalf("%s sent before STARTTLS", c)
		}
	}
	if !strings.Contains(m.Data, "Hồ sơ 000.00.06.H26-261123-0001 (Đăng ký khai sinh) đã có kết quả") {
		t.Fatalf("body:\n%s", m.Data)
	}
	var subj string
	for _, l := range strings.Split(m.Data, "\n") {
		if strings.HasPrefix(l, "Subject: ") {
			subj, _ = new(mime.WordDecoder).DecodeHeader(strings.TrimPrefix(l, "Subject: "))
		}
	}
	if subj != "Hồ sơ 000.00.06.H26-261123-0001 đã có kết quả" {
		t.Fatalf("subject %q", subj)
	}

	// Without STARTTLS: refused before anything is sent.
	plain := newMailSink(t, false)
	s2, err := notify.NewSMTP(notify.SMTPConfig{Addr: plain.ln.Addr().String(), From: "thongbao@hoankiem.gov.vn", Username: plain.user, CAFile: plain.caFile})
	if err != nil {
		t.Fatal(err)
	}
	err = s2.Send(context.Background(), notify.Message{ID: "x", Kind: notify.KindResult, Channel: "email", To: "an.nguyen@example.vn", Subject: "s", Text: "t"})
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("plain relay: %v", err)
	}
	if len(plain.got()) != 0 {
		t.Fatal("a mail went out in clear")
	}
	// An untrusted certificate is refused too (no ca_file).
	s3, _ := notify.NewSMTP(notify.SMTPConfig{Addr: sink.ln.Addr().String(), From: "a@b.vn"})
	if err := s3.Send(context.Background(), notify.Message{ID: "y", To: "an.nguyen@example.vn", Subject: "s", Text: "t"}); err == nil {
		t.Fatal("self-signed certificate accepted without ca_file")
	}
	// A header injection in the address is a permanent refusal.
	var perm notify.Permanent
	if err := s.Send(context.Background(), notify.Message{ID: "z", To: "a@b.vn\r\nBcc: x@y.vn", Text: "t"}); !errors.As(err, &perm) {
		t.Fatalf("injected address: %v", err)
	}
}

// The generic SMS gateway: URL, headers and body from templates (an
// eSMS-like JSON here), the text JSON-quoted, the token from the
// environment; a 2xx whose JSON code is not the success value is an error.
func TestSMSGatewayTemplate(t *testing.T) {
	gw := newFakeHTTP(t, "RequestId", `{"CodeResult":"100","SMSID":"abc"}`)
	t.Setenv("MOTCUA_SMS_TOKEN", "khoa-api-bi-mat")
	g, err := notify.NewSMSGateway(notify.SMSConfig{URL: gw.URL + "/send", Headers: map[string]string{"Authorization": "Bearer {{.Token}}"},
		Body:    `{"Phone":"{{.Phone}}","Content":{{json .Text}},"Brandname":"TTHCC","SmsType":"2","RequestId":"{{.ID}}"}`,
		OKField: "CodeResult", OKValue: "100"})
	if err != nil {
		t.Fatal(err)
	}
	_, text := notify.Render(notify.KindCalled, map[string]string{"centre": "TTPVHCC \"Hoàn Kiếm\"", "number": "A012", "counter": "Quầy 3"})
	if err := g.Send(context.Background(), notify.Message{ID: "called:t1", Kind: notify.KindCalled, To: "0912345678", Text: text}); err != nil {
		t.Fatal(err)
	}
	b := gw.bodies()
	if len(b) != 1 || b[0]["Phone"] != "0912345678" || b[0]["Content"] != `TTPVHCC "Hoàn Kiếm": Mời công dân có số A012 đến Quầy 3.` || b[0]["RequestId"] != "called:t1" {
		t.Fatalf("gateway got %v", b)
	}
	if h := gw.hits[0].Header.Get("Authorization"); h != "Bearer khoa-api-bi-mat" {
		t.Fatalf("authorization %q", h)
	}
	bad := newFakeHTTP(t, "RequestId", `{"CodeResult":"104","ErrorMessage":"Brandname chưa đăng ký"}`)
	g2, _ := notify.NewSMSGateway(notify.SMSConfig{URL: bad.URL, Body: `{"RequestId":"{{.ID}}"}`, OKField: "CodeResult", OKValue: "100"})
	if err := g2.Send(context.Background(), notify.Message{ID: "x", To: "0912345678", Text: "t"}); err == nil || !strings.Contains(err.Error(), "104") {
		t.Fatalf("gateway refusal: %v", err)
	}
	bad.fail["y"] = 1
	if err := g2.Send(context.Background(), notify.Message{ID: "y", To: "0912345678", Text: "t"}); err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("gateway 503: %v", err)
	}
	if _, err := notify.NewSMSGateway(notify.SMSConfig{URL: gw.URL, Body: `{{.Nope`}); err == nil {
		t.Fatal("broken template accepted")
	}
}

// Zalo ZNS: POST {"phone":"84…","template_id","template_data","tracking_id"}
// with the OA token in the access_token header; "error" ≠ 0 is a failure.
func TestZaloZNS(t *testing.T) {
	zl := newFakeHTTP(t, "tracking_id", `{"error":0,"message":"Success","data":{"msg_id":"a1b2","sent_time":"1700000000000"}}`)
	t.Setenv("MOTCUA_ZALO_TOKEN", "oa-access-token")
	z, err := notify.NewZalo(notify.ZaloConfig{URL: zl.URL, Templates: map[string]string{notify.KindBooked: "301234"}})
	if err != nil {
		t.Fatal(err)
	}
	p := map[string]string{"centre": "TTPVHCC Hoàn Kiếm", "service": "Hộ tịch", "time": "09:00", "date": "08/09/2026", "code": "B2FR-GA6B-F6ZX-VS2Y", "link": "http://x/dat-lich?ma=B2FR"}
	if err := z.Send(context.Background(), notify.Message{ID: "booked:abc", Kind: notify.KindBooked, To: "0912345678", Params: p}); err != nil {
		t.Fatal(err)
	}
	b := zl.bodies()
	if len(b) != 1 || b[0]["phone"] != "84912345678" || b[0]["template_id"] != "301234" || b[0]["tracking_id"] != "booked:abc" {
		t.Fatalf("zalo got %v", b)
	}
	if td, _ := b[0]["template_data"].(map[string]any); td["code"] != "B2FR-GA6B-F6ZX-VS2Y" || td["time"] != "09:00" {
		t.Fatalf("template_data %v", b[0]["template_data"])
	}
	if zl.hits[0].Header.Get("access_token") != "oa-access-token" {
		t.Fatal("no access_token header")
	}
	var perm notify.Permanent
	if err := z.Send(context.Background(), notify.Message{ID: "x", Kind: notify.KindCalled, To: "0912345678"}); !errors.As(err, &perm) {
		t.Fatalf("kind without template: %v", err)
	}
	bad := newFakeHTTP(t, "tracking_id", `{"error":-124,"message":"Access token is invalid"}`)
	z2, _ := notify.NewZalo(notify.ZaloConfig{URL: bad.URL, Templates: map[string]string{notify.KindBooked: "1"}})
	if err := z2.Send(context.Background(), notify.Message{ID: "y", Kind: notify.KindBooked, To: "0912345678", Params: p}); err == nil || !strings.Contains(err.Error(), "-124") {
		t.Fatalf("zalo error: %v", err)
	}
}

// The log sink names the message, never the phone, the e-mail or the
// booking code.
func TestLogSinkKeepsContactOut(t *testing.T) {
	var buf bytes.Buffer
	l := notify.LogSink{Log: slog.New(slog.NewTextHandler(&buf, nil))}
	p := map[string]string{"centre": "TT", "service": "Hộ tịch", "time": "09:00", "date": "08/09/2026", "code": "B2FR-GA6B-F6ZX-VS2Y", "link": "http://x/dat-lich?ma=B2FR-GA6B-F6ZX-VS2Y"}
	_, text := notify.Render(notify.KindBooked, p)
	l.Send(context.Background(), notify.Message{ID: "booked:1", Kind: notify.KindBooked, Channel: "phone", To: "0912345678", Text: text, Params: p})
	l.Send(context.Background(), notify.Message{ID: "result:1", Kind: notify.KindResult, Channel: "email", To: "an.nguyen@example.vn", Text: "x", Params: p})
	out := buf.String()
	for _, secret := range []string{"0912345678", "an.nguyen@example.vn", "B2FR-GA6B-F6ZX-VS2Y"} {
		if strings.Contains(out, secret) {
			t.Fatalf("log holds %q:\n%s", secret, out)
		}
	}
	if !strings.Contains(out, "091*****78") || !strings.Contains(out, "booked:1") {
		t.Fatalf("log:\n%s", out)
	}
}

// A gateway called with GET: the URL is a template, the text escaped
// with query; the key in the URL stays out of the stored error.
func TestSMSGatewayGET(t *testing.T) {
	var got []string
	srv := newFakeHTTP(t, "none", `OK`)
	srv.Config.Handler = httpHandler(func(q string) { got = append(got, q) })
	t.Setenv("MOTCUA_SMS_TOKEN", "k3y-in-url")
	g, err := notify.NewSMSGateway(notify.SMSConfig{Method: "GET", URL: srv.URL + "/send?key={{query .Token}}&to={{.Phone84}}&text={{query .Text}}&ref={{query .ID}}"})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Send(context.Background(), notify.Message{ID: "called:t1", To: "0912345678", Text: "Mời số A012 đến Quầy 3 & 4"}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != "key=k3y-in-url&ref=called%3At1&text=M%E1%BB%9Di+s%E1%BB%91+A012+%C4%91%E1%BA%BFn+Qu%E1%BA%A7y+3+%26+4&to=84912345678" {
		t.Fatalf("query %q", got)
	}
	srv.Close()
	err = g.Send(context.Background(), notify.Message{ID: "x", To: "0912345678", Text: "t"})
	if err == nil || strings.Contains(err.Error(), "k3y-in-url") {
		t.Fatalf("error of a closed gateway: %v", err)
	}
}

func TestConfigChecks(t *testing.T) {
	good := []notify.Config{
		{},
		{Phone: "sms", SMS: notify.SMSConfig{URL: "https://gw.example.vn/send", Body: "{}"}},
		{Phone: "sms", SMS: notify.SMSConfig{Method: "GET", URL: "http://gw.example.vn/send?to={{.Phone}}"}},
		{Phone: "zalo", Email: "smtp", SMTP: notify.SMTPConfig{Addr: "smtp.example.vn:587", From: "a@b.vn"}, ReminderAt: "off", Away: -1},
	}
	for i, c := range good {
		if _, err := c.Defaults(); err != nil {
			t.Errorf("good %d: %v", i, err)
		}
	}
	bad := []notify.Config{
		{Phone: "fax"},
		{Email: "pigeon"},
		{Phone: "sms", SMS: notify.SMSConfig{URL: "ftp://gw.example.vn/", Body: "{}"}},
		{Phone: "sms", SMS: notify.SMSConfig{URL: "{{.Token}}", Body: "{}"}},
		{Phone: "sms", SMS: notify.SMSConfig{URL: "https://user:pw@gw.example.vn/", Body: "{}"}},
		{Phone: "sms", SMS: notify.SMSConfig{URL: "https://gw.example.vn/"}},
		{Email: "smtp"},
		{ReminderAt: "25:00"},
		{RetryMin: "1m", RetryMax: "10s"},
		{Away: 99},
	}
	for i, c := range bad {
		if _, err := c.Defaults(); err == nil {
			t.Errorf("bad %d accepted: %+v", i, c)
		}
	}
}

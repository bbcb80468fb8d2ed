package booking_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/track"
	"github.com/motcua/motcua/notify"
	"github.com/motcua/motcua/queue"
)

// smsGateway is a brand-name SMS gateway on loopback: it keeps the texts
// the notifier posts (the citizens' phones of these tests).
type smsGateway struct {
	*httptest.Server
	mu   sync.Mutex
	msgs []struct{ To, Text string }
}

func newSMSGateway(t *testing.T) *smsGateway {
	g := &smsGateway{}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m struct{ To, Text string }
		if err := json.NewDecoder(io.LimitReader(r.Body, 1<<16)).Decode(&m); err != nil {
			http.Error(w, "bad", 400)
			return
		}
		g.mu.Lock()
		g.msgs = append(g.msgs, m)
		g.mu.Unlock()
		io.WriteString(w, `{"code":"0"}`)
	}))
	t.Cleanup(g.Close)
	return g
}

// texts are the messages the phone has received.
func (g *smsGateway) texts(phone string) []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var out []string
	for _, m := range g.msgs {
		if m.To == phone {
			out = append(out, m.Text)
		}
	}
	return out
}

var sixDigits = regexp.MustCompile(`\b(\d{6})\b`)

// codeEnv is a real centre with bookings and the notifier sending by the
// SMS gateway above; its log is kept.
type codeEnv struct {
	*env
	gw    *smsGateway
	logMu sync.Mutex
	logB  bytes.Buffer
}

type logW struct{ e *codeEnv }

func (w logW) Write(p []byte) (int, error) {
	w.e.logMu.Lock()
	defer w.e.logMu.Unlock()
	return w.e.logB.Write(p)
}

func (c *codeEnv) logText() string {
	c.logMu.Lock()
	defer c.logMu.Unlock()
	return c.logB.String()
}

func newCodeEnv(t *testing.T, bc booking.Config, now time.Time) *codeEnv {
	t.Helper()
	c := &codeEnv{env: &env{t: t, now: now}, gw: newSMSGateway(t)}
	e := c.env
	log := slog.New(slog.NewTextHandler(logW{c}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	bc.Enabled = true
	bc = bc.Defaults()
	nc, err := notify.Config{Phone: "sms", RetryMin: "100ms", RetryMax: "200ms", Name: "TTPVHCC Hoàn Kiếm",
		SMS: notify.SMSConfig{URL: c.gw.URL + "/send", Body: `{"to":"{{.Phone}}","text":{{json .Text}},"ref":"{{.ID}}"}`, OKField: "code", OKValue: "0"}}.Defaults()
	if err != nil {
		t.Fatal(err)
	}
	e.ts = centretest.Start(t, centretest.Options{
		Config:  func(c *queue.Config) { c.Opening.AlwaysIssue = false },
		Server:  centre.Options{Logger: log},
		Devices: []centretest.Device{{ID: "dev-kiosk", Name: "kiosk", Role: "kiosk"}},
		Officers: []centretest.Officer{{Username: "canbo1", FullName: "Nguyễn Văn An", Role: "officer"},
			{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"}, {Username: "quantri", FullName: "Trần Quản Trị", Role: "admin"}},
		Mount: func(m centretest.Mount) error {
			e.db, e.srv = m.DB, m.Server
			m.Server.Engine().SetClock(e.clock)
			var err error
			if e.svc, err = booking.Mount(m.Ctx, m.Server, m.DB, bc, log); err != nil {
				return err
			}
			track.Mount(m.Server.Handle, m.Config.CentreName)
			n, err := notify.New(m.DB, nc, notify.Options{Logger: log, Now: e.clock, PollEvery: 20 * time.Millisecond,
				Centre: func() string { return nc.Name }})
			if err != nil {
				return err
			}
			m.Go(n.Run)
			return nil
		},
	})
	e.path = e.ts.DBPath
	e.kiosk = e.ts.Token("dev-kiosk")
	return c
}

// sendCode asks for a code for phone and waits for the SMS that carries it.
func (c *codeEnv) sendCode(phone string) (booking.CodeSent, string) {
	c.t.Helper()
	norm, _ := booking.NormPhone(phone)
	before := len(c.gw.texts(norm))
	var sent booking.CodeSent
	if code, body := c.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": phone}, &sent); code != 201 {
		c.t.Fatalf("send code to %s: %d %s", phone, code, body)
	}
	var text string
	centretest.Eventually(c.t, "the code's SMS", func() bool {
		// the newest code text (a booking's confirmation may come after it)
		ts := c.gw.texts(norm)
		for i := len(ts) - 1; i >= before; i-- {
			if sixDigits.MatchString(ts[i]) {
				text = ts[i]
				return true
			}
		}
		return false
	})
	m := sixDigits.FindStringSubmatch(text)
	if m == nil {
		c.t.Fatalf("no 6-digit code in %q", text)
	}
	return sent, m[1]
}

func (c *codeEnv) bookWith(service string, start time.Time, phone, id, code string) (int, string) {
	c.t.Helper()
	return c.do("POST", "/api/v1/bookings", "", map[string]any{"service": service, "slot_start": start, "phone": phone,
		"phone_code_id": id, "phone_code": code}, nil)
}

func wrong(code string) string { return fmt.Sprintf("%06d", (atoi(code)+1)%1000000) }

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// TestPhoneCodeBookingFlow: with an SMS channel the centre asks for a code;
// the SMS is one page of Vietnamese with the code; a wrong code says how
// many tries are left; the right one makes the booking in the write that
// uses the code; the same code cannot make a second booking. Neither the
// log nor the database holds the code.
func TestPhoneCodeBookingFlow(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	var info struct {
		Verify bool `json:"verify_phone"`
		Valid  int  `json:"code_valid_s"`
	}
	e.do("GET", "/api/v1/booking/services", "", nil, &info)
	if !info.Verify || info.Valid != 300 {
		t.Fatalf("services: verify %v valid %d", info.Verify, info.Valid)
	}
	slot := at("2026-09-07 09:00")
	if code, body := e.bookWith("hotich", slot, "0912345678", "", ""); code != 400 || !strings.Contains(errOf(t, body).Error.Message, "Gửi mã") {
		t.Fatalf("booking without a code: %d %s", code, body)
	}
	sent, code := e.sendCode("0912 345 678")
	if sent.SentTo != "091*****78" || sent.ValidS != 300 || sent.ResendAfterS != 60 || sent.Tries != 3 || len(sent.ID) != 32 {
		t.Fatalf("sent %+v", sent)
	}
	text := e.gw.texts("0912345678")[0]
	if text != "TTPVHCC Hoàn Kiếm: Mã xác nhận "+code+", hiệu lực 5 phút, không chia sẻ." || !notify.OnePage(text) {
		t.Fatalf("SMS %q (%d characters)", text, len([]rune(text)))
	}
	c, body := e.bookWith("hotich", slot, "0912345678", sent.ID, wrong(code))
	if c != 400 || errOf(t, body).Error.Message != "Mã không đúng, Quý khách còn 2 lần thử." {
		t.Fatalf("wrong code: %d %s", c, body)
	}
	// the code belongs to the phone it was sent to
	if c, body := e.bookWith("hotich", slot, "0987654321", sent.ID, code); c != 409 || !strings.Contains(body, "hết hạn") {
		t.Fatalf("code of another phone: %d %s", c, body)
	}
	c, body = e.bookWith("hotich", slot, "0912345678", sent.ID, code)
	if c != 201 {
		t.Fatalf("right code: %d %s", c, body)
	}
	if c, body := e.bookWith("datdai", at("2026-09-07 10:00"), "0912345678", sent.ID, code); c != 409 || errOf(t, body).Error.Message != "Mã này đã được dùng. Bấm “Gửi lại mã” để nhận mã mới." {
		t.Fatalf("code used again: %d %s", c, body)
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM bookings`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d bookings, want 1", n)
	}
	// the booking's confirmation arrives too
	centretest.Eventually(t, "confirmation", func() bool { return len(e.gw.texts("0912345678")) == 2 })
	if log := e.logText(); strings.Contains(log, code) || !strings.Contains(log, "phone code sent") {
		t.Fatalf("the log holds the code or not the send:\n%s", log)
	}
	for _, q := range []string{`SELECT id_hash || phone_hmac || code_mac FROM phone_codes`, `SELECT id || params || contact || last_error FROM notify_outbox`} {
		rows, err := e.db.Read().Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			rows.Scan(&s)
			if strings.Contains(s, code) {
				t.Fatalf("%s holds the code: %s", q, s)
			}
		}
		rows.Close()
	}
}

// TestPhoneCodeRemoteFlow: a remote number needs the code too, and is
// issued with it.
func TestPhoneCodeRemoteFlow(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 08:00"))
	var info struct {
		Verify bool `json:"verify_phone"`
	}
	e.do("GET", "/api/v1/remote/services", "", nil, &info)
	if !info.Verify {
		t.Fatal("remote services: verify_phone false")
	}
	take := func(id, code string) (int, string, booking.RemoteTicket) {
		var rt booking.RemoteTicket
		c, body := e.do("POST", "/api/v1/remote/tickets", "", map[string]any{"service": "hotich", "phone": "0912345678",
			"phone_code_id": id, "phone_code": code}, &rt)
		return c, body, rt
	}
	if c, body, _ := take("", ""); c != 400 {
		t.Fatalf("without a code: %d %s", c, body)
	}
	sent, code := e.sendCode("0912345678")
	if c, body, _ := take(sent.ID, wrong(code)); c != 400 || !strings.Contains(body, "còn 2 lần thử") {
		t.Fatalf("wrong code: %d %s", c, body)
	}
	c, body, rt := take(sent.ID, code)
	if c != 201 || rt.Number != "A001" {
		t.Fatalf("right code: %d %s", c, body)
	}
	if c, body, _ := take(sent.ID, code); c != 409 || !strings.Contains(body, "đã được dùng") {
		t.Fatalf("again: %d %s", c, body)
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM tickets WHERE device = 'remote'`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d remote tickets", n)
	}
}

// TestPhoneCodeLocksAfterThreeWrongTries: the third wrong try locks the
// code; the right code is refused after it, and a new code works.
func TestPhoneCodeLocksAfterThreeWrongTries(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	slot := at("2026-09-07 09:00")
	sent, code := e.sendCode("0912345678")
	want := []string{"Mã không đúng, Quý khách còn 2 lần thử.", "Mã không đúng, Quý khách còn 1 lần thử.",
		"Mã không đúng. Quý khách đã nhập sai 3 lần; bấm “Gửi lại mã” để nhận mã mới."}
	for i, w := range want {
		if c, body := e.bookWith("hotich", slot, "0912345678", sent.ID, wrong(code)); c != 400 || errOf(t, body).Error.Message != w {
			t.Fatalf("wrong try %d: %d %s", i+1, c, body)
		}
	}
	if c, body := e.bookWith("hotich", slot, "0912345678", sent.ID, code); c != 400 || !strings.Contains(body, "nhập sai mã 3 lần") {
		t.Fatalf("right code after the lock: %d %s", c, body)
	}
	e.set(e.clock().Add(61 * time.Second)) // the resend cooldown
	sent2, code2 := e.sendCode("0912345678")
	if c, body := e.bookWith("hotich", slot, "0912345678", sent.ID, code); c != 409 {
		t.Fatalf("the old code after a new one: %d %s", c, body)
	}
	if c, body := e.bookWith("hotich", slot, "0912345678", sent2.ID, code2); c != 201 {
		t.Fatalf("new code: %d %s", c, body)
	}
}

// TestPhoneCodeExpires: after 5 minutes the code is refused as expired, and
// expired codes leave the table.
func TestPhoneCodeExpires(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	sent, code := e.sendCode("0912345678")
	e.set(at("2026-09-07 07:05").Add(time.Second))
	c, body := e.bookWith("hotich", at("2026-09-07 09:00"), "0912345678", sent.ID, code)
	if c != 409 || errOf(t, body).Error.Message != "Mã đã hết hạn, bấm “Gửi lại mã” để nhận mã mới." {
		t.Fatalf("expired code: %d %s", c, body)
	}
	if _, err := e.svc.Forget(t.Context()); err != nil {
		t.Fatal(err)
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM phone_codes`).Scan(&n)
	if n != 0 {
		t.Fatalf("%d codes left after expiry", n)
	}
}

// TestPhoneCodeOneBookingFromConcurrentRequests: the same right code sent
// by several requests at once makes exactly one booking.
func TestPhoneCodeOneBookingFromConcurrentRequests(t *testing.T) {
	e := newCodeEnv(t, booking.Config{MaxPerDay: 5, MaxPerSector: 5, Capacity: 20}, at("2026-09-07 07:00"))
	for round, phone := range []string{"0912345601", "0912345602", "0912345603"} {
		sent, code := e.sendCode(phone)
		const n = 3 // at most CodeTries: each request claims a try
		var wg sync.WaitGroup
		codes := make(chan int, n)
		start := make(chan struct{})
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				c, _ := e.bookWith("hotich", at("2026-09-07 09:00").Add(time.Duration(i)*30*time.Minute), phone, sent.ID, code)
				codes <- c
			}(i)
		}
		close(start)
		wg.Wait()
		close(codes)
		made := 0
		for c := range codes {
			switch c {
			case 201:
				made++
			case 409:
			default:
				t.Fatalf("round %d: status %d", round, c)
			}
		}
		if made != 1 {
			t.Fatalf("round %d: %d bookings from one code", round, made)
		}
	}
	var n int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM bookings`).Scan(&n)
	if n != 3 {
		t.Fatalf("%d bookings, want 3", n)
	}
}

// TestPhoneCodeSendLimits: the resend cooldown, the sends per phone, per
// client address (refused requests count) and the centre's budget.
func TestPhoneCodeSendLimits(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerPhonePerHour: 2, CodeSendsPerAddrPerHour: 6, CodeSendsPerHour: 5}, at("2026-09-07 07:00"))
	post := func(phone string) (int, string, http.Header) {
		b, _ := json.Marshal(map[string]string{"phone": phone})
		resp, err := http.Post(e.ts.URL+"/api/v1/phone-codes", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body), resp.Header
	}
	if c, body, _ := post("0912345678"); c != 201 { // 1st request of this address
		t.Fatalf("first: %d %s", c, body)
	}
	c, body, h := post("0912345678") // 2nd: within a minute
	if c != 429 || !strings.Contains(body, "Xin đợi") || h.Get("Retry-After") == "" || h.Get("Retry-After") == "0" {
		t.Fatalf("resend within the cooldown: %d %s %v", c, body, h)
	}
	e.set(e.clock().Add(61 * time.Second))
	if c, body, _ := post("0912345678"); c != 201 { // 3rd
		t.Fatalf("after the cooldown: %d %s", c, body)
	}
	e.set(e.clock().Add(61 * time.Second))
	if c, body, _ := post("0912345678"); c != 429 || !strings.Contains(body, "Số điện thoại này đã nhận quá nhiều mã") { // 4th
		t.Fatalf("third code to one phone in an hour: %d %s", c, body)
	}
	if c, body, _ := post("0912345679"); c != 201 { // 5th
		t.Fatalf("another phone: %d %s", c, body)
	}
	if c, body, _ := post("0912345680"); c != 201 { // 6th: the refused 2nd and 4th counted too
		t.Fatalf("another phone: %d %s", c, body)
	}
	if c, body, _ := post("0912345681"); c != 429 || !strings.Contains(body, "từ mạng này") { // 7th
		t.Fatalf("seventh request of the address: %d %s", c, body)
	}
	var sent int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM notify_outbox WHERE kind = 'code'`).Scan(&sent)
	if sent != 4 {
		t.Fatalf("%d codes sent, want 4", sent)
	}
}

// TestPhoneCodeCentreBudget: past code_sends_per_hour nobody gets a code.
func TestPhoneCodeCentreBudget(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerHour: 2}, at("2026-09-07 07:00"))
	for i, want := range []int{201, 201, 429} {
		if c, body := e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": fmt.Sprintf("091234567%d", i)}, nil); c != want ||
			(c == 429 && !strings.Contains(body, "Trung tâm tạm thời không gửi thêm")) {
			t.Fatalf("send %d: %d %s", i, c, body)
		}
	}
}

// TestPhoneCodeSameAnswerForAnyPhone: a phone with a booking and one
// without get the same answer.
func TestPhoneCodeSameAnswerForAnyPhone(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	sent, code := e.sendCode("0912345678")
	if c, body := e.bookWith("hotich", at("2026-09-07 09:00"), "0912345678", sent.ID, code); c != 201 {
		t.Fatalf("book: %d %s", c, body)
	}
	e.set(e.clock().Add(61 * time.Second))
	shape := func(phone string) string {
		var v map[string]any
		c, _ := e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": phone}, &v)
		delete(v, "phone_code_id")
		delete(v, "sent_to")
		b, _ := json.Marshal(v)
		return fmt.Sprint(c, string(b))
	}
	if a, b := shape("0912345678"), shape("0987654321"); a != b {
		t.Fatalf("answers differ: %s / %s", a, b)
	}
}

// TestPhoneCodeNever: verify_phone = "never" keeps the booking and the
// remote number as before, even with an SMS channel.
func TestPhoneCodeNever(t *testing.T) {
	e := newCodeEnv(t, booking.Config{VerifyPhone: booking.VerifyNever}, at("2026-09-07 08:00"))
	var info struct {
		Verify bool `json:"verify_phone"`
	}
	e.do("GET", "/api/v1/booking/services", "", nil, &info)
	if info.Verify {
		t.Fatal("verify_phone true with never")
	}
	if _, c, body := e.book("hotich", at("2026-09-07 09:00"), "0912345678", ""); c != 201 {
		t.Fatalf("book: %d %s", c, body)
	}
	if c, body := e.do("POST", "/api/v1/remote/tickets", "", map[string]any{"service": "datdai", "phone": "0912345670"}, nil); c != 201 {
		t.Fatalf("remote: %d %s", c, body)
	}
	if c, body := e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": "0912345678"}, nil); c != 400 {
		t.Fatalf("send code: %d %s", c, body)
	}
}

// TestPhoneCodeAutoWithoutPhoneChannel: "auto" asks for no code when the
// notifier only logs (and without a notifier); "always" refuses such a
// notifier at start.
func TestPhoneCodeAutoWithoutPhoneChannel(t *testing.T) {
	e := newEnv(t, booking.Config{}, at("2026-09-07 07:00")) // no notifier
	if e.svc.Verifying() {
		t.Fatal("auto without a notifier verifies")
	}
	if _, err := notify.New(e.db, notify.Config{}, notify.Options{Logger: slog.New(slog.DiscardHandler)}); err != nil {
		t.Fatal(err)
	}
	if e.svc.Verifying() {
		t.Fatal("auto with the log notifier verifies")
	}
	if _, c, body := e.book("hotich", at("2026-09-07 09:00"), "0912345678", ""); c != 201 {
		t.Fatalf("book: %d %s", c, body)
	}
	a := newEnv(t, booking.Config{VerifyPhone: booking.VerifyAlways}, at("2026-09-07 07:00"))
	if _, err := notify.New(a.db, notify.Config{}, notify.Options{Logger: slog.New(slog.DiscardHandler)}); err == nil || !strings.Contains(err.Error(), "verify_phone") {
		t.Fatalf("always with the log notifier: %v", err)
	}
	if _, c, body := a.book("hotich", at("2026-09-07 09:00"), "0912345678", ""); c != 400 {
		t.Fatalf("always: booking without a code: %d %s", c, body)
	}
}

// TestPhoneCodeConcurrentSendsOneCode: sends to one phone at once make one
// code (one SMS); the others wait for the cooldown.
func TestPhoneCodeConcurrentSendsOneCode(t *testing.T) {
	e := newCodeEnv(t, booking.Config{CodeSendsPerPhonePerHour: 20, CodeSendsPerAddrPerHour: 100}, at("2026-09-07 07:00"))
	const n = 8
	codes := make(chan int, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			c, _ := e.do("POST", "/api/v1/phone-codes", "", map[string]string{"phone": "0912345678"}, nil)
			codes <- c
		}()
	}
	close(start)
	wg.Wait()
	close(codes)
	made := 0
	for c := range codes {
		switch c {
		case 201:
			made++
		case 429:
		default:
			t.Fatalf("status %d", c)
		}
	}
	var rows, msgs int
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM phone_codes`).Scan(&rows)
	e.db.Read().QueryRow(`SELECT COUNT(*) FROM notify_outbox WHERE kind = 'code'`).Scan(&msgs)
	if made != 1 || rows != 1 || msgs != 1 {
		t.Fatalf("%d codes made, %d rows, %d messages; want 1 each", made, rows, msgs)
	}
}

// TestPhoneCodeConsoleSaysWhether: the supervisors' booking page says
// whether phones are confirmed by a code.
func TestPhoneCodeConsoleSaysWhether(t *testing.T) {
	on := newCodeEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	on.withConsole()
	off := newEnv(t, booking.Config{}, at("2026-09-07 07:00"))
	off.withConsole()
	for _, c := range []struct {
		e    *env
		want string
	}{{on.env, "đang bật"}, {off, "đang tắt"}} {
		st, body := c.e.consoleLogin("giamsat").get("/console/dat-lich")
		if st != 200 || !strings.Contains(body, "Xác nhận số điện thoại bằng mã (SMS/Zalo) trước khi đặt lịch, lấy số từ xa:") ||
			!strings.Contains(body, c.want) || !strings.Contains(body, `(verify_phone = "auto")`) {
			t.Fatalf("console page (want %q): %d %s", c.want, st, body)
		}
	}
}

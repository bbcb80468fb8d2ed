package notify_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/notify"
	"github.com/motcua/motcua/store"
)

// TestCodeTextOnePage: the code's text is one SMS page whatever the
// centre's name: Vietnamese with its marks in 70 characters when it fits,
// else without them in 160 (GSM 7-bit).
func TestCodeTextOnePage(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"", "Mã xác nhận 123456, hiệu lực 5 phút. Không chia sẻ mã này."},
		{"TTPVHCC", "TTPVHCC: Mã xác nhận 123456, hiệu lực 5 phút. Không chia sẻ mã này."},
		{"TTPVHCC Hoàn Kiếm", "TTPVHCC Hoàn Kiếm: Mã xác nhận 123456, hiệu lực 5 phút, không chia sẻ."},
		{"Trung tâm Phục vụ hành chính công phường Hoàn Kiếm",
			"Trung tam Phuc vu hanh chinh cong phuong Hoan Kiem: Ma xac nhan cua Quy khach la 123456, hieu luc 5 phut. Khong chia se ma nay."},
		{strings.Repeat("Trung tâm Đà Nẵng ", 6), // 108 characters: cut to what the page leaves
			"Trung tam Da Nang Trung tam Da Nang Trung tam Da Nang Trung tam Da Nang Trung tam D: Ma xac nhan cua Quy khach la 123456, hieu luc 5 phut. Khong chia se ma nay."},
	} {
		_, text := notify.Render(notify.KindCode, map[string]string{"centre": c.name, "code": "123456", "minutes": "5"})
		if text != c.want || !notify.OnePage(text) {
			t.Errorf("name %q: %q (%d characters), want %q", c.name, text, len([]rune(text)), c.want)
		}
	}
	if notify.OnePage(strings.Repeat("ă", 71)) || !notify.OnePage(strings.Repeat("a", 160)) || notify.OnePage(strings.Repeat("a", 161)) {
		t.Fatal("OnePage")
	}
}

// recorder is a phone channel that keeps what it is asked to send.
type recorder struct {
	name string
	got  chan notify.Message
}

func (r recorder) Name() string { return r.name }
func (r recorder) Send(_ context.Context, m notify.Message) error {
	r.got <- m
	return nil
}

// TestCodeSealedInOutbox: the outbox row of a code holds it only sealed; the
// notifier opens it to send; a notifier started later (a restart: another
// key) cannot, and gives the message up instead of sending garbage. The log
// sink never writes a code.
func TestCodeSealedInOutbox(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var logB bytes.Buffer
	var logMu sync.Mutex
	log := slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logB}, nil))
	now := func() time.Time { return time.Date(2026, 9, 7, 8, 0, 0, 0, time.UTC) }
	rec := recorder{"sms", make(chan notify.Message, 4)}
	_, err = notify.New(db, notify.Config{}, notify.Options{Logger: log, Now: now, Phone: rec, Centre: func() string { return "TTPVHCC" }})
	if err != nil {
		t.Fatal(err)
	}
	// the booking package's hook, as POST /api/v1/phone-codes calls it
	send := func(id string) {
		t.Helper()
		if err := db.Write(t.Context(), func(tx *store.Tx) error {
			return notifyCode(tx, id)
		}); err != nil {
			t.Fatal(err)
		}
	}
	notifyCode = codeHook(t, db)
	send("aaaaaaaaaaaaaaaaaaaa")
	var params string
	db.Read().QueryRow(`SELECT params FROM notify_outbox WHERE id = 'code:aaaaaaaaaaaaaaaaaaaa'`).Scan(&params)
	if strings.Contains(params, "654321") || !strings.Contains(params, "sealed") {
		t.Fatalf("outbox params %s", params)
	}
	// another notifier on the same database: a restart with a new key
	n2, err := notify.New(db, notify.Config{}, notify.Options{Logger: log, Now: now, Phone: rec})
	if err != nil {
		t.Fatal(err)
	}
	notifyCode = codeHook(t, db)
	send("bbbbbbbbbbbbbbbbbbbb") // sealed by n2
	n2.Dispatch(t.Context())
	m := <-rec.got
	if m.ID != "code:bbbbbbbbbbbbbbbbbbbb" || m.Params["code"] != "654321" || !strings.Contains(m.Text, "654321") {
		t.Fatalf("sent %+v", m)
	}
	waitStatus(t, db, "code:aaaaaaaaaaaaaaaaaaaa", "failed")
	select {
	case m := <-rec.got:
		t.Fatalf("a code sealed by an earlier run was sent: %+v", m)
	default:
	}
	// the log sink blanks the code
	notify.LogSink{Log: log}.Send(t.Context(), notify.Message{ID: "code:x", Kind: notify.KindCode, To: "0912345678",
		Text: "TTPVHCC: Mã xác nhận 654321, hiệu lực 5 phút", Params: map[string]string{"code": "654321"}})
	logMu.Lock()
	defer logMu.Unlock()
	if strings.Contains(logB.String(), "654321") || strings.Contains(logB.String(), "0912345678") {
		t.Fatalf("log:\n%s", logB.String())
	}
}

var notifyCode func(*store.Tx, string) error

// codeHook is the send registered with booking.OnPhoneCode on db (the last
// notifier built on it).
func codeHook(t *testing.T, db *store.DB) func(*store.Tx, string) error {
	fn := booking.PhoneCodeSender(db)
	if fn == nil {
		t.Fatal("no phone code sender registered")
	}
	return func(tx *store.Tx, id string) error {
		return fn(tx, booking.PhoneCode{ID: id, Phone: "0912345678", Code: "654321", Minutes: 5, Expires: time.Date(2026, 9, 7, 8, 5, 0, 0, time.UTC)})
	}
}

func waitStatus(t *testing.T, db *store.DB, id, want string) {
	t.Helper()
	for i := 0; i < 500; i++ {
		var st string
		db.Read().QueryRow(`SELECT status FROM notify_outbox WHERE id = ?`, id).Scan(&st)
		if st == want {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%s never %s", id, want)
}

// TestSimPhoneFile: the demo's simulated gateway appends each text, in
// full, to its private file.
func TestSimPhoneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sms.txt")
	p := &notify.SimPhone{Path: path}
	for _, code := range []string{"111111", "222222"} {
		if err := p.Send(t.Context(), notify.Message{To: "0912345678", Text: "Mã xác nhận " + code}); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if s := string(b); !strings.Contains(s, "SMS to 0912345678\n  Mã xác nhận 111111\n") || !strings.Contains(s, "Mã xác nhận 222222") {
		t.Fatalf("file:\n%s", s)
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", st.Mode())
	}
	if _, err := (notify.Config{Phone: "sim"}).Defaults(); err == nil {
		t.Fatal("sim without a file accepted")
	}
}

package notify_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/notify"
)

const smsBody = `{"Phone":"{{.Phone}}","Content":{{json .Text}},"RequestId":"{{.ID}}"}`

// texts returns what the gateway accepted per phone, and fails on any
// message id delivered twice.
func texts(t *testing.T, gw *fakeHTTP) map[string][]string {
	t.Helper()
	seen := map[string]bool{}
	out := map[string][]string{}
	for _, b := range gw.bodies() {
		id := b["RequestId"].(string)
		if seen[id] {
			t.Fatalf("message %s delivered twice", id)
		}
		seen[id] = true
		out[b["Phone"].(string)] = append(out[b["Phone"].(string)], b["Content"].(string))
	}
	return out
}

func has(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// A citizen's day through the real notifiers: the booking confirmed (the
// gateway refuses twice first: retried from the outbox), the reminder the
// day before (none for a cancelled booking), "N places away" once, "called"
// for the checked-in booking and for a remote number, the dossier's result
// by SMS and by e-mail (SMTP with STARTTLS); each message once, and no
// contact left in the database after it went.
func TestCitizenJourneyMessages(t *testing.T) {
	gw := newFakeHTTP(t, "RequestId", `{"CodeResult":"100"}`)
	sink := newMailSink(t, true)
	t.Setenv("MOTCUA_SMTP_PASSWORD", sink.pass)
	sms, err := notify.NewSMSGateway(notify.SMSConfig{URL: gw.URL, Body: smsBody, OKField: "CodeResult", OKValue: "100"})
	if err != nil {
		t.Fatal(err)
	}
	mailer, err := notify.NewSMTP(notify.SMTPConfig{Addr: sink.ln.Addr().String(), From: "thongbao@hoankiem.gov.vn", Username: sink.user, CAFile: sink.caFile})
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, notify.Config{Away: 2, RetryMin: "50ms", RetryMax: "200ms"}, notify.Options{Phone: sms, Email: mailer}, at("2026-09-07 07:00"))

	// 1. Booked for today 09:00: the gateway is busy twice, the third try goes.
	gw.mu.Lock()
	gw.failNext = 2
	gw.mu.Unlock()
	var b1 booking.View
	if code, body := e.do("POST", "/api/v1/bookings", "", map[string]any{"service": "hotich", "slot_start": at("2026-09-07 09:00"), "phone": "0912 345 678"}, &b1); code != 201 {
		t.Fatalf("book: %d %s", code, body)
	}
	eventually(t, "booking confirmation", func() bool { return has(texts(t, gw)["0912345678"], b1.Code) })
	got := texts(t, gw)["0912345678"][0]
	if want := "TTPVHCC Hoàn Kiếm: Quý khách đã đặt lịch Đăng ký hộ tịch (khai sinh, kết hôn, khai tử) lúc 09:00 ngày 07/09/2026. Mã đặt lịch: " + b1.Code; !strings.HasPrefix(got, want) {
		t.Fatalf("confirmation %q, want prefix %q", got, want)
	}
	eventually(t, "the confirmation recorded as sent", func() bool {
		for _, r := range e.rows() {
			if r.Kind == notify.KindBooked && r.Status == "pending" {
				return false
			}
		}
		return true
	})
	for id, r := range e.rows() {
		if r.Kind == notify.KindBooked && (r.Attempts != 3 || r.Status != "sent") {
			t.Fatalf("%s: %d attempts, %s", id, r.Attempts, r.Status)
		}
		if r.Kind == notify.KindReminder {
			t.Fatalf("a reminder for a booking of today: %+v", r)
		}
	}

	// 2. Tomorrow 09:00 (reminder kept), tomorrow 10:00 then cancelled.
	var b2, b3 booking.View
	if code, body := e.do("POST", "/api/v1/bookings", "", map[string]any{"service": "hotich", "slot_start": at("2026-09-08 09:00"), "phone": "0987654321"}, &b2); code != 201 {
		t.Fatalf("book 2: %d %s", code, body)
	}
	if code, body := e.do("POST", "/api/v1/bookings", "", map[string]any{"service": "chungthuc", "slot_start": at("2026-09-08 10:00"), "phone": "0966000111"}, &b3); code != 201 {
		t.Fatalf("book 3: %d %s", code, body)
	}
	if code, body := e.do("POST", "/api/v1/bookings/"+b3.Code+"/cancel", "", nil, nil); code != 200 {
		t.Fatalf("cancel: %d %s", code, body)
	}

	// 3. 08:50: four walk-ins; the fourth was taken with a phone (a remote number).
	e.set(at("2026-09-07 08:50"))
	var walk []centre.Issued
	for range 3 {
		var tk centre.Issued
		if code, body := e.do("POST", "/api/v1/tickets", e.kiosk, map[string]string{"service": "hotich"}, &tk); code != 201 {
			t.Fatalf("issue: %d %s", code, body)
		}
		walk = append(walk, tk)
	}
	// the fourth through /lay-so: booking hands the phone to the notifier
	// in the write that links the remote claim to its ticket
	var remote booking.RemoteTicket
	if code, body := e.do("POST", "/api/v1/remote/tickets", "", map[string]string{"service": "hotich", "phone": "0977 111 222"}, &remote); code != 201 {
		t.Fatalf("remote number: %d %s", code, body)
	}
	walk = append(walk, remote.Issued)
	var in booking.CheckedIn
	if code, body := e.do("POST", "/api/v1/bookings/"+b1.Code+"/check-in", e.kiosk, nil, &in); code != 201 {
		t.Fatalf("check-in: %d %s", code, body)
	}
	off := e.login("canbo1", "q1")
	call := func() centre.TicketView {
		t.Helper()
		var v centre.TicketView
		if code, body := e.do("POST", "/api/v1/counters/q1/call-next", off, map[string]string{}, &v); code != 200 {
			t.Fatalf("call-next: %d %s", code, body)
		}
		return v
	}
	if v := call(); v.ID != in.ID {
		t.Fatalf("called %s, want the appointment %s", v.Number, in.Number)
	}
	eventually(t, "called message to the booking's phone", func() bool {
		return has(texts(t, gw)["0912345678"], "Mời công dân có số "+in.Number+" đến Quầy 1.")
	})
	call() // walk[0]: two ahead of walk[3] now
	eventually(t, "N places away", func() bool {
		return has(texts(t, gw)["0977111222"], fmt.Sprintf("Còn 2 người nữa là đến lượt số %s của quý khách.", walk[3].Number))
	})
	call()
	call()
	if v := call(); v.ID != walk[3].ID {
		t.Fatalf("called %s, want %s", v.Number, walk[3].Number)
	}
	eventually(t, "called message to the remote number", func() bool {
		return has(texts(t, gw)["0977111222"], "Mời công dân có số "+walk[3].Number+" đến Quầy 1.")
	})
	if got := texts(t, gw)["0912345678"]; len(got) != 2 {
		t.Fatalf("the appointment's phone got %q (no \"places away\" for an appointment: it is called ahead of the line)", got)
	}
	if n := len(texts(t, gw)["0977111222"]); n != 2 {
		t.Fatalf("remote number got %d messages: %q", n, texts(t, gw)["0977111222"])
	}

	// 4. A dossier received with a phone and an e-mail, then resolved.
	var dv centre.DossierView
	body := `{"procedure_code":"1.001193","ticket_id":"` + walk[3].ID + `",
	 "applicant":{"name":"Trần Thị Bích","id_number":"001199012345","address":"Số 2 Hàng Bài, Hoàn Kiếm, Hà Nội","phone":"0911222333","email":"bich.tran@example.vn"},
	 "components":[{"name":"Tờ khai đăng ký khai sinh","originals":1}],"fees":[{"name":"Lệ phí","amount":0}]}`
	if code, out := e.doRaw("POST", "/api/v1/dossiers", off, body, &dv); code != 201 {
		t.Fatalf("receive: %d %s", code, out)
	}
	if code, out := e.doRaw("POST", "/api/v1/dossiers/"+dv.Dossier.Code+"/resolve", off, `{"result":"Giấy khai sinh bản chính"}`, nil); code != 200 {
		t.Fatalf("resolve: %d %s", code, out)
	}
	eventually(t, "result by SMS", func() bool {
		return has(texts(t, gw)["0911222333"], "Hồ sơ "+dv.Dossier.Code+" (")
	})
	eventually(t, "result by e-mail", func() bool {
		for _, m := range sink.got() {
			if len(m.To) == 1 && m.To[0] == "bich.tran@example.vn" && strings.Contains(m.Data, "Hồ sơ "+dv.Dossier.Code) && m.TLS {
				return true
			}
		}
		return false
	})

	// 5. 16:00: tomorrow's reminder goes; the cancelled booking's is skipped.
	e.set(at("2026-09-07 16:00"))
	eventually(t, "reminder", func() bool {
		return has(texts(t, gw)["0987654321"], "Nhắc quý khách lịch hẹn Đăng ký hộ tịch (khai sinh, kết hôn, khai tử) lúc 09:00 ngày mai 08/09/2026, mã "+b2.Code)
	})
	eventually(t, "cancelled booking's reminder skipped", func() bool {
		for _, r := range e.rows() {
			if r.Kind == notify.KindReminder && r.Status == "skipped" {
				return true
			}
		}
		return false
	})
	if len(texts(t, gw)["0966000111"]) != 1 {
		t.Fatalf("cancelled booking: %q", texts(t, gw)["0966000111"])
	}

	// Every message once; nothing personal kept once settled (the receiver
	// may have it a moment before the outbox records it).
	eventually(t, "every message settled", func() bool {
		for _, r := range e.rows() {
			if r.Status == "pending" {
				return false
			}
		}
		return true
	})
	for id, r := range e.rows() {
		if r.Status == "pending" {
			t.Fatalf("%s still pending: %+v", id, r)
		}
		if r.Contact != "" || r.Params != "{}" {
			t.Fatalf("%s keeps its contact or fields after %s: %+v", id, r.Status, r)
		}
	}
	log := e.logText()
	for _, secret := range []string{"0912345678", "0987654321", "0977111222", "0911222333", "bich.tran@example.vn", b1.Code, b2.Code} {
		if strings.Contains(log, secret) {
			t.Fatalf("the server log holds %q", secret)
		}
	}
}

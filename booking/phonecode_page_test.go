package booking_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre/centretest"
)

// pageText is what the citizen reads.
func pageText(t *testing.T, ctx context.Context) string {
	s, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	return s
}

// codeFromSMS waits for the code's SMS to phone and reads it.
func (c *codeEnv) codeFromSMS(phone string, n int) string {
	c.t.Helper()
	var code string
	centretest.Eventually(c.t, "the code's SMS", func() bool {
		ts := c.gw.texts(phone)
		if len(ts) < n {
			return false
		}
		m := sixDigits.FindStringSubmatch(ts[n-1])
		if m != nil {
			code = m[1]
		}
		return m != nil
	})
	return code
}

// TestPhoneCodeBookingPage books on /dat-lich at a phone's width with the
// code step: the booking button appears only once the code is sent, the
// page says where it went, how long it is valid and counts down to "Gửi lại
// mã"; a wrong code says how many tries are left; the right one books.
func TestPhoneCodeBookingPage(t *testing.T) {
	for _, size := range []struct {
		name string
		w, h int
	}{{"phone", 390, 844}, {"desktop", 1280, 900}} {
		t.Run(size.name, func(t *testing.T) {
			e := newCodeEnv(t, booking.Config{}, at("2026-09-07 07:00"))
			ctx := browser(t, size.w, size.h)
			run(t, ctx, "open", chromedp.Navigate(e.ts.URL+"/dat-lich"))
			run(t, ctx, "verify step", chromedp.Poll[bool](`!document.getElementById("verify").hidden && document.getElementById("submit").hidden`))
			run(t, ctx, "day", chromedp.Poll[bool](`!!document.querySelector('.chip[data-day="2026-09-07"].sel')`))
			slot := `button.slot[data-start="2026-09-07T09:00:00+07:00"]`
			run(t, ctx, "slots", chromedp.Poll[bool](`!!document.querySelector('`+slot+`')`))
			run(t, ctx, "pick", chromedp.Click(slot))
			if p := pageText(t, ctx); !strings.Contains(p, "5\nXác nhận số điện thoại") || !strings.Contains(p, "Bấm “Gửi mã”, đợi tin nhắn") {
				t.Fatalf("page before the code %q", p)
			}
			// "Gửi mã" without a phone: a plain request for it
			run(t, ctx, "send without phone", chromedp.Click("#v-send"))
			run(t, ctx, "no phone", chromedp.Poll[bool](`document.getElementById("v-error").textContent === "Xin nhập số điện thoại trước khi bấm “Gửi mã”."`))
			run(t, ctx, "phone", chromedp.SendKeys("#phone", "0912 345 678"))
			run(t, ctx, "error gone", chromedp.Poll[bool](`document.getElementById("v-error").hidden`))
			shot(t, ctx, "phonecode-1-"+size.name+".png")
			run(t, ctx, "send", chromedp.Click("#v-send"))
			run(t, ctx, "sent", chromedp.WaitVisible("#v-sent"))
			code := e.codeFromSMS("0912345678", 1)
			run(t, ctx, "where", chromedp.Poll[bool](`document.getElementById("v-where").textContent === "Đã gửi mã đến số 091*****78." &&
				/^Mã có hiệu lực 5 phút, còn [45]:\d\d\.$/.test(document.getElementById("v-valid").textContent)`))
			run(t, ctx, "countdown", chromedp.Poll[bool](`/^Gửi lại mã sau \d+ giây$/.test(document.getElementById("v-resend").textContent) && document.getElementById("v-resend").disabled`))
			// it counts down, second by second, with the code's validity
			run(t, ctx, "ticking", chromedp.Poll[bool](`(function (m, v) { return !!m && +m[1] <= 58 && /còn 4:5\d\.$/.test(v); })(
				/sau (\d+) giây/.exec(document.getElementById("v-resend").textContent), document.getElementById("v-valid").textContent)`))
			if hidden, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("submit").hidden`)); hidden {
				t.Fatal("no booking button after the code was sent")
			}
			run(t, ctx, "wrong code", chromedp.SendKeys("#v-code", wrong(code)))
			run(t, ctx, "submit wrong", chromedp.Click("#submit"))
			run(t, ctx, "wrong message", chromedp.Poll[bool](`document.getElementById("v-error").textContent === "Mã không đúng, Quý khách còn 2 lần thử." && document.getElementById("error").hidden`))
			if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("v-code").value`)); v != "" {
				t.Fatalf("the wrong code stays in the box: %q", v)
			}
			shot(t, ctx, "phonecode-2-wrong-"+size.name+".png")
			// a pasted "123 456" is taken as its digits
			run(t, ctx, "right code", chromedp.SendKeys("#v-code", code[:3]+" "+code[3:]))
			run(t, ctx, "submit", chromedp.Click("#submit"))
			run(t, ctx, "result", chromedp.WaitVisible("#result"))
			var n int
			e.db.Read().QueryRow(`SELECT COUNT(*) FROM bookings`).Scan(&n)
			if n != 1 {
				t.Fatalf("%d bookings", n)
			}
			shot(t, ctx, "phonecode-3-done-"+size.name+".png")
			// moving the booking needs no code (its code is the key): the step stays hidden, in both languages
			run(t, ctx, "move", chromedp.Click("#move"))
			run(t, ctx, "moving", chromedp.Poll[bool](`!document.getElementById("form").hidden && document.getElementById("verify").hidden && !document.getElementById("submit").hidden`))
			run(t, ctx, "english", chromedp.Click("#lang"))
			run(t, ctx, "still hidden", chromedp.Poll[bool](`document.getElementById("submit").textContent === "Move to this time" && document.getElementById("verify").hidden`))
			run(t, ctx, "vietnamese", chromedp.Click("#lang"))
			later := `button.slot[data-start="2026-09-07T10:00:00+07:00"]`
			run(t, ctx, "later slot", chromedp.Poll[bool](`!!document.querySelector('`+later+`')`))
			run(t, ctx, "pick later", chromedp.Click(later))
			run(t, ctx, "submit move", chromedp.Click("#submit"))
			run(t, ctx, "moved", chromedp.Poll[bool](`!document.getElementById("result").hidden && document.getElementById("r-when").textContent === "10:00–10:30 07/09/2026"`))
		})
	}
}

// TestPhoneCodeRemotePage takes a number on /lay-so with the code step, in
// English too; an expired code is said so, "Gửi lại mã" sends a new one.
func TestPhoneCodeRemotePage(t *testing.T) {
	e := newCodeEnv(t, booking.Config{}, at("2026-09-07 08:00"))
	ctx := browser(t, 390, 844)
	run(t, ctx, "open", chromedp.Navigate(e.ts.URL+"/lay-so"))
	run(t, ctx, "verify step", chromedp.Poll[bool](`!document.getElementById("verify").hidden && document.getElementById("submit").hidden && document.querySelectorAll("#service option").length > 0`))
	if p := pageText(t, ctx); !strings.Contains(p, "3\nXác nhận số điện thoại") {
		t.Fatalf("page %q", p)
	}
	run(t, ctx, "phone", chromedp.SendKeys("#phone", "0912345678"))
	// Enter in the phone field sends the code
	run(t, ctx, "enter", chromedp.SendKeys("#phone", "\r"))
	run(t, ctx, "sent", chromedp.WaitVisible("#v-sent"))
	code := e.codeFromSMS("0912345678", 1)
	// a reload (the phone's browser may drop the tab while the SMS app is open) keeps the code's step
	run(t, ctx, "reload", chromedp.Reload())
	run(t, ctx, "step kept", chromedp.Poll[bool](`!document.getElementById("v-sent").hidden && document.getElementById("v-where").textContent === "Đã gửi mã đến số 091*****78." && document.getElementById("phone").value === "0912345678" && !document.getElementById("submit").hidden`))
	// English: the same step in English
	run(t, ctx, "english", chromedp.Click("#lang"))
	run(t, ctx, "english texts", chromedp.Poll[bool](`document.getElementById("v-where").textContent === "Code sent to 091*****78." && /^Resend code in \d+ s$/.test(document.getElementById("v-resend").textContent)`))
	run(t, ctx, "wrong code", chromedp.SendKeys("#v-code", wrong(code)))
	run(t, ctx, "submit wrong", chromedp.Click("#submit"))
	run(t, ctx, "wrong in English", chromedp.Poll[bool](`document.getElementById("v-error").textContent === "Wrong code; 2 tries left."`))
	shot(t, ctx, "phonecode-lay-so-en-phone.png")
	run(t, ctx, "vietnamese", chromedp.Click("#lang"))
	// six minutes later (the server's clock and the browser's) the code has
	// expired: the page says so by itself, the server refuses it, and the
	// countdown has reached "Gửi lại mã"
	e.set(at("2026-09-07 08:06"))
	run(t, ctx, "browser clock", chromedp.Evaluate[any](`(function (now) { Date.now = function () { return now() + 6 * 60 * 1000; }; })(Date.now)`))
	run(t, ctx, "expired on the page", chromedp.Poll[bool](`document.getElementById("v-error").textContent === "Mã đã hết hạn, bấm “Gửi lại mã”." && document.getElementById("v-valid").hidden`))
	run(t, ctx, "type", chromedp.SendKeys("#v-code", code))
	run(t, ctx, "submit", chromedp.Click("#submit"))
	run(t, ctx, "expired", chromedp.Poll[bool](`document.getElementById("v-error").textContent === "Mã đã hết hạn, bấm “Gửi lại mã” để nhận mã mới."`))
	run(t, ctx, "resend enabled", chromedp.Poll[bool](`!document.getElementById("v-resend").disabled`))
	if txt, _ := chromedp.Run(ctx, chromedp.Text("#v-resend")); txt != "Gửi lại mã" {
		t.Fatalf("resend button %q", txt)
	}
	shot(t, ctx, "phonecode-lay-so-expired-phone.png")
	run(t, ctx, "resend", chromedp.Click("#v-resend"))
	code2 := e.codeFromSMS("0912345678", 2)
	run(t, ctx, "type new", chromedp.SendKeys("#v-code", code2))
	run(t, ctx, "submit new", chromedp.Click("#submit"))
	run(t, ctx, "result", chromedp.WaitVisible("#result"))
	if n, _ := chromedp.Run(ctx, chromedp.Text("#number")); n != "A001" {
		t.Fatalf("number %q", n)
	}
	shot(t, ctx, "phonecode-lay-so-done-phone.png")
}

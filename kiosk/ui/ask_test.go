package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"

	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
)

// typeWord taps the letters of w on the Vietnamese keyboard.
func (r *rig) typeWord(w string) {
	r.t.Helper()
	for _, c := range w {
		if c == ' ' {
			r.tap("ckey.space")
			continue
		}
		r.tap("ckey." + string(c))
	}
}

func TestAskQuestionTapThrough(t *testing.T) {
	r := newRigWith(t, fyne.NewSize(1920, 1080), false, kiosktest.Options{Petitions: true})
	if !r.shows("Hỏi đáp, góp ý") || !r.shows("Lấy số thứ tự") || !r.shows("Đã đặt lịch hẹn") {
		t.Fatalf("home: %q", r.texts())
	}
	r.shot("kiosk-home-ask")
	r.tap("home.ask")
	if v := r.p.View(); v.Screen != kiosk.ScreenAsk || !r.shows("Phản ánh, kiến nghị") || !r.shows("Tư pháp – Hộ tịch") || !r.shows("Khác") {
		t.Fatalf("form %s: %q", v.Screen, r.texts())
	}
	// Send without a topic: a kind sentence, nothing sent.
	r.tap("ask.send")
	if !r.shows("Xin chọn lĩnh vực") {
		t.Fatalf("no topic: %q", r.texts())
	}
	r.tap("ask.topic.tuphap")
	r.tap("ask.send")
	if !r.shows("Xin nhập nội dung") {
		t.Fatalf("no text: %q", r.texts())
	}
	// "Thủ tục khai sinh" with the tone keys: hỏi on "thu", nặng on "tuc",
	// sắc on "khai".
	r.tap("ask.text")
	r.typeWord("thu")
	r.tap("tone.2") // hỏi
	r.typeWord(" tuc")
	r.tap("tone.4") // nặng
	r.typeWord(" khai sinh can giay to gi")
	r.tap("tone.1") // huyền
	r.tap("ckey.?")
	if v := r.p.View(); v.Comment != "thủ tục khai sinh can giay to gì?" {
		t.Fatalf("typed %q", v.Comment)
	}
	r.tap("comment.done")
	r.tap("ask.phone")
	for _, d := range "0912" {
		r.tap("digit." + string(d))
	}
	r.tap("digit.done")
	if !r.shows("Số điện thoại chưa đúng") || r.p.View().Screen != kiosk.ScreenAskPhone {
		t.Fatalf("short phone accepted: %q", r.texts())
	}
	for _, d := range "345678" {
		r.tap("digit." + string(d))
	}
	r.tap("digit.done")
	r.tap("ask.kind.pakn")
	if v := r.p.View(); v.Screen != kiosk.ScreenAsk || v.AskContact != "0912345678" || !r.shows("thủ tục khai sinh can giay to gì?") {
		t.Fatalf("form %s %q: %q", v.Screen, v.AskContact, r.texts())
	}
	r.shot("kiosk-question")
	r.tap("ask.send")
	v := r.p.View()
	if v.Screen != kiosk.ScreenAskSent || v.AskRef == "" || !r.shows("Cảm ơn Quý khách") || !r.shows(v.AskRef) {
		t.Fatalf("sent %s %q: %q", v.Screen, v.Notice, r.texts())
	}
	r.shot("kiosk-question-sent")
	ps := r.env.Petitions(t)
	if len(ps) != 1 {
		t.Fatalf("server has %d petitions", len(ps))
	}
	p := ps[0]
	if !strings.EqualFold(p.ID, v.AskRef) || p.Kind != "pakn" || p.Topic != "tuphap" || p.Body != "thủ tục khai sinh can giay to gì?" ||
		p.Contact != "0912345678" || p.Source != "k1" {
		t.Fatalf("server has %+v; kiosk showed %q", p, v.AskRef)
	}
	// The thank-you screen goes home by itself.
	r.p.Tick(time.Now().Add(time.Minute))
	if r.p.View().Screen != kiosk.ScreenHome {
		t.Fatalf("thank-you stays: %s", r.p.View().Screen)
	}
}

// A citizen who walks away mid-message leaves nothing on the kiosk: the
// idle timeout goes home and the next form is empty.
func TestAskIdleClearsText(t *testing.T) {
	r := newRigWith(t, fyne.NewSize(1080, 1920), true, kiosktest.Options{Petitions: true})
	r.tap("home.ask")
	r.tap("ask.topic.khac")
	r.tap("ask.text")
	r.typeWord("toi ten la an")
	r.shot("kiosk-question-keyboard-portrait")
	r.tap("comment.done")
	r.tap("ask.phone")
	for _, d := range "0987654321" {
		r.tap("digit." + string(d))
	}
	r.tap("digit.done")
	if !r.shows("toi ten la an") || !r.shows("0987654321") {
		t.Fatalf("form: %q", r.texts())
	}
	r.tap("large")
	r.shot("kiosk-question-large-portrait")
	r.tap("large")
	r.tap("lang")
	if !r.shows("Questions and feedback") || !r.shows("Feedback or a petition") || !r.shows("toi ten la an") {
		t.Fatalf("English form: %q", r.texts())
	}
	r.p.Tick(time.Now().Add(2 * time.Minute))
	if v := r.p.View(); v.Screen != kiosk.ScreenHome || v.AskText != "" || v.AskContact != "" || v.Lang != kiosk.VI {
		t.Fatalf("after idle: %+v", v)
	}
	if r.shows("toi ten la an") || r.shows("0987654321") {
		t.Fatalf("personal data still drawn: %q", r.texts())
	}
	r.tap("home.ask")
	if v := r.p.View(); v.AskText != "" || v.AskContact != "" || r.shows("toi ten la an") || r.shows("0987654321") {
		t.Fatalf("next citizen sees %q / %q: %q", v.AskText, v.AskContact, r.texts())
	}
	if n := len(r.env.Petitions(t)); n != 0 {
		t.Fatalf("an abandoned message reached the server: %d", n)
	}
}

// A long message keeps the keyboard on screen: the box shows the end of it.
func TestAskLongTextKeepsKeys(t *testing.T) {
	r := newRigWith(t, fyne.NewSize(1080, 1920), true, kiosktest.Options{Petitions: true})
	r.tap("home.ask")
	r.tap("ask.text")
	for i := 0; i < 60; i++ {
		r.typeWord("abcde ")
	}
	r.typeWord("xyz")
	if v := r.p.View(); len(v.Comment) != 363 {
		t.Fatalf("typed %d", len(v.Comment))
	}
	if !r.shows("…") || !r.shows("abcde xyz|") {
		t.Fatalf("box: %q", r.texts())
	}
	tp, _ := r.u.Target("comment.done")
	if pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(tp.(fyne.CanvasObject)); pos.Y+80 > 1920 {
		t.Fatalf("Done key pushed off screen to y=%v", pos.Y)
	}
}

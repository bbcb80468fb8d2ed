package ui

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
	"github.com/motcua/motcua/queue"
)

type rig struct {
	t   *testing.T
	env *kiosktest.Env
	sim *sim.Printer
	w   fyne.Window
	u   *UI
	p   *kiosk.Presenter
}

// newRig runs the kiosk UI on the fyne test driver against a real centre
// server on loopback and a simulated printer on a pty. The test driver
// runs fyne.Do inline, so the presenter's dispatch is fyne.Do itself; the
// test waits for background work (p.Wait) before each next tap, so the
// widgets are never touched by two goroutines at once.
func newRig(t *testing.T, size fyne.Size, portrait bool) *rig {
	return newRigWith(t, size, portrait, kiosktest.Options{})
}

// newRigWith is newRig with a server started with o.
func newRigWith(t *testing.T, size fyne.Size, portrait bool, o kiosktest.Options) *rig {
	t.Setenv("LANG", "C.UTF-8")
	test.NewTempApp(t)
	r := &rig{t: t, env: kiosktest.StartWith(t, o), sim: kiosktest.Printer(t)}
	prn := printer.Open(context.Background(), printer.Config{
		Port: serialport.Config{Path: r.sim.Path(), Baud: 115200}, FailFast: true,
		StatusTimeout: 300 * time.Millisecond, PollInterval: -1, Log: slog.New(slog.DiscardHandler),
	})
	t.Cleanup(func() { prn.Close() })
	c, err := client.New(r.env.URL, r.env.KioskToken)
	if err != nil {
		t.Fatal(err)
	}
	r.w = test.NewTempWindow(t, nil)
	r.u = New(r.w, Options{Portrait: portrait})
	r.p = kiosk.New(kiosk.Options{API: kiosk.NewAPI(c), Printer: prn, PublicURL: "http://192.168.1.10:8080",
		Dispatch: fyne.Do, Render: r.u.Render, AdminPIN: "2468", Log: slog.New(slog.DiscardHandler)})
	r.u.Bind(r.p)
	r.p.SetCentreName("Trung tâm Phục vụ hành chính công phường Hoàn Kiếm")
	r.w.Resize(size)
	r.p.Start(context.Background())
	r.p.Wait()
	t.Cleanup(r.p.Wait)
	return r
}

func (r *rig) tap(name string) {
	r.t.Helper()
	tp, ok := r.u.Target(name)
	if !ok {
		names := r.u.Targets()
		slices.Sort(names)
		r.t.Fatalf("no %q on screen %s; have %v", name, r.p.View().Screen, names)
	}
	test.Tap(tp)
	r.p.Wait()
}

// texts lists every text drawn on the window.
func (r *rig) texts() []string {
	var out []string
	for _, o := range test.LaidOutObjects(r.w.Content()) {
		switch x := o.(type) {
		case *canvas.Text:
			out = append(out, x.Text)
		case *widget.Label:
			out = append(out, x.Text)
		case *fyne.Container:
			// A title wrapped to the window's width: its lines joined.
			if _, ok := x.Layout.(*tightRows); ok {
				var lines []string
				for _, l := range x.Objects {
					lines = append(lines, l.(*canvas.Text).Text)
				}
				out = append(out, strings.Join(lines, " "))
			}
		}
	}
	return out
}

func (r *rig) shows(s string) bool {
	return slices.ContainsFunc(r.texts(), func(t string) bool { return strings.Contains(t, s) })
}

// shot saves the window when KIOSK_SHOTS names a folder (docs images).
func (r *rig) shot(name string) image.Image {
	img := r.w.Canvas().Capture()
	if dir := os.Getenv("KIOSK_SHOTS"); dir != "" {
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err == nil {
			png.Encode(f, img)
			f.Close()
		}
	}
	return img
}

func TestTapThroughTakeANumber(t *testing.T) {
	r := newRig(t, fyne.NewSize(1080, 1920), true)
	if !r.shows("Lấy số thứ tự") || !r.shows("Đã đặt lịch hẹn") || !r.shows("Tra cứu hồ sơ") || !r.shows("Đánh giá mức độ hài lòng") || !r.shows("English") {
		t.Fatalf("home screen: %q", r.texts())
	}
	r.shot("kiosk-home-portrait")
	r.tap("home.take")
	if !r.shows("Chọn lĩnh vực") || !r.shows("Tư pháp – Hộ tịch") {
		t.Fatalf("sectors: %q", r.texts())
	}
	r.tap("sector.tuphap")
	if !r.shows("Chứng thực bản sao, chữ ký") || !r.shows("Đang chờ: 0 người") {
		t.Fatalf("services: %q", r.texts())
	}
	r.tap("service.hotich")
	if !r.shows("Quý khách có thuộc nhóm ưu tiên không?") || !r.shows("Phụ nữ mang thai") {
		t.Fatalf("priority: %q", r.texts())
	}
	r.tap("priority.")
	v := r.p.View()
	if v.Screen != kiosk.ScreenTicket || v.Ticket == nil {
		t.Fatalf("screen %s notice %q", v.Screen, v.Notice)
	}
	url := "http://192.168.1.10:8080/t/" + v.Ticket.ID + "?r=" + r.env.Server.RatingToken("ticket", v.Ticket.ID)
	if !r.shows("A001") || !r.shows("Mời Quý khách nhận phiếu") {
		t.Fatalf("ticket screen: %q", r.texts())
	}
	// The QR on the screen is the same tracking link (for a failed printer).
	if got, err := kiosktest.DecodeQR(r.shot("ticket-screen")); err != nil || got != url {
		t.Fatalf("screen QR = %q, %v; want %q", got, err, url)
	}

	pages, err := r.sim.WaitPages(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	page := pages[0].Image
	if got, err := kiosktest.DecodeQR(page); err != nil || got != url {
		t.Fatalf("printed QR = %q, %v; want %q", got, err, url)
	}
	// The printed page is exactly the ticket layout of this number: render
	// the expected job and a job differing only by the number.
	want := renderTicket(t, *v.Ticket)
	if !sameImage(page, want) {
		t.Fatal("printed ticket differs from the layout of A001")
	}
	other := *v.Ticket
	other.Number = "A002"
	if sameImage(page, renderTicket(t, other)) {
		t.Fatal("the oracle cannot tell numbers apart")
	}
	if dir := os.Getenv("KIOSK_SHOTS"); dir != "" {
		f, _ := os.Create(filepath.Join(dir, "ticket.png"))
		png.Encode(f, page)
		f.Close()
	}
	r.tap("ticket.done")
	if r.p.View().Screen != kiosk.ScreenHome {
		t.Fatalf("done: %s", r.p.View().Screen)
	}
}

func renderTicket(t *testing.T, tk kiosk.Ticket) image.Image {
	t.Helper()
	job, err := kiosk.PrintTicket(escpos.Default, "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm", tk)
	if err != nil {
		t.Fatal(err)
	}
	imgs, probs := sim.RenderProfile(escpos.Default, job)
	if len(imgs) != 1 || len(probs) > 0 {
		t.Fatalf("render: %d pages, %v", len(imgs), probs)
	}
	return imgs[0]
}

func sameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				return false
			}
		}
	}
	return true
}

func TestLanguageLookupAndRatingScreens(t *testing.T) {
	r := newRig(t, fyne.NewSize(1920, 1080), false)
	r.shot("kiosk-home-landscape")
	r.tap("lang")
	if !r.shows("Take a number") || !r.shows("Tiếng Việt") {
		t.Fatalf("english home: %q", r.texts())
	}
	r.tap("lang")
	r.tap("home.lookup")
	for _, k := range []string{"1", "2", "3"} {
		r.tap("key." + k)
	}
	r.tap("key.search")
	if !r.shows("Mã hồ sơ chưa đúng dạng") {
		t.Fatalf("bad code message missing: %q", r.texts())
	}
	r.tap("key.clear")
	for _, k := range r.env.DossierCode {
		r.tap("key." + string(k))
	}
	r.tap("key.search")
	// A typed code: status and dates, no name (issue 13).
	if r.p.View().Screen != kiosk.ScreenDossier || r.shows("Nguyễn V") || !r.shows(kiosktest.DossierProcedure) || !r.shows(r.p.View().Dossier.Appointment) {
		t.Fatalf("dossier: %s %q", r.p.View().Screen, r.texts())
	}
	// The receipt's QR shows the masked name too.
	r.tap("nav.home")
	r.p.Scan(scanner.Classify(r.env.DossierQR))
	r.p.Wait()
	if r.p.View().Screen != kiosk.ScreenDossier || !r.shows("Nguyễn V*** A") || !r.shows(kiosktest.DossierProcedure) {
		t.Fatalf("dossier by QR: %s %q", r.p.View().Screen, r.texts())
	}
	r.shot("kiosk-dossier-landscape")
	// A scan from the keyboard-wedge scanner: CCCD lists the citizen's dossiers.
	r.tap("nav.home")
	r.p.Scan(scanner.Classify(kiosktest.CCCD))
	r.p.Wait()
	if r.p.View().Screen != kiosk.ScreenDossiers || !r.shows(kiosktest.SupplementProcedure) || !r.shows(r.env.SupplementCode) {
		t.Fatalf("cccd list: %q", r.texts())
	}
	i := slices.IndexFunc(r.p.View().Dossiers, func(d kiosk.Dossier) bool { return d.Code == r.env.SupplementCode })
	r.tap(fmt.Sprintf("dossier.%d", i))
	if !r.shows("Giấy tờ cần bổ sung") || !r.shows(kiosktest.Missing[1]) {
		t.Fatalf("supplement: %q", r.texts())
	}
	r.shot("kiosk-dossier-supplement-landscape")

	// Rating: one sentence asks for the scan; an old receipt (no rating
	// token) is explained; the receipt's QR names the dossier and counter.
	r.tap("nav.home")
	r.tap("home.rate")
	asks := map[string]bool{}
	for _, s := range r.texts() {
		if strings.Contains(strings.ToLower(s), "quét mã") {
			asks[s] = true
		}
	}
	if !r.shows(kiosk.T(kiosk.VI, "rate.subject")) || len(asks) != 1 || r.shows("chưa có quầy") {
		t.Fatalf("rate subject: %q", r.texts())
	}
	r.shot("kiosk-rate-landscape")
	r.p.Scan(scanner.Classify(r.env.DossierCode))
	r.p.Wait()
	if !r.shows(kiosk.T(kiosk.VI, "rate.oldqr")) {
		t.Fatalf("old receipt: %q", r.texts())
	}
	r.p.Scan(scanner.Classify(r.env.DossierQR))
	r.p.Wait()
	if !r.shows("Quý khách đánh giá như thế nào") || !r.shows("Rất hài lòng") || !r.shows("Không hài lòng") ||
		!r.shows("Đánh giá việc tiếp nhận hồ sơ "+r.env.DossierCode+" tại Quầy 6") {
		t.Fatalf("question: %q", r.texts())
	}
	r.shot("kiosk-rate-level-landscape")
	r.tap("level.3")
	r.tap("rate.send")
	if !r.shows("Xin chọn ít nhất một lý do") {
		t.Fatalf("no reason warning: %q", r.texts())
	}
	r.tap("reason.1")
	// The comment, typed on the on-screen keyboard with a tone key.
	r.tap("rate.comment")
	for _, k := range []string{"ckey.c", "ckey.h", "ckey.ơ", "tone.0", "ckey.space", "ckey.l", "ckey.â", "ckey.u"} {
		r.tap(k)
	}
	if !r.shows("chớ lâu") {
		t.Fatalf("comment keyboard: %q", r.texts())
	}
	r.shot("kiosk-rate-comment-landscape")
	r.tap("comment.done")
	if v := r.p.View(); v.Screen != kiosk.ScreenRateReason || !r.shows("chớ lâu") {
		t.Fatalf("comment on the reasons screen: %s %q", v.Screen, r.texts())
	}
	r.shot("kiosk-rate-reason-landscape")
	r.tap("rate.send")
	if !r.shows("Cảm ơn Quý khách đã đánh giá!") {
		t.Fatalf("thanks: %q", r.texts())
	}
	if _, doc, ok := r.env.Rating(t, "dossier:"+r.env.DossierCode); !ok || !strings.Contains(doc, `"comment":"chớ lâu"`) {
		t.Fatalf("stored rating: %v %s", ok, doc)
	}
	// The same receipt again: the server's 409 becomes a kind sentence.
	r.tap("thanks.done")
	r.tap("home.rate")
	r.p.Scan(scanner.Classify(r.env.DossierQR))
	r.p.Wait()
	if !r.shows("Lượt phục vụ này đã được đánh giá") {
		t.Fatalf("second rating: %q", r.texts())
	}
}

func TestHiddenAdminCornerAndCloseNeedPIN(t *testing.T) {
	r := newRig(t, fyne.NewSize(1080, 1920), true)
	r.u.CloseRequested() // the window's close button only opens the PIN screen
	if r.p.View().Screen != kiosk.ScreenAdmin {
		t.Fatalf("close did not open the PIN screen: %s", r.p.View().Screen)
	}
	for _, k := range []string{"2", "4", "6", "8", "ok"} {
		r.tap("pin." + k)
	}
	if _, ok := r.u.Target("admin.exit"); !ok {
		t.Fatalf("no exit after the PIN: %q", r.texts())
	}
}

// Outside opening hours the refusal reaches the citizen as the server's Vietnamese sentence
// (hours and next opening); KIOSK_SHOTS keeps the screen.
func TestClosedHoursNotice(t *testing.T) {
	r := newRig(t, fyne.NewSize(1080, 1920), true)
	cfg := *r.env.Server.Engine().Config()
	cfg.Opening.AlwaysIssue = false
	if err := r.env.Server.Engine().SetConfig(&cfg); err != nil {
		t.Fatal(err)
	}
	r.env.Server.Engine().SetClock(func() time.Time { return time.Date(2026, 3, 8, 9, 0, 0, 0, queue.Loc) }) // Sunday
	r.tap("home.take")
	r.tap("sector.tuphap")
	r.tap("service.hotich")
	r.tap("priority.")
	if v := r.p.View(); v.Ticket != nil || !strings.Contains(v.Notice, "ngoài giờ tiếp công dân") {
		t.Fatalf("ticket %+v notice %q", v.Ticket, v.Notice)
	}
	if !r.shows("Mời quý khách quay lại từ 07:30 thứ Hai, ngày 09/03/2026") {
		t.Fatalf("screen: %q", r.texts())
	}
	r.shot("kiosk-closed")
}

// Issue 18: after the officer finishes the visit (F5) the citizen taps
// "rate", is asked once to scan the ticket, and the question names the
// number and the counter.
func TestRateTicketAfterFinish(t *testing.T) {
	for _, o := range []struct {
		name     string
		size     fyne.Size
		portrait bool
	}{{"landscape", fyne.NewSize(1920, 1080), false}, {"portrait", fyne.NewSize(1080, 1920), true}} {
		t.Run(o.name, func(t *testing.T) { rateTicketAfterFinish(t, o.name, o.size, o.portrait) })
	}
}

func rateTicketAfterFinish(t *testing.T, orient string, size fyne.Size, portrait bool) {
	r := newRig(t, size, portrait)
	ctx := context.Background()
	tk, err := r.env.Kiosk(t).Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	off := r.env.Officer(t, "q1")
	if _, ok, err := off.CallNext(ctx, "q1", ""); err != nil || !ok {
		t.Fatalf("call: %v %v", ok, err)
	}
	if _, err := off.Act(ctx, tk.ID, queue.OpFinish, "", ""); err != nil {
		t.Fatal(err)
	}
	r.tap("home.rate")
	r.shot("kiosk-rate-" + orient)
	r.p.Scan(scanner.Classify(kiosk.RatingURL("http://192.168.1.10:8080", tk.ID, tk.RatingToken)))
	r.p.Wait()
	want := "Đánh giá lượt phục vụ số " + tk.Number + " tại Quầy 1"
	if !r.shows(want) || !r.shows("Rất hài lòng") {
		t.Fatalf("want %q: %q", want, r.texts())
	}
	r.shot("kiosk-rate-ticket-" + orient)
	r.tap("level.1")
	if !r.shows("Cảm ơn Quý khách đã đánh giá!") {
		t.Fatalf("thanks: %q", r.texts())
	}
	if level, _, ok := r.env.Rating(t, "ticket:"+tk.ID); !ok || level != 1 {
		t.Fatalf("stored: %v %d", ok, level)
	}
}

// TestLargeTypeHighContrast: the large-type, high-contrast mode is one tap
// away in the header of every screen, stays on through the flow, and the
// next citizen (after the idle timeout) starts in normal type. The lower
// part of a landscape screen is used by the tiles.
func TestLargeTypeHighContrast(t *testing.T) {
	r := newRig(t, fyne.NewSize(1920, 1080), false)
	th := fyne.CurrentApp().Settings().Theme()
	normal := th.Size(theme.SizeNameText)
	// Home in landscape: the tiles reach into the lower part of the screen.
	take, _ := r.u.Target("home.rate")
	o := take.(fyne.CanvasObject)
	if end := fyne.CurrentApp().Driver().AbsolutePositionForObject(o).Y + o.Size().Height; end < 0.75*1080 {
		t.Errorf("home tiles end at %v of 1080: the lower part of the screen is empty", end)
	}
	r.shot("kiosk-home-landscape")
	r.tap("large")
	if !r.p.View().Large {
		t.Fatal("large mode not on")
	}
	th = fyne.CurrentApp().Settings().Theme()
	if got := th.Size(theme.SizeNameText); got < normal*1.3 {
		t.Errorf("text size %v in large mode, normal %v", got, normal)
	}
	bg := th.Color(theme.ColorNameBackground, theme.VariantLight)
	fg := th.Color(theme.ColorNameForeground, theme.VariantLight)
	if c := contrast(fg, bg); c < 7 {
		t.Errorf("contrast %.1f:1 in high-contrast mode, want ≥ 7:1", c)
	}
	r.shot("kiosk-large-home-landscape")
	for _, step := range []string{"home.take", "sector.tuphap"} {
		r.tap(step)
		if _, ok := r.u.Target("large"); !ok {
			t.Errorf("no large-type switch on screen %s", r.p.View().Screen)
		}
	}
	r.shot("kiosk-large-services-landscape")
	if !r.p.View().Large {
		t.Error("large mode lost while moving through the flow")
	}
	// The citizen walks away: the next one starts in normal type.
	r.p.Tick(time.Now().Add(2 * time.Minute))
	r.p.Wait()
	if r.p.View().Large || fyne.CurrentApp().Settings().Theme().Size(theme.SizeNameText) != normal {
		t.Error("large mode kept for the next citizen")
	}
	// And the lookup's example code is marked as an example.
	r.tap("home.lookup")
	if !r.shows("Ví dụ: 000.00.06.H26-231027-0361") {
		t.Errorf("lookup placeholder: %q", r.texts())
	}
	if _, ok := r.u.Target("large"); !ok {
		t.Error("no large-type switch on the lookup screen")
	}
}

// contrast is the WCAG contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		ch := func(v uint32) float64 {
			x := float64(v) / 0xffff
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

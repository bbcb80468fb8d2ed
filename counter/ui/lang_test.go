package ui

import (
	"context"
	"flag"
	"image"
	"image/png"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/hardware/escpos"
)

var englishOut = flag.String("counter-en-out", "", "write the English main screen PNG here (docs/img/counter-en.png)")

// texts collects every string the window draws or offers, hidden panels
// included: canvas texts, entry placeholders, select options and whatever
// the widgets' renderers hold. skip is left out (the presenter's status
// sentence, which stays Vietnamese).
func texts(o fyne.CanvasObject, skip fyne.CanvasObject, out *[]string) {
	if o == nil || o == skip {
		return
	}
	switch x := o.(type) {
	case *canvas.Text:
		*out = append(*out, x.Text)
		return
	case *fyne.Container:
		for _, c := range x.Objects {
			texts(c, skip, out)
		}
		return
	case *fkEntry:
		*out = append(*out, x.PlaceHolder)
	case *widget.Select:
		*out = append(*out, x.PlaceHolder)
		*out = append(*out, x.Options...)
	}
	if w, ok := o.(fyne.Widget); ok {
		for _, c := range test.WidgetRenderer(w).Objects() {
			texts(c, skip, out)
		}
	}
}

// viFragments are the pieces of the Vietnamese fixed texts (format verbs
// and separators removed) that must not be seen in English mode.
func viFragments() []string {
	split := regexp.MustCompile(`%[sd]|\n|·|\(|\)|:`)
	var out []string
	add := func(s string) {
		for _, f := range split.Split(s, -1) {
			// Key names (F11, Esc) are the same in both languages.
			f = strings.Trim(f, " .…–")
			if len([]rune(f)) >= 3 && (len(f) != len([]rune(f)) || len(f) >= 5) {
				out = append(out, f)
			}
		}
	}
	for k, vi := range counter.TextVI {
		if counter.TextEN[k] != vi {
			add(vi)
		}
	}
	for _, s := range counter.Shortcuts {
		add(s.Label)
	}
	return out
}

// leftovers are the fragments found in all, data (names from the server,
// which are Vietnamese in both modes) aside.
func leftovers(all, data []string) []string {
	var bad []string
	for _, s := range all {
		if isData(s, data) {
			continue
		}
		for _, f := range viFragments() {
			if strings.Contains(s, f) {
				bad = append(bad, f+" in "+s)
			}
		}
	}
	return bad
}

func isData(s string, data []string) bool {
	s = strings.TrimSuffix(s, "…")
	for _, d := range data {
		if s != "" && strings.HasPrefix(d, s) {
			return true
		}
	}
	return false
}

// viewData lists the server's names the window shows.
func viewData(v counter.View) []string {
	d := []string{v.CentreName, v.CounterName, v.OfficerName}
	for _, c := range append(append([]counter.Choice{}, v.Queue.Services...), v.Queue.Counters...) {
		d = append(d, c.Name)
	}
	for _, w := range v.Queue.Waiting {
		d = append(d, w.Name)
	}
	if c := v.Queue.Current; c != nil {
		d = append(d, c.ServiceName)
	}
	return d
}

func hasText(all []string, want string) bool {
	for _, s := range all {
		if strings.Contains(s, want) {
			return true
		}
	}
	return false
}

// TestCounterEnglish (issue 18, Decree 42/2022): with Lang en the login and
// main screens show the English texts and none of the Vietnamese fixed
// texts; the switch in the header brings Vietnamese back and the switch on
// the login screen English again, keeping what was typed.
func TestCounterEnglish(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.Start(t)
	tk := env.Issue(ctx, "hotich")

	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Lang: counter.EN, Dispatch: func(f func()) { f() }})
	dev := countertest.StartDevices(t, escpos.Default, t.TempDir())
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Lang: counter.EN, Counter: countertest.Counter, CounterName: "Quầy 1",
		Printer: dev.Printer, Profile: escpos.Default}, view.Render)
	view.Bind(h.P)
	h.ForwardDevices(ctx, dev)
	ui(func() { w.SetContent(view.Content()) })

	collect := func() (all []string) {
		h.Do(func(*counter.Presenter) {
			// the tabs draw only the selected one: walk both
			for _, o := range []fyne.CanvasObject{view.root, view.rcv.root, view.dl.root} {
				texts(o, view.message, &all)
			}
		})
		return all
	}
	check := func(when string, want ...string) {
		t.Helper()
		all := collect()
		for _, s := range want {
			if !hasText(all, s) {
				t.Errorf("%s: %q not shown", when, s)
			}
		}
		var data []string
		h.Do(func(p *counter.Presenter) { data = viewData(p.View()) })
		if bad := leftovers(all, data); len(bad) > 0 {
			t.Errorf("%s: Vietnamese left in English mode:\n%s", when, strings.Join(bad, "\n"))
		}
	}
	check("login", "ONE-STOP COUNTER SIGN-IN", "Username", "Password", "Sign in", "Counter: Quầy 1", "Tiếng Việt")

	ui(func() { test.Tap(view.lButton) })
	h.Do(func(*counter.Presenter) {
		if view.lError.Text != "Enter your username and password." {
			t.Errorf("empty login: %q", view.lError.Text)
		}
	})

	// the login switch: Vietnamese and back, keeping the typed user name
	ui(func() {
		test.Type(view.lUser, countertest.Username)
		view.SetLang(counter.VI)
	})
	if all := collect(); !hasText(all, "Tên đăng nhập") || hasText(all, "Sign in") || !hasText(all, "Quầy làm việc: Quầy 1") {
		t.Errorf("login back in Vietnamese: %q", all)
	}
	ui(func() {
		if view.lUser.Text != countertest.Username {
			t.Errorf("user name lost on switch: %q", view.lUser.Text)
		}
		for _, b := range buttons(view.login) {
			if b.Text == "English" {
				test.Tap(b)
			}
		}
		if view.Lang() != counter.EN {
			t.Error("the login's English button did not switch")
		}
		test.Type(view.lPass, countertest.Password)
		view.lPass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	h.Wait(t, "main screen", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Connected })
	ui(func() { w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyF1}) })
	h.Wait(t, "called", func(v counter.View) bool { return v.Queue.Current != nil && !v.Busy })
	check("main", "NOW SERVING", tk.Number, "Called – waiting for the citizen", "F1  Call next", "Receive dossier (F7)",
		"Dossier list (F8)", "Sign out", "Server: connected", "1. Applicant", "F9  Save and print receipt", "All statuses",
		"Officer: "+countertest.FullName, "Counter 1 · Officer: ")
	// the presenter's own sentence too, the service named in English, as on
	// the called ticket and the waiting list; the e-mail field's placeholder
	var hotichEN string
	for _, sv := range env.Cfg.Services {
		if sv.ID == "hotich" {
			hotichEN = sv.NameEN
		}
	}
	if hotichEN == "" {
		t.Fatal("the test centre's hotich service has no English name")
	}
	h.Do(func(p *counter.Presenter) {
		if want := "Called " + tk.Number + " (" + hotichEN + ")"; !strings.HasPrefix(view.message.Text, want) {
			t.Errorf("message %q, want it to start with %q", view.message.Text, want)
		}
		if view.qService.Text != hotichEN {
			t.Errorf("called ticket's service %q, want %q", view.qService.Text, hotichEN)
		}
		for i, w := range p.View().Queue.Waiting {
			if w.NameEN == "" {
				continue
			}
			row := view.qWaiting.Objects[i].(*fyne.Container).Objects[0].(*canvas.Text)
			if strings.TrimSuffix(row.Text, "…") == "" || !strings.HasPrefix(w.NameEN, strings.TrimSuffix(row.Text, "…")) {
				t.Errorf("waiting row %d %q, want %q", i, row.Text, w.NameEN)
			}
		}
		if ph := view.rcv.fields[counter.FieldEmail].PlaceHolder; ph != "E-mail address (optional)" {
			t.Errorf("e-mail placeholder %q", ph)
		}
	})
	// The transfer lists (F4): services by their English names (the
	// Vietnamese one when the config has none), counters by name_en or
	// "Counter N"; the entry chosen maps back to its id.
	env.OpenCounter(ctx, "q2")
	h.Wait(t, "q2 open for a redirect", func(v counter.View) bool { return len(v.Queue.Counters) > 0 })
	h.Do(func(p *counter.Presenter) {
		q := p.View().Queue
		var want []string
		for _, sv := range env.Cfg.Services {
			if sv.NameEN != "" {
				want = append(want, sv.NameEN)
			} else {
				want = append(want, sv.Name)
			}
		}
		if strings.Join(view.trService.Options, "|") != strings.Join(want, "|") {
			t.Errorf("transfer services %q, want %q", view.trService.Options, want)
		}
		if !slices.Contains(view.trService.Options, hotichEN) || view.choiceID(q.Services, hotichEN) != "hotich" {
			t.Errorf("%q not offered or not mapped to hotich: %q", hotichEN, view.trService.Options)
		}
		if !slices.Equal(view.trCounter.Options, []string{"Counter 2"}) || view.choiceID(q.Counters, "Counter 2") != "q2" {
			t.Errorf("redirect counters %q", view.trCounter.Options)
		}
		view.command(counter.CmdTransfer)
	})
	if out := os.Getenv("COUNTER_TRANSFER_EN_PNG"); out != "" {
		ui(func() { test.Tap(view.trService) })
		ui(func() { w.Content().Refresh() })
		var img image.Image
		ui(func() { img = w.Canvas().Capture() })
		if f, err := os.Create(out); err == nil {
			png.Encode(f, img)
			f.Close()
		}
		ui(func() { w.Canvas().Overlays().Top().Hide(); w.Canvas().Overlays().Remove(w.Canvas().Overlays().Top()) })
	}
	ui(func() { view.transfer.Hide() })
	if *englishOut != "" {
		// The test canvas does not lay out again when a text grows, as the
		// app's driver does each frame: refresh (and so lay out) the tree.
		ui(func() { w.Content().Refresh() })
		var img image.Image
		ui(func() { img = w.Canvas().Capture() })
		f, err := os.Create(*englishOut)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}

	// the header switch: Vietnamese again, the called ticket still shown
	ui(func() {
		for _, b := range buttons(view.main) {
			if b.Text == "Tiếng Việt" {
				test.Tap(b)
			}
		}
	})
	all := collect()
	for _, s := range []string{"SỐ ĐANG PHỤC VỤ", "Đăng xuất", "Đang gọi – chờ công dân đến quầy", "F1  Gọi số tiếp theo", "Tiếp nhận hồ sơ (F7)", "English"} {
		if !hasText(all, s) {
			t.Errorf("Vietnamese again: %q not shown", s)
		}
	}
	for _, s := range []string{"NOW SERVING", "Sign out", "Call next"} {
		if hasText(all, s) {
			t.Errorf("Vietnamese again: %q still shown", s)
		}
	}
	h.Do(func(p *counter.Presenter) {
		if !slices.Contains(view.trService.Options, "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)") || !slices.Equal(view.trCounter.Options, []string{"Quầy 2"}) {
			t.Errorf("transfer lists in Vietnamese again: %q %q", view.trService.Options, view.trCounter.Options)
		}
	})
	// the message line is written again in Vietnamese, the service with it
	h.Wait(t, "message in Vietnamese", func(v counter.View) bool {
		return strings.HasPrefix(v.Info, "Đã gọi số "+tk.Number+" (Đăng ký hộ tịch")
	})
	h.Do(func(*counter.Presenter) {
		if !strings.HasPrefix(view.qService.Text, "Đăng ký hộ tịch") {
			t.Errorf("called ticket's service in Vietnamese: %q", view.qService.Text)
		}
		if ph := view.rcv.fields[counter.FieldEmail].PlaceHolder; ph != "Địa chỉ thư điện tử (không bắt buộc)" {
			t.Errorf("e-mail placeholder in Vietnamese %q", ph)
		}
	})
	// the presenter writes Vietnamese again
	ui(func() { view.Key(&fyne.KeyEvent{Name: fyne.KeyF2}) })
	h.Wait(t, "recalled", func(v counter.View) bool { return strings.HasPrefix(v.Info, "Đã gọi lại số "+tk.Number) })
	ui(func() {
		if view.qNumber.Text != tk.Number || !view.main.Visible() {
			t.Errorf("after the switch: number %q, main shown %v", view.qNumber.Text, view.main.Visible())
		}
	})
}

// buttons lists the buttons under o.
func buttons(o fyne.CanvasObject) []*widget.Button {
	var out []*widget.Button
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch x := o.(type) {
		case *widget.Button:
			out = append(out, x)
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}

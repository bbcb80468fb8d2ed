package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/hardware/escpos"
)

// TestInboxTab drives the inbox tab of the real window: its label counts
// the waiting items; the officer picks one in the list, sees the applicant
// and components, ticks them and accepts; the tab count goes down and the
// message names the new dossier. In English the tab's words are English.
func TestInboxTab(t *testing.T) {
	for _, lang := range []counter.Lang{counter.VI, counter.EN} {
		t.Run(string(lang), func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			a := test.NewApp()
			defer a.Quit()
			a.Settings().SetTheme(Theme())
			env := countertest.Start(t)
			env.PutInbox(ctx, env.Online("NTT-AAAAAAAAAAAA", "Nguyễn Thị Bình"), env.Online("NTT-BBBBBBBBBBBB", "Trần Văn Cường"))
			w := test.NewWindow(nil)
			w.Resize(fyne.NewSize(1600, 900))
			var h *countertest.Harness
			ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
			view := New(Options{Window: w, Server: env.URL(), Lang: lang, Dispatch: func(f func()) { f() }})
			h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Lang: lang, Counter: countertest.Counter, Profile: escpos.Default}, view.Render)
			view.Bind(h.P)
			ui(func() { w.SetContent(view.Content()) })
			ui(func() {
				test.Type(view.lUser, countertest.Username)
				test.Type(view.lPass, countertest.Password)
				view.lPass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
			})
			h.Wait(t, "inbox loaded", func(v counter.View) bool { return v.Inbox.Loaded && !v.Busy })
			want := map[counter.Lang][3]string{counter.VI: {"Hộp thư (2) · Alt+3", "Hộp thư (1) · Alt+3", "Đã tiếp nhận hồ sơ "},
				counter.EN: {"Inbox (2) · Alt+3", "Inbox (1) · Alt+3", "Dossier "}}[lang]
			ui(func() {
				if got := view.ib.item.Text; got != want[0] {
					t.Errorf("tab label %q, want %q", got, want[0])
				}
				view.tabs.Select(view.ib.item)
			})
			h.Wait(t, "inbox tab", func(v counter.View) bool { return v.Tab == counter.TabInbox && !v.Busy })
			ui(func() {
				if view.ib.body.Visible() {
					t.Error("details shown before an item is chosen")
				}
				for i, it := range view.ib.items {
					if it.Code == "NTT-AAAAAAAAAAAA" {
						view.ib.list.Select(i)
					}
				}
			})
			h.Wait(t, "opened", func(v counter.View) bool { return v.Inbox.Selected != nil })
			ui(func() {
				if !view.ib.body.Visible() || !strings.Contains(view.ib.applicant.Text, "Nguyễn Thị Bình") || len(view.ib.checks.Objects) != 2 {
					t.Fatalf("details: shown %v, applicant %q, %d checks", view.ib.body.Visible(), view.ib.applicant.Text, len(view.ib.checks.Objects))
				}
				for _, o := range view.ib.checks.Objects {
					test.Tap(o.(*fkCheck))
				}
				test.Tap(view.ib.accept)
			})
			v := h.Wait(t, "accepted", func(v counter.View) bool { return v.Saved != nil && !v.Busy })
			ui(func() {
				if got := view.ib.item.Text; got != want[1] {
					t.Errorf("tab label after accept %q, want %q", got, want[1])
				}
				if !strings.HasPrefix(view.message.Text, want[2]+v.Saved.Dossier.Code) {
					t.Errorf("message %q, want it to start with %q", view.message.Text, want[2]+v.Saved.Dossier.Code)
				}
				if lang == counter.EN {
					for _, s := range []string{view.ib.accept.Text, view.ib.giveBack.Text, view.ib.count.Text} {
						if strings.ContainsAny(s, "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ") {
							t.Errorf("Vietnamese in English mode: %q", s)
						}
					}
				}
			})
		})
	}
}

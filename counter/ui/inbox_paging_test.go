package ui

import (
	"context"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/internal/entext"
)

// TestInboxTabPages: 1,234 online submissions wait on a real loopback
// centre (stored through the store, as the sync agent does). The inbox tab
// says the true count with the project's grouping ("Hộp thư (1.234)",
// "Hiển thị 500 / 1.234 hồ sơ chờ tiếp nhận"; "1,234" in English) and its
// "Xem thêm 500 hồ sơ" button loads the next 500, then the last 234, then
// goes away. In English none of these texts is Vietnamese.
// COUNTER_SHOTS=dir keeps counter-inbox-pages-{vi,en}.png.
func TestInboxTabPages(t *testing.T) {
	const n = 1234
	for _, lang := range []counter.Lang{counter.VI, counter.EN} {
		t.Run(string(lang), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			a := test.NewApp()
			defer a.Quit()
			a.Settings().SetTheme(Theme())
			env := countertest.Start(t)
			env.PutInbox(ctx, env.Many(n)...)
			w := test.NewWindow(nil)
			w.Resize(fyne.NewSize(1600, 900))
			var h *countertest.Harness
			ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
			view := New(Options{Window: w, Server: env.URL(), Lang: lang, Dispatch: func(f func()) { f() }})
			h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Lang: lang, Counter: countertest.Counter}, view.Render)
			view.Bind(h.P)
			ui(func() { w.SetContent(view.Content()) })
			h.Do(func(p *counter.Presenter) { p.Login(countertest.Username, countertest.Password) })
			h.Wait(t, "inbox loaded", func(v counter.View) bool { return v.Inbox.Loaded && !v.Busy })
			ui(func() { view.tabs.Select(view.ib.item) })
			h.Wait(t, "inbox tab", func(v counter.View) bool { return v.Tab == counter.TabInbox && !v.Busy })

			type want struct{ tab, count, more string }
			steps := map[counter.Lang][]want{
				counter.VI: {
					{"Hộp thư (1.234) · Alt+3", "Hiển thị 500 / 1.234 hồ sơ chờ tiếp nhận", "Xem thêm 500 hồ sơ"},
					{"Hộp thư (1.234) · Alt+3", "Hiển thị 1.000 / 1.234 hồ sơ chờ tiếp nhận", "Xem thêm 234 hồ sơ"},
					{"Hộp thư (1.234) · Alt+3", "1.234 hồ sơ chờ tiếp nhận", ""},
				},
				counter.EN: {
					{"Inbox (1,234) · Alt+3", "Showing 500 of 1,234 dossiers waiting", "Load 500 more"},
					{"Inbox (1,234) · Alt+3", "Showing 1,000 of 1,234 dossiers waiting", "Load 234 more"},
					{"Inbox (1,234) · Alt+3", "1,234 dossiers waiting", ""},
				},
			}[lang]
			for i, st := range steps {
				ui(func() {
					got := want{view.ib.item.Text, view.ib.count.Text, ""}
					if view.ib.more.Visible() {
						got.more = view.ib.more.Text
					}
					if got != st {
						t.Fatalf("step %d: shows %+v, want %+v", i, got, st)
					}
					if len(view.ib.items) != min(n, (i+1)*counter.InboxChunk) {
						t.Fatalf("step %d: the list has %d rows", i, len(view.ib.items))
					}
					if lang == counter.EN {
						if left := entext.Leftovers([]string{got.tab, got.count, got.more, view.ib.more.Text}); len(left) > 0 {
							t.Errorf("Vietnamese in English mode: %q", left)
						}
					}
				})
				if i == 0 {
					shot(t, ui, w, "counter-inbox-pages-"+string(lang)+".png")
				}
				if st.more == "" {
					break
				}
				ui(func() { test.Tap(view.ib.more) })
				next := min(n, (i+2)*counter.InboxChunk)
				h.Wait(t, "next chunk", func(v counter.View) bool { return len(v.Inbox.Items) == next && !v.Busy })
			}
			// The list scrolls to the oldest waiting item.
			ui(func() {
				view.ib.list.ScrollToBottom()
				if last := view.ib.items[len(view.ib.items)-1]; last.Code != "NTT-000000000001" {
					t.Errorf("last row %s, want the oldest item", last.Code)
				}
			})
		})
	}
}

// shot writes the window to COUNTER_SHOTS/name when that is set.
func shot(t *testing.T, ui func(func()), w fyne.Window, name string) {
	t.Helper()
	dir := os.Getenv("COUNTER_SHOTS")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ui(func() {
		w.Content().Refresh()
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Error(err)
		}
	})
}

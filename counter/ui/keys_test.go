package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/hardware/escpos"
)

// shortcut delivers s as the desktop driver does: to the focused widget
// when it takes shortcuts (an entry), else to the window.
func shortcut(c fyne.Canvas, s fyne.Shortcut) {
	if f, ok := c.Focused().(fyne.Shortcutable); ok {
		f.TypedShortcut(s)
		return
	}
	c.(fyne.Shortcutable).TypedShortcut(s)
}

func alt(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierAlt}
}

// TestKeyboardTabsAndInbox (issue 18): without a mouse the officer opens
// every tab with Alt+1/2/3 — from the window or from inside a focused
// entry — and each puts the focus on its first field; in the inbox the
// list takes Space to open an item, Tab reaches each component box (Space
// ticks it) and then "Tiếp nhận", whose Space accepts the dossier. The
// bottom line lists the keys.
func TestKeyboardTabsAndInbox(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := test.NewApp()
	defer a.Quit()
	a.Settings().SetTheme(Theme())
	env := countertest.Start(t)
	env.PutInbox(ctx, env.Online("NTT-AAAAAAAAAAAA", "Nguyễn Thị Bình"))
	w := test.NewWindow(nil)
	w.Resize(fyne.NewSize(1600, 900))
	var h *countertest.Harness
	ui := func(f func()) { h.Do(func(*counter.Presenter) { f() }) }
	view := New(Options{Window: w, Server: env.URL(), Dispatch: func(f func()) { f() }})
	h = countertest.NewHarness(ctx, counter.Options{API: counter.NewAPI(env.Client()), Counter: countertest.Counter, Profile: escpos.Default}, view.Render)
	view.Bind(h.P)
	ui(func() { w.SetContent(view.Content()) })
	c := w.Canvas()
	ui(func() {
		c.Focus(view.lUser)
		test.Type(view.lUser, countertest.Username)
		c.FocusNext()
		test.Type(view.lPass, countertest.Password)
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	})
	h.Wait(t, "logged in, inbox loaded", func(v counter.View) bool { return v.Screen == counter.ScreenMain && v.Inbox.Loaded && !v.Busy })

	ui(func() { c.Unfocus(); shortcut(c, alt(fyne.Key2)) })
	h.Wait(t, "dossier list by Alt+2", func(v counter.View) bool { return v.Tab == counter.TabDossiers })
	ui(func() {
		if c.Focused() != view.dl.query {
			t.Errorf("Alt+2 focused %T, want the dossier search", c.Focused())
		}
		shortcut(c, alt(fyne.Key1)) // from inside the focused entry
	})
	h.Wait(t, "receive tab by Alt+1", func(v counter.View) bool { return v.Tab == counter.TabReceive })
	ui(func() {
		if c.Focused() != view.rcv.scan {
			t.Errorf("Alt+1 focused %T, want the scan field", c.Focused())
		}
		shortcut(c, alt(fyne.Key3))
	})
	h.Wait(t, "inbox by Alt+3", func(v counter.View) bool { return v.Tab == counter.TabInbox && !v.Busy })
	ui(func() {
		if c.Focused() != view.ib.list {
			t.Fatalf("Alt+3 focused %T, want the inbox list", c.Focused())
		}
		c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	})
	h.Wait(t, "item opened by Space", func(v counter.View) bool { return v.Inbox.Selected != nil })
	// Tab through: each component box gets Space, then the accept button.
	ticked := 0
	ui(func() {
		for i := 0; i < 80 && c.Focused() != view.ib.accept; i++ {
			c.FocusNext()
			if ch, ok := c.Focused().(*fkCheck); ok && isChild(view.ib.checks, ch) {
				ch.TypedRune(' ') // the driver types Space as a rune to a check
				ticked++
			}
		}
		if c.Focused() != view.ib.accept {
			t.Fatal("Tab never reaches “Tiếp nhận”")
		}
	})
	if ticked != 2 {
		t.Fatalf("Tab reached %d component boxes, want 2", ticked)
	}
	ui(func() { c.Focused().TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace}) })
	v := h.Wait(t, "accepted by keyboard", func(v counter.View) bool { return v.Saved != nil && !v.Busy })
	if v.Error != "" || len(v.Inbox.Items) != 0 {
		t.Fatalf("after accept: error %q, %d items", v.Error, len(v.Inbox.Items))
	}
	var hint string
	ui(func() { hint = view.keysLine.Text })
	for _, want := range []string{"F1 Gọi số tiếp theo", "Alt+1/2/3 Chuyển thẻ", "Tab/Shift+Tab"} {
		if !strings.Contains(hint, want) {
			t.Errorf("key line %q lacks %q", hint, want)
		}
	}
}

func isChild(box *fyne.Container, o fyne.CanvasObject) bool {
	for _, x := range box.Objects {
		if x == o {
			return true
		}
	}
	return false
}

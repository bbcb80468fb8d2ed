package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/motcua/motcua/queue"
)

// A notice longer than the screen is shown in pages of whole words, each
// within the screen, all of them together the whole notice; the app's flip
// goes round them. A notice that fits is one page that never changes.
func TestBoardNoticePages(t *testing.T) {
	long := queue.DemoConfig().Notice
	for _, portrait := range []bool{false, true} {
		test.NewTempApp(t)
		v := New(portrait)
		w := test.NewTempWindow(t, v.Object())
		size := fyne.NewSize(1920, 1080)
		if portrait {
			size = fyne.NewSize(1080, 1920)
		}
		w.Resize(size)
		b := sampleBoard()
		b.Notice = long
		v.Render(b, t0)
		n := v.NoticePages()
		if n < 2 {
			t.Fatalf("portrait=%v: the demo notice (%d letters) is %d page(s)", portrait, len([]rune(long)), n)
		}
		var seen []string
		for i := 0; i < n; i++ {
			line := v.notice.Text
			if v.notice.MinSize().Width > size.Width || v.notice.Position().X < 0 {
				t.Errorf("page %q wider than the screen (%.0f > %.0f)", line, v.notice.MinSize().Width, size.Width)
			}
			seen = append(seen, line)
			v.NextNoticePage()
			// A tick between flips re-renders the same board: the page stays.
			v.Render(b, t0.Add(time.Second))
		}
		if got := strings.Join(seen, " "); got != strings.Join(strings.Fields(long), " ") {
			t.Errorf("pages %q do not make the notice", seen)
		}
		if v.notice.Text != seen[0] {
			t.Errorf("after %d flips shows %q, want the first page again", n, v.notice.Text)
		}
		if portrait {
			saveCapture(t, w, "board-fyne-notice-page-portrait.png")
		}

		b.Notice = "Vui lòng giữ phiếu số thứ tự."
		v.Render(b, t0.Add(2*time.Second))
		v.NextNoticePage()
		if v.NoticePages() != 1 || v.notice.Text != b.Notice {
			t.Errorf("short notice: %d pages, shows %q", v.NoticePages(), v.notice.Text)
		}
	}
}

// With scrolling on (--ticker-fps), the notice is the whole line and moves.
func TestBoardNoticeScrolls(t *testing.T) {
	test.NewTempApp(t)
	v := New(false)
	v.SetScrollingNotice(true)
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1920, 1080))
	b := sampleBoard()
	b.Notice = queue.DemoConfig().Notice
	v.Render(b, t0)
	if v.notice.Text != b.Notice {
		t.Fatalf("scrolling notice shows %q", v.notice.Text)
	}
	x := v.notice.Position().X
	v.ScrollNotice(10)
	if v.notice.Position().X != x-10 {
		t.Errorf("notice at %.0f after a step, want %.0f", v.notice.Position().X, x-10)
	}
}

package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"github.com/motcua/motcua/internal/uicheck"
)

// A notice longer than the screen is shown a page at a time (each page
// whole words that fit the line), flipped by the app every few seconds
// (NextNoticePage). A scrolling ticker repainted the whole 1080p window 20
// times a second, forever: 70–98 % of a core with software GL, on a board
// where nothing else changes (issue 20). Scrolling stays available
// (SetScrollingNotice, `motcua-display --ticker-fps N`).
type noticePager struct {
	full  string
	w     float32 // width and text size the pages were cut for
	size  float32
	pages []string
	i     int
}

// splitPages cuts full into lines of whole words no wider than w; a word
// wider than w alone is a page of its own. A page ends after a sentence or
// clause (". ", "; ", ", ") when one falls in its second half, so a page
// does not start in the middle of a phrase.
func splitPages(full string, size float32, style fyne.TextStyle, w float32) []string {
	words := strings.Fields(full)
	if len(words) == 0 {
		return []string{""}
	}
	var pages []string
	line := []string{words[0]}
	for _, wd := range words[1:] {
		if try := strings.Join(append(line, wd), " "); fyne.MeasureText(try, size, style).Width <= w {
			line = append(line, wd)
			continue
		}
		cut := len(line)
		for i := len(line) - 1; i > 0 && i >= len(line)/2; i-- {
			if strings.ContainsAny(line[i-1][len(line[i-1])-1:], ".;,:") {
				// only if what moves on still fits with the next word
				if rest := strings.Join(append(append([]string(nil), line[i:]...), wd), " "); fyne.MeasureText(rest, size, style).Width <= w {
					cut = i
				}
				break
			}
		}
		pages = append(pages, strings.Join(line[:cut], " "))
		line = append(append([]string(nil), line[cut:]...), wd)
	}
	return append(pages, strings.Join(line, " "))
}

// SetScrollingNotice makes the notice one line that the app scrolls with
// ScrollNotice (call before the first Render).
func (v *View) SetScrollingNotice(on bool) { v.scroll = on }

// NoticePages is the number of pages of the current notice (1 when it fits).
func (v *View) NoticePages() int { return max(1, len(v.pager.pages)) }

// NextNoticePage shows the notice's next page; nothing is redrawn when the
// notice fits on one line.
func (v *View) NextNoticePage() {
	if !uicheck.Guard("board notice page") {
		uicheck.Redo(v.NextNoticePage)
		return
	}
	if v.scroll || len(v.pager.pages) <= 1 {
		return
	}
	v.pager.i = (v.pager.i + 1) % len(v.pager.pages)
	setText(v.notice, v.pager.pages[v.pager.i], colTickerF)
}

// setNotice shows full (the whole line when scrolling, else the page).
func (v *View) setNotice(full string) {
	if v.scroll {
		setText(v.notice, full, colTickerF)
		return
	}
	if full != v.pager.full {
		v.pager = noticePager{full: full}
	}
	v.cutNotice(v.notice.Size().Width)
}

// cutNotice cuts the notice into pages for width w (0: not laid out yet,
// the whole text for now) and shows the current page.
func (v *View) cutNotice(w float32) {
	p := &v.pager
	if w <= 0 {
		setText(v.notice, p.full, colTickerF)
		return
	}
	if p.pages == nil || p.w != w || p.size != v.notice.TextSize {
		p.pages = splitPages(p.full, v.notice.TextSize, v.notice.TextStyle, w)
		p.w, p.size = w, v.notice.TextSize
		if p.i >= len(p.pages) {
			p.i = 0
		}
	}
	setText(v.notice, p.pages[p.i], colTickerF)
}

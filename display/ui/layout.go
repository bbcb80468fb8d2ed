package ui

import (
	"math"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// The view lays itself out: sizes are fractions of the screen (like CSS vh
// and vmin), so a 1920×1080 TV, a portrait screen and a test canvas all
// get the same proportions.

// MinSize implements fyne.Layout.
func (v *View) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(320, 240) }

// place sizes t to size (in units) and puts it at x with its middle at cy.
func place(t *canvas.Text, size, x, cy, w float32) {
	if t.TextSize != size {
		t.TextSize = size
		t.Refresh()
	}
	h := t.MinSize().Height
	t.Resize(fyne.NewSize(w, h))
	t.Move(fyne.NewPos(x, cy-h/2))
}

func box(o fyne.CanvasObject, x, y, w, h float32) {
	o.Move(fyne.NewPos(x, y))
	o.Resize(fyne.NewSize(w, h))
}

// fit shortens t's text with "…" until it fits w (service and centre names
// are long; canvas.Text does not wrap).
func fit(t *canvas.Text, full string, w float32) {
	out := full
	if fyne.MeasureText(full, t.TextSize, t.TextStyle).Width > w {
		s := []rune(full)
		for len(s) > 1 {
			s = s[:len(s)-1]
			out = strings.TrimRight(string(s), " ,·–-") + "…"
			if fyne.MeasureText(out, t.TextSize, t.TextStyle).Width <= w {
				break
			}
		}
	}
	if t.Text != out {
		t.Text = out
		t.Refresh()
	}
}

// shrink lowers size (down to a floor) until full fits w.
func shrink(t *canvas.Text, full string, size, floor, w float32) float32 {
	if mw := fyne.MeasureText(full, size, t.TextStyle).Width; mw > w {
		size = max(floor, size*w/mw)
	}
	// Glyph widths do not scale exactly with the size: step down until it fits.
	for size > floor && fyne.MeasureText(full, size, t.TextStyle).Width > w {
		size = max(floor, size*0.97)
	}
	return size
}

// Layout implements fyne.Layout.
func (v *View) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	W, H := size.Width, size.Height
	if W <= 0 || H <= 0 {
		return
	}
	u := float32(math.Min(float64(W), float64(H))) / 100
	pad := 1.2 * u
	v.root.Objects[0].Resize(size) // background

	headH, svcH, tickH := 0.10*H, 0.13*H, 0.07*H
	if v.portrait {
		headH, svcH, tickH = 0.08*H, 0.15*H, 0.05*H
	}
	box(v.headBg, 0, 0, W, headH)
	box(v.headLine, 0, headH-0.5*u, W, 0.5*u)
	place(v.clock, 5*u, W-2*u-30*u, headH*0.42, 30*u)
	place(v.date, 2.4*u, W-2*u-40*u, headH*0.78, 40*u)
	cw0 := W - 5*u - max(v.clock.MinSize().Width, v.date.MinSize().Width)
	place(v.centre, shrink(v.centre, v.centreFull(), 3.6*u, 1.6*u, cw0), 2*u, headH/2, cw0)
	v.centreW, v.centreMax, v.centreMin, v.centreX, v.centreY = cw0, 3.6*u, 1.6*u, 2*u, headH/2
	fit(v.centre, v.centreFull(), cw0)
	box(v.bannerBg, 0, 0, W, headH)
	place(v.banner, 4.4*u, 0, headH/2, W)

	top := headH + pad
	bottom := H - tickH - svcH
	mainH := bottom - top
	var feat, ctr, rec [4]float32 // x, y, w, h
	if v.portrait {
		fh, ch := mainH*0.31, mainH*0.43
		feat = [4]float32{pad, top, W - 2*pad, fh - pad}
		ctr = [4]float32{pad, top + fh, W - 2*pad, ch - pad}
		rec = [4]float32{pad, top + fh + ch, W - 2*pad, mainH - fh - ch - pad}
	} else {
		lw := (W - 3*pad) * 0.56
		fh := (mainH - pad) * 0.55
		feat = [4]float32{pad, top, lw, fh}
		rec = [4]float32{pad, top + fh + pad, lw, mainH - fh - 2*pad}
		ctr = [4]float32{2*pad + lw, top, W - 3*pad - lw, mainH - pad}
	}

	// Featured call.
	box(v.featBg, feat[0], feat[1], feat[2], feat[3])
	num, lab, ctrSize := 20*u, 4*u, 8*u
	if v.portrait {
		num, lab, ctrSize = 19*u, 3.4*u, 7.5*u
	}
	// Shrink if the box is short (a filtered board on a small screen).
	if need := (lab*1.4 + num*1.25 + ctrSize*1.4); need > feat[3] {
		k := feat[3] / need
		num, lab, ctrSize = num*k, lab*k, ctrSize*k
	}
	cy := feat[1] + feat[3]/2
	place(v.featLabel, lab, feat[0], cy-num*0.62-lab*0.5, feat[2])
	place(v.fnum, num, feat[0], cy-num*0.02, feat[2])
	place(v.fctr, ctrSize, feat[0], cy+num*0.55+ctrSize*0.35, feat[2])

	// Recent calls: two columns of five.
	box(v.recentBg, rec[0], rec[1], rec[2], rec[3])
	place(v.recentTitle, 3*u, rec[0]+pad, rec[1]+pad+1.8*u, rec[2])
	rowTop := rec[1] + 2*pad + 3.6*u
	rowH := (rec[1] + rec[3] - pad - rowTop) / 5
	rs := float32(math.Min(float64(3.6*u), float64(rowH*0.7)))
	colW := (rec[2] - 3*pad) / 2
	for i, r := range v.recent {
		x := rec[0] + pad + float32(i/5)*(colW+pad)
		y := rowTop + float32(i%5)*rowH
		place(r.num, rs, x, y+rowH/2, colW)
		place(r.counter, rs, x, y+rowH/2, colW)
		box(r.line, x, y+rowH-1, colW, 1)
	}

	// Counters grid.
	n := len(v.last.Counters)
	cols := 2
	switch {
	case n > 12:
		cols = 3
	case n <= 4:
		cols = 1
	}
	rows := max(1, (n+cols-1)/cols)
	gap := u
	cw := (ctr[2] - float32(cols-1)*gap) / float32(cols)
	chh := (ctr[3] - float32(rows-1)*gap) / float32(rows)
	ns := float32(math.Min(float64(6*u), float64(chh*0.5)))
	nameS := float32(math.Min(float64(3.2*u), float64(chh*0.3)))
	stS := float32(math.Min(float64(2*u), float64(chh*0.2)))
	for i := range v.counters {
		c := &v.counters[i]
		if i >= n {
			break
		}
		x := ctr[0] + float32(i%cols)*(cw+gap)
		y := ctr[1] + float32(i/cols)*(chh+gap)
		box(c.bg, x, y, cw, chh)
		box(c.strip, x, y, u, chh)
		place(c.s, stS, x+2.2*u, y+chh*0.75, cw-3.4*u)
		c.sW = cw - 3.4*u
		fit(c.s, v.tr(v.last.Counters[i].StatusText()), c.sW)
		c.x, c.nameY, c.numY, c.w, c.gap, c.nameSize, c.numSize = x+2.2*u, y+chh*0.38, y+chh*0.45, cw-3.4*u, u, nameS, ns
		c.fitRow()
	}

	// Waiting per service.
	m := len(v.last.Services)
	perRow := max(1, m)
	if v.portrait {
		perRow = min(max(1, m), 4)
	}
	srows := max(1, (m+perRow-1)/perRow)
	sw := (W - 2*pad - float32(perRow-1)*u) / float32(perRow)
	sh := (svcH - pad - float32(srows-1)*u) / float32(srows)
	for i := range v.services {
		s := &v.services[i]
		if i >= m {
			break
		}
		x := pad + float32(i%perRow)*(sw+u)
		y := bottom + float32(i/perRow)*(sh+u)
		box(s.bg, x, y, sw, sh)
		s.nameX, s.nameY, s.nameW, s.nameH, s.nameSize = x+0.8*u, y+0.06*sh, sw-1.6*u, 0.5*sh, 2.1*u
		// sized for three digits, so the size does not jump as counts change
		ws := min(3.4*u, 0.26*sh)
		place(s.wait, shrink(s.wait, "888 "+v.tr("đang chờ"), ws, 0.6*ws, sw-1.6*u), x+0.8*u, y+sh*0.79, sw-1.6*u)
	}
	v.fitServiceNames()

	// Notice ticker.
	box(v.tickerBg, 0, H-tickH, W, tickH)
	if v.scroll {
		place(v.notice, 3.6*u, v.noticeX, H-tickH/2, v.notice.MinSize().Width+4*u)
		v.notice.Resize(fyne.NewSize(v.notice.MinSize().Width, v.notice.Size().Height))
	} else {
		place(v.notice, 3.6*u, 2*u, H-tickH/2, W-4*u)
		v.cutNotice(W - 4*u)
	}
	box(v.cursor, 0, 0, W, H)
}

func (v *View) centreFull() string {
	if v.last.CentreName == "" {
		return "Trung tâm Phục vụ hành chính công"
	}
	return v.last.CentreName
}

// fitRow puts a counter's name and its current number on one line of
// its tile without overlap: the number keeps its size while the name fits
// beside it; a long name ("Quầy 9 – Công an phường") first shrinks (to
// 75 %), then the number (to 60 %), and only then is the name cut with
// "…". A narrow screen (1024×768) has tiles half as wide as a 1080p TV's.
func (c *counterCell) fitRow() {
	if c.w <= 0 {
		return
	}
	name, num := c.fullName, c.num.Text
	numW := func(size float32) float32 { return fyne.MeasureText(num, size, c.num.TextStyle).Width }
	nameW := func(size float32) float32 { return fyne.MeasureText(name, size, c.name.TextStyle).Width }
	ns, ms := c.nameSize, c.numSize
	if room := c.w - numW(ms) - c.gap; nameW(ns) > room {
		ns = shrink(c.name, name, ns, 0.75*c.nameSize, max(room, 1))
		if room2 := c.w - nameW(ns) - c.gap; numW(ms) > room2 {
			ms = shrink(c.num, num, ms, 0.6*c.numSize, max(room2, 1))
		}
	}
	room := c.w - numW(ms) - c.gap
	place(c.name, ns, c.x, c.nameY, room)
	fit(c.name, name, room)
	place(c.num, ms, c.x+room+c.gap, c.numY, c.w-room-c.gap)
}

// fitServiceNames gives every service tile's name the same font size: the
// largest at which each name fits its tile (see nameFit), so one short
// name does not stand out in bigger letters than its neighbours.
func (v *View) fitServiceNames() {
	m := min(len(v.last.Services), len(v.services))
	size := float32(0)
	for i := 0; i < m; i++ {
		s := &v.services[i]
		if s.nameW <= 0 {
			continue
		}
		sv := v.last.Services[i]
		if _, sz := s.nameFit(sv.Prefix + " · " + v.serviceName(sv)); size == 0 || sz < size {
			size = sz
		}
	}
	for i := 0; i < m; i++ {
		sv := v.last.Services[i]
		v.services[i].fitName(sv.Prefix+" · "+v.serviceName(sv), size)
	}
}

// nameFit is how a service's full name fits its tile: one line when it
// fits, else two lines split at the word that balances them, the font
// shrunk (down to 70 %) until both fit (the real catalogue has names like
// "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)").
func (s *serviceCell) nameFit(full string) ([]string, float32) {
	size := s.nameSize
	one := fyne.MeasureText(full, size, s.name.TextStyle).Width
	lines := []string{full}
	if one > s.nameW {
		lines = splitBalanced(full)
		w := float32(0)
		for _, l := range lines {
			w = max(w, fyne.MeasureText(l, size, s.name.TextStyle).Width)
		}
		if w > s.nameW {
			size = max(size*0.7, size*s.nameW/w*0.96) // glyph hinting: not quite linear
		}
		// two lines must fit the box's height too
		size = min(size, s.nameH/2/1.3)
	}
	return lines, size
}

// fitName shows a service's full name in its tile at the given size (0:
// its own best fit, nameFit); only what still does not fit is cut with "…".
func (s *serviceCell) fitName(full string, size float32) {
	if s.nameW <= 0 {
		setPlain(s.name, full)
		setPlain(s.name2, "")
		return
	}
	lines, own := s.nameFit(full)
	if size <= 0 || size > own {
		size = own
	}
	for _, t := range []*canvas.Text{s.name, s.name2} {
		if t.TextSize != size {
			t.TextSize = size
			t.Refresh()
		}
	}
	lh := s.name.MinSize().Height
	if len(lines) == 1 {
		place(s.name, size, s.nameX, s.nameY+s.nameH/2, s.nameW)
		fit(s.name, lines[0], s.nameW)
		setPlain(s.name2, "")
		return
	}
	mid := s.nameY + s.nameH/2
	place(s.name, size, s.nameX, mid-lh/2, s.nameW)
	place(s.name2, size, s.nameX, mid+lh/2, s.nameW)
	fit(s.name, lines[0], s.nameW)
	fit(s.name2, lines[1], s.nameW)
}

// splitBalanced cuts s at the space that makes its two halves closest in
// length.
func splitBalanced(s string) []string {
	r := []rune(s)
	best, bestD := -1, len(r)+1
	for i, c := range r {
		if c != ' ' {
			continue
		}
		if d := abs(i - (len(r) - i - 1)); d < bestD {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return []string{s}
	}
	return []string{string(r[:best]), string(r[best+1:])}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func setPlain(t *canvas.Text, s string) {
	if t.Text != s {
		t.Text = s
		t.Refresh()
	}
}

package console

import (
	"fmt"
	"html"
	"math"
	"strings"
)

// Charts are plain SVG drawn on the server: no script, readable in print
// (dark bars, black text, values written on the bars).

const (
	chartW, chartH         = 640, 300
	padL, padR, padT, padB = 48, 48, 36, 42
	barColour              = "#1f5fa8"
	lineColour             = "#c0392b"
)

type svgBuf struct{ strings.Builder }

func (b *svgBuf) f(format string, a ...any) { fmt.Fprintf(&b.Builder, format, a...) }

func svgStart(title string) *svgBuf {
	b := &svgBuf{}
	b.f(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%d" height="%d" role="img" font-family="Noto Sans, Segoe UI, Arial, sans-serif" font-size="13">`,
		chartW, chartH, chartW, chartH)
	b.f(`<title>%s</title><rect width="100%%" height="100%%" fill="#ffffff"/>`, html.EscapeString(title))
	b.f(`<text x="%d" y="20" font-size="16" font-weight="bold" fill="#111">%s</text>`, padL, html.EscapeString(title))
	return b
}

// niceMax rounds a maximum up to 1, 2 or 5 × 10^n for the axis.
func niceMax(v float64) float64 {
	if v <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func (b *svgBuf) axes(yMax float64, yLabel string, right bool, rMax float64, rLabel string) {
	x0, y0, y1 := padL, chartH-padB, padT
	for i := 0; i <= 4; i++ {
		y := float64(y0) - float64(i)*float64(y0-y1)/4
		b.f(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd"/>`, x0, y, chartW-padR, y)
		b.f(`<text x="%d" y="%.1f" text-anchor="end" fill="#333">%s</text>`, x0-4, y+4, trimFloat(yMax*float64(i)/4))
		if right {
			b.f(`<text x="%d" y="%.1f" fill="%s">%s</text>`, chartW-padR+4, y+4, lineColour, trimFloat(rMax*float64(i)/4))
		}
	}
	b.f(`<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#333"/>`, x0, y0, chartW-padR, y0)
	b.f(`<text x="12" y="%d" fill="#333" transform="rotate(-90 12 %d)" text-anchor="middle">%s</text>`, (y0+y1)/2, (y0+y1)/2, html.EscapeString(yLabel))
	if right {
		b.f(`<text x="%d" y="%d" fill="%s" transform="rotate(90 %d %d)" text-anchor="middle">%s</text>`, chartW-10, (y0+y1)/2, lineColour, chartW-10, (y0+y1)/2, html.EscapeString(rLabel))
	}
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// ArrivalsChart: tickets issued per hour (bars) and their mean wait (line).
func ArrivalsChart(r *Report, l labels) string {
	lo, hi := 7, 17
	for _, h := range r.Hours {
		if h.Issued > 0 {
			lo, hi = min(lo, h.Hour), max(hi, h.Hour)
		}
	}
	hours := r.Hours[lo : hi+1]
	var maxN, maxW float64
	for _, h := range hours {
		maxN, maxW = math.Max(maxN, float64(h.Issued)), math.Max(maxW, h.MeanWaitMin)
	}
	yMax, wMax := niceMax(maxN), niceMax(maxW)
	b := svgStart(l.ArrivalsTitle)
	b.axes(yMax, l.Tickets, true, wMax, l.MeanWait)
	plotW := float64(chartW - padL - padR)
	slot := plotW / float64(len(hours))
	y0, plotH := float64(chartH-padB), float64(chartH-padB-padT)
	var pts []string
	for i, h := range hours {
		x := float64(padL) + float64(i)*slot
		bh := float64(h.Issued) / yMax * plotH
		b.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%02d:00 — %d</title></rect>`, x+slot*0.15, y0-bh, slot*0.7, bh, barColour, h.Hour, h.Issued)
		if h.Issued > 0 {
			b.f(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#111">%d</text>`, x+slot/2, y0-bh-3, h.Issued)
		}
		b.f(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333">%dh</text>`, x+slot/2, y0+14, h.Hour)
		if h.Issued > 0 {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x+slot/2, y0-h.MeanWaitMin/wMax*plotH))
		}
	}
	if len(pts) > 0 {
		b.f(`<polyline points="%s" fill="none" stroke="%s" stroke-width="2.5"/>`, strings.Join(pts, " "), lineColour)
		for _, p := range pts {
			xy := strings.Split(p, ",")
			b.f(`<circle cx="%s" cy="%s" r="3" fill="%s"/>`, xy[0], xy[1], lineColour)
		}
	}
	legend(b, []string{l.Tickets, l.MeanWait}, []string{barColour, lineColour})
	b.f(`</svg>`)
	return b.String()
}

func legend(b *svgBuf, names, colours []string) {
	x := chartW - padR - 250
	for i, n := range names {
		b.f(`<rect x="%d" y="10" width="12" height="12" fill="%s"/><text x="%d" y="20" fill="#111">%s</text>`, x, colours[i], x+16, html.EscapeString(n))
		x += 130
	}
}

// ServiceLevelChart: per day, the share of tickets called within target.
func ServiceLevelChart(r *Report, l labels) string {
	b := svgStart(l.LevelTitle)
	b.axes(100, "%", false, 0, "")
	days := r.Days
	if len(days) > 62 {
		days = days[len(days)-62:]
	}
	plotW := float64(chartW - padL - padR)
	slot := plotW / math.Max(1, float64(len(days)))
	y0, plotH := float64(chartH-padB), float64(chartH-padB-padT)
	every := 1 + len(days)/16
	for i, d := range days {
		x := float64(padL) + float64(i)*slot
		if d.ServiceLevelPct != nil {
			v := *d.ServiceLevelPct
			bh := v / 100 * plotH
			colour := barColour
			if v < 80 {
				colour = lineColour
			}
			b.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s — %.1f%%</title></rect>`, x+slot*0.15, y0-bh, slot*0.7, bh, colour, d.Date, v)
			if len(days) <= 16 {
				b.f(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#111">%s</text>`, x+slot/2, y0-bh-3, trimFloat(math.Round(v)))
			}
		}
		if i%every == 0 {
			b.f(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333">%s</text>`, x+slot/2, y0+14, d.Date[8:10]+"/"+d.Date[5:7])
		}
	}
	// The 80 % line most centres aim for.
	y80 := y0 - 0.8*plotH
	b.f(`<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#111" stroke-dasharray="5 4"/>`, padL, y80, chartW-padR, y80)
	b.f(`<text x="%d" y="%.1f" fill="#111">80%%</text>`, chartW-padR+4, y80+4)
	if len(days) == 0 || allNil(days) {
		b.f(`<text x="%d" y="%d" text-anchor="middle" fill="#555">%s</text>`, chartW/2, chartH/2, html.EscapeString(l.NoData))
	}
	b.f(`</svg>`)
	return b.String()
}

func allNil(ds []Day) bool {
	for _, d := range ds {
		if d.ServiceLevelPct != nil {
			return false
		}
	}
	return true
}

// WaitsChart: how many tickets waited how long.
func WaitsChart(r *Report, l labels) string {
	b := svgStart(l.WaitsTitle)
	var maxN float64
	for _, k := range r.WaitBuckets {
		maxN = math.Max(maxN, float64(k.Count))
	}
	yMax := niceMax(maxN)
	b.axes(yMax, l.Tickets, false, 0, "")
	plotW := float64(chartW - padL - padR)
	slot := plotW / float64(len(r.WaitBuckets))
	y0, plotH := float64(chartH-padB), float64(chartH-padB-padT)
	for i, k := range r.WaitBuckets {
		x := float64(padL) + float64(i)*slot
		bh := float64(k.Count) / yMax * plotH
		b.f(`<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s — %d</title></rect>`, x+slot*0.1, y0-bh, slot*0.8, bh, barColour, k.Label, k.Count)
		b.f(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#111">%d</text>`, x+slot/2, y0-bh-3, k.Count)
		b.f(`<text x="%.1f" y="%.1f" text-anchor="middle" fill="#333">%s</text>`, x+slot/2, y0+14, html.EscapeString(k.Label))
	}
	b.f(`<text x="%d" y="%d" text-anchor="middle" fill="#333">%s</text>`, chartW/2, chartH-8, html.EscapeString(l.WaitAxis))
	b.f(`</svg>`)
	return b.String()
}

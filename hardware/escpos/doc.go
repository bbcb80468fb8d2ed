package escpos

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Doc lays out a ticket or receipt without the caller knowing ESC/POS.
// Methods chain; the first error is kept and returned by Err (a Doc with an
// error still produces printable bytes for what worked). A Doc is not safe
// for concurrent use.
//
//	d := escpos.NewDoc(p).Title("SỐ THỨ TỰ").Big(true).Center().Text("A001")
//	job, err := d.Cut().Bytes(), d.Err()
type Doc struct {
	p     Profile
	buf   bytes.Buffer
	err   error
	faces faces
	stats Stats
	udc   udcSet

	// wanted style, applied lazily
	align Align
	bold  bool
	w, h  int
	// what the printer currently has
	pAlign Align
	pBold  bool
	pW, pH int
}

// Stats counts the bytes a Doc produced by path, for the 9600-baud budget.
type Stats struct {
	TextBytes, TCVN3Bytes, UserCharBytes, RasterTextBytes, QRBytes, BarcodeBytes, OtherBytes int
	RasterLines, TextLines                                                                   int
	// UserCharDefs is the bytes of ESC & definitions (part of UserCharBytes).
	UserCharDefs int
}

// NewDoc starts a document for profile p with ESC @ and FS . (leave
// double-byte mode). An invalid profile falls back to Default.
func NewDoc(p Profile) *Doc {
	d := &Doc{p: p, faces: faces{}, w: 1, h: 1, pW: 1, pH: 1}
	if err := p.Validate(); err != nil {
		d.err = err
		d.p = Default
	}
	d.write(&d.stats.OtherBytes, Init())
	return d
}

// Profile returns the profile the document is laid out for.
func (d *Doc) Profile() Profile { return d.p }

// Err returns the first layout error (unknown profile, QR too long, ...).
func (d *Doc) Err() error { return d.err }

// Stats returns the byte counts so far.
func (d *Doc) Stats() Stats { return d.stats }

// Bytes returns the job. The Doc stays usable.
func (d *Doc) Bytes() []byte { return bytes.Clone(d.buf.Bytes()) }

func (d *Doc) write(counter *int, b []byte) {
	d.buf.Write(b)
	*counter += len(b)
}

func (d *Doc) fail(err error) {
	if d.err == nil {
		d.err = err
	}
}

// Align sets the alignment of the following lines.
func (d *Doc) Align(a Align) *Doc { d.align = a; return d }

// Left, Center and Right set the alignment.
func (d *Doc) Left() *Doc   { return d.Align(AlignLeft) }
func (d *Doc) Center() *Doc { return d.Align(AlignCenter) }
func (d *Doc) Right() *Doc  { return d.Align(AlignRight) }

// Bold switches emphasis for the following lines.
func (d *Doc) Bold(on bool) *Doc { d.bold = on; return d }

// Size sets width and height multipliers (1..8) for the following lines.
func (d *Doc) Size(w, h int) *Doc { d.w, d.h = clamp(w, 1, 8), clamp(h, 1, 8); return d }

// Big switches double width and height.
func (d *Doc) Big(on bool) *Doc {
	if on {
		return d.Size(2, 2)
	}
	return d.Size(1, 1)
}

// Title prints s centred, bold and double size, then restores the style.
func (d *Doc) Title(s string) *Doc {
	a, b, w, h := d.align, d.bold, d.w, d.h
	d.Center().Bold(true).Size(2, 2).Text(s)
	d.align, d.bold, d.w, d.h = a, b, w, h
	return d
}

// Text prints s; "\n" starts a new line and long lines wrap at word
// boundaries.
func (d *Doc) Text(s string) *Doc {
	for _, line := range strings.Split(clean(s), "\n") {
		if line == "" {
			d.Feed(1)
			continue
		}
		for _, part := range d.wrap(line) {
			d.line(part)
		}
	}
	return d
}

// Line prints left and right on one line, right-aligned at the paper edge;
// when they do not fit together, left goes on its own line first.
func (d *Doc) Line(left, right string) *Doc {
	left, right = clean(strings.ReplaceAll(left, "\n", " ")), clean(strings.ReplaceAll(right, "\n", " "))
	if d.textOK(left + right) {
		cpl := d.p.CharsPerLine / d.w
		gap := cpl - utf8.RuneCountInString(left) - utf8.RuneCountInString(right)
		if gap < 1 {
			a := d.align
			d.Left().Text(left).Right().Text(right)
			d.align = a
			return d
		}
		d.textLine(left+strings.Repeat(" ", gap)+right, AlignLeft)
		return d
	}
	f, err := d.face()
	if err != nil {
		d.fail(err)
		return d
	}
	lw, rw := f.measure(left), f.measure(right)
	if lw+rw+f.measure("  ") > d.p.WidthDots {
		a := d.align
		d.Left().Text(left).Right().Text(right)
		d.align = a
		return d
	}
	d.rasterPieces(f, AlignLeft, []textPiece{{0, left}, {d.p.WidthDots - rw, right}})
	return d
}

// Separator prints a dashed rule across the paper.
func (d *Doc) Separator() *Doc {
	d.sync(AlignLeft, false, 1, 1)
	d.stats.TextLines++
	d.plain(strings.Repeat("-", d.p.CharsPerLine))
	return d
}

// Feed advances the paper n lines.
func (d *Doc) Feed(n int) *Doc {
	if n > 0 {
		d.write(&d.stats.OtherBytes, FeedLines(n))
	}
	return d
}

// QR prints data as a QR code: native GS ( k on profiles that opt in,
// otherwise a raster image. It is placed by the current alignment.
func (d *Doc) QR(data string) *Doc {
	if d.p.NativeQR {
		b, err := NativeQR(data, d.p.QRModule)
		if err != nil {
			d.fail(err)
			return d
		}
		d.sync(d.align, false, 1, 1)
		d.write(&d.stats.QRBytes, b)
		d.write(&d.stats.QRBytes, []byte{LF})
		return d
	}
	a, place := AlignLeft, d.align
	if d.p.RasterAlign {
		a, place = d.align, AlignLeft
	}
	r, err := RasterQR(data, d.p.QRModule, d.p.WidthDots, place)
	if err != nil {
		d.fail(err)
		return d
	}
	d.sync(a, d.pBold, d.pW, d.pH)
	d.write(&d.stats.QRBytes, r.GSv0(d.p.BandHeight))
	d.write(&d.stats.QRBytes, []byte{LF}) // quiet zone below
	return d
}

// Barcode prints data as Code128 with its text below, placed by the
// current alignment.
func (d *Doc) Barcode(data string) *Doc {
	b, err := Code128(data, d.p.WidthDots)
	if err != nil {
		d.fail(err)
		return d
	}
	d.sync(d.align, false, 1, 1)
	d.write(&d.stats.BarcodeBytes, b)
	d.write(&d.stats.BarcodeBytes, []byte{LF})
	return d
}

// Cut feeds past the tear bar and cuts partially (leaves a hinge: the
// ticket does not fall on the floor).
func (d *Doc) Cut() *Doc { d.write(&d.stats.OtherBytes, FeedCut(false, d.p.CutFeed)); return d }

// CutFull feeds and cuts through.
func (d *Doc) CutFull() *Doc { d.write(&d.stats.OtherBytes, FeedCut(true, d.p.CutFeed)); return d }

// Kick opens the cash drawer (fees at the counter).
func (d *Doc) Kick() *Doc { d.write(&d.stats.OtherBytes, DrawerKick()); return d }

// Raw appends bytes as they are, for commands this builder lacks.
func (d *Doc) Raw(b []byte) *Doc { d.write(&d.stats.OtherBytes, b); return d }

// sync sends only the style commands that differ from the printer state.
func (d *Doc) sync(a Align, bold bool, w, h int) {
	if a != d.pAlign {
		d.write(&d.stats.OtherBytes, SetAlign(a))
		d.pAlign = a
	}
	if bold != d.pBold {
		d.write(&d.stats.OtherBytes, SetBold(bold))
		d.pBold = bold
	}
	if w != d.pW || h != d.pH {
		d.write(&d.stats.OtherBytes, SetSize(w, h))
		d.pW, d.pH = w, h
	}
}

// textOK reports whether s can go as printer text on this profile.
func (d *Doc) textOK(s string) bool {
	if isASCII(s) {
		return true
	}
	if d.p.HasTCVN3() {
		if _, ok := encodeTCVN3(d.p, s); ok {
			return true
		}
	}
	return d.p.UserChars
}

// line prints one already-wrapped line by the cheapest path that prints it
// correctly: ASCII text, TCVN-3 text, or a raster of the rendered line.
func (d *Doc) line(s string) {
	if d.textOK(s) {
		d.textLine(s, d.align)
		return
	}
	f, err := d.face()
	if err != nil {
		d.fail(err)
		return
	}
	if d.p.RasterAlign {
		d.rasterPieces(f, d.align, []textPiece{{0, s}})
		return
	}
	x := 0
	switch w := f.measure(s); d.align {
	case AlignCenter:
		x = (d.p.WidthDots - w) / 2
	case AlignRight:
		x = d.p.WidthDots - w
	}
	d.rasterPieces(f, AlignLeft, []textPiece{{max(x, 0), s}})
}

func (d *Doc) textLine(s string, a Align) {
	d.sync(a, d.bold, d.w, d.h)
	d.stats.TextLines++
	if isASCII(s) {
		d.plain(s)
		return
	}
	runs, ok := encodeTCVN3(d.p, s)
	if !ok || !d.p.HasTCVN3() {
		defs, text := d.udc.encode(s)
		d.stats.UserCharDefs += len(defs)
		d.write(&d.stats.UserCharBytes, defs)
		d.write(&d.stats.UserCharBytes, append(text, LF))
		return
	}
	if d.udc.on {
		rel := d.udc.release(s)
		d.stats.UserCharDefs += len(rel)
		d.write(&d.stats.UserCharBytes, rel)
	}
	// ESC t before every run: some printers drop the code page after
	// images or style changes, and 3 bytes are cheap.
	for _, r := range runs {
		d.write(&d.stats.TCVN3Bytes, SetCodePage(r.page))
		d.write(&d.stats.TCVN3Bytes, r.bytes)
	}
	d.write(&d.stats.TCVN3Bytes, []byte{LF})
}

// plain sends an ASCII line; once user-defined letters are loaded, codes
// of the line's characters that carry one are cancelled first.
func (d *Doc) plain(s string) {
	if d.udc.on {
		defs, text := d.udc.encode(s)
		d.stats.UserCharDefs += len(defs)
		d.write(&d.stats.UserCharBytes, defs)
		d.write(&d.stats.TextBytes, append(text, LF))
		return
	}
	d.write(&d.stats.TextBytes, append([]byte(s), LF))
}

// rasterPieces sends a rendered line. Unless the profile says the printer
// justifies images, the offset is drawn into the image and the image goes
// left-aligned: justification of GS v 0 differs between models.
func (d *Doc) rasterPieces(f *textFace, a Align, pieces []textPiece) {
	r := renderLine(f, d.p.WidthDots, pieces)
	d.sync(a, d.pBold, d.pW, d.pH)
	d.stats.RasterLines++
	d.write(&d.stats.RasterTextBytes, r.GSv0(d.p.BandHeight))
}

// face is the raster face for the current style; the size multiplier
// scales the font rather than the bitmap, so big letters stay smooth.
func (d *Doc) face() (*textFace, error) {
	return d.faces.get(faceKey{bold: d.bold, px: d.p.FontPx * float64(d.h)})
}

// wrap splits a line into pieces that fit the paper at the current style.
func (d *Doc) wrap(s string) []string {
	fits := func(t string) bool {
		if d.textOK(t) {
			return utf8.RuneCountInString(t) <= d.p.CharsPerLine/d.w
		}
		f, err := d.face()
		if err != nil {
			return true
		}
		return f.measure(t) <= d.p.WidthDots
	}
	if fits(s) {
		return []string{s}
	}
	var lines []string
	cur := ""
	for _, word := range strings.Fields(s) {
		next := word
		if cur != "" {
			next = cur + " " + word
		}
		if fits(next) {
			cur = next
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		// a single word longer than the line is cut by runes
		cur = ""
		for _, r := range word {
			if !fits(cur+string(r)) && cur != "" {
				lines = append(lines, cur)
				cur = ""
			}
			cur += string(r)
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// clean normalises to NFC (IMEs and macOS produce decomposed text) and
// replaces control characters, which would be read as commands.
func clean(s string) string {
	s = norm.NFC.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t':
			return ' '
		case r == utf8.RuneError, unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return false
		}
	}
	return true
}

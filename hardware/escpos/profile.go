// Package escpos encodes receipts and tickets for ESC/POS thermal printers.
//
// Vietnamese text is the hard part: most printers have no usable Vietnamese
// code page. By default each letter outside ASCII that a job uses is drawn
// once with the bundled DejaVu Sans into a font A cell and downloaded as a
// user-defined character (ESC &), and lines go as text. Epson-class
// profiles use TCVN-3 text; the raster-80 profile renders each Vietnamese
// line to a 1-bit image (GS v 0) for printers that take nothing else.
package escpos

import (
	"fmt"
	"sort"
)

// Profile describes what one printer model can do. Profiles are data: add a
// model by adding an entry to Profiles (see docs/HARDWARE.md).
type Profile struct {
	Name string
	// WidthDots is the printable width: 384 (58 mm) or 576 (80 mm) at 203 dpi.
	WidthDots int
	// CharsPerLine in font A (12×24): 32 on 58 mm, 48 on 80 mm.
	CharsPerLine int
	// TCVN3Lower/TCVN3Upper are the ESC t numbers of the two TCVN-3 pages
	// (lower-case letters and the page with the toned capitals). 0 = none.
	TCVN3Lower, TCVN3Upper byte
	// NativeQR: the printer renders GS ( k QR codes itself (opt-in).
	NativeQR bool
	// QRModule is the module size in dots, for native and raster QR (4–6 at 203 dpi).
	QRModule int
	// RasterAlign: the printer applies ESC a justification to GS v 0
	// images (Epson does). Then centred raster lines and QR codes are sent
	// cropped, without the blank bytes on their left: about half the bytes.
	RasterAlign bool
	// UserChars: the printer takes user-defined characters (ESC & in font
	// A, ESC % 1): lines with letters outside ASCII go as text, each such
	// letter downloaded once per job, instead of as raster images.
	UserChars bool
	// BandHeight is the number of dot rows per GS v 0 command; tall images
	// are sent in bands so the printer's buffer never overflows.
	BandHeight int
	// CutFeed is the feed in dots before a feed-and-cut (GS V 66 n).
	CutFeed byte
	// FontPx is the pixel size used to render Vietnamese lines as raster.
	FontPx float64
}

// HasTCVN3 reports whether the encoder may send Vietnamese text as TCVN-3.
func (p Profile) HasTCVN3() bool { return p.TCVN3Lower != 0 && p.TCVN3Upper != 0 }

// Validate checks the numbers the encoder depends on.
func (p Profile) Validate() error {
	switch {
	case p.WidthDots <= 0 || p.WidthDots%8 != 0:
		return fmt.Errorf("escpos: profile %q: width %d dots is not a positive multiple of 8", p.Name, p.WidthDots)
	case p.CharsPerLine <= 0:
		return fmt.Errorf("escpos: profile %q: chars per line %d", p.Name, p.CharsPerLine)
	case p.QRModule < 1 || p.QRModule > 16:
		return fmt.Errorf("escpos: profile %q: QR module %d out of 1..16", p.Name, p.QRModule)
	case p.BandHeight < 8:
		return fmt.Errorf("escpos: profile %q: band height %d < 8", p.Name, p.BandHeight)
	case p.FontPx < 8:
		return fmt.Errorf("escpos: profile %q: font size %v < 8", p.Name, p.FontPx)
	}
	return nil
}

// Default is the generic 80 mm profile: ASCII as text, other letters as
// user-defined characters (ESC &), raster QR centred with ESC a. ESC & and
// the justification of images (ESC a applies to "all graphics") are in the
// ESC/POS command set of Epson and of the clones' manuals; "raster-80" is
// the fallback for a printer that ignores them.
var Default = Profile{
	Name: "generic-80", WidthDots: 576, CharsPerLine: 48,
	UserChars: true, RasterAlign: true,
	QRModule: 4, BandHeight: 128, CutFeed: 64, FontPx: 22,
}

// Profiles is the table of known models, by name. Numbers come from
// docs/HARDWARE.md; TCVN-3 only for Epson-class printers.
var Profiles = map[string]Profile{
	"generic-80": Default,
	"generic-58": {Name: "generic-58", WidthDots: 384, CharsPerLine: 32,
		UserChars: true, RasterAlign: true,
		QRModule: 4, BandHeight: 128, CutFeed: 64, FontPx: 22},
	// raster-80 draws every non-ASCII line and the QR as full images with
	// their margins: slow (~30 KB a ticket) but it needs only GS v 0.
	"raster-80": {Name: "raster-80", WidthDots: 576, CharsPerLine: 48,
		QRModule: 4, BandHeight: 128, CutFeed: 64, FontPx: 22},
	"epson-tm-t20": {Name: "epson-tm-t20", WidthDots: 576, CharsPerLine: 48,
		TCVN3Lower: 30, TCVN3Upper: 31, NativeQR: true, RasterAlign: true, UserChars: true,
		QRModule: 6, BandHeight: 256, CutFeed: 64, FontPx: 22},
	"epson-tm-t88v": {Name: "epson-tm-t88v", WidthDots: 512, CharsPerLine: 42,
		TCVN3Lower: 30, TCVN3Upper: 31, NativeQR: true, RasterAlign: true, UserChars: true,
		QRModule: 6, BandHeight: 256, CutFeed: 64, FontPx: 22},
	"citizen-ct-s651": {Name: "citizen-ct-s651", WidthDots: 576, CharsPerLine: 48,
		TCVN3Lower: 30, TCVN3Upper: 31, NativeQR: true, RasterAlign: true, UserChars: true,
		QRModule: 6, BandHeight: 256, CutFeed: 64, FontPx: 22},
	"xprinter-80": {Name: "xprinter-80", WidthDots: 576, CharsPerLine: 48,
		UserChars: true, RasterAlign: true,
		QRModule: 4, BandHeight: 96, CutFeed: 64, FontPx: 22},
	"zjiang-58": {Name: "zjiang-58", WidthDots: 384, CharsPerLine: 32,
		UserChars: true, RasterAlign: true,
		QRModule: 4, BandHeight: 64, CutFeed: 64, FontPx: 22},
}

// ProfileNames lists the profile table, sorted.
func ProfileNames() []string {
	names := make([]string, 0, len(Profiles))
	for n := range Profiles {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// LookupProfile returns the named profile; "" gives Default.
func LookupProfile(name string) (Profile, error) {
	if name == "" {
		return Default, nil
	}
	p, ok := Profiles[name]
	if !ok {
		return Profile{}, fmt.Errorf("escpos: unknown printer profile %q (known: %v)", name, ProfileNames())
	}
	return p, nil
}

package sim

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"

	"github.com/motcua/motcua/hardware/escpos"
)

// Page is one receipt the virtual printer cut.
type Page struct {
	Image image.Image
	Path  string // PNG file, when the printer has an output directory
}

// PrinterConfig configures a virtual printer.
type PrinterConfig struct {
	// Link is the stable device path clients open, e.g. data/dev/printer0.
	Link string
	// Profile is the model it pretends to be (paper width, code pages,
	// native QR). Zero value: escpos.Default.
	Profile escpos.Profile
	// OutDir receives receipt-0001.png, ... when set. Numbering continues
	// after the highest receipt-NNNN.png already there (a restarted demo
	// keeps the earlier receipts), and a file is never overwritten.
	OutDir string
	Log    *slog.Logger
}

// Printer is a virtual ESC/POS printer on a pseudo-terminal.
type Printer struct {
	cfg PrinterConfig

	mu       sync.Mutex
	cond     *sync.Cond
	plug     *plug
	r        *Renderer
	pages    []Page
	problems []Problem
	status   escpos.Status
	silent   bool
	statusN  int
	closed   bool
	nextFile int // number of the next receipt-NNNN.png
	wg       sync.WaitGroup
}

// NewPrinter starts a virtual printer, plugged in and online.
func NewPrinter(cfg PrinterConfig) (*Printer, error) {
	if cfg.Profile.WidthDots == 0 {
		cfg.Profile = escpos.Default
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.OutDir != "" {
		if err := os.MkdirAll(cfg.OutDir, 0o755); err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
	}
	p := &Printer{cfg: cfg, status: escpos.Status{Online: true}, nextFile: 1}
	if cfg.OutDir != "" {
		p.nextFile = lastReceipt(cfg.OutDir) + 1
	}
	p.cond = sync.NewCond(&p.mu)
	if err := p.Replug(); err != nil {
		return nil, err
	}
	return p, nil
}

// Path is the stable device path to point the apps at.
func (p *Printer) Path() string { return p.cfg.Link }

// Unplug pulls the cable: the link disappears and the client's port fails.
// A receipt in progress is lost, as on paper.
func (p *Printer) Unplug() {
	p.mu.Lock()
	pl := p.plug
	p.plug = nil
	p.mu.Unlock()
	if pl != nil {
		pl.unplug(p.cfg.Link)
		p.wg.Wait()
	}
}

// Replug plugs the printer back in on a new pty behind the same link.
func (p *Printer) Replug() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errors.New("sim: printer closed")
	}
	if p.plug != nil {
		return nil
	}
	pl, err := openPlug(p.cfg.Link)
	if err != nil {
		return err
	}
	p.plug = pl
	r := NewRenderer(p.cfg.Profile)
	r.OnCut = p.onCut
	r.OnStatus = func(n byte) byte { return p.answer(pl, n) }
	p.r = r
	p.wg.Add(1)
	go p.read(pl, r)
	return nil
}

// read is the one goroutine that owns a plug's master side.
func (p *Printer) read(pl *plug, r *Renderer) {
	defer p.wg.Done()
	buf := make([]byte, 4096)
	for {
		n, err := pl.master.Read(buf)
		if n > 0 {
			p.mu.Lock()
			if !p.readyLocked() && !onlyStatusRequests(buf[:n]) {
				p.problems = append(p.problems, Problem{Msg: fmt.Sprintf("%d bytes of print data received while %s", n, p.status)})
			}
			r.Write(buf[:n])
			p.problems = append(p.problems, r.takeProblems()...)
			p.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

func onlyStatusRequests(b []byte) bool {
	for len(b) >= 3 && b[0] == escpos.DLE && b[1] == escpos.EOT {
		b = b[3:]
	}
	return len(b) == 0
}

// answer replies to DLE EOT n. Called with p.mu held (from read).
func (p *Printer) answer(pl *plug, n byte) byte {
	p.statusN++
	p.cond.Broadcast()
	if p.silent {
		return 0
	}
	a, b, c := escpos.StatusBytes(p.status)
	reply := map[byte]byte{1: a, 2: b, 4: c}[n]
	_, _ = pl.master.Write([]byte{reply})
	return reply
}

func (p *Printer) readyLocked() bool {
	s := p.status
	return s.Online && !s.PaperOut && !s.CoverOpen && !s.Error
}

// onCut is called with p.mu held.
func (p *Printer) onCut(img image.Image) {
	pg := Page{Image: img}
	if p.cfg.OutDir != "" {
		path, err := p.writeNext(img)
		pg.Path = path
		if err != nil {
			p.cfg.Log.Error("sim printer: write PNG", "err", err)
		} else {
			p.cfg.Log.Info("sim printer: receipt", "file", pg.Path)
		}
	}
	p.pages = append(p.pages, pg)
	// A long demo prints thousands of receipts: once a page is on disk,
	// only the newest keepImages stay in memory too.
	if p.cfg.OutDir != "" && pg.Path != "" && len(p.pages) > keepImages {
		p.pages[len(p.pages)-keepImages-1].Image = nil
	}
	p.cond.Broadcast()
}

// keepImages is how many of the newest pages keep their image in memory
// when they are also written to OutDir (older pages keep only Path).
const keepImages = 32

// receiptName matches the PNGs the printer writes (receipt-0001.png, and
// past 9999 receipt-10000.png).
var receiptName = regexp.MustCompile(`^receipt-([0-9]{4,9})\.png$`)

// lastReceipt is the highest receipt number already in dir (0 for none).
func lastReceipt(dir string) int {
	entries, _ := os.ReadDir(dir)
	last := 0
	for _, e := range entries {
		if m := receiptName.FindStringSubmatch(e.Name()); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil && n > last {
				last = n
			}
		}
	}
	return last
}

// writeNext writes img as the next receipt-NNNN.png, skipping any name
// taken meanwhile (another printer on the same folder): O_EXCL, so an
// earlier receipt is never overwritten. Called with p.mu held.
func (p *Printer) writeNext(img image.Image) (string, error) {
	for range 1000 {
		path := filepath.Join(p.cfg.OutDir, fmt.Sprintf("receipt-%04d.png", p.nextFile))
		p.nextFile++
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := png.Encode(f, img); err != nil {
			f.Close()
			return path, err
		}
		return path, f.Close()
	}
	return "", errors.New("sim: no free receipt file name")
}

// SetStatus sets what the printer reports and whether it prints. Paper
// out and cover open take the printer offline, as on real hardware.
func (p *Printer) SetStatus(s escpos.Status) {
	if s.PaperOut || s.CoverOpen || s.Error {
		s.Online = false
	}
	p.mu.Lock()
	p.status = s
	p.mu.Unlock()
}

// SetSilent makes the printer ignore status requests (some batches stop
// answering): the client must see "unknown", not "fine".
func (p *Printer) SetSilent(on bool) {
	p.mu.Lock()
	p.silent = on
	p.mu.Unlock()
}

// Pages returns the receipts cut so far. With OutDir set, pages older than
// the newest 32 have only their Path (the image is on disk).
func (p *Printer) Pages() []Page {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Page(nil), p.pages...)
}

// StatusRequests counts DLE EOT requests seen.
func (p *Printer) StatusRequests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.statusN
}

// Problems returns everything the printer did not understand, and print
// data that arrived while it could not print.
func (p *Printer) Problems() []Problem {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Problem(nil), p.problems...)
}

// WaitPages blocks until at least n receipts were cut or ctx ends.
func (p *Printer) WaitPages(ctx context.Context, n int) ([]Page, error) {
	stop := context.AfterFunc(ctx, func() {
		p.mu.Lock()
		p.cond.Broadcast()
		p.mu.Unlock()
	})
	defer stop()
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.pages) < n {
		if err := ctx.Err(); err != nil {
			return append([]Page(nil), p.pages...), fmt.Errorf("sim: %d of %d receipts: %w", len(p.pages), n, err)
		}
		p.cond.Wait()
	}
	return append([]Page(nil), p.pages...), nil
}

// Close unplugs the printer for good.
func (p *Printer) Close() error {
	p.Unplug()
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	return nil
}

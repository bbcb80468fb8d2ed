package sim

import (
	"context"
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/hardware/escpos"
)

// Page is one receipt the virtual printer cut.
type Page struct {
	Image image.Image
	Path  string // PNG file, when the printer has an output directory
}

// PrinterConfig configures a virtual printer: a serial printer on a pty
// (Link, Linux only) or a LAN printer on TCP (Listen, every OS).
type PrinterConfig struct {
	// Link is the stable device path clients open, e.g. data/dev/printer0.
	Link string
	// Listen makes it a LAN printer instead: raw ESC/POS on this TCP
	// address ("127.0.0.1:9100"; port 0 picks one, see Addr), DLE EOT
	// answered on the same socket, one client served at a time.
	Listen string
	// Profile is the model it pretends to be (paper width, code pages,
	// native QR). Zero value: escpos.Default.
	Profile escpos.Profile
	// OutDir receives receipt-0001.png, ... when set. Numbering continues
	// after the highest receipt-NNNN.png already there (a restarted demo
	// keeps the earlier receipts), and a file is never overwritten.
	OutDir string
	// Baud makes a pty printer take data no faster than a serial line at
	// this rate (10 bits a byte), so a long job takes as long as on the
	// wire; 0: as fast as the pty goes.
	Baud int
	Log  *slog.Logger
}

// Printer is a virtual ESC/POS printer on a pseudo-terminal or TCP.
type Printer struct {
	cfg PrinterConfig

	mu       sync.Mutex
	cond     *sync.Cond
	plug     *plug        // pty, while plugged in
	ln       net.Listener // TCP, while powered on
	conn     net.Conn     // TCP client being served
	accepted int          // TCP connections served
	addr     string       // TCP address, fixed after the first listen
	out      io.Writer    // where status answers go
	r        *Renderer
	cycleAt  int64 // PowerCycleAfter: restart once received reaches this (0: off)
	cycleFor time.Duration
	received int64 // print data bytes since power on
	dead     bool  // power cycle under way: drop what still arrives
	pages    []Page
	problems []Problem
	status   escpos.Status
	silent   bool
	statusN  int
	closed   bool
	nextFile int  // number of the next receipt-NNNN.png
	held     bool // Hold: the printer takes no data
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
		if err := os.MkdirAll(cfg.OutDir, 0o700); err != nil {
			return nil, fmt.Errorf("sim: %w", err)
		}
	}
	p := &Printer{cfg: cfg, status: escpos.Status{Online: true}, addr: cfg.Listen, nextFile: 1}
	if cfg.OutDir != "" {
		p.nextFile = lastReceipt(cfg.OutDir) + 1
	}
	p.cond = sync.NewCond(&p.mu)
	if err := p.Replug(); err != nil {
		return nil, err
	}
	return p, nil
}

// Path is what to point the apps at: the stable device path, or for a
// LAN printer its address as tcp://HOST:PORT.
func (p *Printer) Path() string {
	if p.cfg.Listen != "" {
		return "tcp://" + p.Addr()
	}
	return p.cfg.Link
}

// Addr is a LAN printer's TCP address (host:port), empty for a pty one.
func (p *Printer) Addr() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.addr
}

// Unplug pulls the cable (pty: the link disappears and the client's port
// fails) or switches a LAN printer off (connections reset, connects
// refused). A receipt in progress is lost, as on paper.
func (p *Printer) Unplug() {
	p.mu.Lock()
	pl, ln, c := p.plug, p.ln, p.conn
	p.plug, p.ln, p.conn, p.out = nil, nil, nil, nil
	p.mu.Unlock()
	p.cond.Broadcast() // a held reader lets go
	if pl != nil {
		pl.unplug(p.cfg.Link)
	}
	if ln != nil {
		ln.Close()
	}
	if c != nil {
		c.Close()
	}
	p.wg.Wait()
}

// Replug plugs the printer back in (a new pty behind the same link) or
// switches a LAN printer back on, on the same address.
func (p *Printer) Replug() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return errors.New("sim: printer closed")
	}
	if p.plug != nil || p.ln != nil {
		return nil
	}
	r := NewRenderer(p.cfg.Profile)
	r.OnCut = p.onCut
	r.OnStatus = p.answer
	p.received, p.dead = 0, false
	if p.cfg.Listen != "" {
		ln, err := net.Listen("tcp", p.addr)
		if err != nil {
			return fmt.Errorf("sim: printer listen: %w", err)
		}
		p.ln, p.addr, p.r = ln, ln.Addr().String(), r
		p.wg.Add(1)
		go p.serveTCP(ln, r)
		return nil
	}
	pl, err := openPlug(p.cfg.Link)
	if err != nil {
		return err
	}
	p.plug, p.out, p.r = pl, pl.master, r
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.read(pl.master, r)
	}()
	return nil
}

// serveTCP serves one client at a time, as LAN receipt printers do (the
// next connection waits in the backlog). The renderer's state lives as
// long as the power is on, across connections.
func (p *Printer) serveTCP(ln net.Listener, r *Renderer) {
	defer p.wg.Done()
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.ln != ln { // switched off meanwhile
			p.mu.Unlock()
			c.Close()
			return
		}
		p.conn, p.out = c, c
		p.accepted++
		p.mu.Unlock()
		p.read(c, r)
		c.Close()
		p.mu.Lock()
		if p.conn == c {
			p.conn, p.out = nil, nil
		}
		p.mu.Unlock()
	}
}

// read feeds what the client sends to the renderer until the connection
// or pty ends.
func (p *Printer) read(src io.Reader, r *Renderer) {
	buf := make([]byte, 4096)
	if p.cfg.Baud > 0 && p.cfg.Listen == "" {
		// 20 ms of line time per read
		buf = make([]byte, max(1, min(len(buf), p.cfg.Baud/10/50)))
	}
	var due time.Time // Baud: when the bytes taken so far have gone over the line
	for {
		p.waitHeld()
		n, err := src.Read(buf)
		if n > 0 && p.cfg.Baud > 0 && p.cfg.Listen == "" {
			// On a schedule, not a sleep per read: a loaded machine's
			// oversleeping is caught up, so the rate holds on average.
			if now := time.Now(); due.Before(now) {
				due = now
			}
			due = due.Add(time.Duration(n) * 10 * time.Second / time.Duration(p.cfg.Baud))
			time.Sleep(time.Until(due))
		}
		if n > 0 {
			p.mu.Lock()
			b, feed := buf[:n], !p.dead
			if !onlyStatusRequests(b) && !p.dead {
				p.received += int64(n)
				if p.cycleAt > 0 && p.received >= p.cycleAt {
					// the power goes mid-receipt: what arrived so far
					// (less than the job) is fed, the rest is lost
					b = b[:max(0, n-int(p.received-p.cycleAt))]
					p.cycleAt, p.dead = 0, true
					go p.powerCycle(p.cycleFor)
				}
				if !p.readyLocked() {
					p.problems = append(p.problems, Problem{Msg: fmt.Sprintf("%d bytes of print data received while %s", n, p.status)})
				}
			}
			if feed {
				r.Write(b)
				p.problems = append(p.problems, r.takeProblems()...)
			}
			p.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// PowerCycleAfter makes the printer lose power once it has received n
// more bytes of print data (mid-receipt), and come back after down: the
// client must notice and send the job again.
func (p *Printer) PowerCycleAfter(n int, down time.Duration) {
	p.mu.Lock()
	p.cycleAt, p.cycleFor = p.received+int64(n), down
	p.mu.Unlock()
}

// Restart switches the printer off now and back on after down, in the
// background; whatever is arriving is lost.
func (p *Printer) Restart(down time.Duration) {
	p.Unplug()
	go func() {
		time.Sleep(down)
		if err := p.Replug(); err != nil {
			p.cfg.Log.Error("sim printer: power back on", "err", err)
		}
	}()
}

func (p *Printer) powerCycle(down time.Duration) {
	p.cfg.Log.Info("sim printer: power cycle", "down", down)
	p.Unplug()
	time.Sleep(down)
	if err := p.Replug(); err != nil {
		p.cfg.Log.Error("sim printer: power back on", "err", err)
	}
}

func onlyStatusRequests(b []byte) bool {
	for len(b) >= 3 && b[0] == escpos.DLE && b[1] == escpos.EOT {
		b = b[3:]
	}
	return len(b) == 0
}

// answer replies to DLE EOT n. Called with p.mu held (from read).
func (p *Printer) answer(n byte) byte {
	p.statusN++
	p.cond.Broadcast()
	if p.silent || p.dead || p.out == nil {
		return 0
	}
	a, b, c := escpos.StatusBytes(p.status)
	reply := map[byte]byte{1: a, 2: b, 4: c}[n]
	_, _ = p.out.Write([]byte{reply})
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
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
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

// Connections counts the TCP connections a LAN printer served.
func (p *Printer) Connections() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.accepted
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

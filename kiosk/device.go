package kiosk

import (
	"errors"
	"time"

	"github.com/motcua/motcua/hardware/printer"
)

func (p *Presenter) printerWarning() string {
	switch {
	case p.printerErr == nil || errors.Is(p.printerErr, printer.ErrTimeout):
		return ""
	case errors.Is(p.printerErr, errNoPrinter):
		return p.t("printer.noprinter")
	}
	if p.v.Lang == EN {
		return printerMessageEN(p.printerErr)
	}
	return printer.Message(p.printerErr)
}

func printerMessageEN(err error) string {
	switch {
	case errors.Is(err, printer.ErrPaperOut):
		return "The printer is out of paper. Please tell a staff member."
	case errors.Is(err, printer.ErrCoverOpen):
		return "The printer cover is open."
	case errors.Is(err, printer.ErrOffline):
		return "The printer is not ready."
	case errors.Is(err, printer.ErrUnplugged):
		return "The printer is not connected."
	}
	return "Printer error."
}

// PrinterStateName is the device state the kiosk reports for err.
func PrinterStateName(err error) string {
	switch {
	case err == nil:
		return "printer:ok"
	case errors.Is(err, errNoPrinter):
		return "printer:none"
	case errors.Is(err, printer.ErrPaperOut):
		return "printer:paper_out"
	case errors.Is(err, printer.ErrCoverOpen):
		return "printer:cover_open"
	case errors.Is(err, printer.ErrOffline):
		return "printer:offline"
	case errors.Is(err, printer.ErrUnplugged):
		return "printer:unplugged"
	case errors.Is(err, printer.ErrTimeout):
		return "printer:unknown"
	case errors.Is(err, printer.ErrClosed):
		return "printer:closed"
	}
	return "printer:error"
}

// PrinterState is called (through Dispatch) when the printer worker's
// state changes: the warning appears before the next ticket and goes away
// when the printer is back.
func (p *Presenter) PrinterState(err error) {
	if errors.Is(err, printer.ErrTimeout) {
		return // unknown is not a reason to alarm anyone
	}
	if (err == nil) == (p.printerErr == nil) && errors.Is(err, p.printerErr) {
		return
	}
	p.printerErr = err
	p.setWanted(PrinterStateName(err))
	p.render()
}

// setWanted records the printer state the server should know and sends
// it in the background when it changed.
func (p *Presenter) setWanted(state string) {
	p.repMu.Lock()
	p.wanted = state
	send := p.wanted != p.reported
	p.repMu.Unlock()
	if send {
		p.sendReport()
	}
}

// heartbeat is how often an unchanged state is reported again.
const heartbeat = time.Minute

func (p *Presenter) retryReport() {
	p.repMu.Lock()
	send := p.wanted != "" && (p.wanted != p.reported || p.o.Now().Sub(p.reportedAt) >= heartbeat)
	p.repMu.Unlock()
	if send {
		p.sendReport()
	}
}

func (p *Presenter) sendReport() {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		p.repMu.Lock()
		defer p.repMu.Unlock() // one report at a time, in order
		state := p.wanted
		if state == p.reported && p.o.Now().Sub(p.reportedAt) < heartbeat {
			return
		}
		ctx, cancel := p.call(p.ctx)
		defer cancel()
		if err := p.o.API.ReportState(ctx, state); err != nil {
			p.o.Log.Warn("kiosk: report printer state", "state", state, "err", err)
			return
		}
		if state != p.reported {
			p.o.Log.Info("kiosk: printer state reported", "state", state)
		}
		p.reported, p.reportedAt = state, p.o.Now()
	}()
}

// Reported is the printer state the server last acknowledged.
func (p *Presenter) Reported() string {
	p.repMu.Lock()
	defer p.repMu.Unlock()
	return p.reported
}

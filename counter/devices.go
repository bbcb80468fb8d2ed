package counter

// Devices: printer and scanner state, tab switch.

import (
	"errors"

	"github.com/motcua/motcua/hardware/printer"
)

// PrinterState shows the printer worker's state (call through Dispatch
// from printer.Config.OnState).
func (p *Presenter) PrinterState(s printer.State) {
	p.v.Printer.Configured = true
	p.v.Printer.Ready = s.Err == nil || (s.Connected && errors.Is(s.Err, printer.ErrTimeout))
	p.v.Printer.Text = printer.Message(s.Err)
	if errors.Is(s.Err, printer.ErrPaperOut) {
		p.v.Printer.Text = "Máy in hết giấy: hãy thay giấy rồi nhấn F10 để in lại."
	}
	p.render()
}

// ScannerState shows whether the serial scanner is connected.
func (p *Presenter) ScannerState(connected bool) {
	p.v.ScannerConfigured = true
	p.v.ScannerConnected = connected
	p.render()
}

// Tab switches the work area.
func (p *Presenter) SetTab(t Tab) {
	if p.v.Tab == t {
		return
	}
	p.v.Tab = t
	switch t {
	case TabDossiers:
		p.refreshList()
	case TabInbox:
		p.RefreshInbox()
	}
	p.render()
}

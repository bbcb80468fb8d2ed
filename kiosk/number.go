package kiosk

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/hardware/printer"
)

// TakeNumber starts the take-a-number flow with fresh waiting figures.
func (p *Presenter) TakeNumber() {
	p.touch()
	if p.v.Busy {
		return
	}
	p.async("", func(ctx context.Context) func() {
		ctx, cancel := p.call(ctx)
		defer cancel()
		svcs, err := p.o.API.Services(ctx)
		return func() {
			if err != nil {
				p.fail(err)
				return
			}
			p.services = svcs
			sectors := p.sectorChoices()
			if len(sectors) == 1 {
				p.sector = sectors[0].ID
				p.show(ScreenServices)
				p.v.Services = p.serviceChoices()
				return
			}
			p.show(ScreenSectors)
			p.v.Sectors = sectors
		}
	})
}

func (p *Presenter) sectorChoices() []Choice {
	var out []Choice
	for _, s := range p.services {
		if !slices.ContainsFunc(out, func(c Choice) bool { return c.ID == s.Sector }) {
			name := s.SectorName
			if p.v.Lang == EN && s.SectorNameEN != "" {
				name = s.SectorNameEN
			}
			if name == "" {
				name = s.Sector
			}
			out = append(out, Choice{ID: s.Sector, Name: name})
		}
	}
	for i := range out {
		n := 0
		for _, s := range p.services {
			if s.Sector == out[i].ID {
				n += s.Waiting
			}
		}
		out[i].Detail = fmt.Sprintf(p.t("service.waiting"), n)
	}
	return out
}

func (p *Presenter) serviceChoices() []ServiceChoice {
	var out []ServiceChoice
	for _, s := range p.services {
		if s.Sector != p.sector {
			continue
		}
		name := s.Name
		if p.v.Lang == EN && s.NameEN != "" {
			name = s.NameEN
		}
		desc := s.Description
		if p.v.Lang == EN && s.DescriptionEN != "" {
			desc = s.DescriptionEN
		}
		out = append(out, ServiceChoice{ID: s.ID, Name: name, Description: desc, Waiting: s.Waiting, EstimatedWait: s.EstimatedWait,
			OpenCounters: s.OpenCounters})
	}
	return out
}

func (p *Presenter) priorityChoices() []Choice {
	out := make([]Choice, 0, len(p.priorities))
	for _, c := range p.priorities {
		name := c.Name
		if p.v.Lang == EN && c.NameEN != "" {
			name = c.NameEN
		}
		out = append(out, Choice{ID: c.ID, Name: name})
	}
	return out
}

// ChooseSector shows the services of a sector.
func (p *Presenter) ChooseSector(id string) {
	p.touch()
	if p.v.Busy {
		return
	}
	p.sector = id
	p.show(ScreenServices)
	p.v.Services = p.serviceChoices()
	p.render()
}

// ChooseService asks about priority groups (or issues at once when the
// centre has none).
func (p *Presenter) ChooseService(id string) {
	p.touch()
	if p.v.Busy {
		return
	}
	p.service = id
	if len(p.priorities) == 0 {
		p.issue("")
		return
	}
	p.show(ScreenPriority)
	p.v.Priorities = p.priorityChoices()
	p.render()
}

// ChoosePriority issues the ticket; id "" is a regular number.
func (p *Presenter) ChoosePriority(id string) {
	p.touch()
	if p.v.Busy {
		return
	}
	p.issue(id)
}

func (p *Presenter) issue(priority string) {
	service, lang := p.service, p.v.Lang
	prioName, prioEN, serviceEN := "", "", ""
	for _, c := range p.priorities {
		if c.ID == priority {
			prioName, prioEN = c.Name, c.NameEN
		}
	}
	for _, s := range p.services {
		if s.ID == service {
			serviceEN = s.NameEN // an older centre's answer has no service_name_en
		}
	}
	p.v.Busy, p.v.BusyText, p.v.Notice = true, p.t("issuing"), ""
	p.render()
	gen := p.gen
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		ctx, cancel := p.call(p.ctx)
		iss, err := p.o.API.Issue(ctx, centre.IssueRequest{Service: service, Priority: priority})
		cancel()
		if err != nil {
			p.o.Dispatch(func() {
				if gen != p.gen {
					return
				}
				p.v.Busy = false
				p.fail(err)
				p.render()
			})
			return
		}
		t := NewTicket(iss, prioName, p.o.PublicURL)
		t.PriorityEN, t.Lang = prioEN, lang
		if t.ServiceNameEN == "" {
			t.ServiceNameEN = serviceEN
		}
		p.o.Log.Info("kiosk: ticket issued", "ticket", t.ID, "number", t.Number, "service", service)
		p.deliver(t, "")
	}()
}

// deliver shows a ticket and prints it (on a background goroutine); notice
// is a kind explanation shown with it (a late check-in).
func (p *Presenter) deliver(t Ticket, notice string) {
	// The number is on screen before the printer starts: a printer
	// problem can never lose it.
	p.o.Dispatch(func() {
		p.gen++ // the ticket screen belongs to this ticket only
		p.v.Busy = false
		p.show(ScreenTicket)
		p.back = nil
		p.v.Ticket, p.v.TicketPrinting, p.v.TicketPrinted = &t, p.o.Printer != nil, false
		p.v.Notice = notice
		p.render()
	})
	perr := p.print(t)
	p.o.Dispatch(func() {
		if perr == nil {
			p.printerErr = nil
		} else if !errors.Is(perr, errNoPrinter) {
			p.o.Log.Warn("kiosk: ticket not printed, shown on screen", "ticket", t.ID, "err", perr)
			p.printerErr = reason(perr)
		}
		if p.v.Ticket != nil && p.v.Ticket.ID == t.ID {
			p.v.TicketPrinting, p.v.TicketPrinted = false, perr == nil
			p.deadline = p.o.Now().Add(p.o.TicketHold)
		}
		p.setWanted(PrinterStateName(p.printerErr))
		p.render()
	})
}

// reason keeps the printer's typed reason of a failed job.
func reason(err error) error {
	var je *printer.JobError
	if errors.As(err, &je) && je.Reason != nil {
		return je.Reason
	}
	return err
}

func (p *Presenter) print(t Ticket) error {
	if p.o.Printer == nil {
		return errNoPrinter
	}
	data, err := PrintTicket(p.o.Profile, p.centreName, t)
	if err != nil {
		p.o.Log.Error("kiosk: ticket layout", "err", err)
	}
	ctx, cancel := context.WithTimeout(p.ctx, p.o.PrintTimeout)
	defer cancel()
	return p.o.Printer.Print(ctx, data)
}

// SetCentreName sets the name printed on tickets.
func (p *Presenter) SetCentreName(name string) { p.centreName = name }

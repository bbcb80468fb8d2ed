package kiosk

import (
	"strconv"
	"strings"

	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/queue"
)

// ServiceNameIn is the service's name in lang: the English name when the
// centre gave one, else the Vietnamese (a proper name then).
func (t Ticket) ServiceNameIn(lang Lang) string {
	if lang == EN && t.ServiceNameEN != "" {
		return t.ServiceNameEN
	}
	return t.ServiceName
}

// PriorityIn is the priority group's name in lang.
func (t Ticket) PriorityIn(lang Lang) string {
	if lang == EN && t.PriorityEN != "" {
		return t.PriorityEN
	}
	return t.Priority
}

// printTicketEN is the paper of a number taken in English: the same
// layout as the Vietnamese ticket, every line in English but the centre's
// name. The paper is the citizen's, who chose English; the officers read
// the number, the service and the priority on their own screens
// (docs/ENGLISH.md, "Printed papers").
func printTicketEN(p escpos.Profile, centreName string, t Ticket) ([]byte, error) {
	at := t.IssuedAt.In(queue.Loc)
	d := escpos.NewDoc(p).Center()
	if centreName != "" {
		d.Bold(true).Text(strings.ToUpper(centreName)).Bold(false)
	}
	d.Separator().
		Title("QUEUE NUMBER").
		Center().Bold(true).Size(4, 4).Text(t.Number).Size(1, 1).Bold(false)
	if t.Priority != "" {
		d.Bold(true).Text("Priority: " + t.PriorityIn(EN)).Bold(false)
	}
	d.Text(t.ServiceNameIn(EN))
	if len(t.Counters) > 0 {
		d.Text("Counters: " + CounterList(t.Counters))
	}
	d.Left().
		Line("People ahead of you:", strconv.Itoa(t.Ahead)).
		Line("Estimated wait:", WaitText(EN, t.Ahead, t.OpenCounters, t.EstimatedWait, "ticket.minutes")).
		Line("Issued at:", at.Format("15:04 02/01/2006")).
		Feed(1).Center().
		QR(t.TrackURL).
		Text(T(EN, "ticket.scan")).
		Separator().
		Text("No personal data on this ticket. The number is valid today only; if your turn has passed, please ask at the information desk.").
		Cut()
	return d.Bytes(), d.Err()
}

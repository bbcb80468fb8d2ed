package engine

import (
	"context"
	"time"

	"github.com/motcua/motcua/queue"
)

// TicketView is a ticket with where it stands now.
type TicketView struct {
	queue.Ticket
	ServiceName   string `json:"service_name"`
	StatusLabel   string `json:"status_label"`
	Ahead         int    `json:"ahead"`
	EstimatedWait int    `json:"estimated_wait_min"`
	CounterNumber int    `json:"counter_number,omitempty"`
	CounterName   string `json:"counter_name,omitempty"`
}

// View is a ticket with where it stands now: people ahead and the wait
// estimate while it waits, its service's and counter's names.
func (e *Engine) View(ctx context.Context, t queue.Ticket) (TicketView, error) {
	v := TicketView{Ticket: t, StatusLabel: t.Status.Label()}
	if sv, ok := e.Config().Service(t.Service); ok {
		v.ServiceName = sv.Name
	}
	if k, ok := e.Config().Counter(t.Counter); ok {
		v.CounterNumber, v.CounterName = k.Number, k.Name
	}
	if t.Status == queue.Waiting {
		n, err := e.db.AheadOf(ctx, t)
		if err != nil {
			return v, err
		}
		open, _ := e.openCounters(t.Service)
		v.Ahead = n
		v.EstimatedWait = int(queue.EstimateWait(n, open, e.mean(t.Service)) / time.Minute)
	}
	return v, nil
}

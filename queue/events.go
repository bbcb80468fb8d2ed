package queue

import (
	"fmt"
	"time"
)

// Event kinds. Every state change of a ticket or counter is one event.
const (
	EvIssued      = "ticket.issued"
	EvCalled      = "ticket.called"
	EvRecalled    = "ticket.recalled"
	EvStarted     = "ticket.started"
	EvFinished    = "ticket.finished"
	EvNoShow      = "ticket.no_show"
	EvCancelled   = "ticket.cancelled"
	EvTransferred = "ticket.transferred"
	EvRedirected  = "ticket.redirected"
	EvParked      = "ticket.parked"
	EvResumed     = "ticket.resumed"
	EvReactivated = "ticket.reactivated"
	EvCounterOpen = "counter.opened"
	EvCounterShut = "counter.closed"
	EvPaused      = "counter.paused"
	EvUnpaused    = "counter.resumed"
	EvNotice      = "notice"
)

// OpEvent maps a ticket operation to its event kind.
var OpEvent = map[Op]string{
	OpCall: EvCalled, OpRecall: EvRecalled, OpStart: EvStarted, OpFinish: EvFinished,
	OpNoShow: EvNoShow, OpCancel: EvCancelled, OpTransfer: EvTransferred, OpRedirect: EvRedirected,
	OpPark: EvParked, OpResume: EvResumed, OpReactivate: EvReactivated,
}

// Event is one numbered change, carrying everything a board needs to render
// it (no notify-then-fetch). It is both the event-log row and the WebSocket
// message.
type Event struct {
	Seq           int64     `json:"seq"`
	At            time.Time `json:"at"`
	Kind          string    `json:"kind"`
	TicketID      string    `json:"ticket_id,omitempty"`
	Number        string    `json:"number,omitempty"`
	Service       string    `json:"service,omitempty"`
	ServiceName   string    `json:"service_name,omitempty"`
	Priority      string    `json:"priority,omitempty"`
	Counter       string    `json:"counter,omitempty"`
	CounterNumber int       `json:"counter_number,omitempty"`
	CounterName   string    `json:"counter_name,omitempty"`
	Officer       string    `json:"officer,omitempty"`
	Reason        string    `json:"reason,omitempty"`
	Recalls       int       `json:"recalls,omitempty"`
	// Waiting is the waiting count, after this event, of each service whose
	// count it changed.
	Waiting map[string]int `json:"waiting,omitempty"`
	// Text is the sentence to show or speak for calls and notices.
	Text string `json:"text,omitempty"`
	// TextEN is a notice's English (EvNotice), for boards in English.
	TextEN string `json:"text_en,omitempty"`
}

// IsCall reports whether a board announces this event.
func (e Event) IsCall() bool { return e.Kind == EvCalled || e.Kind == EvRecalled }

// CallText is the hall announcement.
func CallText(number string, counterNumber int) string {
	return fmt.Sprintf("Xin mời công dân có số thứ tự %s đến quầy số %d", number, counterNumber)
}

// Call is a number shown on a board.
type Call struct {
	TicketID      string    `json:"ticket_id"`
	Number        string    `json:"number"`
	Service       string    `json:"service"`
	ServiceName   string    `json:"service_name"`
	Counter       string    `json:"counter"`
	CounterNumber int       `json:"counter_number"`
	CounterName   string    `json:"counter_name"`
	At            time.Time `json:"at"`
	Status        Status    `json:"status"`
}

// ServiceState is a service with its live figures.
type ServiceState struct {
	Service
	SectorName    string `json:"sector_name"`
	SectorNameEN  string `json:"sector_name_en,omitempty"`
	Waiting       int    `json:"waiting"`
	EstimatedWait int    `json:"estimated_wait_min"`
	OpenCounters  int    `json:"open_counters"`
}

// CounterLive is a counter's live state.
type CounterLive struct {
	ID      string   `json:"id"`
	Number  int      `json:"number"`
	Name    string   `json:"name"`
	NameEN  string   `json:"name_en,omitempty"` // "" when the config has none
	Status  string   `json:"status"`            // open, paused, closed
	Reason  string   `json:"reason,omitempty"`
	Officer string   `json:"officer,omitempty"`
	Current *Call    `json:"current,omitempty"`
	Serves  []string `json:"services"`
}

// Snapshot is the full board state at event Seq.
type Snapshot struct {
	Seq        int64          `json:"seq"`
	At         time.Time      `json:"at"`
	CentreName string         `json:"centre_name"`
	Notice     string         `json:"notice"`
	NoticeEN   string         `json:"notice_en,omitempty"`
	Services   []ServiceState `json:"services"`
	Counters   []CounterLive  `json:"counters"`
	Recent     []Call         `json:"recent"` // newest first, at most 10
}

// Message is the WebSocket frame: a snapshot, an event, or "resumed" (the
// replay after ?since= is complete; Seq is where it ended).
type Message struct {
	Type     string    `json:"type"` // "snapshot", "event" or "resumed"
	Seq      int64     `json:"seq,omitempty"`
	Snapshot *Snapshot `json:"snapshot,omitempty"`
	Event    *Event    `json:"event,omitempty"`
}

// CounterNameEN is c's name on an English screen: its English name, or
// "Counter N" when the config has none.
func CounterNameEN(c CounterLive) string {
	if c.NameEN != "" {
		return c.NameEN
	}
	return fmt.Sprintf("Counter %d", c.Number)
}

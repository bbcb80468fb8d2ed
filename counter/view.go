package counter

// View types: what the presenter hands the UI to draw.

import (
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
)

// Screen is the top-level screen.
type Screen string

const (
	ScreenLogin Screen = "login"
	ScreenMain  Screen = "main"
)

// Tab is the work area next to the queue panel.
type Tab string

const (
	TabReceive  Tab = "receive"
	TabDossiers Tab = "dossiers"
	TabInbox    Tab = "inbox"
)

// Ticket is the number being served at this counter.
type Ticket struct {
	ID          string
	Number      string
	Service     string
	ServiceName string
	// ServiceNameEN is the service's English name ("" when the config has
	// none), shown in English mode.
	ServiceNameEN string
	Status        queue.Status
	Recalls       int
	Priority      string // category id ("" for a regular number)
	// PriorityName is the category's name ("Người cao tuổi"), shown on the
	// queue panel so the officer knows why this citizen came first.
	PriorityName string
}

// ServiceWaiting is a waiting count on the queue panel.
type ServiceWaiting struct {
	ID      string
	Name    string
	NameEN  string // shown in English mode when set
	Waiting int
	Mine    bool // this counter serves it
}

// Choice is a target for a transfer (service) or a redirect (counter).
type Choice struct {
	ID   string
	Name string
	// NameEN is its name in English mode: the service's English name ("" when
	// the config has none: Name then), the counter's name_en or "Counter N".
	NameEN string
}

// Queue is the always-visible queue panel.
type Queue struct {
	Current     *Ticket
	Paused      bool
	PauseReason string
	Waiting     []ServiceWaiting // this counter's services first
	WaitingMine int
	Services    []Choice // transfer targets
	Counters    []Choice // redirect targets (other counters)
	Parked      []Ticket // this counter's parked numbers (park.go)
}

// ComponentLine is one line of the components checklist.
type ComponentLine struct {
	Name      string
	Received  bool
	Originals int
	Copies    int
	Note      string
}

// FeeLine is a fee of the procedure; Paid means collected at the counter.
type FeeLine struct {
	Name   string
	Amount int64
	Paid   bool
}

// Form is the dossier being received.
type Form struct {
	Name, IDNumber, DOB, Gender, Address, Phone, Email string
	FromCCCD                                           bool // applicant filled by a card scan

	ProcQuery   string
	Results     []dossier.Procedure
	ResultsFor  string // the query Results answer
	Procedure   *dossier.Procedure
	Components  []ComponentLine
	Fees        []FeeLine
	Appointment *Appointment // server preview for "received now"

	Override       bool
	OverrideAt     string // "dd/mm/yyyy hh:mm"
	OverrideReason string
	ReturnMethod   dossier.ReturnMethod
	ReturnPlace    dossier.ReturnPlace // "" = where it is received
	ReturnAddress  string              // by post: where to (default: the applicant's address)
	Summary        string
}

// Paper is a printed document and what became of its printing.
type Paper struct {
	Kind     string // "receipt" or "slip"
	Code     string
	Printing bool
	Printed  bool
	Error    string // Vietnamese; the paper can be reprinted
}

// ListFilter is the dossier list's filter as the officer sets it.
type ListFilter struct {
	Status      dossier.Status // 0 = every status
	DueToday    bool
	Late        bool
	Query       string
	AllCounters bool
}

// List is the dossier list tab.
type List struct {
	Filter   ListFilter
	Items    []ListItem
	Selected *centre.DossierView
	Actions  []ActionDef // for Selected
	// ReturnAt names the receiving centre that hands Selected's result
	// over (a forwarded dossier collected there): no "Trả kết quả" here.
	ReturnAt string
}

// PrinterView is the printer line of the status bar.
type PrinterView struct {
	Configured bool
	Ready      bool
	Text       string
}

// View is everything the UI draws.
type View struct {
	Screen Screen
	Tab    Tab
	Busy   bool
	// BusyText says what is in flight.
	BusyText string
	// Error (red) and Info (neutral) are the message line.
	Error string
	Info  string

	LoginUser  string
	LoginError string
	// Leave: the officer asked to sign out (or close the app) with a number
	// at the counter; the window asks what becomes of it (leave.go).
	Leave *LeaveAsk

	CentreName           string
	Officer, OfficerName string
	Counter, CounterName string
	// CounterNameEN is the counter's name in English mode, from the
	// snapshot: its name_en, else "Counter N" ("" before the snapshot).
	CounterNameEN string
	Connected     bool
	Queue         Queue
	Form          Form
	Saved         *centre.DossierView // the dossier saved last (reprint)
	Paper         *Paper              // the last printing
	// PaperOld: Saved/Paper belong to an earlier citizen (a new number was
	// called since): their success line is not shown, F10 still reprints.
	PaperOld          bool
	List              List
	Inbox             InboxView
	Printer           PrinterView
	ScannerConnected  bool
	ScannerConfigured bool
}

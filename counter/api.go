package counter

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
)

// API is what the counter needs from the centre server. *client.Client has
// the queue calls; NewAPI adds the dossier endpoints on top of it.
type API interface {
	Login(ctx context.Context, username, password, counter string) (client.LoginResult, error)
	Logout(ctx context.Context) error
	SetToken(token string)
	CallNext(ctx context.Context, counter, service string) (centre.TicketView, bool, error)
	Act(ctx context.Context, id string, op queue.Op, service, counter string) (centre.TicketView, error)
	Pause(ctx context.Context, counter, reason string) error
	Resume(ctx context.Context, counter string) error
	Subscribe(ctx context.Context, o client.SubscribeOptions, h client.Handler) error
	ReportState(ctx context.Context, state string) error
	Priorities(ctx context.Context) ([]queue.PriorityCategory, error)
	Settings(ctx context.Context) (centre.Settings, error)

	SearchProcedures(ctx context.Context, q string, limit int) ([]dossier.Procedure, error)
	Appointment(ctx context.Context, procedureCode string) (Appointment, error)
	Receive(ctx context.Context, req ReceiveRequest) (centre.DossierView, error)
	Dossier(ctx context.Context, code string) (centre.DossierView, error)
	Dossiers(ctx context.Context, f APIListFilter) ([]ListItem, error)
	DossierAction(ctx context.Context, code, action string, body ActionBody) (centre.DossierView, error)

	// The inbox (inbox.go): online submissions and forwarded dossiers.
	Inbox(ctx context.Context, status string) ([]client.InboxItem, error)
	// InboxPage is one cursor page with the true counts (inbox_paging.go).
	InboxPage(ctx context.Context, status, cursor string, limit int) (client.InboxList, error)
	AcceptInbox(ctx context.Context, id int64, a client.InboxAccept) (centre.DossierView, error)
	ReturnInbox(ctx context.Context, id int64, reason string) error

	// RatingPad: whether this counter has a working rating pad
	// (GET /api/v1/pad/present; false when the server has no pads).
	RatingPad(ctx context.Context) (bool, error)
}

// Appointment is the server's preview of the appointment for a procedure
// received now.
type Appointment struct {
	At         time.Time `json:"appointment_at"`
	Text       string    `json:"text"`
	Processing string    `json:"processing"`
	// DecidingAgency decides the procedure; Forwarded: it is another
	// centre's, the dossier is forwarded there (liên thông) and the result
	// may be collected there.
	DecidingAgency string `json:"deciding_agency"`
	Forwarded      bool   `json:"forwarded"`
}

// ReceiveRequest is POST /api/v1/dossiers.
type ReceiveRequest struct {
	ProcedureCode     string                      `json:"procedure_code"`
	Applicant         dossier.Applicant           `json:"applicant"`
	Channel           dossier.Channel             `json:"channel"`
	Components        []dossier.ComponentReceived `json:"components"`
	Fees              []dossier.FeePaid           `json:"fees"`
	ReturnMethod      dossier.ReturnMethod        `json:"return_method"`
	ReturnPlace       dossier.ReturnPlace         `json:"return_place,omitempty"`
	ReturnAddress     string                      `json:"return_address,omitempty"`
	TicketID          string                      `json:"ticket_id,omitempty"`
	Summary           string                      `json:"summary,omitempty"`
	AppointmentAt     *time.Time                  `json:"appointment_at,omitempty"`
	AppointmentReason string                      `json:"appointment_reason,omitempty"`
}

// APIListFilter is the query of GET /api/v1/dossiers.
type APIListFilter struct {
	Statuses []dossier.Status
	DueToday bool
	Late     bool
	Query    string // dossier code (or part) or an ID number
	Counter  string // "" = every counter
}

// ListItem is one row of GET /api/v1/dossiers.
type ListItem struct {
	Dossier     dossier.Dossier `json:"dossier"`
	Late        bool            `json:"late"`
	StatusLabel string          `json:"status_label"`
	Version     int64           `json:"version"`
}

// ActionBody is the body of POST /api/v1/dossiers/{code}/{action}; each
// action reads the fields it needs.
type ActionBody struct {
	Missing        []string             `json:"missing,omitempty"`
	Reason         string               `json:"reason,omitempty"`
	Deadline       *time.Time           `json:"deadline,omitempty"`
	Fees           []dossier.FeePaid    `json:"fees,omitempty"`
	CollectedBy    string               `json:"collected_by,omitempty"`
	IDChecked      bool                 `json:"id_checked,omitempty"`
	Method         dossier.ReturnMethod `json:"method,omitempty"`
	NewAppointment *time.Time           `json:"new_appointment,omitempty"`
	Result         string               `json:"result,omitempty"`
	Attempt        int                  `json:"attempt,omitempty"` // resend-handover: the refused attempt on screen
	Place          string               `json:"place,omitempty"`   // resend-handover: the place of return
}

type clientAPI struct{ *client.Client }

// NewAPI wraps the typed centre client.
func NewAPI(c *client.Client) API { return clientAPI{c} }

func (a clientAPI) RatingPad(ctx context.Context) (bool, error) {
	var r struct {
		Pad bool `json:"pad"`
	}
	if _, err := a.Do(ctx, "GET", "/api/v1/pad/present", nil, &r); err != nil {
		return false, err
	}
	return r.Pad, nil
}

func (a clientAPI) SearchProcedures(ctx context.Context, q string, limit int) ([]dossier.Procedure, error) {
	var out []dossier.Procedure
	v := url.Values{"q": {q}, "limit": {strconv.Itoa(limit)}}
	_, err := a.Do(ctx, "GET", "/api/v1/procedures?"+v.Encode(), nil, &out)
	return out, err
}

func (a clientAPI) Appointment(ctx context.Context, code string) (Appointment, error) {
	var out Appointment
	_, err := a.Do(ctx, "POST", "/api/v1/dossiers/appointment", map[string]string{"procedure_code": code}, &out)
	return out, err
}

func (a clientAPI) Receive(ctx context.Context, req ReceiveRequest) (centre.DossierView, error) {
	var out centre.DossierView
	_, err := a.Do(ctx, "POST", "/api/v1/dossiers", req, &out)
	return out, err
}

func (a clientAPI) Dossier(ctx context.Context, code string) (centre.DossierView, error) {
	var out centre.DossierView
	_, err := a.Do(ctx, "GET", "/api/v1/dossiers/"+url.PathEscape(code), nil, &out)
	return out, err
}

func (a clientAPI) Dossiers(ctx context.Context, f APIListFilter) ([]ListItem, error) {
	v := url.Values{}
	if len(f.Statuses) > 0 {
		s := make([]string, len(f.Statuses))
		for i, st := range f.Statuses {
			s[i] = strconv.Itoa(int(st))
		}
		v.Set("status", strings.Join(s, ","))
	}
	if f.DueToday {
		v.Set("due", "today")
	}
	if f.Late {
		v.Set("late", "1")
	}
	if f.Query != "" {
		v.Set("q", f.Query)
	}
	if f.Counter != "" {
		v.Set("counter", f.Counter)
	}
	var out []ListItem
	_, err := a.Do(ctx, "GET", "/api/v1/dossiers?"+v.Encode(), nil, &out)
	return out, err
}

func (a clientAPI) DossierAction(ctx context.Context, code, action string, body ActionBody) (centre.DossierView, error) {
	var out centre.DossierView
	_, err := a.Do(ctx, "POST", "/api/v1/dossiers/"+url.PathEscape(code)+"/"+url.PathEscape(action), body, &out)
	return out, err
}

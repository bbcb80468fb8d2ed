package kiosk

import (
	"context"
	"net/url"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

// API is what the kiosk needs from the centre server. *client.Client gives
// the queue calls; NewAPI adds the dossier lookup and rating calls.
type API interface {
	Services(ctx context.Context) ([]queue.ServiceState, error)
	Priorities(ctx context.Context) ([]queue.PriorityCategory, error)
	Counters(ctx context.Context) ([]queue.CounterLive, error)
	Issue(ctx context.Context, req centre.IssueRequest) (centre.Issued, error)
	ReportState(ctx context.Context, state string) error
	LookupDossier(ctx context.Context, code string) (Dossier, error)
	LookupByCCCD(ctx context.Context, raw string) ([]Dossier, error)
	Rate(ctx context.Context, r Rating) error
}

// Dossier is the public, masked view of a dossier the kiosk shows
// (GET /api/v1/lookup/dossiers/{code}). It never holds an ID number,
// address or phone; Applicant is already masked by the server.
type Dossier struct {
	Code          string    `json:"code"`
	ProcedureName string    `json:"procedure_name"`
	ReceivedAt    time.Time `json:"received_at"`
	AppointmentAt time.Time `json:"appointment_at"`
	Status        int       `json:"status"`
	StatusLabel   string    `json:"status_label"`
	StatusExplain string    `json:"status_explain"`
	Late          bool      `json:"late"`
	Applicant     string    `json:"applicant"`
	Timeline      []Step    `json:"timeline"`
	Missing       []string  `json:"missing"`
	Collect       string    `json:"collect"`
}

// Step is one line of a dossier's timeline.
type Step struct {
	At    time.Time `json:"at"`
	Label string    `json:"label"`
}

// Rating is POST /api/v1/ratings. Level: 1 Rất hài lòng, 2 Hài lòng,
// 3 Không hài lòng (reasons required).
type Rating struct {
	TicketID    string   `json:"ticket_id,omitempty"`
	DossierCode string   `json:"dossier_code,omitempty"`
	Counter     string   `json:"counter,omitempty"`
	Level       int      `json:"level"`
	Reasons     []string `json:"reasons,omitempty"`
	Comment     string   `json:"comment,omitempty"`
}

// CodeAlreadyRated is the server's refusal of a second rating.
const CodeAlreadyRated = "already_rated"

type clientAPI struct{ *client.Client }

// NewAPI wraps the typed centre client.
func NewAPI(c *client.Client) API { return clientAPI{c} }

func (a clientAPI) LookupDossier(ctx context.Context, code string) (Dossier, error) {
	var d Dossier
	_, err := a.Do(ctx, "GET", "/api/v1/lookup/dossiers/"+url.PathEscape(code), nil, &d)
	return d, err
}

func (a clientAPI) LookupByCCCD(ctx context.Context, raw string) ([]Dossier, error) {
	var out []Dossier
	_, err := a.Do(ctx, "POST", "/api/v1/lookup/dossiers/by-cccd", map[string]string{"cccd": raw}, &out)
	return out, err
}

func (a clientAPI) Rate(ctx context.Context, r Rating) error {
	_, err := a.Do(ctx, "POST", "/api/v1/ratings", r, nil)
	return err
}

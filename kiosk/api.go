package kiosk

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/petition"
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
	// LookupDossier looks a dossier up by code; token is the receipt QR's
	// (empty for a typed code: the answer then holds no applicant name).
	LookupDossier(ctx context.Context, code, token string) (Dossier, error)
	LookupByCCCD(ctx context.Context, raw string) ([]Dossier, error)
	RatingScale(ctx context.Context) (RatingScale, error)
	// RatingSubject says what a scanned QR rates (number and counter)
	// before the question; it refuses a paper already rated.
	RatingSubject(ctx context.Context, r Rating) (centre.RatingSubject, error)
	Rate(ctx context.Context, r Rating) error
	// CheckInBooking turns an online booking into a ticket: codeOrScan is
	// the code as typed or the booking QR's text; CheckInBookingByCCCD
	// finds today's booking of an ID number (package booking).
	CheckInBooking(ctx context.Context, codeOrScan string) (client.BookingCheckIn, error)
	CheckInBookingByCCCD(ctx context.Context, cccd string) (client.BookingCheckIn, error)
	// SubmitPetition sends a citizen's question or petition and returns
	// its id (package petition).
	SubmitPetition(ctx context.Context, sub petition.Submission) (string, error)
}

// Dossier is the public, masked view of a dossier the kiosk shows
// (GET /api/v1/lookup/dossiers/{code}): the server's own type, so the
// kiosk reads exactly what it sends. It never holds an ID number, address
// or phone; Applicant is already masked by the server.
type Dossier = centre.PublicDossier

// Step is one line of a dossier's timeline.
type Step = centre.TimelineStep

// Rating is POST /api/v1/ratings: exactly one of TicketID and DossierCode
// with the rating token of its QR, a level of the server's scale, reasons
// from its list and an optional free-text comment (a low level needs a
// reason or a comment).
type Rating struct {
	TicketID    string   `json:"ticket_id,omitempty"`
	DossierCode string   `json:"dossier_code,omitempty"`
	Token       string   `json:"token,omitempty"`
	Counter     string   `json:"counter,omitempty"`
	Level       int      `json:"level"`
	Reasons     []string `json:"reasons,omitempty"`
	Comment     string   `json:"comment,omitempty"`
}

// RatingScale is GET /api/v1/ratings/scale: the question, the levels
// (value 1 is the best) and the reasons offered for a low level.
type RatingScale struct {
	Question string        `json:"question"`
	Levels   []RatingLevel `json:"levels"`
	Reasons  []string      `json:"reasons"`
}

// RatingLevel is one answer of the scale; Low asks for a reason.
type RatingLevel struct {
	Value int    `json:"value"`
	Label string `json:"label"`
	Low   bool   `json:"low"`
}

// DefaultScale is used when the server's scale cannot be had: the
// three-level scale and reasons of package dossier, which the server
// accepts by default.
func DefaultScale() RatingScale {
	s := RatingScale{Question: dossier.RatingQuestion, Reasons: append([]string(nil), dossier.RatingReasons...)}
	for _, l := range dossier.Scale3().Levels {
		s.Levels = append(s.Levels, RatingLevel{Value: l.Value, Label: l.Label, Low: l.Low})
	}
	return s
}

// ErrBadScale is wrapped when the server's scale cannot be shown.
var ErrBadScale = errors.New("kiosk: unusable rating scale")

// Validate checks that a scale can be drawn: 2 to 7 levels with distinct
// values and labels, and a short list of non-empty reasons.
func (s RatingScale) Validate() error {
	if len(s.Levels) < 2 || len(s.Levels) > 7 {
		return fmt.Errorf("%w: %d levels", ErrBadScale, len(s.Levels))
	}
	seen := map[int]bool{}
	for _, l := range s.Levels {
		if seen[l.Value] || strings.TrimSpace(l.Label) == "" {
			return fmt.Errorf("%w: level %d repeated or unlabelled", ErrBadScale, l.Value)
		}
		seen[l.Value] = true
	}
	if len(s.Reasons) > 12 {
		return fmt.Errorf("%w: %d reasons", ErrBadScale, len(s.Reasons))
	}
	for _, r := range s.Reasons {
		if strings.TrimSpace(r) == "" {
			return fmt.Errorf("%w: empty reason", ErrBadScale)
		}
	}
	return nil
}

// Level returns the level of value v.
func (s RatingScale) Level(v int) (RatingLevel, bool) {
	for _, l := range s.Levels {
		if l.Value == v {
			return l, true
		}
	}
	return RatingLevel{}, false
}

type clientAPI struct{ *client.Client }

// NewAPI wraps the typed centre client.
func NewAPI(c *client.Client) API { return clientAPI{c} }

func (a clientAPI) LookupDossier(ctx context.Context, code, token string) (Dossier, error) {
	var d Dossier
	path := "/api/v1/lookup/dossiers/" + url.PathEscape(code)
	if token != "" {
		path += "?r=" + url.QueryEscape(token)
	}
	_, err := a.Do(ctx, "GET", path, nil, &d)
	return d, err
}

func (a clientAPI) LookupByCCCD(ctx context.Context, raw string) ([]Dossier, error) {
	var out []Dossier
	_, err := a.Do(ctx, "POST", "/api/v1/lookup/dossiers/by-cccd", map[string]string{"cccd": raw}, &out)
	return out, err
}

func (a clientAPI) RatingScale(ctx context.Context) (RatingScale, error) {
	var s RatingScale
	if _, err := a.Do(ctx, "GET", "/api/v1/ratings/scale", nil, &s); err != nil {
		return RatingScale{}, err
	}
	return s, s.Validate()
}

func (a clientAPI) RatingSubject(ctx context.Context, r Rating) (centre.RatingSubject, error) {
	var s centre.RatingSubject
	_, err := a.Do(ctx, "POST", "/api/v1/ratings/subject", Rating{TicketID: r.TicketID, DossierCode: r.DossierCode, Token: r.Token}, &s)
	return s, err
}

func (a clientAPI) Rate(ctx context.Context, r Rating) error {
	_, err := a.Do(ctx, "POST", "/api/v1/ratings", r, nil)
	return err
}

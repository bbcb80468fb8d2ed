package display

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"time"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad/padwire"
)

// PadClient is the pad's API over a centre client holding the pad's
// device token.
type PadClient struct{ C *client.Client }

// PadState is GET /api/v1/pad/state.
func (p PadClient) PadState(ctx context.Context) (padwire.State, error) {
	var st padwire.State
	_, err := p.C.Do(ctx, "GET", "/api/v1/pad/state", nil, &st)
	return st, err
}

// PadStateWait is the long-poll of GET /api/v1/pad/state: the answer
// comes when the state differs from version since, or after wait (at most
// ratingpad.MaxWait, 8 s, under the client's 10 s timeout).
func (p PadClient) PadStateWait(ctx context.Context, since string, wait time.Duration) (padwire.State, error) {
	var st padwire.State
	q := url.Values{"since": {since}, "wait": {strconv.Itoa(int(wait / time.Second))}}
	_, err := p.C.Do(ctx, "GET", "/api/v1/pad/state?"+q.Encode(), nil, &st)
	return st, err
}

// PadRate is POST /api/v1/pad/rate.
func (p PadClient) PadRate(ctx context.Context, req padwire.RateRequest) error {
	var res padwire.RateResult
	_, err := p.C.Do(ctx, "POST", "/api/v1/pad/rate", req, &res)
	return err
}

// ReportState tells the centre the pad is alive (the console's "last seen").
func (p PadClient) ReportState(ctx context.Context, state string) error {
	return p.C.ReportState(ctx, state)
}

// AlreadyRated tells a refusal because the ticket was rated already.
func AlreadyRated(err error) bool { return client.IsCode(err, queue.CodeConflict) }

// PadMessage is the text the pad shows for err: the server's Vietnamese
// (or English) message, or "cannot reach the server".
func PadMessage(en bool) func(error) string {
	return func(err error) string {
		var ce *client.Error
		if errors.As(err, &ce) {
			if en && ce.MessageEN != "" {
				return ce.MessageEN
			}
			if ce.Message != "" {
				return ce.Message
			}
		}
		if en {
			return "Cannot reach the centre server; retrying…"
		}
		return "Không kết nối được máy chủ của Trung tâm, đang thử lại…"
	}
}

package client

import (
	"context"

	"github.com/motcua/motcua/petition"
)

// SubmitPetition sends a citizen's question or petition (kiosk token) and
// returns its id. Refusals are *Error with the Vietnamese message to show
// (codes invalid, too_large, rate_limited).
func (c *Client) SubmitPetition(ctx context.Context, sub petition.Submission) (string, error) {
	var out struct {
		ID string `json:"id"`
	}
	_, err := c.Do(ctx, "POST", "/api/v1/petitions", sub, &out)
	return out.ID, err
}

// PublicAnswers reads the answers the centre made public (no token needed).
func (c *Client) PublicAnswers(ctx context.Context) ([]petition.PublicAnswer, error) {
	var out []petition.PublicAnswer
	_, err := c.Do(ctx, "GET", "/api/v1/hoi-dap", nil, &out)
	return out, err
}

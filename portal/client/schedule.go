package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

// MaxScheduleBytes bounds the holiday schedule read from the portal.
const MaxScheduleBytes = 256 << 10

// ErrNoSchedule: the portal has not published a holiday schedule.
var ErrNoSchedule = errors.New("portal: no holiday schedule published")

// HolidaySchedule fetches the schedule the province publishes (GET /api/v1/lich-nghi). With
// the ETag of the copy already held, an unchanged schedule answers notModified and no body.
// The body is not trusted: the caller validates it.
func (c *Client) HolidaySchedule(ctx context.Context, etag string) (body []byte, newETag string, notModified bool, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL+"/api/v1/lich-nghi", nil)
	if err != nil {
		return nil, "", false, err
	}
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", false, fmt.Errorf("portal: %w", err)
	}
	defer resp.Body.Close()
	switch resp.StatusCode {
	case http.StatusNotModified:
		return nil, etag, true, nil
	case http.StatusNotFound:
		return nil, "", false, ErrNoSchedule
	case http.StatusOK:
	default:
		return nil, "", false, fmt.Errorf("portal: holiday schedule: HTTP %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, MaxScheduleBytes+1))
	if err != nil {
		return nil, "", false, fmt.Errorf("portal: read holiday schedule: %w", err)
	}
	if len(b) > MaxScheduleBytes {
		return nil, "", false, fmt.Errorf("portal: holiday schedule over %d bytes", MaxScheduleBytes)
	}
	return b, resp.Header.Get("ETag"), false, nil
}

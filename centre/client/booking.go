package client

import (
	"context"
	"net/url"

	"github.com/motcua/motcua/centre"
)

// BookingCheckIn is a booking checked in at the kiosk: the ticket as Issue
// gives it, and whether the citizen came late (then an ordinary ticket,
// with Notice to show). See docs/API.md, "Online bookings".
type BookingCheckIn struct {
	centre.Issued
	Late   bool   `json:"late"`
	Notice string `json:"notice,omitempty"`
}

// CheckInBooking turns a booking into a ticket: codeOrScan is the code as
// the citizen typed it or the text the scanner read from the booking QR.
func (c *Client) CheckInBooking(ctx context.Context, codeOrScan string) (BookingCheckIn, error) {
	var out BookingCheckIn
	_, err := c.Do(ctx, "POST", "/api/v1/bookings/"+url.PathEscape(codeOrScan)+"/check-in", nil, &out)
	return out, err
}

// CheckInBookingByCCCD checks in today's booking of a citizen identity number.
func (c *Client) CheckInBookingByCCCD(ctx context.Context, cccd string) (BookingCheckIn, error) {
	var out BookingCheckIn
	_, err := c.Do(ctx, "POST", "/api/v1/bookings/check-in-by-cccd", map[string]string{"cccd": cccd}, &out)
	return out, err
}

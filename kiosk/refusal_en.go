package kiosk

import (
	"strings"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

// refusalEN is what the English screen says of a refusal by the server.
// The server's message_en is written for logs ("service Đăng ký hộ tịch
// reached its daily cap of 5 tickets": terse, with the Vietnamese service
// name), except for the opening hours, whose English is the citizen's; the
// other codes get the kiosk's own sentence.
func refusalEN(ce *client.Error) string {
	switch queue.Code(ce.Code) {
	case queue.CodeClosed:
		if ce.MessageEN != "" {
			return ce.MessageEN
		}
		return textEN["error.closed"]
	case queue.CodeCapReached:
		return textEN["error.cap"]
	case queue.CodeRateLimited:
		return textEN["error.busy"]
	case queue.CodeInvalid:
		return textEN["error.invalid"]
	}
	return textEN["error.generic"]
}

func init() {
	for k, s := range map[string]string{
		"error.closed":  "Numbers are issued only during opening hours. Please come back when the centre is open.",
		"error.cap":     "There are no more numbers for this service today. Please come back on the next working day.",
		"error.busy":    "Too many requests at once. Please wait a moment and try again.",
		"error.invalid": "This could not be accepted. Please check and try again, or ask a staff member.",
	} {
		textEN[k] = s
	}
}

// checkInEN is a booking check-in refusal (409, booking/checkin_http.go)
// in a citizen's English: the server's message_en is a log line ("too
// early: check-in opens at 09:45 on 15/03/2027"). ok is false for one it
// does not know.
func checkInEN(msgEN string) (string, bool) {
	const early = "too early: check-in opens at "
	if rest, ok := strings.CutPrefix(msgEN, early); ok {
		if at, day, ok := strings.Cut(rest, " on "); ok {
			return "You are early for your appointment. Please come back to get your number from " + at + " on " + day + ".", true
		}
	}
	s, ok := map[string]string{
		"booking cancelled":          "This booking was cancelled.",
		"booking already checked in": "A number has already been given for this booking.",
		"booking day has passed":     "The day of this booking has passed. Please take an ordinary number or book again.",
		"check-in in progress":       "This booking is being checked in at another kiosk. Please wait a moment.",
	}[msgEN]
	return s, ok
}

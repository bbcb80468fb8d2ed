package kiosk

import (
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

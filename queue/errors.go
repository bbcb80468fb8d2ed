package queue

import (
	"fmt"
	"strings"
)

// Code classifies an error once; the HTTP layer maps codes to statuses.
type Code string

const (
	CodeInvalid     Code = "invalid"           // malformed or missing input
	CodeNotFound    Code = "not_found"         // no such ticket/service/counter
	CodeTransition  Code = "invalid_state"     // operation not allowed in the ticket's state
	CodeCapReached  Code = "daily_cap"         // service refused more tickets today
	CodeForbidden   Code = "forbidden"         // authenticated but not allowed
	CodeUnauth      Code = "unauthorized"      // missing or bad credentials
	CodeConflict    Code = "conflict"          // e.g. counter busy with a ticket
	CodeCounterShut Code = "counter_paused"    // a paused counter cannot call
	CodeRateLimited Code = "rate_limited"      // too many requests
	CodeInternal    Code = "internal"          // never shown with details
	CodeTooLarge    Code = "payload_too_large" // request body over the limit
	CodeClosed      Code = "closed"            // outside opening hours: no numbers issued
)

// Error is the typed error of the queue domain. Message is Vietnamese for
// the people in the hall; MessageEN is for logs and English UIs.
type Error struct {
	Code      Code
	Message   string
	MessageEN string
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.MessageEN) }

// Is lets errors.Is match on the code alone: errors.Is(err, &Error{Code: CodeNotFound}).
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Message == "" && t.MessageEN == ""
}

// Errf builds an Error. Both texts take the same args in the same order;
// the Vietnamese text may use only the first few.
func Errf(code Code, vi, en string, args ...any) *Error {
	n := strings.Count(vi, "%") - 2*strings.Count(vi, "%%")
	if n > len(args) {
		n = len(args)
	}
	return &Error{Code: code, Message: fmt.Sprintf(vi, args[:n]...), MessageEN: fmt.Sprintf(en, args...)}
}

// Sentinel matchers for errors.Is.
var (
	ErrNotFound   = &Error{Code: CodeNotFound}
	ErrTransition = &Error{Code: CodeTransition}
	ErrCapReached = &Error{Code: CodeCapReached}
	ErrInvalid    = &Error{Code: CodeInvalid}
	ErrForbidden  = &Error{Code: CodeForbidden}
	ErrClosed     = &Error{Code: CodeClosed}
)

package queue

import "time"

// Sessions are the opening sessions of t's day and, when closed all day for a day off,
// its name (bookings cut these into slots).
func (o Opening) Sessions(t time.Time, days DayInfo) ([]Span, string) { return o.spans(t, days) }

// Minutes are the span's start and end in minutes after midnight.
func (s Span) Minutes() (start, end int, err error) { return s.minutes() }

package centre

import (
	"context"
	"net/http"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The seam for packages mounted on the server from cmd/ (booking, …): they
// add routes with Handle, guard them with Need, and answer with the same
// JSON bodies and error mapping as the centre's own API.

// Need wraps h so only the given roles reach it (bearer token checked
// before the body is read); PrincipalOf then names the caller.
func (s *Server) Need(roles []string, h http.HandlerFunc) http.HandlerFunc { return s.need(roles, h) }

// PrincipalOf is who a request that passed Need acts as.
func PrincipalOf(r *http.Request) Principal { return principal(r) }

// WriteJSON answers with v as JSON (no-store).
func WriteJSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }

// WriteError answers with the JSON error body of err (a *queue.Error, or
// an internal error logged and hidden).
func (s *Server) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	writeErr(w, r, s.log, err)
}

// DecodeJSON reads a JSON body strictly (size-limited, one value).
func DecodeJSON(r *http.Request, v any) error { return decode(r, v, false) }

// Days is the holiday schedule the opening hours follow (nil: weekdays only).
func (e *Engine) Days() queue.DayInfo {
	if d := e.days.Load(); d != nil {
		return *d
	}
	return nil
}

// Now is the engine's clock.
func (e *Engine) Now() time.Time { return e.now() }

// LoadSecret is a 32-byte key kept in the settings table under name,
// made on first use (HMAC keys of the extensions).
func LoadSecret(ctx context.Context, db *store.DB, name string) ([]byte, error) {
	return loadSecret(ctx, db, name)
}

package centre

import (
	"context"
	"net/http"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/store"
)

// More of the seam for packages mounted from cmd/ (booking): answer with the
// centre's error bodies, keep a key, follow the engine's clock and calendar.

// ReplyError answers with the JSON error body of err (a *queue.Error, or an
// internal error logged and hidden), mapped to its HTTP status as the API does.
func (s *Server) ReplyError(w http.ResponseWriter, r *http.Request, err error) {
	writeErr(w, r, s.log, err)
}

// LoadSecret is a 32-byte key kept in the settings table under name, made
// on first use (HMAC keys of the extensions).
func LoadSecret(ctx context.Context, db *store.DB, name string) ([]byte, error) {
	return engine.LoadSecret(ctx, db, name)
}

package ratingpad

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua/centre"
)

// PresentWithin: a pad that read its state (or reported) this recently is
// at its counter; an older one is taken as switched off.
const PresentWithin = 2 * time.Minute

// Present is GET /api/v1/pad/present: whether the officer's counter has a
// working rating pad, so that the counter's "finish" message sends the
// citizen to the pad instead of the kiosk.
type Present struct {
	Counter string `json:"counter"`
	Pad     bool   `json:"pad"`
}

// seen remembers when each pad last read its state (in memory: bounded by
// the enrolled pads; after a restart the pads are back within a second).
type seen struct {
	mu sync.Mutex
	at map[string]time.Time
}

func (s *seen) mark(device string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.at == nil {
		s.at = map[string]time.Time{}
	}
	s.at[device] = at
}

func (s *seen) get(device string) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.at[device]
}

// HasPad reports whether counter has a rating pad bound to it, not
// revoked, that read its state or reported within PresentWithin.
func (s *Service) HasPad(ctx context.Context, counter string) (bool, error) {
	if counter == "" {
		return false, nil
	}
	rows, err := s.db.Read().QueryContext(ctx, `SELECT d.id, COALESCE(d.last_seen, 0) FROM ratingpad_counters rc
		JOIN devices d ON d.id = rc.device WHERE rc.counter = ? AND d.revoked = 0 AND d.role = ?`, counter, centre.RoleRatingPad)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	now := s.now()
	for rows.Next() {
		var id string
		var last int64
		if err := rows.Scan(&id, &last); err != nil {
			return false, err
		}
		if at := s.seen.get(id); now.Sub(at) < PresentWithin {
			return true, nil
		}
		if last > 0 && now.Sub(time.UnixMilli(last)) < PresentWithin {
			return true, nil
		}
	}
	return false, rows.Err()
}

func (s *Service) present(w http.ResponseWriter, r *http.Request) {
	c := centre.PrincipalOf(r).Counter
	ok, err := s.HasPad(r.Context(), c)
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	centre.WriteJSON(w, http.StatusOK, Present{Counter: c, Pad: ok})
}

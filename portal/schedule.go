package portal

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/motcua/motcua/dossier"
)

// MaxScheduleBytes bounds a published holiday schedule (a year is about 2 KB).
const MaxScheduleBytes = 256 << 10

// publishedSchedule is the holiday schedule the province publishes once for all its centres
// (docs/CALENDAR.md): the file's bytes, validated, and their ETag.
type publishedSchedule struct {
	body []byte
	etag string
}

func newPublishedSchedule(b []byte) (*publishedSchedule, error) {
	if len(b) == 0 {
		return nil, nil
	}
	if len(b) > MaxScheduleBytes {
		return nil, fmt.Errorf("holiday schedule: %d bytes, at most %d", len(b), MaxScheduleBytes)
	}
	if _, err := dossier.ParseSchedule(bytes.NewReader(b)); err != nil {
		return nil, fmt.Errorf("holiday schedule: %w", err)
	}
	sum := sha256.Sum256(b)
	return &publishedSchedule{body: append([]byte(nil), b...), etag: `"` + hex.EncodeToString(sum[:16]) + `"`}, nil
}

// handleSchedule serves the published schedule: public data (the government's days off), the
// same bytes to everyone, with an ETag so an agent that has it gets 304 and no body.
func (s *Server) handleSchedule(w http.ResponseWriter, r *http.Request) {
	ps := s.schedule
	if ps == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "no holiday schedule published", "message": "Chưa công bố lịch nghỉ"})
		return
	}
	w.Header().Set("ETag", ps.etag)
	w.Header().Set("Cache-Control", "public, max-age=300")
	for _, tag := range strings.Split(r.Header.Get("If-None-Match"), ",") {
		if strings.TrimSpace(tag) == ps.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(ps.body)
}

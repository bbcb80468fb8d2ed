package centre

// GET /api/v1/counters/{counter}/parked: the day's numbers parked (tạm giữ)
// at a counter, for the counter app's list with "Gọi lại số này". An
// officer sees only their own counter's; supervisors and admins any.

import (
	"net/http"

	"github.com/motcua/motcua/queue"
)

// parkedMax bounds the answer: a counter parks a handful of numbers a day;
// past it the newest are listed (the citizen who just stepped out).
const parkedMax = 50

func (s *Server) parked(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	counter := r.PathValue("counter")
	if p.Role != RoleSupervisor && p.Role != RoleAdmin && p.Counter != counter {
		writeErr(w, r, s.log, queue.Errf(queue.CodeForbidden, "Cán bộ chỉ được thao tác tại quầy của mình", "officer bound to counter %q may not list the parked numbers of counter %q", p.Counter, counter))
		return
	}
	ts, err := s.db.ParkedAt(r.Context(), queue.Day(s.engine.Now()), counter, parkedMax)
	if err != nil {
		writeErr(w, r, s.log, err)
		return
	}
	out := make([]TicketView, 0, len(ts))
	for _, t := range ts {
		v, err := s.engine.View(r.Context(), t)
		if err != nil {
			writeErr(w, r, s.log, err)
			return
		}
		out = append(out, v)
	}
	writeJSON(w, 200, out)
}

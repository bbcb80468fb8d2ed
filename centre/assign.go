package centre

import (
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// checkAssigned refuses an officer's sign-in (or move) at counter k when an
// admin assigned them other counters (docs/SECURITY.md, "Centre: officer →
// counters assignment"). An officer never assigned (an upgraded centre's)
// may use any counter; the console warns about them. Supervisors and admins
// are not bound. The caller has verified the password: the answer tells
// that the officer exists only to someone who knows it.
func (s *Server) checkAssigned(o store.Officer, k queue.Counter, addr string) error {
	if o.Role != RoleOfficer || o.MayUseCounter(k.ID) {
		return nil
	}
	s.metrics.authFail.WithLabelValues("counter").Inc()
	s.log.Warn("login refused: officer not assigned to this counter", "officer", o.Username, "counter", k.ID, "remote", addr)
	return ErrNotAssigned(o, k)
}

// ErrNotAssigned is the answer to an officer signing in (or being moved) at
// counter k, which they are not assigned to.
func ErrNotAssigned(o store.Officer, k queue.Counter) error {
	name := o.FullName
	if name == "" {
		name = o.Username
	}
	label := k.Name
	if label == "" {
		label = k.ID
	}
	return queue.Errf(queue.CodeForbidden, "Cán bộ %s chưa được phân công tại %s; liên hệ quản trị viên", "officer %s is not assigned to counter %s; ask an administrator", name, label)
}

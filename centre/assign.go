package centre

import (
	"database/sql"
	"encoding/json"
	"slices"

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

// RecheckLogin runs inside the write that stores a login's session (the
// counter app's, and the console's with counter ""): the
// officer's row was read before bcrypt ran, and an admin may have reset the
// password, disabled the officer, changed the role or narrowed the
// counters since (their write ended the sessions then, but not this one,
// not yet written). The row is read again in the serialised write and the
// login refused as it would be now: a bad login (401) for a changed
// password, role or a disabled account; not assigned (403) for a counter
// no longer assigned (docs/SECURITY.md, "Session 7 review").
func (s *Server) RecheckLogin(tx *store.Tx, o store.Officer, counter string, addr string) error {
	var role, hash string
	var disabled bool
	var counters sql.NullString
	err := tx.QueryRow(`SELECT role, password_hash, disabled, counters FROM officers WHERE username=?`, o.Username).
		Scan(&role, &hash, &disabled, &counters)
	if store.IsNoRows(err) || err == nil && (disabled || role != o.Role || hash != o.PasswordHash) {
		s.log.Warn("login refused: officer changed while the password was checked", "remote", addr)
		return errBadLogin
	}
	if err != nil {
		return err
	}
	if counter == "" || role != RoleOfficer || !counters.Valid {
		return nil
	}
	var ids []string
	if err := json.Unmarshal([]byte(counters.String), &ids); err != nil {
		return err
	}
	if !slices.Contains(ids, counter) {
		o.Assigned, o.Counters = true, ids
		if k, ok := s.engine.Config().Counter(counter); ok {
			return s.checkAssigned(o, k, addr)
		}
		return errBadLogin
	}
	return nil
}

// RecheckAssigned reads, inside the write that binds an officer's sessions
// to counter k (the console's move), whether the officer may still use k:
// the move checked the assignment before opening the counter, and an admin
// may have narrowed it since (docs/SECURITY.md, "Session 7 review").
func (s *Server) RecheckAssigned(tx *store.Tx, username string, k queue.Counter) error {
	o := store.Officer{Username: username}
	var counters sql.NullString
	if err := tx.QueryRow(`SELECT full_name, role, counters FROM officers WHERE username=?`, username).
		Scan(&o.FullName, &o.Role, &counters); err != nil {
		return err
	}
	if o.Role != RoleOfficer || !counters.Valid {
		return nil
	}
	o.Assigned = true
	if err := json.Unmarshal([]byte(counters.String), &o.Counters); err != nil {
		return err
	}
	if o.MayUseCounter(k.ID) {
		return nil
	}
	return ErrNotAssigned(o, k)
}

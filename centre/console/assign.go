package console

// The officer → counters assignment (docs/CONSOLE.md, "Counters an officer
// may sign in at"; docs/SECURITY.md, "Centre: officer → counters
// assignment"): an admin sets it on the Officers page; the login and a
// supervisor's move respect it; officers never assigned (a centre upgraded
// from a version before it) may still use any counter and are listed in a
// monitor alert until assigned.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// checkCounters validates an officer request's counters against the
// configuration: nil when the request has none (on an update: unchanged);
// an officer needs at least one, and one at creation.
func (c *Console) checkCounters(req officerReq, create bool) ([]string, error) {
	need := &fieldError{"counters", "Hãy chọn ít nhất một quầy cán bộ được làm việc", "an officer needs at least one counter"}
	if req.Counters == nil {
		if create && req.Role == centre.RoleOfficer {
			return nil, need
		}
		return nil, nil
	}
	list := *req.Counters
	if len(list) > store.MaxOfficerCounters {
		return nil, &fieldError{"counters", "Quá nhiều quầy", "too many counters"}
	}
	cfg := c.srv.Engine().Config()
	out := make([]string, 0, len(list))
	for _, id := range list {
		if _, ok := cfg.Counter(id); !ok {
			return nil, &fieldError{"counters", fmt.Sprintf("Không tìm thấy quầy %q", id), fmt.Sprintf("unknown counter %q", id)}
		}
		out = append(out, id)
	}
	if len(out) == 0 && req.Role == centre.RoleOfficer {
		return nil, need
	}
	return out, nil
}

// maxUnassignedListed bounds the names the alert lists.
const maxUnassignedListed = 20

// assignAlerts is the monitor's alert listing the enabled officers never
// assigned counters (they may sign in at any counter until an admin does).
func (c *Console) assignAlerts(ctx context.Context) []Alert {
	list, err := c.db.UnassignedOfficers(ctx, maxUnassignedListed+1)
	if err != nil {
		c.log.Warn("console: unassigned officers", "err", err)
		return nil
	}
	if len(list) == 0 {
		return nil
	}
	vi, en := UnassignedWarning(list)
	return []Alert{{Kind: "unassigned_officers", Target: "can-bo", Message: vi, MessageEN: en}}
}

// UnassignedWarning is the warning about officers never assigned counters
// (Vietnamese, English); list may hold one more than it names.
func UnassignedWarning(list []store.Officer) (vi, en string) {
	var names, ids []string
	for i, o := range list {
		if i == maxUnassignedListed {
			names = append(names, "…")
			ids = append(ids, "…")
			break
		}
		n := o.Username
		if o.FullName != "" {
			n = fmt.Sprintf("%s (%s)", o.FullName, o.Username)
		}
		names = append(names, n)
		ids = append(ids, o.Username)
	}
	vi = "Cán bộ chưa được phân công quầy, hiện đăng nhập được tại mọi quầy và xem được hồ sơ của mọi lĩnh vực: " +
		strings.Join(names, ", ") + ". Quản trị viên cần chọn quầy cho từng cán bộ (Quản trị → Cán bộ)."
	en = "Officers not assigned to counters may sign in at any counter and read every field's dossiers: " +
		strings.Join(ids, ", ") + ". An administrator assigns their counters (console: Administration → Officers)."
	return vi, en
}

// logUnassigned writes the warning about officers never assigned counters
// to the server log (English), once at start-up; nothing when all are.
func (c *Console) logUnassigned(ctx context.Context) {
	list, err := c.db.UnassignedOfficers(ctx, maxUnassignedListed+1)
	if err != nil || len(list) == 0 {
		return
	}
	_, en := UnassignedWarning(list)
	c.log.Warn("officer counters: " + en)
}

// ---- A counter removed from the configuration (docs/CONSOLE.md) ----

// pruneCounters takes the ids of counters not in cfg out of the officers'
// assignments in tx, with one audit entry per officer changed (by u; the
// system at start-up). The caller forgets cached tokens after the commit.
func (c *Console) pruneCounters(tx *store.Tx, cfg *queue.Config, u user) ([]store.PrunedAssignment, error) {
	ids := make([]string, 0, len(cfg.Counters))
	for _, k := range cfg.Counters {
		ids = append(ids, k.ID)
	}
	pruned, err := tx.PruneOfficerCounters(ids, c.o.Now())
	if err != nil {
		return nil, err
	}
	for _, p := range pruned {
		if err := audit(tx, c.o.Now(), u, "officer.counters_removed", p.Username, map[string]any{"removed": p.Removed, "counters": p.Left}); err != nil {
			return nil, err
		}
	}
	return pruned, nil
}

// pruneAtStart takes out, at start-up, the counters that left the
// configuration while the centre was stopped (a file edit), and logs it.
func (c *Console) pruneAtStart(ctx context.Context) error {
	cfg := c.srv.Engine().Config()
	var pruned []store.PrunedAssignment
	err := c.db.Write(ctx, func(tx *store.Tx) error {
		var err error
		pruned, err = c.pruneCounters(tx, cfg, user{Username: "system"})
		return err
	})
	if err != nil {
		return fmt.Errorf("officer counters: %w", err)
	}
	c.logPruned(pruned)
	return nil
}

func (c *Console) logPruned(pruned []store.PrunedAssignment) {
	for _, p := range pruned {
		c.log.Warn("officer counters: counters no longer in the configuration taken out of the assignment",
			"officer", p.Username, "removed", strings.Join(p.Removed, ","), "left", strings.Join(p.Left, ","))
	}
	if len(pruned) > 0 {
		c.srv.ForgetTokens() // sessions at the removed counters ended
	}
}

// removedAlerts is the monitor's alert naming the officers whose
// assignment lost counters that left the configuration, until an admin
// sets their counters again; those left with none are named apart (they
// cannot sign in at any counter).
func (c *Console) removedAlerts(ctx context.Context) []Alert {
	rec, err := c.db.RemovedOfficerCounters(ctx)
	if err != nil {
		c.log.Warn("console: removed officer counters", "err", err)
		return nil
	}
	if len(rec) == 0 {
		return nil
	}
	vi, en := RemovedWarning(rec)
	return []Alert{{Kind: "removed_counters", Target: "can-bo", Message: vi, MessageEN: en}}
}

// RemovedWarning is the warning about officers whose assignment lost
// counters removed from the configuration (Vietnamese, English).
func RemovedWarning(rec map[string]store.RemovedCounters) (vi, en string) {
	names := make([]string, 0, len(rec))
	for n := range rec {
		names = append(names, n)
	}
	slices.Sort(names)
	var parts []string
	for i, n := range names {
		if i == maxUnassignedListed {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, n+" ("+strings.Join(rec[n].Counters, ", ")+")")
	}
	list := strings.Join(parts, "; ")
	vi = "Quầy đã bị xoá khỏi cấu hình nên đã được bỏ khỏi phân công của cán bộ: " + list +
		". Một quầy tạo sau này dù trùng mã cũng không ai được phân công sẵn. Quản trị viên kiểm tra và chọn lại quầy cho các cán bộ này (Quản trị → Cán bộ)."
	en = "Counters removed from the configuration were taken out of these officers' assignments: " + list +
		". A counter created later with the same id has no one assigned. An administrator checks and sets their counters again (console: Administration → Officers)."
	return vi, en
}

// endUnassignedSessions ends an officer's counter sessions at counters the
// stored assignment does not hold, inside the update's write: an update
// that changes the role (a supervisor made an officer) without repeating
// the counters leaves them as stored, and the sessions the supervisor
// opened at any counter must follow them (docs/SECURITY.md, "Session 7
// review"). Nothing for supervisors, admins, or officers never assigned.
func endUnassignedSessions(tx *store.Tx, username string) error {
	_, err := tx.Exec(`DELETE FROM sessions WHERE username = ? AND counter <> ''
		AND EXISTS (SELECT 1 FROM officers o WHERE o.username = sessions.username AND o.role = 'officer' AND o.counters IS NOT NULL
			AND sessions.counter NOT IN (SELECT value FROM json_each(o.counters)))`, username)
	return err
}

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
	"strings"

	"github.com/motcua/motcua/centre"
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

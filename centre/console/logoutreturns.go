package console

import (
	"context"
	"fmt"
	"slices"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

// maxLogoutAlerts bounds the numbers named (the newest first).
const maxLogoutAlerts = 10

// logoutAlerts names the numbers the server put back at the head of their
// queue today because their officer signed out with them at the counter and
// chose nothing for them (centre.ReasonLogout), while they still wait: the
// supervisor knows why a citizen who was at a counter is called again, and
// where. A number called again drops out. Reads the day's transfer events
// (index events_day) and one ticket per number named.
func (c *Console) logoutAlerts(ctx context.Context) []Alert {
	evs, err := c.db.EventsOfDay(ctx, queue.Day(c.o.Now()), queue.EvTransferred)
	if err != nil {
		c.log.Warn("console: logout returns", "err", err)
		return nil
	}
	var out []Alert
	seen := map[string]bool{}
	names := map[string]string(nil)
	for _, ev := range slices.Backward(evs) {
		if ev.Reason != centre.ReasonLogout || seen[ev.TicketID] {
			continue
		}
		seen[ev.TicketID] = true
		t, err := c.db.Ticket(ctx, ev.TicketID)
		if err != nil || t.Status != queue.Waiting {
			continue
		}
		if names == nil {
			names = map[string]string{}
			if offs, err := c.db.Officers(ctx); err == nil {
				for _, o := range offs {
					names[o.Username] = o.FullName
				}
			}
		}
		who := ev.Officer
		if n := names[who]; n != "" {
			who = n
		}
		at := ev.At.In(queue.Loc).Format("15:04")
		out = append(out, Alert{Kind: "logout_return", Target: ev.TicketID,
			Message: fmt.Sprintf("%s: cán bộ %s đăng xuất khi số %s còn ở quầy; số đã được trả lại đầu hàng chờ lúc %s, chưa được gọi lại.",
				ev.CounterName, who, ev.Number, at),
			MessageEN: fmt.Sprintf("Counter %d: %s signed out with number %s at the counter; it was put back at the head of its queue at %s and has not been called again.",
				ev.CounterNumber, who, ev.Number, at)})
		if len(out) == maxLogoutAlerts {
			break
		}
	}
	return out
}

package console

// A parked number (tạm giữ: the officer set it aside, the citizen gone for
// a document) is left parked when its counter ends — the officer's
// sign-out, a supervisor's close, an assignment change, a move: calling it
// now, while the citizen is away, would only mark them absent
// (docs/COUNTER.md, "Signing out with a number at the counter"). But a
// parked number is resumed only at its counter, so while that counter is
// closed (or gone from the configuration) nobody would serve the citizen
// when they come back: the monitor names these numbers, and the
// supervisor moves one to a working counter (Chuyển đến quầy on the
// tickets list), or the counter opens again.

import (
	"context"
	"fmt"

	"github.com/motcua/motcua/queue"
)

// parkedAlerts names the day's parked numbers whose counter is closed or
// no longer configured (at most maxLogoutAlerts, the oldest first).
func (c *Console) parkedAlerts(ctx context.Context, m *Monitor) []Alert {
	ts, err := c.db.TicketsWithStatus(ctx, queue.Day(c.o.Now()), string(queue.Parked))
	if err != nil {
		c.log.Warn("console: parked numbers", "err", err)
		return nil
	}
	rows := make(map[string]CounterRow, len(m.Counters))
	for _, k := range m.Counters {
		rows[k.ID] = k
	}
	var out []Alert
	for _, t := range ts {
		k, ok := rows[t.Counter]
		if ok && k.Status != "closed" {
			continue
		}
		vi, en := t.Counter, t.Counter
		if ok {
			vi, en = k.Name, fmt.Sprintf("Counter %d", k.Number)
		}
		out = append(out, Alert{Kind: "parked_closed", Target: t.ID,
			Message: fmt.Sprintf("Số %s đang tạm giữ tại %s nhưng quầy đã đóng: khi công dân quay lại sẽ không có ai tiếp. Hãy chuyển số sang quầy đang làm việc (danh sách số thứ tự → Chuyển đến quầy) hoặc mở lại quầy.",
				t.Number, vi),
			MessageEN: fmt.Sprintf("Number %s is on hold at %s, which is closed: nobody will serve the citizen when they come back. Move it to a working counter (tickets list → Send to counter) or open the counter again.",
				t.Number, en)})
		if len(out) == maxLogoutAlerts {
			break
		}
	}
	return out
}

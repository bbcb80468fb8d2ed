package console

import (
	"context"
	"fmt"
	"slices"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/queue"
)

// maxLogoutAlerts bounds the numbers named (the newest first).
const maxLogoutAlerts = 10

// logoutAlerts names the numbers the server put back at the head of their
// queue today because their counter ended with them there and nobody chose
// what became of them — their officer signed out (centre.ReasonLogout), a
// supervisor closed the counter or moved its officer, an admin changed the
// officer's counters, the counter left the configuration (counterends.go)
// — while they still wait: the supervisor knows why a citizen who was at a
// counter is called again, and where. A number called again drops out.
// Reads the day's transfer events (index events_day) and one ticket per
// number named.
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
		if !slices.Contains(returnReasons, ev.Reason) || seen[ev.TicketID] {
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
		vi, en := returnMessage(ev, who)
		out = append(out, Alert{Kind: "logout_return", Target: ev.TicketID, Message: vi, MessageEN: en})
		if len(out) == maxLogoutAlerts {
			break
		}
	}
	return out
}

// returnMessage is the alert's text for a number returned to its queue
// (Vietnamese, English); who names the counter's officer.
func returnMessage(ev queue.Event, who string) (vi, en string) {
	at := ev.At.In(queue.Loc).Format("15:04")
	tailVI := fmt.Sprintf("số đã được trả lại đầu hàng chờ lúc %s, chưa được gọi lại.", at)
	tailEN := fmt.Sprintf("it was put back at the head of its queue at %s and has not been called again.", at)
	switch ev.Reason {
	case centre.ReasonLogout:
		return fmt.Sprintf("%s: cán bộ %s đăng xuất khi số %s còn ở quầy; %s", ev.CounterName, who, ev.Number, tailVI),
			fmt.Sprintf("Counter %d: %s signed out with number %s at the counter; %s", ev.CounterNumber, who, ev.Number, tailEN)
	case engine.ReasonMoved:
		return fmt.Sprintf("%s: cán bộ %s được chuyển sang quầy khác khi số %s còn ở quầy; %s", ev.CounterName, who, ev.Number, tailVI),
			fmt.Sprintf("Counter %d: %s was moved to another counter with number %s at the counter; %s", ev.CounterNumber, who, ev.Number, tailEN)
	case engine.ReasonReassigned:
		return fmt.Sprintf("%s: phiên làm việc của cán bộ %s tại quầy kết thúc (đổi phân công quầy, khóa tài khoản hoặc đặt lại mật khẩu) khi số %s còn ở quầy; %s", ev.CounterName, who, ev.Number, tailVI),
			fmt.Sprintf("Counter %d: %s's session there ended (counters changed, account disabled or password reset) with number %s at the counter; %s", ev.CounterNumber, who, ev.Number, tailEN)
	case engine.ReasonCounterRemoved:
		vi, en := ev.CounterName, fmt.Sprintf("Counter %d", ev.CounterNumber)
		if ev.CounterNumber == 0 { // removed while the centre was stopped: only its id is known
			vi, en = "Quầy "+ev.CounterName, "Counter "+ev.CounterName
		}
		return fmt.Sprintf("%s: quầy đã bị xoá khỏi cấu hình khi số %s còn ở quầy; %s", vi, ev.Number, tailVI),
			fmt.Sprintf("%s was removed from the configuration with number %s at the counter; %s", en, ev.Number, tailEN)
	default: // engine.ReasonCounterClosed
		return fmt.Sprintf("%s: quầy được đóng từ bảng điều khiển khi số %s còn ở quầy; %s", ev.CounterName, ev.Number, tailVI),
			fmt.Sprintf("Counter %d was closed from the console with number %s at the counter; %s", ev.CounterNumber, ev.Number, tailEN)
	}
}

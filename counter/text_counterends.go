package counter

import (
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/queue"
)

// A supervisor closed this counter from the console while a number was at
// it: the server put the number back at the head of its queue
// (docs/CONSOLE.md, "A counter closed with a number at it"). The officer,
// still signed in, is told why the number left the counter.

const msgClosedUnder = "Quầy đã được đóng từ bảng điều khiển: số %s đã được trả lại đầu hàng chờ để quầy khác gọi."

func init() {
	MsgEN[msgClosedUnder] = "The counter was closed from the console: number %s was put back at the head of its queue for another counter to call."
}

// closedUnder tells the officer when the number at the counter left it
// because a supervisor closed the counter (e: its transfer event).
func (p *Presenter) closedUnder(e queue.Event) {
	if e.Kind == queue.EvTransferred && e.Reason == engine.ReasonCounterClosed && e.Counter == p.o.Counter {
		p.info(p.tf(msgClosedUnder, e.Number))
	}
}

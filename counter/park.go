package counter

// Park (tạm giữ) and call back a parked number. The officer sets the
// citizen at the counter aside (gone to fetch a missing paper, to make a
// copy) and serves the next one; the parked number waits on this
// counter's list until "Gọi lại số này" puts it back in the queue (the
// server offers a resumed number first to the counter that parked it) and
// calls it here. The list is read from the server on login, on every
// snapshot (reconnect) and on the stream's events that touch it.

import (
	"context"
	"errors"
	"net/url"
	"slices"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/queue"
)

// CmdPark parks the number at the counter (Alt+G: every F-key is taken).
const CmdPark Command = "park"

// ParkKey is the key of CmdPark.
const ParkKey = "Alt+G"

func init() {
	Shortcuts = append(Shortcuts, Shortcut{ParkKey, CmdPark, "Tạm giữ"})
	for k, v := range map[string][2]string{
		"cmd.park":     {"Tạm giữ", "Hold"},
		"q.parked":     {"Số đang tạm giữ: %d", "Numbers on hold: %d"},
		"q.parkedNone": {"Không có số nào đang tạm giữ", "No numbers on hold"},
		"q.parkedCall": {"Gọi lại số này", "Call it back"},
	} {
		TextVI[k], TextEN[k] = v[0], v[1]
	}
	for vi, en := range map[string]string{
		"Đang tạm giữ số…": "Putting the number on hold…",
		"Đang gọi lại số…": "Calling the number back…",
		"Đã tạm giữ số %s. Nhấn F1 để gọi số tiếp theo; khi công dân quay lại, bấm “Gọi lại số này”.": "Number %s is on hold. Press F1 to call the next number; when the citizen is back, press “Call it back”.",
		"Đã gọi lại số %s sau khi tạm giữ.":                                                                     "Number %s has been called back from hold.",
		"Số %s đã trở lại hàng chờ của quầy; đã gọi số %s đang chờ trước.":                                      "Number %s is back in this counter's queue; number %s, waiting before it, has been called.",
		"Số %s đã trở lại hàng chờ của quầy. Nhấn F1 để gọi.":                                                   "Number %s is back in this counter's queue. Press F1 to call it.",
		"Số %s đang ở quầy. Hãy hoàn thành (F5) hoặc tạm giữ (Alt+G) số này trước khi gọi lại số đang tạm giữ.": "Number %s is at the counter. Finish it (F5) or put it on hold (Alt+G) before calling back a number on hold.",
		"Số này không còn tạm giữ.":                                                                             "This number is no longer on hold.",
	} {
		MsgEN[vi] = en
	}
}

// parkLister is the server call behind the list (clientAPI has it; a
// test's API without it shows an empty list).
type parkLister interface {
	Parked(ctx context.Context, counter string) ([]centre.TicketView, error)
}

// Parked lists the day's numbers parked at counter
// (GET /api/v1/counters/{counter}/parked).
func (a clientAPI) Parked(ctx context.Context, counter string) ([]centre.TicketView, error) {
	var out []centre.TicketView
	_, err := a.Do(ctx, "GET", "/api/v1/counters/"+url.PathEscape(counter)+"/parked", nil, &out)
	return out, err
}

// parkState coalesces the list's reloads: one request at a time, one more
// when something changed meanwhile.
type parkState struct {
	gen            int // the session of the request in flight
	loading, again bool
}

// Park sets the citizen at the counter aside.
func (p *Presenter) Park() {
	p.act(queue.OpPark, "", "", "Đang tạm giữ số…", func(v centre.TicketView) {
		p.v.Queue.Current = nil
		if !slices.ContainsFunc(p.v.Queue.Parked, func(t Ticket) bool { return t.ID == v.ID }) {
			p.v.Queue.Parked = append(p.v.Queue.Parked, *ticketOf(v))
		}
		p.info(p.tf("Đã tạm giữ số %s. Nhấn F1 để gọi số tiếp theo; khi công dân quay lại, bấm “Gọi lại số này”.", v.Number))
		p.refreshParked()
	})
}

// CallParked puts the parked number id back in the queue (first for this
// counter) and calls it here. The counter must be free: calling finishes
// the number at the counter, which the officer has not decided.
func (p *Presenter) CallParked(id string) {
	if p.v.Screen != ScreenMain || p.v.Leave != nil {
		return
	}
	if c := p.v.Queue.Current; c != nil {
		p.error(p.tf("Số %s đang ở quầy. Hãy hoàn thành (F5) hoặc tạm giữ (Alt+G) số này trước khi gọi lại số đang tạm giữ.", c.Number))
		p.render()
		return
	}
	if p.v.Queue.Paused {
		p.error("Quầy đang tạm dừng. Nhấn F6 để tiếp tục nhận công dân.")
		p.render()
		return
	}
	i := slices.IndexFunc(p.v.Queue.Parked, func(t Ticket) bool { return t.ID == id })
	if i < 0 {
		p.error("Số này không còn tạm giữ.")
		p.render()
		return
	}
	number := p.v.Queue.Parked[i].Number
	p.queueDo("call parked", "Đang gọi lại số…", func(ctx context.Context) (func(), error) {
		defer p.o.Dispatch(p.refreshParked)
		if _, err := p.o.API.Act(ctx, id, queue.OpResume, "", ""); err != nil {
			return nil, err
		}
		t, ok, err := p.o.API.CallNext(ctx, p.o.Counter, "")
		if err != nil {
			return nil, err
		}
		return func() {
			p.v.Queue.Parked = slices.DeleteFunc(p.v.Queue.Parked, func(t Ticket) bool { return t.ID == id })
			switch {
			case !ok:
				p.info(p.tf("Số %s đã trở lại hàng chờ của quầy. Nhấn F1 để gọi.", number))
				return
			case t.ID == id:
				p.info(p.tf("Đã gọi lại số %s sau khi tạm giữ.", t.Number))
			default:
				p.info(p.tf("Số %s đã trở lại hàng chờ của quầy; đã gọi số %s đang chờ trước.", number, t.Number))
			}
			p.v.Queue.Current = ticketOf(t)
			p.newCitizen()
		}, nil
	})
}

// refreshParked reloads this counter's parked numbers.
func (p *Presenter) refreshParked() {
	l, ok := p.o.API.(parkLister)
	if !ok || p.v.Screen != ScreenMain {
		return
	}
	if p.park.loading && p.park.gen == p.gen {
		p.park.again = true
		return
	}
	gen := p.gen
	p.park = parkState{gen: gen, loading: true}
	p.call("parked", "", func(ctx context.Context) (func(), error) {
		ts, err := l.Parked(ctx, p.o.Counter)
		p.o.Dispatch(func() {
			if gen != p.gen {
				return
			}
			p.park.loading = false
			if p.park.again {
				p.park.again = false
				p.refreshParked()
			}
		})
		var ce *client.Error
		if errors.As(err, &ce) && ce.Status == 404 {
			ts, err = nil, nil // an older server: no list
		}
		if err != nil {
			return nil, err
		}
		return func() {
			p.v.Queue.Parked = p.v.Queue.Parked[:0:0]
			for _, t := range ts {
				p.v.Queue.Parked = append(p.v.Queue.Parked, *ticketOf(t))
			}
		}, nil
	})
}

// parkedEvent says whether e may change this counter's list.
func (p *Presenter) parkedEvent(e queue.Event) bool {
	switch e.Kind {
	case queue.EvParked:
		return e.Counter == p.o.Counter
	case queue.EvResumed, queue.EvCancelled, queue.EvTransferred, queue.EvRedirected, queue.EvCalled:
		return slices.ContainsFunc(p.v.Queue.Parked, func(t Ticket) bool { return t.ID == e.TicketID })
	}
	return false
}

package counter

// Calling: call next, start serving, recall, no-show, finish, transfer,
// redirect, pause and resume.

import (
	"context"
	"strings"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/queue"
)

func ticketOf(t centre.TicketView) *Ticket {
	return &Ticket{ID: t.ID, Number: t.Number, Service: t.Service, ServiceName: t.ServiceName, ServiceNameEN: t.ServiceNameEN, Status: t.Status, Recalls: t.Recalls, Priority: t.Priority}
}

// CallNext calls the next citizen to this counter.
func (p *Presenter) CallNext() {
	if p.v.Queue.Paused {
		p.error("Quầy đang tạm dừng. Nhấn F6 để tiếp tục nhận công dân.")
		p.render()
		return
	}
	p.queueDo("call next", "Đang gọi số…", func(ctx context.Context) (func(), error) {
		t, ok, err := p.o.API.CallNext(ctx, p.o.Counter, "")
		if err != nil {
			return nil, err
		}
		return func() {
			if !ok {
				p.info("Hiện không còn công dân nào đang chờ ở quầy này.")
				return
			}
			p.v.Queue.Current = ticketOf(t)
			p.newCitizen()
			p.info(p.tf("Đã gọi số %s (%s). Khi công dân tới quầy, quét CCCD hoặc bấm “Công dân đã đến”.", t.Number, bi{t.ServiceName, t.ServiceNameEN}))
		}, nil
	})
}

// queueDo runs one queue operation at a time (a double press of F1 must
// not call two citizens); the guard is released when the answer arrives.
func (p *Presenter) queueDo(what, busy string, work func(ctx context.Context) (func(), error)) {
	if p.v.Screen != ScreenMain || p.queueOp {
		return
	}
	p.queueOp = true
	gen := p.gen
	p.call(what, busy, func(ctx context.Context) (func(), error) {
		apply, err := work(ctx)
		release := func() {
			if gen == p.gen {
				p.queueOp = false
			}
		}
		if err != nil {
			p.o.Dispatch(release)
			return nil, err
		}
		return func() { release(); apply() }, nil
	})
}

// newCitizen: a new number was called here. What was printed for the
// previous citizen is no longer news (F10 can still reprint it).
func (p *Presenter) newCitizen() {
	if pp := p.v.Paper; pp == nil || !pp.Printing && pp.Error == "" {
		p.v.PaperOld = true
	}
}

// StartServing records that the called citizen has arrived at the counter
// (the ticket goes from called to serving: boards and the phone page say
// "Đang phục vụ"). The officer's first work on the citizen's dossier (a
// CCCD scan, a chosen procedure) does it too.
func (p *Presenter) StartServing() {
	c := p.v.Queue.Current
	if c == nil || c.Status != queue.Called || p.starting == c.ID || p.v.Screen != ScreenMain {
		return
	}
	// Not behind the one-queue-operation guard: the call that brought this
	// number may still be answering (the board's event came first), and
	// the officer's tap must not be lost.
	id := c.ID
	p.starting = id
	p.call("start", "", func(ctx context.Context) (func(), error) {
		v, err := p.o.API.Act(ctx, id, queue.OpStart, "", "")
		p.o.Dispatch(func() {
			if p.starting == id {
				p.starting = ""
			}
		})
		if err != nil {
			return nil, err
		}
		return func() {
			if c := p.v.Queue.Current; c != nil && c.ID == v.ID {
				c.Status = v.Status
			}
		}, nil
	})
}

func (p *Presenter) current() *Ticket {
	if p.v.Queue.Current == nil {
		p.error("Chưa có công dân nào được gọi tới quầy. Nhấn F1 để gọi số.")
		p.render()
	}
	return p.v.Queue.Current
}

func (p *Presenter) act(op queue.Op, service, counter, busy string, done func(centre.TicketView)) {
	t := p.current()
	if t == nil {
		return
	}
	id := t.ID
	p.queueDo(string(op), busy, func(ctx context.Context) (func(), error) {
		v, err := p.o.API.Act(ctx, id, op, service, counter)
		if err != nil {
			return nil, err
		}
		return func() { done(v) }, nil
	})
}

// Recall calls the current number again.
func (p *Presenter) Recall() {
	p.act(queue.OpRecall, "", "", "Đang gọi lại…", func(v centre.TicketView) {
		p.v.Queue.Current = ticketOf(v)
		p.info(p.tf("Đã gọi lại số %s (lần %d).", v.Number, v.Recalls))
	})
}

// NoShow marks the current citizen absent.
func (p *Presenter) NoShow() {
	p.act(queue.OpNoShow, "", "", "Đang ghi vắng mặt…", func(v centre.TicketView) {
		p.v.Queue.Current = nil
		p.info(p.tf("Số %s vắng mặt. Nhấn F1 để gọi số tiếp theo.", v.Number))
	})
}

// Finish ends the current visit; the citizen is invited to rate on the
// counter's rating pad when it has a working one (asked after the finish:
// a pad enrolled, revoked or switched off meanwhile counts), else at the
// kiosk.
func (p *Presenter) Finish() {
	t := p.current()
	if t == nil {
		return
	}
	id := t.ID
	p.queueDo(string(queue.OpFinish), "Đang hoàn thành…", func(ctx context.Context) (func(), error) {
		v, err := p.o.API.Act(ctx, id, queue.OpFinish, "", "")
		if err != nil {
			return nil, err
		}
		msg := MsgRateAtKiosk
		if pad, err := p.o.API.RatingPad(ctx); err == nil && pad {
			msg = MsgRateAtPad
		}
		return func() {
			p.v.Queue.Current = nil
			p.info(p.tf("Đã hoàn thành số %s. %s", v.Number, p.tr(msg)))
		}, nil
	})
}

// Transfer sends the current citizen to another service's queue.
func (p *Presenter) Transfer(service string) {
	if service == "" {
		p.error("Hãy chọn lĩnh vực cần chuyển đến.")
		p.render()
		return
	}
	p.act(queue.OpTransfer, service, "", "Đang chuyển lĩnh vực…", func(v centre.TicketView) {
		p.v.Queue.Current = nil
		p.info(p.tf("Đã chuyển số %s sang lĩnh vực %s.", v.Number, bi{v.ServiceName, v.ServiceNameEN}))
	})
}

// Redirect sends the current citizen to another counter.
func (p *Presenter) Redirect(counter string) {
	if counter == "" {
		p.error("Hãy chọn quầy cần chuyển đến.")
		p.render()
		return
	}
	name := bi{counter, ""}
	if c, ok := p.counter[counter]; ok {
		name = bi{c.Name, queue.CounterNameEN(c)}
	}
	p.act(queue.OpRedirect, "", counter, "Đang chuyển quầy…", func(v centre.TicketView) {
		p.v.Queue.Current = nil
		p.info(p.tf("Đã chuyển số %s sang %s.", v.Number, name))
	})
}

// PauseReasons are offered by the pause dialog.
var PauseReasons = []string{"Nghỉ giải lao", "Họp, công tác", "Xử lý hồ sơ phức tạp", "Sự cố kỹ thuật"}

// Pause stops new calls to this counter with a reason.
func (p *Presenter) Pause(reason string) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		p.error("Hãy chọn hoặc nhập lý do tạm dừng.")
		p.render()
		return
	}
	p.queueDo("pause", "Đang tạm dừng quầy…", func(ctx context.Context) (func(), error) {
		if err := p.o.API.Pause(ctx, p.o.Counter, reason); err != nil {
			return nil, err
		}
		return func() {
			p.v.Queue.Paused, p.v.Queue.PauseReason = true, reason
			p.info(p.tf("Quầy đã tạm dừng: %s. Nhấn F6 để tiếp tục.", reason))
		}, nil
	})
}

// Resume reopens the counter.
func (p *Presenter) Resume() {
	p.queueDo("resume", "Đang mở lại quầy…", func(ctx context.Context) (func(), error) {
		if err := p.o.API.Resume(ctx, p.o.Counter); err != nil {
			return nil, err
		}
		return func() {
			p.v.Queue.Paused, p.v.Queue.PauseReason = false, ""
			p.info("Quầy đã tiếp tục nhận công dân.")
		}, nil
	})
}

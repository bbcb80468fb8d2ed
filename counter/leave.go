package counter

// Signing out (or closing the app) with a number still at the counter
// (docs/COUNTER.md, "Signing out with a number at the counter"): the window
// asks what becomes of it — "Số 1005 đang ở quầy. Hoàn thành / Trả lại
// hàng chờ (đầu hàng) / Vắng mặt / Hủy đăng xuất" — and does that with the
// queue's own operations before it signs out, so the number is never left
// "called" at a counter nobody is behind. (A sign-out that chose nothing,
// from an older app or a signal, makes the server return the number to the
// head of its queue.)

import (
	"context"

	"github.com/motcua/motcua/queue"
)

// LeaveAsk is the question on screen: the number at the counter, and
// whether the app closes after signing out.
type LeaveAsk struct {
	Number  string
	Serving bool // being served: "absent" is not offered (the citizen is here)
	Quit    bool
}

// LeaveChoice is the officer's answer.
type LeaveChoice string

const (
	LeaveFinish  LeaveChoice = "finish"  // queue.OpFinish
	LeaveRequeue LeaveChoice = "requeue" // queue.OpTransfer to its own service: first of its queue again
	LeaveNoShow  LeaveChoice = "no-show" // queue.OpNoShow (only while called)
	LeaveCancel  LeaveChoice = "cancel"  // stay signed in
)

// Logout signs the officer out; with a number at the counter it asks first
// (View.Leave) and LeaveWith answers.
func (p *Presenter) Logout() { p.leave(nil) }

// Quit is the window being closed: signed in with a number at the counter,
// it asks as Logout does and then quits; otherwise it quits at once (the
// app signs out on its way out).
func (p *Presenter) Quit(quit func()) {
	if p.v.Screen != ScreenMain || p.atCounter() == nil {
		quit()
		return
	}
	p.leave(quit)
}

// atCounter is the number called or being served here, if any.
func (p *Presenter) atCounter() *Ticket {
	c := p.v.Queue.Current
	if c == nil || (c.Status != queue.Called && c.Status != queue.Serving) {
		return nil
	}
	return c
}

func (p *Presenter) leave(quit func()) {
	if p.v.Screen != ScreenMain {
		return
	}
	c := p.atCounter()
	if c == nil {
		p.logoutNow()
		p.render()
		return
	}
	p.quit = quit
	p.v.Leave = &LeaveAsk{Number: c.Number, Serving: c.Status == queue.Serving, Quit: quit != nil}
	p.render()
}

// LeaveWith does what the officer chose for the number at the counter,
// then signs out (and quits when the question came from closing the
// window). A refusal (the number was finished meanwhile at the console…)
// keeps the officer signed in with the server's message.
func (p *Presenter) LeaveWith(choice LeaveChoice) {
	ask, quit := p.v.Leave, p.quit
	if ask == nil || p.v.Screen != ScreenMain {
		return
	}
	if choice != LeaveCancel && p.queueOp {
		return // a queue operation is answering (the buttons are disabled meanwhile)
	}
	p.v.Leave, p.quit = nil, nil
	if choice == LeaveCancel {
		p.render()
		return
	}
	c := p.atCounter()
	if c == nil { // it left the counter meanwhile (a supervisor, the live feed)
		p.signOutThen(quit)
		return
	}
	if c.Number != ask.Number {
		// Another number reached the counter meanwhile (a supervisor's
		// call): ask about that one.
		p.leave(quit)
		return
	}
	var op queue.Op
	service := ""
	switch choice {
	case LeaveFinish:
		op = queue.OpFinish
	case LeaveRequeue:
		op, service = queue.OpTransfer, c.Service
	case LeaveNoShow:
		if c.Status != queue.Called {
			p.error("Công dân đang được phục vụ tại quầy: không ghi vắng mặt được.")
			p.render()
			return
		}
		op = queue.OpNoShow
	default:
		return
	}
	id, number := c.ID, c.Number
	p.queueDo("leave "+string(choice), "Đang đăng xuất…", func(ctx context.Context) (func(), error) {
		if _, err := p.o.API.Act(ctx, id, op, service, ""); err != nil {
			return nil, err
		}
		p.o.Log.Info("counter: number left before signing out", "number", number, "choice", string(choice))
		return func() {
			p.v.Queue.Current = nil
			p.signOutThen(quit)
		}, nil
	})
}

// signOutThen signs out and then, when set, quits.
func (p *Presenter) signOutThen(quit func()) {
	p.logoutNow()
	p.render()
	if quit != nil {
		quit()
	}
}

// logoutNow ends the session on the server and locally.
func (p *Presenter) logoutNow() {
	api := p.o.API
	done := make(chan struct{})
	p.signingOut = done
	go func() {
		// A login right after waits for this: the client's token is
		// cleared when the sign-out answers, which must not be the new
		// session's (session.go Login).
		defer close(done)
		ctx, cancel := context.WithTimeout(p.ctx, p.o.CallTimeout)
		defer cancel()
		if err := api.Logout(ctx); err != nil {
			p.o.Log.Warn("counter: logout", "err", err)
		}
	}()
	p.endSession("")
}

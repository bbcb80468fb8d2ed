package engine

// Ticket operations: issue, call (next or by name), act on a ticket, and
// the view of a ticket with where it stands.

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// TicketView is a ticket with where it stands now.
type TicketView struct {
	queue.Ticket
	ServiceName   string `json:"service_name"`
	ServiceNameEN string `json:"service_name_en,omitempty"` // the phone page in English
	StatusLabel   string `json:"status_label"`
	Ahead         int    `json:"ahead"`
	EstimatedWait int    `json:"estimated_wait_min"`
	// OpenCounters serving its service now, while it waits: 0 means no
	// estimate can be given (the phone page says no counter is open).
	OpenCounters  *int   `json:"open_counters,omitempty"`
	CounterNumber int    `json:"counter_number,omitempty"`
	CounterName   string `json:"counter_name,omitempty"`
	// CounterStatus is the state of the counter a called or served ticket
	// is at: open, paused (its officer stepped out, or its app is gone:
	// AwayReason) or closed (logged out). The ticket stays called there
	// either way; the phone page says the counter is away, not "go to".
	CounterStatus string `json:"counter_status,omitempty"`
}

// View is a ticket with where it stands now: people ahead and the wait
// estimate while it waits, its service's and counter's names.
func (e *Engine) View(ctx context.Context, t queue.Ticket) (TicketView, error) {
	v := TicketView{Ticket: t, StatusLabel: t.Status.Label()}
	if sv, ok := e.Config().Service(t.Service); ok {
		v.ServiceName, v.ServiceNameEN = sv.Name, sv.NameEN
	}
	if k, ok := e.Config().Counter(t.Counter); ok {
		v.CounterNumber, v.CounterName = k.Number, k.Name
	}
	if (t.Status == queue.Called || t.Status == queue.Serving) && t.Counter != "" {
		e.mu.Lock()
		v.CounterStatus = e.counterOpen[t.Counter]
		e.mu.Unlock()
	}
	if t.Status == queue.Waiting {
		n, err := e.db.AheadOf(ctx, t)
		if err != nil {
			return v, err
		}
		open, _ := e.openCounters(t.Service)
		v.Ahead, v.OpenCounters = n, &open
		v.EstimatedWait = int(queue.EstimateWait(n, open, e.mean(t.Service)) / time.Minute)
	}
	return v, nil
}

// NewID makes an unguessable ticket id (100 bits) for tracking URLs.
func NewID() string {
	b := make([]byte, 13)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))[:20]
}

// IssueRequest is what a kiosk asks for.
type IssueRequest struct {
	Service       string     `json:"service"`
	Priority      string     `json:"priority,omitempty"`
	AppointmentAt *time.Time `json:"appointment_at,omitempty"`
}

// Issued is a new ticket with where it stands.
type Issued struct {
	queue.Ticket
	ServiceName   string `json:"service_name"`
	ServiceNameEN string `json:"service_name_en,omitempty"` // for English screens and tickets
	Position      int    `json:"position"`
	Ahead         int    `json:"ahead"`
	EstimatedWait int    `json:"estimated_wait_min"`
	Counters      []int  `json:"counters"`
	// RatingToken goes into the ticket's QR (…/t/{id}?r={token}): the
	// citizen rates the visit with it (see RatingToken).
	RatingToken string `json:"rating_token,omitempty"`
	// OpenCounters serving the service now: 0 means no estimate can be
	// given (the kiosk says no counter is open instead of a time).
	OpenCounters int `json:"open_counters"`
}

// Issue gives out the next number of a service.
func (e *Engine) Issue(ctx context.Context, req IssueRequest, device string) (Issued, error) {
	svc, ok := e.Config().Service(req.Service)
	if !ok {
		return Issued{}, queue.Errf(queue.CodeInvalid, "Dịch vụ không tồn tại: %q", "unknown service %q", req.Service)
	}
	if req.Priority != "" {
		if _, ok := e.Config().Priority(req.Priority); !ok {
			return Issued{}, queue.Errf(queue.CodeInvalid, "Nhóm ưu tiên không tồn tại: %q", "unknown priority category %q", req.Priority)
		}
	}
	var days queue.DayInfo
	if d := e.days.Load(); d != nil {
		days = *d
	}
	if err := e.Config().Opening.CheckIssue(e.now(), days); err != nil {
		return Issued{}, err
	}
	if err := e.rollDay(ctx); err != nil {
		return Issued{}, err
	}
	var out Issued
	err := e.db.Write(ctx, func(tx *store.Tx) error {
		now := e.now().In(queue.Loc)
		day := queue.Day(now)
		if svc.DailyCap > 0 {
			n, err := tx.IssuedToday(day, svc.Prefix)
			if err != nil {
				return err
			}
			if n >= svc.DailyCap {
				return queue.Errf(queue.CodeCapReached,
					"Lĩnh vực “%s” đã hết số thứ tự trong ngày hôm nay (tối đa %d số). Xin mời quý khách quay lại vào ngày làm việc tiếp theo.",
					"service %s reached its daily cap of %d tickets", svc.Name, svc.DailyCap)
			}
		}
		seq, err := tx.NextSeq(day, svc.Prefix)
		if err != nil {
			return err
		}
		number, err := queue.FormatNumber(e.Config(), svc.Prefix, seq)
		if err != nil {
			return err
		}
		t := queue.Ticket{ID: NewID(), Number: number, Day: day, Seq: seq, Service: svc.ID, Priority: req.Priority,
			AppointmentAt: req.AppointmentAt, Status: queue.Waiting, IssuedAt: now, ArrivalAt: now}
		if err := tx.InsertTicket(t, svc.Prefix, device); err != nil {
			return err
		}
		// The count after this ticket; the ones ahead of it are the count
		// before (never below 0: AddWaiting clamps), one statement less
		// than reading it first (issue 20).
		waiting, err := tx.AddWaiting(svc.ID, 1)
		if err != nil {
			return err
		}
		ahead := waiting - 1
		ev := e.event(queue.EvIssued, t, "")
		ev.Waiting = map[string]int{svc.ID: waiting}
		if _, err := tx.AppendEvent(ev); err != nil {
			return err
		}
		out = Issued{Ticket: t, ServiceName: svc.Name, ServiceNameEN: svc.NameEN, Ahead: ahead, Position: ahead + 1}
		return nil
	})
	if err != nil {
		return Issued{}, err
	}
	open, nums := e.openCounters(svc.ID)
	out.Counters, out.OpenCounters = nums, open
	out.EstimatedWait = int(queue.EstimateWait(out.Ahead, open, e.mean(svc.ID)) / time.Minute)
	return out, nil
}

// Actor is who performs an operation.
type Actor struct {
	Officer string
	Role    string // officer, supervisor, admin
	Counter string // the counter an officer is bound to
	// FullName is the officer's name as printed on dossier papers and
	// progress steps (empty: Officer is used).
	FullName string
}

// mayTouch says whether the actor may operate on ticket t. An officer may
// touch a ticket at their own counter (called, serving, parked there, or
// finished there), or a ticket at no counter — waiting, or cancelled while
// waiting — of a service their counter serves or redirected to their
// counter. Everything else belongs to another counter's officer.
func (e *Engine) mayTouch(a Actor, t queue.Ticket) error {
	if a.supervises() {
		return nil
	}
	if t.Counter != "" {
		return a.mayAct(t.Counter)
	}
	if t.TargetCounter != "" && t.TargetCounter == a.Counter {
		return nil
	}
	if k, ok := e.Config().Counter(a.Counter); ok && k.Serves(t.Service) && t.TargetCounter == "" {
		return nil
	}
	return queue.Errf(queue.CodeForbidden, "Số này không thuộc lĩnh vực của quầy", "ticket %s (service %s) is not served at counter %q", t.Number, t.Service, a.Counter)
}

// mayRedirect checks a redirect of t to counter k: the counter must be open
// and serve the ticket's service (a citizen sent to a closed counter or one
// that cannot serve them is stranded), and moving a ticket that is not at
// the actor's counter puts it ahead of the queue at k, which is calling out
// of order: only those the policy allows may do it (a redirect to one's own
// counter followed by "next" would otherwise bypass the rule).
func (e *Engine) mayRedirect(tx *store.Tx, a Actor, t queue.Ticket, k queue.Counter) error {
	if !k.Serves(t.Service) {
		return queue.Errf(queue.CodeInvalid, "%s không phục vụ lĩnh vực của số %s", "%s does not serve the service of ticket %s", k.Name, t.Number)
	}
	st, err := tx.CounterState(k.ID)
	if err != nil {
		return err
	}
	if st.Status != "open" {
		return queue.Errf(queue.CodeCounterShut, "%s đang không mở cửa (đóng hoặc tạm dừng): không chuyển công dân đến đó được", "%s is %s", k.Name, st.Status)
	}
	if t.Counter == "" || t.Counter != a.Counter {
		if !e.Config().Policy.MayCallOutOfOrder(a.Officer, a.Role) {
			return queue.Errf(queue.CodeForbidden, "Tài khoản này không được chuyển số đang chờ lên trước hàng đợi (gọi số không theo thứ tự)", "officer %s may not move a waiting ticket ahead of the queue", a.Officer)
		}
	}
	return nil
}

// supervises: supervisors and admins act at every counter and on every
// ticket and dossier.
func (a Actor) supervises() bool { return a.Role == RoleSupervisor || a.Role == RoleAdmin }

// mayAct says whether the actor may act at counter: officers only at their own.
func (a Actor) mayAct(counter string) error {
	if a.supervises() || counter == "" || a.Counter == counter {
		return nil
	}
	return queue.Errf(queue.CodeForbidden, "Cán bộ chỉ được thao tác tại quầy của mình", "officer bound to counter %q may not act at counter %q", a.Counter, counter)
}

// CallNext claims the next ticket for counter. ok is false when none waits.
func (e *Engine) CallNext(ctx context.Context, a Actor, counter, onlyService string) (t queue.Ticket, ok bool, err error) {
	return e.callAt(ctx, a, counter, onlyService, "")
}

// CallTicket calls one named waiting ticket to counter, out of turn. Only
// supervisors, admins and officers the policy names may do it.
func (e *Engine) CallTicket(ctx context.Context, a Actor, counter, ticketID string) (queue.Ticket, error) {
	if !e.Config().Policy.MayCallOutOfOrder(a.Officer, a.Role) {
		return queue.Ticket{}, queue.Errf(queue.CodeForbidden, "Tài khoản này không được gọi số không theo thứ tự", "officer %s may not call out of order", a.Officer)
	}
	if ticketID == "" {
		return queue.Ticket{}, queue.Errf(queue.CodeInvalid, "Chưa chọn số cần gọi", "ticket id missing")
	}
	t, ok, err := e.callAt(ctx, a, counter, "", ticketID)
	if err == nil && !ok {
		err = queue.Errf(queue.CodeNotFound, "Không tìm thấy số thứ tự", "ticket %q not found", ticketID)
	}
	return t, err
}

func (e *Engine) callAt(ctx context.Context, a Actor, counter, onlyService, ticketID string) (t queue.Ticket, ok bool, err error) {
	k, found := e.Config().Counter(counter)
	if !found {
		return t, false, queue.Errf(queue.CodeNotFound, "Không tìm thấy quầy %q", "counter %q not found", counter)
	}
	if err := a.mayAct(counter); err != nil {
		return t, false, err
	}
	if onlyService != "" && !k.Serves(onlyService) {
		return t, false, queue.Errf(queue.CodeInvalid, "Quầy này không phục vụ lĩnh vực đã chọn", "counter %s does not serve %q", counter, onlyService)
	}
	services := make([]string, 0, len(k.Services))
	for _, s := range e.Config().Services {
		if k.Serves(s.ID) {
			services = append(services, s.ID)
		}
	}
	if ticketID == "" && !e.likelyWaiting(services) {
		// Nothing to call and nothing to finish: answer without a write
		// (officers press "next" on an empty queue all day long). Skipped
		// when committed events say someone waits (callhint.go).
		busy, err := e.db.CounterHasWork(ctx, counter, services)
		if err != nil {
			return t, false, err
		}
		if !busy {
			return t, false, nil
		}
	}
	err = e.db.Write(ctx, func(tx *store.Tx) error {
		now := e.now().In(queue.Loc)
		st, err := tx.CounterState(counter)
		if err != nil {
			return err
		}
		if st.Status == "paused" {
			return queue.Errf(queue.CodeCounterShut, "Quầy đang tạm dừng (%s). Hãy bấm “Tiếp tục” trước khi gọi số.", "counter is paused (%s): %s", st.Reason, counter)
		}
		// The ticket still at the counter is finished by calling the next
		// one: that is how officers work, and it keeps statistics honest.
		cur, err := tx.CurrentAt(counter)
		if err != nil {
			return err
		}
		for _, c := range cur {
			done, _, err := queue.Apply(c, queue.OpFinish, queue.Args{}, now, e.Config().Policy)
			if err != nil {
				return err
			}
			if err := tx.UpdateTicket(done); err != nil {
				return err
			}
			if _, err := tx.AppendEvent(e.event(queue.EvFinished, done, "next_called")); err != nil {
				return err
			}
		}
		var next queue.Ticket
		var reason queue.Reason
		if ticketID != "" {
			next, err = tx.Ticket(ticketID)
			if err != nil {
				return err
			}
			if next.Status != queue.Waiting {
				return queue.Errf(queue.CodeTransition, "Số %s không ở trạng thái chờ", "ticket %s is not waiting", next.Number)
			}
			// An officer calls by name only tickets this counter serves,
			// never one redirected to another counter.
			if err := e.mayTouch(Actor{Officer: a.Officer, Role: a.Role, Counter: counter}, next); err != nil {
				return err
			}
			reason = "named"
		} else {
			cands, err := tx.Candidates(counter, services)
			if err != nil {
				return err
			}
			var found bool
			next, reason, found = queue.Next(cands, k, queue.CounterState{ConsecutivePriority: st.ConsecutivePriority}, onlyService, now, e.Config().Policy)
			if !found {
				return nil
			}
		}
		called, _, err := queue.Apply(next, queue.OpCall, queue.Args{Counter: counter, Officer: a.Officer}, now, e.Config().Policy)
		if err != nil {
			return err
		}
		if err := tx.UpdateTicket(called); err != nil {
			return err
		}
		ev := e.event(queue.EvCalled, called, string(reason))
		if next.TargetCounter == "" {
			n, err := tx.AddWaiting(next.Service, -1)
			if err != nil {
				return err
			}
			ev.Waiting = map[string]int{next.Service: n}
		}
		if _, err := tx.AppendEvent(ev); err != nil {
			return err
		}
		was := st
		st.ConsecutivePriority = queue.CounterState{ConsecutivePriority: st.ConsecutivePriority}.After(called, reason).ConsecutivePriority
		if st.Status == "closed" {
			st.Status = "open"
		}
		if a.Officer != "" {
			st.Officer = a.Officer
		}
		// Most calls change nothing here (open, same officer, no priority
		// run): no write, one page less to commit (issue 20).
		if st != was {
			if err := tx.SetCounterState(st); err != nil {
				return err
			}
		}
		t, ok = called, true
		return nil
	})
	return t, ok, err
}

// Act performs a ticket operation (recall, start, finish, no-show, ...).
// Officers act only on tickets at their own counter or, for a ticket at no
// counter (waiting, parked elsewhere is refused), of a service their counter
// serves; see mayTouch. Supervisors and admins act anywhere.
func (e *Engine) Act(ctx context.Context, a Actor, id string, op queue.Op, args queue.Args) (queue.Ticket, error) {
	if op == queue.OpTransfer {
		if _, ok := e.Config().Service(args.Service); !ok {
			return queue.Ticket{}, queue.Errf(queue.CodeInvalid, "Lĩnh vực chuyển đến không tồn tại: %q", "unknown service %q", args.Service)
		}
	}
	var target queue.Counter
	if op == queue.OpRedirect {
		k, ok := e.Config().Counter(args.Counter)
		if !ok {
			return queue.Ticket{}, queue.Errf(queue.CodeInvalid, "Quầy chuyển đến không tồn tại: %q", "unknown counter %q", args.Counter)
		}
		target = k
	}
	var out queue.Ticket
	err := e.db.Write(ctx, func(tx *store.Tx) error {
		t, err := tx.Ticket(id)
		if err != nil {
			return err
		}
		if err := e.mayTouch(a, t); err != nil {
			return err
		}
		if op == queue.OpRedirect {
			if err := e.mayRedirect(tx, a, t, target); err != nil {
				return err
			}
		}
		wasWaiting := t.Status == queue.Waiting && t.TargetCounter == ""
		n, auto, err := queue.Apply(t, op, args, e.now().In(queue.Loc), e.Config().Policy)
		if err != nil {
			return err
		}
		if err := tx.UpdateTicket(n); err != nil {
			return err
		}
		kind := queue.OpEvent[op]
		reason := ""
		if auto {
			kind, reason = queue.EvNoShow, "max_recalls"
		}
		ev := e.event(kind, n, reason)
		if ev.Counter == "" && t.Counter != "" {
			// Transfer, redirect, resume…: name the counter the ticket left,
			// so a board can clear it there.
			if k, ok := e.Config().Counter(t.Counter); ok {
				ev.Counter, ev.CounterNumber, ev.CounterName = k.ID, k.Number, k.Name
			}
		}
		if op == queue.OpRecall && !auto {
			ev.Text = queue.CallText(n.Number, ev.CounterNumber)
		}
		isWaiting := n.Status == queue.Waiting && n.TargetCounter == ""
		ev.Waiting = map[string]int{}
		if wasWaiting && (!isWaiting || t.Service != n.Service) {
			c, err := tx.AddWaiting(t.Service, -1)
			if err != nil {
				return err
			}
			ev.Waiting[t.Service] = c
		}
		if isWaiting && (!wasWaiting || t.Service != n.Service) {
			c, err := tx.AddWaiting(n.Service, 1)
			if err != nil {
				return err
			}
			ev.Waiting[n.Service] = c
		}
		if op == queue.OpRedirect || op == queue.OpResume {
			if k, ok := e.Config().Counter(n.TargetCounter); ok {
				ev.Reason = fmt.Sprintf("→ %s", k.Name)
			}
		}
		if _, err := tx.AppendEvent(ev); err != nil {
			return err
		}
		out = n
		return nil
	})
	return out, err
}

package counter

// Inbox (issue 16): dossiers submitted online on the portal and dossiers
// another centre received and forwarded here (liên thông) wait in the
// centre's inbox. The officer opens one, checks its components, and
// accepts it — it becomes a dossier, its receipt printed as at the counter
// (a forwarded dossier keeps the receiving centre's receipt, so nothing is
// printed) — or returns an online submission for supplement with a reason.

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
)

// InboxView is the inbox tab.
type InboxView struct {
	Loaded bool
	Items  []client.InboxItem // waiting items, newest first: the pages loaded
	// Total is how many items wait for this officer on the server (their
	// fields only), however many are loaded; More: older ones are not
	// loaded yet (LoadMoreInbox). The tab shows "500 / 1.234" then.
	Total    int
	More     bool
	Selected *client.InboxItem
	// Checked: the officer has checked the selected item's component i.
	Checked []bool
	Reason  string // the supplement reason being typed
	// ProcedureName is the name of the selected item's procedure in the
	// centre's catalogue ("" until known, or not in the catalogue).
	ProcedureName string
}

// RefreshInbox reloads the waiting items (the officer's "Làm mới"): the
// pages loaded are read again from the newest, at most inboxRereadMax
// items (inbox_paging.go).
func (p *Presenter) RefreshInbox() { p.refreshInbox("Đang tải hộp thư…") }

// pollInbox reloads the inbox every Options.InboxEvery until the session
// ends, quietly (no busy bar): the tab's count follows what the sync agent
// pulls. Only the newest InboxChunk items are read again; older pages the
// officer loaded stay as they are (inbox_paging.go). in runs f on the UI
// goroutine if the session is still current.
func (p *Presenter) pollInbox(ctx context.Context, in func(func())) {
	every := p.o.InboxEvery
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			in(func() { p.refreshInbox("") })
		}
	}
}

func (p *Presenter) refreshInbox(busy string) {
	if p.v.Screen != ScreenMain {
		return
	}
	// The newest items are read again, so an item decided at another
	// counter leaves and one pulled meanwhile comes in; how many: inbox_paging.go.
	want := p.rereadWant(busy == "")
	quiet := busy == ""
	if quiet && !p.inboxPolling.CompareAndSwap(false, true) {
		return // the last poll still reads
	}
	p.call("inbox", busy, func(ctx context.Context) (func(), error) {
		if quiet {
			defer p.inboxPolling.Store(false)
		}
		items, total, next, err := p.inboxPages(ctx, "", want)
		var ce *client.Error
		if errors.As(err, &ce) && ce.Status == 404 {
			// A server without the inbox (no portal configured): an empty tab.
			p.o.Log.Info("counter: the server has no inbox")
			items, total, next, err = nil, 0, "", nil
		}
		if err != nil {
			return nil, err
		}
		return func() {
			p.mergeRefresh(items, total, next)
			p.v.Inbox.Loaded = true
			if s := p.v.Inbox.Selected; s != nil {
				i := slices.IndexFunc(p.v.Inbox.Items, func(it client.InboxItem) bool { return it.ID == s.ID })
				if i < 0 {
					p.v.Inbox.Selected, p.v.Inbox.Checked = nil, nil
				}
			}
		}, nil
	})
}

// OpenInbox shows item id of the list for checking.
func (p *Presenter) OpenInbox(id int64) {
	i := slices.IndexFunc(p.v.Inbox.Items, func(it client.InboxItem) bool { return it.ID == id })
	if i < 0 {
		return
	}
	it := p.v.Inbox.Items[i]
	p.v.Inbox.Selected = &it
	p.v.Inbox.Checked = make([]bool, len(it.Submission.ThanhPhan))
	p.v.Inbox.Reason, p.v.Inbox.ProcedureName = "", ""
	code := it.Submission.MaTTHC
	if it.Transfer != nil && it.Transfer.TenTTHC != "" || code == "" {
		p.v.Inbox.ProcedureName = procedureName(it)
		p.render()
		return
	}
	p.call("inbox procedure", "", func(ctx context.Context) (func(), error) {
		ps, err := p.o.API.SearchProcedures(ctx, code, 5)
		if err != nil {
			return nil, err
		}
		return func() {
			if s := p.v.Inbox.Selected; s == nil || s.ID != id {
				return
			}
			for _, pr := range ps {
				if pr.Code == code {
					p.v.Inbox.ProcedureName = pr.Name
				}
			}
		}, nil
	})
}

func procedureName(it client.InboxItem) string {
	if it.Transfer != nil {
		return it.Transfer.TenTTHC
	}
	return ""
}

// CheckInboxComponent marks component i of the open item as checked.
func (p *Presenter) CheckInboxComponent(i int, ok bool) {
	if i >= 0 && i < len(p.v.Inbox.Checked) {
		p.v.Inbox.Checked[i] = ok
		p.render()
	}
}

// SetInboxReason keeps the supplement reason as typed.
func (p *Presenter) SetInboxReason(s string) { p.v.Inbox.Reason = s }

// AcceptInbox receives the open item as a dossier. Every component of an
// online submission must have been checked (a missing one is a reason to
// return it for supplement instead); the receipt is printed as at the
// counter. A forwarded dossier is accepted as it came.
func (p *Presenter) AcceptInbox() {
	s := p.v.Inbox.Selected
	if s == nil || p.v.Screen != ScreenMain {
		p.error("Hãy chọn một hồ sơ trong hộp thư.")
		p.render()
		return
	}
	var a client.InboxAccept
	if s.Transfer == nil {
		if slices.Contains(p.v.Inbox.Checked, false) {
			p.error("Hãy kiểm tra và đánh dấu đủ các thành phần hồ sơ trước khi tiếp nhận; nếu thiếu, trả lại để bổ sung.")
			p.render()
			return
		}
		for _, c := range s.Submission.ThanhPhan {
			a.Components = append(a.Components, dossier.ComponentReceived{Name: c.Ten, Originals: c.SoBanChinh, Copies: c.SoBanSao})
		}
	}
	id, transfer := s.ID, s.Transfer != nil
	p.call("accept inbox item", "Đang tiếp nhận hồ sơ…", func(ctx context.Context) (func(), error) {
		v, err := p.o.API.AcceptInbox(ctx, id, a)
		if err != nil {
			return nil, err
		}
		return func() {
			p.o.Log.Info("counter: inbox item accepted", "item", id, "dossier", v.Dossier.Code)
			p.dropInbox(id)
			if transfer {
				p.info(p.tf("Đã tiếp nhận hồ sơ liên thông %s. Hẹn trả: %s.", v.Dossier.Code, bi{v.Receipt.Appointment, dossier.FormatAppointmentEN(v.Dossier.AppointmentAt)}))
			} else {
				p.v.Saved, p.v.PaperOld = &v, false
				p.info(p.tf("Đã tiếp nhận hồ sơ %s. Hẹn trả: %s.", v.Dossier.Code, bi{v.Receipt.Appointment, dossier.FormatAppointmentEN(v.Dossier.AppointmentAt)}))
				p.printReceipt(v)
			}
			p.refreshList()
		}, nil
	})
}

// ReturnInbox returns the open online submission to the applicant with
// the reason to supplement (shown on the portal's lookup).
func (p *Presenter) ReturnInbox(reason string) {
	s := p.v.Inbox.Selected
	if s == nil || p.v.Screen != ScreenMain {
		p.error("Hãy chọn một hồ sơ trong hộp thư.")
		p.render()
		return
	}
	reason = strings.TrimSpace(reason)
	p.v.Inbox.Reason = reason
	if reason == "" || utf8.RuneCountInString(reason) > 1000 {
		p.error("Hãy ghi rõ nội dung cần bổ sung, hoàn thiện (tối đa 1000 ký tự).")
		p.render()
		return
	}
	if s.Transfer != nil {
		p.error("Hồ sơ liên thông: hãy tiếp nhận rồi yêu cầu bổ sung trong danh sách hồ sơ, để đơn vị tiếp nhận được cập nhật.")
		p.render()
		return
	}
	id, code := s.ID, s.Code
	p.call("return inbox item", "Đang trả lại hồ sơ…", func(ctx context.Context) (func(), error) {
		if err := p.o.API.ReturnInbox(ctx, id, reason); err != nil {
			return nil, err
		}
		return func() {
			p.o.Log.Info("counter: inbox item returned for supplement", "item", id)
			p.dropInbox(id)
			p.info(p.tf("Đã trả lại hồ sơ %s để bổ sung. Người nộp xem nội dung cần bổ sung khi tra cứu.", code))
		}, nil
	})
}

// dropInbox removes a decided item from the list and closes it.
func (p *Presenter) dropInbox(id int64) {
	n := len(p.v.Inbox.Items)
	p.v.Inbox.Items = slices.DeleteFunc(slices.Clone(p.v.Inbox.Items), func(it client.InboxItem) bool { return it.ID == id })
	if len(p.v.Inbox.Items) < n && p.v.Inbox.Total > 0 {
		p.v.Inbox.Total--
	}
	if s := p.v.Inbox.Selected; s != nil && s.ID == id {
		p.v.Inbox.Selected, p.v.Inbox.Checked, p.v.Inbox.Reason = nil, nil, ""
	}
}

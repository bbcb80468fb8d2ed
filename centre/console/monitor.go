package console

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Monitor is the live state the monitor page shows.
type Monitor struct {
	At       time.Time    `json:"at"`
	Seq      int64        `json:"seq"`
	Notice   string       `json:"notice"`
	NoticeEN string       `json:"notice_en,omitempty"`
	Counters []CounterRow `json:"counters"`
	Services []ServiceRow `json:"services"`
	Devices  []DeviceRow  `json:"devices"`
	Alerts   []Alert      `json:"alerts"`
}

// CounterRow is one counter on the monitor.
type CounterRow struct {
	ID          string      `json:"id"`
	Number      int         `json:"number"`
	Name        string      `json:"name"`
	NameEN      string      `json:"name_en,omitempty"` // the config's English name, if any
	Status      string      `json:"status"`            // open, paused, closed
	Reason      string      `json:"reason,omitempty"`
	Officer     string      `json:"officer,omitempty"`
	OfficerName string      `json:"officer_name,omitempty"`
	Services    []string    `json:"services"`
	Current     *CurrentRow `json:"current,omitempty"`
	// AppConnected: the counter app (its officer's WebSocket) is connected
	// now. The counter PC logs in as the officer, not as its device.
	AppConnected bool `json:"app_connected"`
}

// CurrentRow is the ticket at a counter and since when.
type CurrentRow struct {
	TicketID    string `json:"ticket_id"`
	Number      string `json:"number"`
	Service     string `json:"service"`
	ServiceName string `json:"service_name"`
	// ServiceNameEN is the service's English name ("" when the config has none).
	ServiceNameEN string       `json:"service_name_en,omitempty"`
	Status        queue.Status `json:"status"`
	Since         time.Time    `json:"since"`
}

// ServiceRow is one service on the monitor.
type ServiceRow struct {
	ID               string     `json:"id"`
	Name             string     `json:"name"`
	NameEN           string     `json:"name_en,omitempty"` // the config's English name, if any
	SectorName       string     `json:"sector_name"`
	Waiting          int        `json:"waiting"`
	OldestAt         *time.Time `json:"oldest_at,omitempty"`
	LongestWaitMin   float64    `json:"longest_wait_min"`
	EstimatedWaitMin int        `json:"estimated_wait_min"`
	TargetWaitMin    int        `json:"target_wait_min"`
	OpenCounters     int        `json:"open_counters"`
}

// DeviceRow is one kiosk, board or counter PC on the monitor.
type DeviceRow struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Role      string     `json:"role"`
	Revoked   bool       `json:"revoked"`
	Online    bool       `json:"online"`
	Connected int        `json:"connected"`
	LastSeen  *time.Time `json:"last_seen,omitempty"`
	State     string     `json:"state"`
	Printer   string     `json:"printer,omitempty"` // ok, paper_out, offline, ... from "printer:<x>"
}

// Alert is something a supervisor should act on.
type Alert struct {
	Kind      string `json:"kind"` // wait, paper, printer, board_offline, slow_writes, …
	Target    string `json:"target"`
	Message   string `json:"message"`
	MessageEN string `json:"message_en"`
}

// BuildMonitor reads the live state and derives the alerts.
func (c *Console) BuildMonitor(ctx context.Context) (*Monitor, error) {
	e := c.srv.Engine()
	snap, err := e.Snapshot(ctx)
	if err != nil {
		return nil, err
	}
	oldest, err := c.db.OldestWaiting(ctx)
	if err != nil {
		return nil, err
	}
	officers, err := c.db.Officers(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, o := range officers {
		names[o.Username] = o.FullName
	}
	devs, err := c.db.Devices(ctx)
	if err != nil {
		return nil, err
	}
	now := c.o.Now()
	m := &Monitor{At: now, Seq: snap.Seq, Notice: snap.Notice, NoticeEN: snap.NoticeEN, Counters: []CounterRow{}, Services: []ServiceRow{}, Devices: []DeviceRow{}, Alerts: []Alert{}}
	apps := c.srv.CounterConnected()
	namesEN := map[string]string{}
	for _, s := range snap.Services {
		namesEN[s.ID] = s.NameEN
	}
	for _, k := range snap.Counters {
		row := CounterRow{ID: k.ID, Number: k.Number, Name: k.Name, NameEN: k.NameEN, Status: k.Status, Reason: k.Reason, Officer: k.Officer,
			OfficerName: names[k.Officer], Services: k.Serves, AppConnected: apps[k.ID] > 0}
		if k.Current != nil {
			row.Current = &CurrentRow{TicketID: k.Current.TicketID, Number: k.Current.Number, Service: k.Current.Service,
				ServiceName: k.Current.ServiceName, ServiceNameEN: namesEN[k.Current.Service], Status: k.Current.Status, Since: k.Current.At}
		}
		m.Counters = append(m.Counters, row)
	}
	for _, s := range snap.Services {
		row := ServiceRow{ID: s.ID, Name: s.Name, NameEN: s.NameEN, SectorName: s.SectorName, Waiting: s.Waiting, EstimatedWaitMin: s.EstimatedWait,
			TargetWaitMin: s.TargetWaitMin, OpenCounters: s.OpenCounters}
		if t, ok := oldest[s.ID]; ok && s.Waiting > 0 {
			t := t
			row.OldestAt = &t
			row.LongestWaitMin = roundTenth(now.Sub(t).Minutes())
		}
		m.Services = append(m.Services, row)
	}
	pres := c.srv.Presence()
	for _, d := range devs {
		row := DeviceRow{ID: d.ID, Name: d.Name, Role: d.Role, Revoked: d.Revoked, State: d.State}
		seen := d.LastSeen
		if p, ok := pres[d.ID]; ok {
			row.Connected = p.Connected
			if p.LastSeen.After(seen) {
				seen = p.LastSeen
			}
		}
		if !seen.IsZero() {
			s := seen.In(queue.Loc)
			row.LastSeen = &s
		}
		row.Online = !d.Revoked && (row.Connected > 0 || (!seen.IsZero() && now.Sub(seen) <= c.o.OnlineWithin))
		for _, part := range strings.Split(d.State, ",") {
			if p, ok := strings.CutPrefix(strings.TrimSpace(part), "printer:"); ok {
				row.Printer = p
			}
		}
		m.Devices = append(m.Devices, row)
	}
	m.Alerts = append(append(append(Alerts(m), c.assignAlerts(ctx)...), c.removedAlerts(ctx)...), c.extraAlerts(ctx)...)
	m.Alerts = append(m.Alerts, c.logoutAlerts(ctx)...)    // logoutreturns.go
	m.Alerts = append(m.Alerts, c.parkedAlerts(ctx, m)...) // parkedalerts.go
	m.Alerts = append(m.Alerts, c.slowWriteAlerts(now)...) // slowwrites.go
	return m, nil
}

// Alerts derives what needs a supervisor: a service waiting past its
// target, a kiosk printer out of paper or failing, a board offline.
func Alerts(m *Monitor) []Alert {
	out := []Alert{}
	for _, s := range m.Services {
		if s.TargetWaitMin > 0 && s.Waiting > 0 && s.LongestWaitMin > float64(s.TargetWaitMin) {
			out = append(out, Alert{Kind: "wait", Target: s.ID,
				Message:   fmt.Sprintf("%s: khách chờ lâu nhất %s, vượt mục tiêu %d phút", s.Name, minutesVI(s.LongestWaitMin), s.TargetWaitMin),
				MessageEN: fmt.Sprintf("%s: longest wait %.0f min, over the %d min target", s.Name, s.LongestWaitMin, s.TargetWaitMin)})
		}
	}
	for _, d := range m.Devices {
		if d.Revoked {
			continue
		}
		switch {
		case d.Printer == "paper_out":
			out = append(out, Alert{Kind: "paper", Target: d.ID, Message: d.Name + ": máy in hết giấy", MessageEN: d.Name + ": printer out of paper"})
		case d.Printer != "" && d.Printer != "ok" && d.Printer != "none":
			out = append(out, Alert{Kind: "printer", Target: d.ID, Message: d.Name + ": máy in lỗi (" + printerVI(d.Printer) + ")",
				MessageEN: d.Name + ": printer fault (" + d.Printer + ")"})
		}
		if d.Role == centre.RoleDisplay && !d.Online {
			out = append(out, Alert{Kind: "board_offline", Target: d.ID, Message: d.Name + ": bảng hiển thị mất kết nối",
				MessageEN: d.Name + ": board offline"})
		}
	}
	return out
}

func printerVI(s string) string {
	switch s {
	case "paper_out":
		return "hết giấy"
	case "cover_open":
		return "mở nắp"
	case "offline":
		return "không sẵn sàng"
	case "unplugged":
		return "mất kết nối"
	}
	return "không rõ"
}

func minutesVI(m float64) string { return fmt.Sprintf("%.0f phút", m) }

func roundTenth(v float64) float64 { return float64(int64(v*10+0.5)) / 10 }

func (c *Console) monitor(w http.ResponseWriter, r *http.Request) {
	m, err := c.BuildMonitor(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	writeJSON(w, 200, m)
}

// TicketRow is a ticket in the supervisor's list.
type TicketRow struct {
	queue.Ticket
	ServiceName string `json:"service_name"`
	StatusLabel string `json:"status_label"`
}

func (c *Console) tickets(w http.ResponseWriter, r *http.Request) {
	var statuses []string
	if s := r.URL.Query().Get("status"); s != "" {
		statuses = strings.Split(s, ",")
	}
	ts, err := c.db.TicketsWithStatus(r.Context(), queue.Day(c.o.Now()), statuses...)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	cfg := c.srv.Engine().Config()
	out := make([]TicketRow, 0, len(ts))
	for _, t := range ts {
		row := TicketRow{Ticket: t, StatusLabel: t.Status.Label()}
		if s, ok := cfg.Service(t.Service); ok {
			row.ServiceName = s.Name
		}
		out = append(out, row)
	}
	writeJSON(w, 200, out)
}

type reasonReq struct {
	Reason string `json:"reason"`
}

func (c *Console) counterAction(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	id, op := r.PathValue("id"), r.PathValue("op")
	var req reasonReq
	if r.ContentLength != 0 {
		if err := decode(r, &req); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	e := c.srv.Engine()
	// An empty officer keeps the counter's officer: the supervisor opens the
	// counter, they do not sit at it. The audit trail records who did it.
	a := centre.Actor{Role: u.Role}
	var err error
	switch op {
	case "open":
		err = e.Open(r.Context(), a, id)
	case "close":
		// A number still at the counter goes back to the head of its
		// queue, as at a sign-out (counterends.go).
		err = c.closeReturning(r.Context(), u, id, "", engine.ReasonCounterClosed)
	case "pause":
		if utf8.RuneCountInString(req.Reason) > 200 {
			err = &fieldError{"reason", "Lý do quá dài (tối đa 200 ký tự)", "reason too long"}
			break
		}
		err = e.Pause(r.Context(), a, id, textrule.Line(req.Reason)) // internal/textrule
	case "resume":
		err = e.Resume(r.Context(), a, id)
	default:
		err = queue.Errf(queue.CodeNotFound, "Thao tác không tồn tại: %s", "unknown counter operation %q", op)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.record(r.Context(), u, "counter."+op, id, req)
	w.WriteHeader(http.StatusNoContent)
}

// moveOfficer puts an officer at another counter: the counter they were at
// closes, the new one opens with them, and their counter sessions follow.
func (c *Console) moveOfficer(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	username := r.PathValue("username")
	var req struct {
		Counter string `json:"counter"`
	}
	if err := decode(r, &req); err != nil {
		c.fail(w, r, err)
		return
	}
	e := c.srv.Engine()
	k, ok := e.Config().Counter(req.Counter)
	if !ok {
		c.fail(w, r, &fieldError{"counter", fmt.Sprintf("Không tìm thấy quầy %q", req.Counter), "unknown counter"})
		return
	}
	o, err := c.db.Officer(r.Context(), username)
	if err != nil {
		c.fail(w, r, queue.Errf(queue.CodeNotFound, "Không tìm thấy cán bộ %q", "officer %q not found", username))
		return
	}
	if o.Disabled {
		c.fail(w, r, queue.Errf(queue.CodeInvalid, "Tài khoản cán bộ này đã bị khóa", "officer disabled"))
		return
	}
	// A move respects the officer's counter assignment as a login does; an
	// admin widens the assignment first (Cán bộ page), docs/CONSOLE.md.
	if o.Role == centre.RoleOfficer && !o.MayUseCounter(k.ID) {
		c.fail(w, r, centre.ErrNotAssigned(o, k))
		return
	}
	snap, err := e.Snapshot(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	from := ""
	for _, k := range snap.Counters {
		if k.Officer == username && k.Status != "closed" && k.ID != req.Counter {
			from = k.ID
			if err := c.closeReturning(r.Context(), u, k.ID, username, engine.ReasonMoved); err != nil {
				c.fail(w, r, err)
				return
			}
		}
	}
	if err := e.Open(r.Context(), centre.Actor{Officer: username, Role: u.Role}, req.Counter); err != nil {
		c.fail(w, r, err)
		return
	}
	refused := false
	err = c.db.Write(r.Context(), func(tx *store.Tx) error {
		// Again in the write: an admin may have narrowed the assignment
		// since the check above (docs/SECURITY.md, "Session 7 review").
		if err := c.srv.RecheckAssigned(tx, username, k); err != nil {
			refused = true
			return err
		}
		if err := tx.MoveOfficerSessions(username, req.Counter); err != nil {
			return err
		}
		return audit(tx, c.o.Now(), u, "officer.move", username, map[string]string{"from": from, "to": req.Counter})
	})
	if err != nil {
		if refused {
			if err := e.Close(r.Context(), centre.Actor{Role: u.Role}, req.Counter); err != nil {
				c.log.Warn("console: close the counter of a refused move", "err", err)
			}
		}
		c.fail(w, r, err)
		return
	}
	c.srv.ForgetTokens() // the officer's bearer session is now bound to the new counter
	w.WriteHeader(http.StatusNoContent)
}

func (c *Console) ticketAction(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	id, op := r.PathValue("id"), r.PathValue("op")
	var req struct {
		Counter string `json:"counter"`
	}
	if r.ContentLength != 0 {
		if err := decode(r, &req); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	e := c.srv.Engine()
	var t queue.Ticket
	var err error
	needCounter := func() bool {
		if _, ok := e.Config().Counter(req.Counter); !ok {
			err = &fieldError{"counter", "Hãy chọn quầy", "counter missing or unknown"}
			return false
		}
		return true
	}
	switch op {
	case "cancel":
		t, err = e.Act(r.Context(), u.actor(), id, queue.OpCancel, queue.Args{})
	case "reactivate":
		t, err = e.Act(r.Context(), u.actor(), id, queue.OpReactivate, queue.Args{})
	case "redirect":
		if needCounter() {
			t, err = e.Act(r.Context(), u.actor(), id, queue.OpRedirect, queue.Args{Counter: req.Counter})
		}
	case "call":
		if needCounter() {
			t, err = e.CallTicket(r.Context(), u.actor(), req.Counter, id)
		}
	default:
		err = queue.Errf(queue.CodeNotFound, "Thao tác không tồn tại: %s", "unknown ticket operation %q", op)
	}
	if err != nil {
		if store.IsNoRows(err) {
			err = queue.Errf(queue.CodeNotFound, "Không tìm thấy số thứ tự", "ticket not found")
		}
		c.fail(w, r, err)
		return
	}
	c.record(r.Context(), u, "ticket."+op, t.Number, map[string]string{"ticket": id, "counter": req.Counter})
	writeJSON(w, 200, t)
}

func (c *Console) notice(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	var req struct {
		Text   string `json:"text"`
		TextEN string `json:"text_en"`
	}
	if err := decode(r, &req); err != nil {
		c.fail(w, r, err)
		return
	}
	req.Text, req.TextEN = strings.TrimSpace(req.Text), strings.TrimSpace(req.TextEN)
	if utf8.RuneCountInString(req.Text) > 300 {
		c.fail(w, r, &fieldError{"text", "Thông báo quá dài (tối đa 300 ký tự)", "notice too long"})
		return
	}
	if utf8.RuneCountInString(req.TextEN) > 300 {
		c.fail(w, r, &fieldError{"text_en", "Thông báo tiếng Anh quá dài (tối đa 300 ký tự)", "English notice too long"})
		return
	}
	if err := c.srv.Engine().SetNoticeEN(r.Context(), u.actor(), req.Text, req.TextEN); err != nil {
		c.fail(w, r, err)
		return
	}
	c.record(r.Context(), u, "notice", "", req)
	w.WriteHeader(http.StatusNoContent)
}

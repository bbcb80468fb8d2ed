package console

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/textrule"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// ---- Queue configuration: services, sectors, counters, priorities, format ----

func (c *Console) getConfig(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, 200, c.srv.Engine().Config())
}

// configError names the field queue.Config.Validate refused
// ("services[2].prefix: ..." → services[2].prefix).
func configError(err error) error {
	msg := err.Error()
	field, detail, ok := strings.Cut(msg, ": ")
	if !ok {
		field, detail = "config", msg
	}
	return &fieldError{Field: field, Msg: fmt.Sprintf("Cấu hình không hợp lệ ở trường %s: %s", field, detail), En: msg}
}

func (c *Console) putConfig(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	var cfg queue.Config
	if err := decode(r, &cfg); err != nil {
		c.fail(w, r, err)
		return
	}
	e := c.srv.Engine()
	cur := e.Config()
	cfg.HolidaySchedule = cur.HolidaySchedule // not part of the JSON; set in the file config
	cfg.Notice = cur.Notice                   // changed through its own action
	cfg.NoticeEN = cur.NoticeEN
	cfg.CleanTexts() // the admin's typed names and descriptions: internal/textrule
	if err := cfg.Validate(); err != nil {
		c.fail(w, r, configError(err))
		return
	}
	nums := map[int]bool{}
	for i, k := range cfg.Counters {
		if nums[k.Number] {
			c.fail(w, r, &fieldError{fmt.Sprintf("counters[%d].number", i), fmt.Sprintf("Số quầy %d bị trùng", k.Number), "duplicate counter number"})
			return
		}
		nums[k.Number] = true
	}
	b, err := json.Marshal(&cfg)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	// A counter leaving the configuration with a number at it: the number
	// goes back to the head of its queue while the counter still exists
	// (counterends.go).
	removed := removedCurrent(cur, &cfg)
	for _, id := range removed {
		if err := c.closeReturning(r.Context(), u, id, "", engine.ReasonCounterRemoved); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	if testHookRemovedReturned != nil {
		testHookRemovedReturned()
	}
	var pruned []store.PrunedAssignment
	err = c.db.Write(r.Context(), func(tx *store.Tx) error {
		if err := tx.PutSetting(settingsKey, string(b)); err != nil {
			return err
		}
		if err := audit(tx, c.o.Now(), u, "config.save", "config", json.RawMessage(b)); err != nil {
			return err
		}
		pruned, err = c.pruneCounters(tx, &cfg, u) // counters removed leave every assignment (assign.go)
		return err
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if err := e.SetConfig(&cfg); err != nil {
		c.fail(w, r, configError(err))
		return
	}
	// An officer still signed in at a removed counter could call a number
	// there between the return above and the swap: once the counter is out
	// of the configuration nothing can be called there, so numbers found
	// at it now go back too (as at start-up, counterends.go).
	for _, id := range removed {
		back, err := e.ReturnFromRemoved(r.Context(), id)
		if err != nil {
			c.log.Warn("console: numbers at a removed counter", "counter", id, "err", err)
		}
		for _, n := range back {
			c.log.Warn("number returned to the head of its queue: called at a counter while it was being removed",
				"number", n.Number, "service", n.Service, "counter", id, "by", u.Username)
		}
	}
	c.logPruned(pruned)
	c.log.Info("configuration changed from the console", "by", u.Username, "services", len(cfg.Services), "counters", len(cfg.Counters))
	writeJSON(w, 200, e.Config())
}

// ---- Officers ----

// OfficerRow is an officer as the console lists them (no password hash).
type OfficerRow struct {
	Username string `json:"username"`
	FullName string `json:"full_name"`
	Role     string `json:"role"`
	Disabled bool   `json:"disabled"`
	Locked   bool   `json:"locked"` // some address must wait before trying this username again
	// Assigned: an admin set the counters this officer may sign in at
	// (Counters); false for an officer never assigned (any counter, warned).
	Assigned bool     `json:"assigned"`
	Counters []string `json:"counters"`
	// RemovedCounters: counters taken out of the assignment because they
	// left the configuration, until an admin sets the counters again (assign.go).
	RemovedCounters []string `json:"removed_counters,omitempty"`
}

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

func validRole(role string) bool {
	return role == centre.RoleOfficer || role == centre.RoleSupervisor || role == centre.RoleAdmin
}

func (c *Console) officers(w http.ResponseWriter, r *http.Request) {
	list, err := c.db.Officers(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	removed, err := c.db.RemovedOfficerCounters(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	out := make([]OfficerRow, 0, len(list))
	for _, o := range list {
		out = append(out, OfficerRow{Username: o.Username, FullName: o.FullName, Role: o.Role, Disabled: o.Disabled, Locked: c.srv.LoginThrottled(o.Username),
			Assigned: o.Assigned, Counters: nonNil(o.Counters), RemovedCounters: removed[o.Username].Counters})
	}
	writeJSON(w, 200, out)
}

type officerReq struct {
	Username string `json:"username"`
	FullName string `json:"full_name"`
	Role     string `json:"role"`
	Disabled bool   `json:"disabled"`
	Password string `json:"password"`
	// Counters the officer may sign in at; nil on an update leaves them as
	// they are. Required (at least one) when creating an officer.
	Counters *[]string `json:"counters"`
}

func checkOfficer(req officerReq) error {
	if utf8.RuneCountInString(req.FullName) > 100 {
		return &fieldError{"full_name", "Họ tên quá dài (tối đa 100 ký tự)", "full name too long"}
	}
	if !validRole(req.Role) {
		return &fieldError{"role", "Vai trò phải là cán bộ, giám sát hoặc quản trị", "role must be officer, supervisor or admin"}
	}
	return nil
}

func passwordHash(pw string) (string, error) {
	if len(pw) > 128 {
		return "", &fieldError{"password", "Mật khẩu quá dài", "password too long"}
	}
	h, err := centre.HashPassword(pw)
	if err != nil {
		return "", &fieldError{"password", "Mật khẩu cần ít nhất 8 ký tự", "password needs at least 8 characters"}
	}
	return h, nil
}

func (c *Console) createOfficer(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	var req officerReq
	if err := decode(r, &req); err != nil {
		c.fail(w, r, err)
		return
	}
	req.Username = strings.TrimSpace(req.Username)
	if !usernameRe.MatchString(req.Username) {
		c.fail(w, r, &fieldError{"username", "Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch", "username must match " + usernameRe.String()})
		return
	}
	if err := checkOfficer(req); err != nil {
		c.fail(w, r, err)
		return
	}
	h, err := passwordHash(req.Password)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if _, err := c.db.Officer(r.Context(), req.Username); err == nil {
		c.fail(w, r, &fieldError{"username", "Tên đăng nhập đã tồn tại", "username taken"})
		return
	}
	counters, err := c.checkCounters(req, true) // assign.go
	if err != nil {
		c.fail(w, r, err)
		return
	}
	err = c.db.Write(r.Context(), func(tx *store.Tx) error {
		if err := tx.CreateOfficer(store.Officer{Username: req.Username, FullName: textrule.Line(req.FullName), Role: req.Role, PasswordHash: h,
			Assigned: counters != nil, Counters: counters}); err != nil {
			return err
		}
		return audit(tx, c.o.Now(), u, "officer.create", req.Username, map[string]any{"role": req.Role, "full_name": req.FullName, "counters": counters})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	writeJSON(w, 201, OfficerRow{Username: req.Username, FullName: req.FullName, Role: req.Role, Assigned: counters != nil, Counters: nonNil(counters)})
}

func (c *Console) updateOfficer(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	name := r.PathValue("username")
	var req officerReq
	if err := decode(r, &req); err != nil {
		c.fail(w, r, err)
		return
	}
	if err := checkOfficer(req); err != nil {
		c.fail(w, r, err)
		return
	}
	if name == u.Username && (req.Disabled || req.Role != u.Role) {
		c.fail(w, r, &fieldError{"role", "Không thể tự khóa hoặc tự đổi vai trò của chính mình", "admins may not disable or demote themselves"})
		return
	}
	counters, err := c.checkCounters(req, false)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	hash := ""
	if req.Password != "" {
		var err error
		if hash, err = passwordHash(req.Password); err != nil {
			c.fail(w, r, err)
			return
		}
	}
	ended := c.endedCounters(r.Context(), name, req.Role, req.Disabled, hash != "", counters, req.Counters != nil)
	err = c.db.Write(r.Context(), func(tx *store.Tx) error {
		if err := tx.UpdateOfficer(name, textrule.Line(req.FullName), req.Role, req.Disabled, hash); err != nil {
			return err
		}
		detail := map[string]any{"role": req.Role, "disabled": req.Disabled, "full_name": req.FullName, "password_reset": hash != ""}
		if req.Counters != nil {
			if err := tx.SetOfficerCounters(name, counters); err != nil {
				return err
			}
			if err := tx.ClearRemovedCounters(name); err != nil { // the admin has seen them (assign.go)
				return err
			}
			detail["counters"] = counters
		} else if err := endUnassignedSessions(tx, name); err != nil { // assign.go
			return err
		}
		return audit(tx, c.o.Now(), u, "officer.update", name, detail)
	})
	if store.IsNoRows(err) {
		err = queue.Errf(queue.CodeNotFound, "Không tìm thấy cán bộ %q", "officer %q not found", name)
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.srv.ForgetTokens() // a disabled officer or a new role counts on the next request
	// Their sessions at these counters ended: a number still there goes
	// back to the head of its queue and the counter closes (counterends.go).
	for _, id := range ended {
		if err := c.closeReturning(r.Context(), u, id, name, engine.ReasonReassigned); err != nil {
			c.log.Warn("console: close the counter of an officer whose session ended", "officer", name, "counter", id, "err", err)
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// ---- Devices ----

func (c *Console) devices(w http.ResponseWriter, r *http.Request) {
	m, err := c.BuildMonitor(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	writeJSON(w, 200, m.Devices)
}

func (c *Console) enrolDevice(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	var req struct {
		Name    string `json:"name"`
		Role    string `json:"role"`
		Counter string `json:"counter"` // roles with EnrolWithCounter only (rating pads)
	}
	if err := decode(r, &req); err != nil {
		c.fail(w, r, err)
		return
	}
	req.Name = textrule.Line(req.Name) // shown on boards and the console (internal/textrule)
	if req.Name == "" || utf8.RuneCountInString(req.Name) > 60 {
		c.fail(w, r, &fieldError{"name", "Hãy đặt tên thiết bị (tối đa 60 ký tự)", "name required, at most 60 characters"})
		return
	}
	if req.Role != centre.RoleKiosk && req.Role != centre.RoleDisplay && req.Role != centre.RoleCounter && req.Role != centre.RoleRatingPad {
		c.fail(w, r, &fieldError{"role", "Loại thiết bị phải là kiosk, bảng hiển thị, máy quầy hoặc máy đánh giá", "role must be kiosk, display, counter or ratingpad"})
		return
	}
	bind := c.counterBinder(req.Role)
	detail := map[string]string{"name": req.Name, "role": req.Role}
	if req.Counter != "" {
		if _, ok := c.srv.Engine().Config().Counter(req.Counter); !ok || bind == nil {
			c.fail(w, r, &fieldError{"counter", "Chọn một quầy có trong cấu hình (chỉ máy đánh giá được gắn với quầy)", "counter: not a configured counter, or this role is not bound to one"})
			return
		}
		detail["counter"] = req.Counter
	}
	b := make([]byte, 5)
	rand.Read(b)
	id := "dev-" + hex.EncodeToString(b)
	token := centre.NewToken()
	err := c.db.Write(r.Context(), func(tx *store.Tx) error {
		if err := tx.PutDevice(store.Device{ID: id, Name: req.Name, Role: req.Role}, store.HashToken(token)); err != nil {
			return err
		}
		if req.Counter != "" {
			if err := bind(tx, id, req.Counter); err != nil {
				return err
			}
		}
		return audit(tx, c.o.Now(), u, "device.enrol", id, detail)
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	// The token is shown this once; only its hash is stored.
	writeJSON(w, 201, map[string]string{"id": id, "name": req.Name, "role": req.Role, "counter": req.Counter, "token": token})
}

func (c *Console) renameDevice(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	id := r.PathValue("id")
	var req struct {
		Name string `json:"name"`
	}
	if err := decode(r, &req); err != nil {
		c.fail(w, r, err)
		return
	}
	req.Name = textrule.Line(req.Name) // shown on boards and the console (internal/textrule)
	if req.Name == "" || utf8.RuneCountInString(req.Name) > 60 {
		c.fail(w, r, &fieldError{"name", "Hãy đặt tên thiết bị (tối đa 60 ký tự)", "name required, at most 60 characters"})
		return
	}
	err := c.db.Write(r.Context(), func(tx *store.Tx) error {
		if err := tx.RenameDevice(id, req.Name); err != nil {
			return err
		}
		return audit(tx, c.o.Now(), u, "device.rename", id, req)
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.srv.ForgetTokens()
	w.WriteHeader(http.StatusNoContent)
}

func (c *Console) revokeDevice(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	id := r.PathValue("id")
	if err := c.srv.RevokeDevice(r.Context(), id); err != nil {
		c.fail(w, r, err)
		return
	}
	c.record(r.Context(), u, "device.revoke", id, nil)
	w.WriteHeader(http.StatusNoContent)
}

// ---- Holiday schedule ----

// ScheduleKey is the settings key of the schedule uploaded from the console.
const ScheduleKey = "holiday_schedule"

// StoredSchedule returns the schedule uploaded from the console, or nil.
func StoredSchedule(ctx context.Context, db *store.DB) (*dossier.Schedule, error) {
	v, err := db.Setting(ctx, ScheduleKey)
	if err != nil || v == "" {
		return nil, err
	}
	return dossier.ParseSchedule(strings.NewReader(v))
}

type scheduleYear struct {
	Year        string `json:"year"`
	Source      string `json:"source"`
	DaysOff     int    `json:"days_off"`
	WorkingDays int    `json:"working_days"`
}

func (c *Console) getSchedule(w http.ResponseWriter, r *http.Request) {
	s, err := StoredSchedule(r.Context(), c.db)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	origin := "console"
	if s == nil {
		s, origin = dossier.DefaultSchedule(), "embedded"
	}
	out := []scheduleYear{}
	for y, v := range s.Years {
		out = append(out, scheduleYear{y, v.Source, len(v.DaysOff), len(v.WorkingDays)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	writeJSON(w, 200, map[string]any{"origin": origin, "years": out})
}

func (c *Console) putSchedule(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBody))
	if err != nil {
		c.fail(w, r, queue.Errf(queue.CodeTooLarge, "Tệp quá lớn", "schedule file too large"))
		return
	}
	s, err := dossier.ParseSchedule(bytes.NewReader(b))
	if err != nil {
		c.fail(w, r, &fieldError{"schedule", "Tệp lịch nghỉ không hợp lệ: " + strings.TrimPrefix(err.Error(), dossier.ErrSchedule.Error()+": "), err.Error()})
		return
	}
	years := make([]string, 0, len(s.Years))
	for y := range s.Years {
		years = append(years, y)
	}
	sort.Strings(years)
	err = c.db.Write(r.Context(), func(tx *store.Tx) error {
		if err := tx.PutSetting(ScheduleKey, string(b)); err != nil {
			return err
		}
		return audit(tx, c.o.Now(), u, "schedule.upload", strings.Join(years, ","), map[string]int{"bytes": len(b)})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	writeJSON(w, 200, map[string]any{"years": years})
}

// ---- Procedure catalogue ----

// ProcedureRow is a procedure in the console's list.
type ProcedureRow struct {
	Code   string                 `json:"code"`
	Name   string                 `json:"name"`
	Sector string                 `json:"sector"`
	Time   dossier.ProcessingTime `json:"time"`
	Edited bool                   `json:"edited"` // stored in the procedures table (overrides the seed)
}

// catalogue is the seed overlaid with the stored procedures, as the dossier
// service builds it.
func (c *Console) catalogue(ctx context.Context) (map[string]dossier.Procedure, map[string]bool, error) {
	all := map[string]dossier.Procedure{}
	for _, p := range c.seed.All() {
		all[p.Code] = p
	}
	stored, err := c.db.Procedures(ctx)
	if err != nil {
		return nil, nil, err
	}
	edited := map[string]bool{}
	for code, doc := range stored {
		var p dossier.Procedure
		if json.Unmarshal(doc, &p) == nil && p.Validate() == nil {
			all[code], edited[code] = p, true
		}
	}
	return all, edited, nil
}

func (c *Console) procedures(w http.ResponseWriter, r *http.Request) {
	all, edited, err := c.catalogue(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	q := dossier.FoldVietnamese(strings.TrimSpace(r.URL.Query().Get("q")))
	out := []ProcedureRow{}
	for _, p := range all {
		if q != "" && !strings.HasPrefix(p.Code, q) && !strings.Contains(dossier.FoldVietnamese(p.Name), q) {
			continue
		}
		out = append(out, ProcedureRow{Code: p.Code, Name: p.Name, Sector: p.Sector.Name, Time: p.Time, Edited: edited[p.Code]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	if len(out) > 200 {
		out = out[:200]
	}
	writeJSON(w, 200, out)
}

func (c *Console) procedure(w http.ResponseWriter, r *http.Request) {
	all, _, err := c.catalogue(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p, ok := all[r.PathValue("code")]
	if !ok {
		c.fail(w, r, queue.Errf(queue.CodeNotFound, "Không tìm thấy thủ tục", "procedure not found"))
		return
	}
	writeJSON(w, 200, p)
}

// procedureError names the field a catalogue validation error is about.
func procedureError(err error) error {
	msg := err.Error()
	field := "procedure"
	switch {
	case strings.Contains(msg, "time"):
		field = "time"
	case strings.Contains(msg, "components"):
		field = "components"
	case strings.Contains(msg, "code"):
		field = "code"
	case strings.Contains(msg, "name, sector and agency"):
		field = "name"
	}
	return &fieldError{field, "Thủ tục không hợp lệ: " + strings.TrimPrefix(msg, dossier.ErrCatalogue.Error()+": "), msg}
}

func (c *Console) importProcedures(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	b, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, 8*maxBody))
	if err != nil {
		c.fail(w, r, queue.Errf(queue.CodeTooLarge, "Tệp quá lớn", "catalogue file too large"))
		return
	}
	cat, err := dossier.LoadCatalogue(bytes.NewReader(b))
	if err != nil {
		c.fail(w, r, procedureError(err))
		return
	}
	procs := cat.All()
	err = c.db.Write(r.Context(), func(tx *store.Tx) error {
		for _, p := range procs {
			doc, err := json.Marshal(p)
			if err != nil {
				return err
			}
			if err := tx.PutProcedure(p.Code, doc, "console-import"); err != nil {
				return err
			}
		}
		return audit(tx, c.o.Now(), u, "procedures.import", fmt.Sprintf("%d", len(procs)), map[string]int{"count": len(procs)})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	writeJSON(w, 200, map[string]int{"imported": len(procs)})
}

func (c *Console) editProcedure(w http.ResponseWriter, r *http.Request) {
	u := current(r)
	code := r.PathValue("code")
	var req struct {
		Time       dossier.ProcessingTime `json:"time"`
		Fees       []dossier.Fee          `json:"fees"`
		Components []dossier.Component    `json:"components"`
	}
	if err := decode(r, &req); err != nil {
		c.fail(w, r, err)
		return
	}
	all, _, err := c.catalogue(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	p, ok := all[code]
	if !ok {
		c.fail(w, r, queue.Errf(queue.CodeNotFound, "Không tìm thấy thủ tục", "procedure not found"))
		return
	}
	before := p
	p.Time, p.Fees, p.Components = req.Time, req.Fees, req.Components
	if p.Fees == nil {
		p.Fees = []dossier.Fee{}
	}
	for i, f := range p.Fees {
		if strings.TrimSpace(f.Name) == "" || f.Amount < 0 {
			c.fail(w, r, &fieldError{"fees", fmt.Sprintf("Phí thứ %d: cần tên và số tiền không âm", i+1), "fee needs a name and a non-negative amount"})
			return
		}
	}
	for i, k := range p.Components {
		if strings.TrimSpace(k.Name) == "" || k.Originals < 0 || k.Copies < 0 || k.Originals+k.Copies == 0 {
			c.fail(w, r, &fieldError{"components", fmt.Sprintf("Thành phần thứ %d: cần tên và ít nhất một bản chính hoặc bản sao", i+1), "component needs a name and a count"})
			return
		}
	}
	if err := p.Validate(); err != nil {
		c.fail(w, r, procedureError(err))
		return
	}
	doc, _ := json.Marshal(p)
	err = c.db.Write(r.Context(), func(tx *store.Tx) error {
		if err := tx.PutProcedure(code, doc, "console"); err != nil {
			return err
		}
		return audit(tx, c.o.Now(), u, "procedure.edit", code, map[string]any{"before": before.Time, "after": p.Time,
			"fees": len(p.Fees), "components": len(p.Components)})
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	writeJSON(w, 200, p)
}

// ---- Audit ----

func (c *Console) audit(w http.ResponseWriter, r *http.Request) {
	list, err := c.db.Audit(r.Context(), 300)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if list == nil {
		list = []store.AuditEntry{}
	}
	writeJSON(w, 200, list)
}

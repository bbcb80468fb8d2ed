package booking

// Booking settings a supervisor edits in the console (/console/dat-lich):
// slot capacity (and per service), the walk-in share, the check-in window,
// the caps per person and the remote numbers' grace. They are validated as
// the TOML is, kept in booking_settings (one JSON document laid over the
// [booking] section of the file) and applied at once, without a restart.

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"html/template"
	"net/http"
	"sync"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Settings are the console-editable booking settings. A nil field keeps
// the TOML file's value.
type Settings struct {
	Capacity        *int           `json:"capacity,omitempty"`
	ServiceCapacity map[string]int `json:"service_capacity,omitempty"`
	WalkInShare     *float64       `json:"walk_in_share,omitempty"`
	CheckInEarlyMin *int           `json:"checkin_early_min,omitempty"`
	CheckInLateMin  *int           `json:"checkin_late_min,omitempty"`
	MaxPerDay       *int           `json:"max_per_day,omitempty"`
	MaxPerSector    *int           `json:"max_per_sector,omitempty"`
	RemoteGraceMin  *int           `json:"remote_grace_min,omitempty"`
	RemoteDisabled  *bool          `json:"remote_disabled,omitempty"`
	// VerifyPhone: auto, always or never (admins only: verifyphone_setting.go).
	VerifyPhone *string `json:"verify_phone,omitempty"`
}

// Apply lays the settings over c (the file's configuration).
func (st Settings) Apply(c Config) Config {
	set := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.Capacity, st.Capacity)
	set(&c.CheckInEarlyMin, st.CheckInEarlyMin)
	set(&c.CheckInLateMin, st.CheckInLateMin)
	set(&c.MaxPerDay, st.MaxPerDay)
	set(&c.MaxPerSector, st.MaxPerSector)
	set(&c.Remote.GraceMin, st.RemoteGraceMin)
	if st.WalkInShare != nil {
		c.WalkInShare = *st.WalkInShare
	}
	if st.RemoteDisabled != nil {
		c.Remote.Disabled = *st.RemoteDisabled
	}
	if st.VerifyPhone != nil {
		c.VerifyPhone = *st.VerifyPhone
	}
	if st.ServiceCapacity != nil {
		m := make(map[string]int, len(st.ServiceCapacity))
		for k, v := range st.ServiceCapacity {
			m[k] = v
		}
		c.ServiceCapacity = m
	}
	return c
}

// settingsOf is the full set of editable values of c (what the page shows).
func settingsOf(c Config) Settings {
	sc := map[string]int{}
	for k, v := range c.ServiceCapacity {
		sc[k] = v
	}
	return Settings{Capacity: &c.Capacity, ServiceCapacity: sc, WalkInShare: &c.WalkInShare,
		CheckInEarlyMin: &c.CheckInEarlyMin, CheckInLateMin: &c.CheckInLateMin, MaxPerDay: &c.MaxPerDay,
		MaxPerSector: &c.MaxPerSector, RemoteGraceMin: &c.Remote.GraceMin, RemoteDisabled: &c.Remote.Disabled, VerifyPhone: &c.VerifyPhone}
}

// loadSettings applies the saved settings at start. Saved settings that no
// longer validate against the file (a service removed) are logged and left
// out, rather than stopping the server.
func (s *Service) loadSettings(ctx context.Context) error {
	var doc string
	err := s.db.Read().QueryRowContext(ctx, `SELECT doc FROM booking_settings WHERE id = 1`).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	var st Settings
	if err := json.Unmarshal([]byte(doc), &st); err != nil {
		s.log.Error("saved booking settings unreadable; using the file's", "err", err)
		return nil
	}
	c := st.Apply(s.toml)
	if err := c.Validate(s.queueCfg()); err != nil {
		s.log.Error("saved booking settings no longer valid; using the file's", "err", err)
		return nil
	}
	s.use(c)
	return nil
}

// use puts c in force: the pages, the API and the limiters follow at once.
func (s *Service) use(c Config) {
	s.cfgp.Store(&c)
	s.byAddrRemote.SetMax(c.Remote.PerAddrPerHour)
}

// SaveSettings validates st laid over the file's configuration, stores it
// and applies it. by is who saved it (for the audit).
func (s *Service) SaveSettings(ctx context.Context, st Settings, by string) (Config, error) {
	c := st.Apply(s.toml)
	if err := checkSettings(c, s.queueCfg()); err != nil {
		return c, err
	}
	if err := c.Validate(s.queueCfg()); err != nil {
		return c, &queue.Error{Code: queue.CodeInvalid, Message: "Cài đặt không hợp lệ: " + err.Error(), MessageEN: "invalid settings: " + err.Error()}
	}
	doc, err := json.Marshal(st)
	if err != nil {
		return c, err
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		_, err := tx.Exec(`INSERT INTO booking_settings (id, doc, updated_by, updated_at) VALUES (1, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			string(doc), by, time.Now().UnixMilli())
		return err
	})
	if err != nil {
		return c, err
	}
	s.use(c)
	s.log.Info("booking settings changed in the console", "by", by)
	return c, nil
}

// Config is the configuration in force now.
func (s *Service) Config() Config { return s.conf() }

//go:embed console.html console.js
var consoleFS embed.FS

var consoleTmpl = template.Must(template.ParseFS(consoleFS, "console.html"))

var services sync.Map // *centre.Server → *Service (set by Mount)

func (s *Service) mountSettings() { services.Store(s.srv, s) }

// MountConsole adds the supervisors' page "Đặt lịch, lấy số từ xa" to the
// console mounted on srv, and the bookings' section to its report (nothing
// when bookings or the console are not mounted). Call it after console.Mount:
//
//	GET  /console/dat-lich           the settings and the day's figures
//	GET  /console/dat-lich.js        its script
//	POST /console/dat-lich/settings  Settings (console session + CSRF header)
func MountConsole(srv *centre.Server) {
	v, ok := services.Load(srv)
	if !ok {
		return
	}
	s := v.(*Service)
	page := console.SupervisorPage(srv, s.consolePage)
	if page == nil {
		return
	}
	srv.Handle("GET /console/dat-lich", page)
	srv.Handle("GET /console/dat-lich.js", console.SupervisorPage(srv, console.ScriptFile(consoleFS, "console.js")))
	srv.Handle("POST /console/dat-lich/settings", console.SupervisorAction(srv, s.consoleSave))
	console.NavLink(srv, "/console/dat-lich", "Đặt lịch, lấy số từ xa", "Bookings & remote numbers")
	console.AddReportSection(srv, s.reportSection)
}

type capRow struct {
	ID, Name, NameEN string
	Value            int // 0: the general capacity
	Online           int
}

type consoleData struct {
	Cfg       Config
	Share     int // walk-in share in percent (-1: none kept)
	Services  []capRow
	Today     Report
	Remote    RemoteCounts
	UpdatedBy string
	UpdatedAt string
	Verify    bool // phone codes asked for now (phonecode.go)
	Admin     bool // may change verify_phone (verifyphone_setting.go)
	Reaches   bool // a phone channel that reaches phones is configured
}

func (s *Service) consolePage(w http.ResponseWriter, r *http.Request) {
	c := s.conf()
	_, _, role := console.SessionUser(r)
	_, reaches := s.codeSender()
	d := consoleData{Cfg: c, Share: int(c.WalkInShare*100 + 0.5), Verify: s.Verifying(), Admin: role == centre.RoleAdmin, Reaches: reaches}
	if c.WalkInShare == -1 {
		d.Share = -1
	}
	for _, sv := range s.queueCfg().Services {
		d.Services = append(d.Services, capRow{ID: sv.ID, Name: sv.Name, NameEN: sv.NameEN, Value: c.ServiceCapacity[sv.ID], Online: c.Online(sv.ID)})
	}
	today := queue.Day(s.now())
	var err error
	if d.Today, err = s.Report(r.Context(), today, today); err == nil {
		d.Remote = d.Today.Remote
	}
	if err != nil {
		centre.WriteError(w, r, s.log, err)
		return
	}
	var at int64
	if err := s.db.Read().QueryRowContext(r.Context(), `SELECT updated_by, updated_at FROM booking_settings WHERE id = 1`).Scan(&d.UpdatedBy, &at); err == nil {
		d.UpdatedAt = time.UnixMilli(at).In(queue.Loc).Format("15:04 02/01/2006")
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err := consoleTmpl.Execute(w, d); err != nil {
		s.log.Error("booking console page", "err", err)
	}
}

func (s *Service) consoleSave(w http.ResponseWriter, r *http.Request) {
	var st Settings
	if err := decode(r, &st); err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	if len(st.ServiceCapacity) > 500 {
		s.srv.ReplyError(w, r, bad("Quá nhiều dịch vụ", "too many services"))
		return
	}
	user, _, role := console.SessionUser(r)
	before := s.conf().VerifyPhone
	if err := s.checkVerifyPhone(r.Context(), &st, role); err != nil { // verifyphone_setting.go
		s.srv.ReplyError(w, r, err)
		return
	}
	c, err := s.SaveSettings(r.Context(), st, user)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	console.Audit(r, "booking.settings", "booking", st)
	if c.VerifyPhone != before {
		console.Audit(r, "booking.verify_phone", "booking", map[string]string{"from": before, "to": c.VerifyPhone})
	}
	writeJSON(w, 200, settingsOf(c))
}

// RemoteCounts are the remote numbers of a period.
type RemoteCounts struct {
	Taken    int `json:"taken"`
	Served   int `json:"served"`
	NoShow   int `json:"no_show"`
	Returned int `json:"returned"` // came back within the grace
}

// RemoteReport counts the remote numbers of the days from..to.
func (s *Service) RemoteReport(ctx context.Context, from, to string) (RemoteCounts, error) {
	var rc RemoteCounts
	err := s.db.Read().QueryRowContext(ctx, `SELECT COUNT(*),
		COALESCE(SUM(t.status = 'done'), 0),
		COALESCE(SUM(t.status = 'no_show'), 0),
		COALESCE(SUM(r.grace_used_at != 0), 0)
		FROM remote_tickets r JOIN tickets t ON t.id = r.ticket_id
		WHERE r.status = 'issued' AND r.day BETWEEN ? AND ?`, from, to).Scan(&rc.Taken, &rc.Served, &rc.NoShow, &rc.Returned)
	return rc, err
}

// reportSection is the bookings' block of the console report and its CSV:
// booking no-shows (booked, not checked in by the end of the late window)
// beside the other outcomes, and the remote numbers.
func (s *Service) reportSection(ctx context.Context, f console.Filter) (console.ReportSection, error) {
	rep, err := s.Report(ctx, f.From, f.To)
	if err != nil {
		return console.ReportSection{}, err
	}
	rc := rep.Remote
	fig := func(key, vi, en string, v int) console.ReportFigure {
		return console.ReportFigure{Key: key, Label: vi, LabelEN: en, Value: v}
	}
	return console.ReportSection{ID: "bookings", Title: "Lịch hẹn trực tuyến và lấy số từ xa", TitleEN: "Online bookings and remote numbers",
		Rows: []console.ReportFigure{
			fig("bookings", "Lịch hẹn đã đặt", "Bookings made", rep.Total),
			fig("checked_in", "Đã đến lấy số", "Checked in", rep.CheckedIn),
			fig("late", "Trong đó đến muộn (cấp số thường)", "of which late (ordinary ticket)", rep.Late),
			fig("cancelled", "Đã hủy", "Cancelled", rep.Cancelled),
			fig("no_show", "Không đến (quá giờ nhận số)", "No-shows (window passed)", rep.NoShow),
			fig("pending", "Chưa đến giờ", "Still to come", rep.Pending),
			fig("remote", "Số lấy từ xa", "Remote numbers taken", rc.Taken),
			fig("remote_served", "Số từ xa đã phục vụ", "Remote numbers served", rc.Served),
			fig("remote_no_show", "Số từ xa vắng mặt", "Remote numbers absent", rc.NoShow),
			fig("remote_returned", "Số từ xa gọi lại trong thời gian giữ số", "Remote numbers back within the grace", rc.Returned),
			// the one-time phone codes: counts only (phonecode_counts.go)
			fig("phone_codes_sent", "Mã xác nhận số điện thoại đã gửi", "Phone codes sent", rep.Codes.Sent),
			fig("phone_codes_verified", "Mã đã xác nhận (dùng để đặt lịch, lấy số)", "Phone codes verified (used for a booking or a number)", rep.Codes.Verified),
			fig("phone_codes_expired", "Mã hết hạn không dùng (hoặc đã thay bằng mã mới)", "Phone codes expired unused (or replaced by a newer code)", rep.Codes.Expired),
			fig("phone_codes_refused", "Yêu cầu gửi mã bị từ chối do vượt giới hạn", "Code requests refused by the limits", rep.Codes.Refused),
		}}, nil
}

// checkSettings refuses, in Vietnamese for the supervisor, what Validate
// would refuse among the fields the console edits.
func checkSettings(c Config, q *queue.Config) error {
	inv := func(vi, en string) error { return &queue.Error{Code: queue.CodeInvalid, Message: vi, MessageEN: en} }
	switch {
	case c.Capacity < 1 || c.Capacity > 1000:
		return inv("Số người mỗi khung giờ phải từ 1 đến 1000.", "capacity: 1 to 1000")
	case c.WalkInShare != -1 && (c.WalkInShare <= 0 || c.WalkInShare >= 1):
		return inv("Phần dành cho người đến trực tiếp phải từ 1% đến 99% (hoặc chọn “Không dành chỗ”).", "walk_in_share: 1% to 99%, or none")
	case c.CheckInEarlyMin < 0 || c.CheckInEarlyMin > 240 || c.CheckInLateMin < 0 || c.CheckInLateMin > 240:
		return inv("Thời gian lấy số trước và sau giờ hẹn phải từ 0 đến 240 phút.", "check-in window: 0 to 240 minutes")
	case c.MaxPerDay < 1 || c.MaxPerDay > 20 || c.MaxPerSector < 1 || c.MaxPerSector > 20:
		return inv("Giới hạn mỗi người phải từ 1 đến 20 lượt.", "caps: 1 to 20")
	case c.MaxPerSector > c.MaxPerDay:
		return inv("Giới hạn mỗi lĩnh vực không được lớn hơn giới hạn mỗi ngày.", "max_per_sector above max_per_day")
	case c.Remote.GraceMin < -1 || c.Remote.GraceMin > 240:
		return inv("Thời gian giữ số khi vắng mặt phải từ 0 đến 240 phút (-1: không giữ).", "remote grace: -1 to 240 minutes")
	}
	for id, n := range c.ServiceCapacity {
		sv, ok := q.Service(id)
		if !ok {
			return inv("Thủ tục không tồn tại: "+id, "unknown service "+id)
		}
		if n < 1 || n > 1000 {
			return inv("Sức chứa riêng của “"+sv.Name+"” phải từ 1 đến 1000.", "service capacity of "+id+": 1 to 1000")
		}
	}
	return nil
}

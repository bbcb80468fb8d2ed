package booking

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	qrcode "github.com/skip2/go-qrcode"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/internal/ratelimit"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// Service serves the booking API and pages on the centre server.
type Service struct {
	// cfgp is the live configuration: the TOML's, with the supervisor's
	// settings from the console laid over it (settings.go).
	cfgp atomic.Pointer[Config]
	toml Config
	db   *store.DB
	srv  *centre.Server
	log  *slog.Logger
	key  []byte
	// public: public requests per network (IPv4 /24, IPv6 /48), checked
	// before the per-address limit so that one network cannot fill its table
	public *ratelimit.Pair
	// byCode: booking and remote-number attempts per phone (HMAC). With
	// phone codes on it counts only requests that carried a valid code for
	// the phone, so its keys are phones that really got a text: invented
	// numbers cannot fill its table and refuse the citizens' (session 9).
	// With codes off a phone is only what the client typed, and every
	// attempt counts before anything else is checked.
	byCode *ratelimit.Limiter
	// byDevice: CCCD check-ins per kiosk (a stolen kiosk token must not
	// test ID numbers at speed)
	byDevice *ratelimit.Limiter
	// byAddrBook: valid booking requests per client network, then address
	// (one IPv6 /48 holds 65,536 /64 addresses: without the network's share
	// one tunnel account could book every slot of the day)
	byAddrBook *ratelimit.Pair
	// byAddrRemote: remote numbers taken per client network, then address
	byAddrRemote *ratelimit.Pair
	// one-time codes sent per client address, per phone (HMAC), and by the
	// whole centre (phonecode.go)
	codeByAddr, codeByPhone, codeAll *ratelimit.Limiter
}

// conf is the configuration in force now.
func (s *Service) conf() Config { return *s.cfgp.Load() }

// Mount adds the booking routes to the centre server (nothing when the
// config is not enabled).
func Mount(ctx context.Context, srv *centre.Server, db *store.DB, cfg Config, log *slog.Logger) (*Service, error) {
	if !cfg.Enabled {
		return nil, nil
	}
	cfg = cfg.Defaults()
	key, err := centre.LoadSecret(ctx, db, "booking_key")
	if err != nil {
		return nil, err
	}
	s := &Service{toml: cfg, db: db, srv: srv, log: log, key: key,
		public:       ratelimit.NewPair(cfg.RatePerMin, time.Minute, ratelimit.DefaultKeys),
		byCode:       ratelimit.New(cfg.BookingsPerPhonePerHour, time.Hour, 10000),
		byDevice:     ratelimit.New(30, time.Minute, 1000),
		byAddrBook:   ratelimit.NewPair(cfg.BookingsPerAddrPerHour, time.Hour, 10000),
		byAddrRemote: ratelimit.NewPair(cfg.Remote.PerAddrPerHour, time.Hour, 10000),
		codeByAddr:   ratelimit.New(cfg.CodeSendsPerAddrPerHour, time.Hour, 10000),
		codeByPhone:  ratelimit.New(cfg.CodeSendsPerPhonePerHour, time.Hour, 10000),
		codeAll:      ratelimit.New(cfg.CodeSendsPerHour, time.Hour, 1)}
	s.cfgp.Store(&cfg)
	if err := s.loadSettings(ctx); err != nil {
		return nil, err
	}
	pub := func(h http.HandlerFunc) http.Handler { return s.limited(h) }
	srv.Handle("GET /api/v1/booking/services", pub(s.services))
	srv.Handle("GET /api/v1/slots", pub(s.slots))
	srv.Handle("GET /api/v1/booking/days", pub(s.days))
	srv.Handle("POST /api/v1/bookings", pub(s.book))
	srv.Handle("POST /api/v1/phone-codes", pub(s.sendCode))
	srv.Handle("GET /api/v1/bookings/{code}", pub(s.get))
	srv.Handle("GET /api/v1/bookings/{code}/qr.png", pub(s.qr))
	srv.Handle("POST /api/v1/bookings/{code}/cancel", pub(s.cancel))
	srv.Handle("POST /api/v1/bookings/{code}/move", pub(s.move))
	srv.Handle("POST /api/v1/bookings/check-in-by-cccd", srv.Need([]string{centre.RoleKiosk, centre.RoleSupervisor, centre.RoleAdmin}, s.checkInByCCCD))
	srv.Handle("POST /api/v1/bookings/{code}/check-in", srv.Need([]string{centre.RoleKiosk, centre.RoleSupervisor, centre.RoleAdmin}, s.checkIn))
	srv.Handle("GET /api/v1/bookings/report", srv.Need([]string{centre.RoleSupervisor, centre.RoleAdmin}, s.report))
	mountPage(srv.Handle, srv.Engine().Config().CentreName)
	s.mountRemote()
	s.mountSettings()
	byDB.Store(db, s)
	go s.forgetLoop(ctx)
	return s, nil
}

// forgetLoop runs Forget at start and every hour until ctx ends.
func (s *Service) forgetLoop(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if _, err := s.Forget(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("forgetting past bookings' phone numbers failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Forget removes the personal data (phone and CCCD digests, masked phone)
// of bookings of past days and reports how many rows it changed.
func (s *Service) Forget(ctx context.Context) (int64, error) {
	n, err := forget(ctx, s.db, queue.Day(s.now()))
	if err == nil {
		err = s.forgetClaims(ctx)
	}
	if err == nil {
		err = s.forgetCodes(ctx)
	}
	return n, err
}

var errRate = queue.Errf(queue.CodeRateLimited, "Quý khách thao tác quá nhanh. Xin vui lòng thử lại sau ít phút.", "too many requests")

// PublicNetFactor: one network (IPv4 /24, IPv6 /48) may make this many
// times rate_per_min public requests a minute, so one network cannot
// spend more than its share, nor push more than PublicNetFactor addresses
// a minute to their limit (one IPv6 /48 holds 65 536 /64 keys). Until
// session 9 a full address table (10 000 keys) refused every new address,
// and this bound was what kept one tunnel account from shutting the
// booking pages; now a full table evicts the oldest address within its
// limit (internal/ratelimit). A carrier NAT's /24 still gets 480 requests
// a minute at the default.
const PublicNetFactor = ratelimit.NetFactor

// limited bounds the public requests per network, then per address; a
// request the address limit refuses is taken back from the network's count
// (one address must not spend its neighbours' share).
func (s *Service) limited(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !centre.AllowClient(s.public, r) {
			w.Header().Set("Retry-After", "60")
			s.srv.ReplyError(w, r, errRate)
			return
		}
		h(w, r)
	}
}

func (s *Service) now() time.Time { return s.srv.Engine().Now().In(queue.Loc) }

func (s *Service) queueCfg() *queue.Config { return s.srv.Engine().Config() }

func (s *Service) service(id string) (queue.Service, string, error) {
	q := s.queueCfg()
	sv, ok := q.Service(id)
	if !ok || !s.conf().Bookable(id) {
		return sv, "", queue.Errf(queue.CodeInvalid, "Dịch vụ này không nhận đặt lịch trực tuyến", "service %q is not bookable", id)
	}
	name := sv.Sector
	for _, sc := range q.Sectors {
		if sc.ID == sv.Sector {
			name = sc.Name
		}
	}
	return sv, name, nil
}

type serviceView struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	NameEN     string `json:"name_en,omitempty"`
	Sector     string `json:"sector"`
	SectorName string `json:"sector_name"`
}

func (s *Service) services(w http.ResponseWriter, r *http.Request) {
	q := s.queueCfg()
	out := []serviceView{}
	for _, sv := range q.Services {
		if _, sector, err := s.service(sv.ID); err == nil && s.conf().Online(sv.ID) > 0 {
			out = append(out, serviceView{sv.ID, sv.Name, sv.NameEN, sv.Sector, sector})
		}
	}
	now := s.now()
	writeJSON(w, 200, map[string]any{"centre": q.CentreName, "today": queue.Day(now), "days_ahead": s.conf().DaysAhead,
		"slot_min": s.conf().SlotMin, "max_per_day": s.conf().MaxPerDay, "max_per_sector": s.conf().MaxPerSector,
		"checkin_early_min": s.conf().CheckInEarlyMin, "checkin_late_min": s.conf().CheckInLateMin, "opening": q.Opening.Vietnamese(), "opening_en": q.Opening.English(), "services": out,
		"verify_phone": s.Verifying(), "code_valid_s": int(CodeTTL / time.Second), "code_resend_s": int(CodeResend / time.Second)})
}

// SlotView is a slot with the places left for online booking.
type SlotView struct {
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Remaining int       `json:"remaining"`
}

func (s *Service) slots(w http.ResponseWriter, r *http.Request) {
	sv, _, err := s.service(r.URL.Query().Get("service"))
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	day, err := time.ParseInLocation(time.DateOnly, r.URL.Query().Get("date"), queue.Loc)
	if err != nil {
		s.srv.ReplyError(w, r, queue.Errf(queue.CodeInvalid, "Ngày không hợp lệ (cần dạng YYYY-MM-DD)", "date: want YYYY-MM-DD"))
		return
	}
	now := s.now()
	slots, off := s.conf().Slots(day, s.queueCfg().Opening, s.srv.Engine().Days())
	taken, err := takenBetween(r.Context(), s.db, sv.ID, day, day.AddDate(0, 0, 1))
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	online := s.conf().Online(sv.ID)
	out := []SlotView{}
	for _, sl := range slots {
		if !s.conf().Open(sl, now) {
			continue
		}
		out = append(out, SlotView{sl.Start, sl.End, max(0, online-taken[sl.Start.UnixMilli()])})
	}
	writeJSON(w, 200, map[string]any{"service": sv.ID, "date": queue.Day(day), "day_off": off, "slots": out})
}

// DayView is one bookable day: the places left online over its open slots.
type DayView struct {
	Date      string `json:"date"`
	DayOff    string `json:"day_off,omitempty"`
	Slots     int    `json:"slots"`
	Remaining int    `json:"remaining"`
}

// days lists today and the next days_ahead days for a service, so the page
// can grey out closed and full days.
func (s *Service) days(w http.ResponseWriter, r *http.Request) {
	sv, _, err := s.service(r.URL.Query().Get("service"))
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	now := s.now()
	first := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, queue.Loc)
	last := first.AddDate(0, 0, s.conf().DaysAhead)
	taken, err := takenBetween(r.Context(), s.db, sv.ID, first, last.AddDate(0, 0, 1))
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	online := s.conf().Online(sv.ID)
	out := []DayView{}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		slots, off := s.conf().Slots(d, s.queueCfg().Opening, s.srv.Engine().Days())
		v := DayView{Date: queue.Day(d), DayOff: off}
		for _, sl := range slots {
			if s.conf().Open(sl, now) {
				v.Slots++
				v.Remaining += max(0, online-taken[sl.Start.UnixMilli()])
			}
		}
		out = append(out, v)
	}
	writeJSON(w, 200, map[string]any{"service": sv.ID, "days": out})
}

type bookReq struct {
	Service   string    `json:"service"`
	SlotStart time.Time `json:"slot_start"`
	Phone     string    `json:"phone"`
	CCCD      string    `json:"cccd,omitempty"`
	// PhoneCodeID and PhoneCode verify the phone (POST /api/v1/phone-codes)
	// when the centre asks for it.
	PhoneCodeID string `json:"phone_code_id,omitempty"`
	PhoneCode   string `json:"phone_code,omitempty"`
}

// View is a booking as its holder sees it.
type View struct {
	Code        string `json:"code"`
	Service     string `json:"service"`
	ServiceName string `json:"service_name"`
	// ServiceNameEN is for the page's English view.
	ServiceNameEN string    `json:"service_name_en,omitempty"`
	SlotStart     time.Time `json:"slot_start"`
	SlotEnd       time.Time `json:"slot_end"`
	QR            string    `json:"qr"`
	QRPNG         string    `json:"qr_png"`
	Status        string    `json:"status,omitempty"`
	StatusLabel   string    `json:"status_label,omitempty"`
	Phone         string    `json:"phone,omitempty"`
	TicketID      string    `json:"ticket_id,omitempty"`
}

var statusLabel = map[string]string{StatusBooked: "Đã đặt lịch", StatusCheckingIn: "Đang lấy số",
	StatusCheckedIn: "Đã lấy số", StatusCancelled: "Đã hủy"}

func (s *Service) view(code string, rec Record) View {
	name, nameEN := rec.Service, ""
	if sv, ok := s.queueCfg().Service(rec.Service); ok {
		name, nameEN = sv.Name, sv.NameEN
	}
	return View{Code: code, Service: rec.Service, ServiceName: name, ServiceNameEN: nameEN, SlotStart: rec.Start, SlotEnd: rec.End,
		QR: s.link(code), QRPNG: "/api/v1/bookings/" + code + "/qr.png", Status: rec.Status,
		StatusLabel: statusLabel[rec.Status], Phone: rec.PhoneMask, TicketID: rec.TicketID}
}

// link is what the booking QR encodes: the booking page of the code.
func (s *Service) link(code string) string {
	return strings.TrimRight(s.srv.Settings().PublicURL, "/") + "/dat-lich?ma=" + url.QueryEscape(code)
}

func bad(vi, en string) error {
	return &queue.Error{Code: queue.CodeInvalid, Message: vi, MessageEN: en}
}

// applicant checks the service, phone and CCCD of a booking or a remote
// number: the service, its sector's name, the phone normalised, and the
// person keyed by the HMACs of phone and CCCD (never stored in clear).
func (s *Service) applicant(service, phone, cccd string) (queue.Service, string, string, person, error) {
	sv, sectorName, err := s.service(service)
	if err != nil {
		return sv, "", "", person{}, err
	}
	phone, ok := NormPhone(phone)
	if !ok {
		return sv, "", "", person{}, bad("Số điện thoại không hợp lệ (ví dụ: 0912345678)", "phone: want a Vietnamese mobile number")
	}
	if strings.TrimSpace(cccd) != "" {
		if cccd, ok = NormCCCD(cccd); !ok {
			return sv, "", "", person{}, bad("Số CCCD phải gồm đúng 12 chữ số", "cccd: want 12 digits")
		}
	} else {
		cccd = ""
	}
	return sv, sectorName, phone, person{phone: mac(s.key, "phone", phone), cccd: mac(s.key, "cccd", cccd)}, nil
}

func (s *Service) book(w http.ResponseWriter, r *http.Request) {
	var req bookReq
	if err := decode(r, &req); err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	sv, sectorName, phone, p, err := s.applicant(req.Service, req.Phone, req.CCCD)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	verifying := s.Verifying()
	phoneRefused := func() {
		w.Header().Set("Retry-After", "3600")
		s.srv.ReplyError(w, r, queue.Errf(queue.CodeRateLimited,
			"Số điện thoại này đã thử đặt lịch quá nhiều lần. Xin vui lòng thử lại sau một giờ.", "too many booking attempts for this phone"))
	}
	if !verifying && !s.byCode.Allow(p.phone) {
		phoneRefused()
		return
	}
	now := s.now()
	slot, ok := s.conf().FindSlot(req.SlotStart.In(queue.Loc), s.queueCfg().Opening, s.srv.Engine().Days())
	if !ok || !s.conf().Open(slot, now) {
		s.srv.ReplyError(w, r, queue.Errf(queue.CodeInvalid, "Khung giờ này không còn nhận đặt lịch. Xin chọn khung giờ khác.", "slot_start is not an open slot"))
		return
	}
	claim, err := s.checkCode(r.Context(), p.phone, req.PhoneCodeID, req.PhoneCode)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	if verifying && !s.byCode.Allow(p.phone) {
		claim.Release(r.Context())
		phoneRefused()
		return
	}
	if !centre.AllowClient(s.byAddrBook, r) {
		claim.Release(r.Context())
		w.Header().Set("Retry-After", "3600")
		s.srv.ReplyError(w, r, queue.Errf(queue.CodeRateLimited,
			"Đã có quá nhiều lịch hẹn được đặt từ mạng này trong một giờ. Xin vui lòng thử lại sau.", "too many bookings from this address"))
		return
	}
	code := NewCode()
	online := s.conf().Online(sv.ID)
	err = s.db.Write(r.Context(), func(tx *store.Tx) error {
		n, err := taken(tx, sv.ID, slot.Start)
		if err != nil {
			return err
		}
		if n >= online {
			return queue.Errf(queue.CodeConflict, "Khung giờ này đã hết chỗ đặt trước. Xin chọn khung giờ khác.", "slot full")
		}
		h, err := held(tx, queue.Day(slot.Start), p, "", now.Add(-claimStale).UnixMilli())
		if err != nil {
			return err
		}
		if err := s.conf().CheckCaps(h, sv.Sector, sectorName); err != nil {
			return err
		}
		if err := claim.Consume(tx); err != nil {
			return err
		}
		_, err = tx.Exec(`INSERT INTO bookings (code_hash, service, sector, day, slot_start, slot_end, phone_hmac, phone_mask,
			cccd_hmac, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?, ?)`,
			codeHash(code), sv.ID, sv.Sector, queue.Day(slot.Start), slot.Start.UnixMilli(), slot.End.UnixMilli(),
			p.phone, MaskPhone(phone), p.cccd, now.UnixMilli(), now.UnixMilli())
		return s.notifyBooked(tx, err, code, phone, sv, slot) // err, or the notifier's (booking/hooks_notify.go)
	})
	if err != nil {
		claim.Release(r.Context())
		s.srv.ReplyError(w, r, err)
		return
	}
	s.log.Info("booking made", "service", sv.ID, "slot", slot.Start.Format(time.RFC3339))
	v := s.view(code, Record{Service: sv.ID, Start: slot.Start, End: slot.End, Status: StatusBooked, PhoneMask: MaskPhone(phone)})
	writeJSON(w, http.StatusCreated, v)
}

// code reads the {code} path value; a malformed code is answered like an unknown one.
func code(r *http.Request) (string, error) {
	c, ok := NormCode(r.PathValue("code"))
	if !ok {
		return "", errNoBooking
	}
	return c, nil
}

func (s *Service) get(w http.ResponseWriter, r *http.Request) {
	c, err := code(r)
	if err == nil {
		var rec Record
		if rec, err = load(r.Context(), s.db, c); err == nil {
			writeJSON(w, 200, s.view(c, rec))
			return
		}
	}
	s.srv.ReplyError(w, r, err)
}

func (s *Service) qr(w http.ResponseWriter, r *http.Request) {
	c, err := code(r)
	if err == nil {
		_, err = load(r.Context(), s.db, c)
	}
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	png, err := qrcode.Encode(s.link(c), qrcode.Medium, 320)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Write(png)
}

func (s *Service) cancel(w http.ResponseWriter, r *http.Request) {
	c, err := code(r)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	now := s.now()
	var rec Record
	err = s.db.Write(r.Context(), func(tx *store.Tx) error {
		var err error
		rec, err = scanRecord(tx.QueryRow(`SELECT `+recordCols+` FROM bookings WHERE code_hash = ?`, codeHash(c)))
		if err != nil {
			return err
		}
		switch rec.Status {
		case StatusCancelled:
			return nil
		case StatusCheckedIn, StatusCheckingIn:
			return queue.Errf(queue.CodeTransition, "Lịch hẹn đã được dùng để lấy số, không thể hủy.", "booking already checked in")
		}
		if !rec.Start.After(now) {
			return queue.Errf(queue.CodeTransition, "Khung giờ hẹn đã bắt đầu, không thể hủy lịch hẹn.", "slot already started")
		}
		rec.Status = StatusCancelled
		_, err = tx.Exec(`UPDATE bookings SET status = 'cancelled', updated_at = ? WHERE code_hash = ?`, now.UnixMilli(), codeHash(c))
		return err
	})
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	writeJSON(w, 200, s.view(c, rec))
}

type moveReq struct {
	SlotStart time.Time `json:"slot_start"`
}

// move puts a booking on another slot of the same service, keeping its
// code; capacity and the caps per person are checked as for a new booking
// (the booking itself not counted).
func (s *Service) move(w http.ResponseWriter, r *http.Request) {
	c, err := code(r)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	var req moveReq
	if err := decode(r, &req); err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	now := s.now()
	var rec Record
	err = s.db.Write(r.Context(), func(tx *store.Tx) error {
		var err error
		h := codeHash(c)
		rec, err = scanRecord(tx.QueryRow(`SELECT `+recordCols+` FROM bookings WHERE code_hash = ?`, h))
		if err != nil {
			return err
		}
		switch {
		case rec.Status == StatusCancelled:
			return queue.Errf(queue.CodeTransition, "Lịch hẹn này đã bị hủy, không thể đổi giờ. Xin đặt lịch mới.", "booking cancelled")
		case rec.Status != StatusBooked:
			return queue.Errf(queue.CodeTransition, "Lịch hẹn đã được dùng để lấy số, không thể đổi giờ.", "booking already checked in")
		case !rec.Start.After(now):
			return queue.Errf(queue.CodeTransition, "Khung giờ hẹn đã bắt đầu, không thể đổi giờ.", "slot already started")
		}
		sv, sectorName, err := s.service(rec.Service)
		if err != nil {
			return err
		}
		slot, ok := s.conf().FindSlot(req.SlotStart.In(queue.Loc), s.queueCfg().Opening, s.srv.Engine().Days())
		if !ok || !s.conf().Open(slot, now) {
			return queue.Errf(queue.CodeInvalid, "Khung giờ này không còn nhận đặt lịch. Xin chọn khung giờ khác.", "slot_start is not an open slot")
		}
		if slot.Start.Equal(rec.Start) {
			return nil
		}
		n, err := taken(tx, sv.ID, slot.Start)
		if err != nil {
			return err
		}
		if n >= s.conf().Online(sv.ID) {
			return queue.Errf(queue.CodeConflict, "Khung giờ này đã hết chỗ đặt trước. Xin chọn khung giờ khác.", "slot full")
		}
		var p person
		if err := tx.QueryRow(`SELECT phone_hmac, cccd_hmac FROM bookings WHERE code_hash = ?`, h).Scan(&p.phone, &p.cccd); err != nil {
			return err
		}
		hd, err := held(tx, queue.Day(slot.Start), p, h, now.Add(-claimStale).UnixMilli())
		if err != nil {
			return err
		}
		if err := s.conf().CheckCaps(hd, sv.Sector, sectorName); err != nil {
			return err
		}
		rec.Start, rec.End, rec.Day = slot.Start, slot.End, queue.Day(slot.Start)
		_, err = tx.Exec(`UPDATE bookings SET slot_start = ?, slot_end = ?, day = ?, updated_at = ? WHERE code_hash = ?`,
			slot.Start.UnixMilli(), slot.End.UnixMilli(), rec.Day, now.UnixMilli(), h)
		return err
	})
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	s.log.Info("booking moved", "service", rec.Service, "slot", rec.Start.Format(time.RFC3339))
	writeJSON(w, 200, s.view(c, rec))
}

func (s *Service) report(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	for _, d := range []string{from, to} {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			s.srv.ReplyError(w, r, bad("Ngày không hợp lệ (cần dạng YYYY-MM-DD)", "from/to: want YYYY-MM-DD"))
			return
		}
	}
	rep, err := s.Report(r.Context(), from, to)
	if err != nil {
		s.srv.ReplyError(w, r, err)
		return
	}
	writeJSON(w, 200, rep)
}

// Report counts the bookings of the days from..to; a booking not checked in
// by the end of its check-in window is a no-show. The remote numbers of the
// same days are counted beside them.
func (s *Service) Report(ctx context.Context, from, to string) (Report, error) {
	cutoff := s.now().Add(-time.Duration(s.conf().CheckInLateMin) * time.Minute)
	rep, err := report(ctx, s.db, from, to, cutoff)
	if err != nil {
		return rep, err
	}
	if rep.Remote, err = s.RemoteReport(ctx, from, to); err != nil {
		return rep, err
	}
	rep.Codes, err = s.CodeReport(ctx, from, to)
	return rep, err
}

package kiosk_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/kiosk/internal/kiosktest"
	"github.com/motcua/motcua/queue"
)

// harness runs a presenter against a real centre server. The presenter is
// touched only under mu: by the test through do, and by background work
// through the dispatch function.
type harness struct {
	t     *testing.T
	env   *kiosktest.Env
	p     *kiosk.Presenter
	sim   *sim.Printer
	prn   *printer.Printer
	mu    sync.Mutex
	views []kiosk.View
	now   time.Time
	quit  bool
}

type hopt struct {
	noPrinter bool
	url       string
	edit      func(*queue.Config)
	dossiers  centre.DossierOptions
	// api wraps the kiosk's API (fault injection on one call).
	api func(kiosk.API) kiosk.API
	// booking mounts the online bookings on the server.
	booking *booking.Config
	// petitions mounts the questions and petitions on the server.
	petitions bool
	// lang is the kiosk's default language (Options.Lang).
	lang kiosk.Lang
}

func newHarness(t *testing.T, o hopt) *harness {
	t.Helper()
	h := &harness{t: t, now: time.Date(2025, 3, 10, 9, 0, 0, 0, queue.Loc)}
	h.env = kiosktest.StartWith(t, kiosktest.Options{Config: o.edit, Dossiers: o.dossiers, Booking: o.booking, Petitions: o.petitions})
	url := h.env.URL
	if o.url != "" {
		url = o.url
	}
	c, err := client.New(url, h.env.KioskToken)
	if err != nil {
		t.Fatal(err)
	}
	dispatch := func(f func()) {
		h.mu.Lock()
		defer h.mu.Unlock()
		f()
	}
	api := kiosk.NewAPI(c)
	if o.api != nil {
		api = o.api(api)
	}
	opts := kiosk.Options{
		API: api, PublicURL: "https://motcua.example.vn", Dispatch: dispatch,
		Render:   func(v kiosk.View) { h.views = append(h.views, v) },
		Now:      func() time.Time { return h.now },
		AdminPIN: "2468", Quit: func() { h.quit = true }, Log: slog.New(slog.DiscardHandler),
		CallTimeout: 3 * time.Second, PrintTimeout: 5 * time.Second, Lang: o.lang,
	}
	if !o.noPrinter {
		h.sim = kiosktest.Printer(t)
		var p *kiosk.Presenter
		h.prn = printer.Open(context.Background(), printer.Config{
			Port: serialport.Config{Path: h.sim.Path(), Baud: 115200}, Profile: escpos.Default, FailFast: true,
			StatusTimeout: 300 * time.Millisecond, PollInterval: 30 * time.Millisecond, RetryInterval: 30 * time.Millisecond,
			Log: slog.New(slog.DiscardHandler),
			OnState: func(s printer.State) {
				dispatch(func() {
					if p != nil {
						p.PrinterState(s.Err)
					}
				})
			},
		})
		t.Cleanup(func() { h.prn.Close() })
		opts.Printer = h.prn
		h.mu.Lock()
		p = kiosk.New(opts)
		h.p = p
		h.mu.Unlock()
	} else {
		h.p = kiosk.New(opts)
	}
	h.p.SetCentreName("Trung tâm Phục vụ hành chính công phường Hoàn Kiếm")
	h.do(func(p *kiosk.Presenter) { p.Start(context.Background()) })
	t.Cleanup(h.p.Wait)
	return h
}

// do runs f on the presenter and waits for the background work it started.
func (h *harness) do(f func(p *kiosk.Presenter)) kiosk.View {
	h.mu.Lock()
	f(h.p)
	h.mu.Unlock()
	h.p.Wait()
	return h.view()
}

func (h *harness) view() kiosk.View {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.p.View()
}

func (h *harness) tick(d time.Duration) kiosk.View {
	return h.do(func(p *kiosk.Presenter) { h.now = h.now.Add(d); p.Tick(h.now) })
}

func (h *harness) takeNumber(sector, service, priority string) kiosk.View {
	h.t.Helper()
	h.do(func(p *kiosk.Presenter) { p.TakeNumber() })
	h.do(func(p *kiosk.Presenter) { p.ChooseSector(sector) })
	h.do(func(p *kiosk.Presenter) { p.ChooseService(service) })
	return h.do(func(p *kiosk.Presenter) { p.ChoosePriority(priority) })
}

func TestTakeNumberPrintsTicketWithTrackingQR(t *testing.T) {
	h := newHarness(t, hopt{})
	if v := h.view(); v.Screen != kiosk.ScreenHome {
		t.Fatalf("start screen = %s, want home (notice %q)", v.Screen, v.Notice)
	}
	v := h.do(func(p *kiosk.Presenter) { p.TakeNumber() })
	if v.Screen != kiosk.ScreenSectors || len(v.Sectors) != 6 || v.Sectors[0].Name != "Tư pháp – Hộ tịch" {
		t.Fatalf("sectors: %s %+v", v.Screen, v.Sectors)
	}
	v = h.do(func(p *kiosk.Presenter) { p.ChooseSector("tuphap") })
	if v.Screen != kiosk.ScreenServices || len(v.Services) != 2 || v.Services[0].ID != "hotich" || v.Services[0].Description == "" {
		t.Fatalf("services: %s %+v", v.Screen, v.Services)
	}
	v = h.do(func(p *kiosk.Presenter) { p.ChooseService("hotich") })
	if v.Screen != kiosk.ScreenPriority || len(v.Priorities) != 5 || v.Priorities[0].Name != "Người cao tuổi" {
		t.Fatalf("priority: %s %+v", v.Screen, v.Priorities)
	}
	v = h.do(func(p *kiosk.Presenter) { p.ChoosePriority("caotuoi") })
	if v.Screen != kiosk.ScreenTicket || v.Ticket == nil || v.Ticket.Number != "A001" {
		t.Fatalf("ticket: %s %+v notice %q", v.Screen, v.Ticket, v.Notice)
	}
	if !v.TicketPrinted || v.TicketPrinting || v.PrinterWarning != "" {
		t.Fatalf("printed=%v printing=%v warning=%q", v.TicketPrinted, v.TicketPrinting, v.PrinterWarning)
	}
	// The QR holds the tracking page with the rating token of the ticket.
	want := "https://motcua.example.vn/t/" + v.Ticket.ID + "?r=" + h.env.Server.RatingToken("ticket", v.Ticket.ID)
	if v.Ticket.TrackURL != want || v.Ticket.Priority != "Người cao tuổi" {
		t.Fatalf("ticket = %+v", v.Ticket)
	}
	pages, err := h.sim.WaitPages(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := kiosktest.DecodeQR(pages[0].Image); err != nil || got != want {
		t.Fatalf("printed QR = %q, %v; want %q", got, err, want)
	}
	if probs := h.sim.Problems(); len(probs) > 0 {
		t.Fatalf("printer did not understand: %v", probs)
	}
	kiosktest.Eventually(t, "printer:ok reported", func() bool { return h.env.DeviceState(t) == "printer:ok" })

	// The next citizen sees one person ahead.
	v = h.takeNumber("tuphap", "hotich", "")
	if v.Ticket == nil || v.Ticket.Number != "A002" || v.Ticket.Ahead != 1 || v.Ticket.Priority != "" {
		t.Fatalf("second ticket = %+v", v.Ticket)
	}
	// The ticket screen goes home by itself once the citizen has it.
	if v = h.tick(21 * time.Second); v.Screen != kiosk.ScreenHome {
		t.Fatalf("after the ticket hold: %s", v.Screen)
	}
}

func TestPrinterFailureNeverLosesTheTicket(t *testing.T) {
	h := newHarness(t, hopt{})
	kiosktest.Eventually(t, "printer ready", func() bool { return h.prn.State().Ready() })
	h.sim.SetStatus(escpos.Status{Online: true, PaperOut: true})
	kiosktest.Eventually(t, "paper-out noticed", func() bool { return h.view().PrinterWarning != "" })

	v := h.takeNumber("datdai", "datdai", "")
	if v.Screen != kiosk.ScreenTicket || v.Ticket == nil || v.Ticket.Number != "C001" {
		t.Fatalf("ticket lost: %s %+v %q", v.Screen, v.Ticket, v.Notice)
	}
	if v.TicketPrinted || v.PrinterWarning != printer.Message(printer.ErrPaperOut) {
		t.Fatalf("printed=%v warning=%q", v.TicketPrinted, v.PrinterWarning)
	}
	if !strings.Contains(v.Ticket.TrackURL, "/t/"+v.Ticket.ID+"?r=") {
		t.Fatalf("no QR for the screen: %+v", v.Ticket)
	}
	kiosktest.Eventually(t, "paper_out reported", func() bool { return h.env.DeviceState(t) == "printer:paper_out" })

	// The next citizen is told the same thing.
	h.do(func(p *kiosk.Presenter) { p.Home() })
	v = h.takeNumber("datdai", "datdai", "")
	if v.Ticket.Number != "C002" || v.TicketPrinted || v.PrinterWarning == "" {
		t.Fatalf("second ticket: %+v printed=%v warning=%q", v.Ticket, v.TicketPrinted, v.PrinterWarning)
	}

	// Paper back: the warning goes, the server is told, tickets print.
	h.sim.SetStatus(escpos.Status{Online: true})
	kiosktest.Eventually(t, "printer back", func() bool { return h.view().PrinterWarning == "" })
	kiosktest.Eventually(t, "printer:ok reported", func() bool { return h.env.DeviceState(t) == "printer:ok" })
	h.do(func(p *kiosk.Presenter) { p.Home() })
	v = h.takeNumber("datdai", "datdai", "")
	if !v.TicketPrinted || v.Ticket.Number != "C003" {
		t.Fatalf("third ticket printed=%v %+v", v.TicketPrinted, v.Ticket)
	}

	// Unplugged: same honesty, another reason.
	h.sim.Unplug()
	h.do(func(p *kiosk.Presenter) { p.Home() })
	v = h.takeNumber("datdai", "datdai", "")
	if v.TicketPrinted || v.Ticket.Number != "C004" || v.PrinterWarning != printer.Message(printer.ErrUnplugged) {
		t.Fatalf("unplugged: printed=%v %+v %q", v.TicketPrinted, v.Ticket, v.PrinterWarning)
	}
	kiosktest.Eventually(t, "unplugged reported", func() bool { return h.env.DeviceState(t) == "printer:unplugged" })
}

func TestNoPrinterShowsNumberOnScreen(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true})
	v := h.takeNumber("tuphap", "chungthuc", "")
	if v.Ticket == nil || v.Ticket.Number != "B001" || v.TicketPrinted || v.PrinterWarning == "" {
		t.Fatalf("%+v printed=%v warning=%q", v.Ticket, v.TicketPrinted, v.PrinterWarning)
	}
	kiosktest.Eventually(t, "printer:none reported", func() bool { return h.env.DeviceState(t) == "printer:none" })
}

func TestServerRefusalIsShownKindly(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true, edit: func(c *queue.Config) { c.Services[0].DailyCap = 1 }})
	if v := h.takeNumber("tuphap", "hotich", ""); v.Ticket == nil {
		t.Fatalf("first ticket refused: %q", v.Notice)
	}
	h.do(func(p *kiosk.Presenter) { p.Home() })
	v := h.takeNumber("tuphap", "hotich", "")
	if v.Screen != kiosk.ScreenPriority || v.Ticket != nil || v.Busy {
		t.Fatalf("after refusal: %s ticket=%v busy=%v", v.Screen, v.Ticket, v.Busy)
	}
	if !strings.Contains(v.Notice, "đã hết số thứ tự trong ngày hôm nay") {
		t.Fatalf("notice = %q, want the server's Vietnamese message", v.Notice)
	}
}

// Outside opening hours the server refuses the number with a typed error and the kiosk
// shows its Vietnamese message: why, the hours and when to come back.
func TestClosedHoursShownKindly(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true, edit: func(c *queue.Config) { c.Opening.AlwaysIssue = false }})
	sunday := time.Date(2026, 3, 8, 9, 0, 0, 0, queue.Loc)
	h.env.Server.Engine().SetClock(func() time.Time { return sunday })
	v := h.takeNumber("tuphap", "hotich", "")
	if v.Ticket != nil || v.Busy {
		t.Fatalf("ticket issued on a Sunday: %+v", v.Ticket)
	}
	for _, want := range []string{"ngoài giờ tiếp công dân", "Mời quý khách quay lại từ 07:30 thứ Hai, ngày 09/03/2026"} {
		if !strings.Contains(v.Notice, want) {
			t.Fatalf("notice = %q, want %q", v.Notice, want)
		}
	}
}

func TestIdleReturnsHome(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true})
	tests := []struct {
		name  string
		enter func(p *kiosk.Presenter)
	}{
		{"lookup", func(p *kiosk.Presenter) { p.Lookup() }},
		{"sectors", func(p *kiosk.Presenter) { p.TakeNumber() }},
		{"admin", func(p *kiosk.Presenter) { p.Admin() }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := h.do(tc.enter)
			if v.Screen == kiosk.ScreenHome {
				t.Fatal("did not leave home")
			}
			h.do(func(p *kiosk.Presenter) { p.ToggleLang() })
			if v = h.tick(59 * time.Second); v.Screen == kiosk.ScreenHome {
				t.Fatal("went home before the idle time")
			}
			h.do(func(p *kiosk.Presenter) { p.Key("0") }) // a touch restarts the count
			if v = h.tick(59 * time.Second); v.Screen == kiosk.ScreenHome {
				t.Fatal("a touch did not restart the idle count")
			}
			v = h.tick(time.Second)
			if v.Screen != kiosk.ScreenHome || v.Lang != kiosk.VI {
				t.Fatalf("after idle: %s %s", v.Screen, v.Lang)
			}
		})
	}
}

func TestLanguageSwitch(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true})
	h.do(func(p *kiosk.Presenter) { p.TakeNumber() })
	v := h.do(func(p *kiosk.Presenter) { p.ChooseSector("tuphap") })
	if v.Services[0].Name != "Đăng ký hộ tịch (khai sinh, kết hôn, khai tử)" || v.T("service.title") != "Chọn dịch vụ" {
		t.Fatalf("vi: %q %q", v.Services[0].Name, v.T("service.title"))
	}
	v = h.do(func(p *kiosk.Presenter) { p.ToggleLang() })
	if v.Lang != kiosk.EN || v.Services[0].Name != "Civil status registration" || v.T("service.title") != "Choose a service" {
		t.Fatalf("en: %s %q %q", v.Lang, v.Services[0].Name, v.T("service.title"))
	}
	if d := v.Services[0].Description; !strings.HasPrefix(d, "Birth, marriage") {
		t.Errorf("service description in English mode: %q", d)
	}
	v = h.do(func(p *kiosk.Presenter) { p.ChooseService("hotich") })
	if v.Priorities[0].Name != "Elderly" {
		t.Fatalf("priority in English: %+v", v.Priorities)
	}
	v = h.do(func(p *kiosk.Presenter) { p.Home() })
	if v.Lang != kiosk.VI {
		t.Fatal("home did not reset the language for the next citizen")
	}
}

func TestLookup(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true})
	type step struct {
		name   string
		do     func(p *kiosk.Presenter)
		screen kiosk.Screen
		notice string // substring; "" = no notice
		check  func(t *testing.T, v kiosk.View)
	}
	typeCode := func(code string) func(p *kiosk.Presenter) {
		return func(p *kiosk.Presenter) {
			p.Lookup()
			for _, r := range code {
				p.Key(string(r))
			}
			p.Search()
		}
	}
	steps := []step{
		{"typed bad code, no request", typeCode("12345"), kiosk.ScreenLookup, "chưa đúng dạng", nil},
		{"typed unknown code", typeCode("000.00.06.H26-231027-9999"), kiosk.ScreenLookup, "Không tìm thấy hồ sơ", nil},
		{"typed known code", typeCode(h.env.DossierCode), kiosk.ScreenDossier, "", func(t *testing.T, v kiosk.View) {
			d := v.Dossier
			// A typed code shows no name, even masked (issue 13).
			if d == nil || d.Code != h.env.DossierCode || d.ProcedureName != kiosktest.DossierProcedure || d.Applicant != "" ||
				len(d.Timeline) != 2 || d.Collect == "" || d.StatusLabel == "" || d.Appointment == "" || d.AppointmentAt.IsZero() || len(d.Missing) != 0 {
				t.Fatalf("dossier = %+v", d)
			}
		}},
		{"typed in lower case with spaces", typeCode(" " + strings.ToLower(h.env.SupplementCode)), kiosk.ScreenDossier, "", func(t *testing.T, v kiosk.View) {
			if v.Dossier == nil || v.Dossier.Code != h.env.SupplementCode {
				t.Fatalf("dossier = %+v", v.Dossier)
			}
		}},
		{"garbled scan", func(p *kiosk.Presenter) { p.Home(); p.Scan(scanner.Classify("\x00\x1b garbage")) }, kiosk.ScreenLookup, "Không nhận ra mã", nil},
		{"IME-mangled CCCD", func(p *kiosk.Presenter) {
			p.Scan(scanner.Classify("001099012345|123456789|Nguyeenx Vawn An|15081999|Nam|Số 1|10052021"))
		}, kiosk.ScreenLookup, "", func(t *testing.T, v kiosk.View) {
			if v.Notice == "" || v.Dossier != nil {
				t.Fatalf("IME-corrupted CCCD accepted: %+v", v)
			}
		}},
		{"queue ticket scanned", func(p *kiosk.Presenter) { p.Scan(scanner.Classify("https://motcua.example.vn/t/abcdefghijklmnopqrst")) }, kiosk.ScreenLookup, "phiếu số thứ tự", nil},
		{"old receipt QR scanned", func(p *kiosk.Presenter) { p.Home(); p.Scan(scanner.Classify(h.env.DossierCode + "\r\n")) }, kiosk.ScreenDossier, "", func(t *testing.T, v kiosk.View) {
			if v.Dossier == nil || v.Dossier.Code != h.env.DossierCode || v.Dossier.Applicant != "" {
				t.Fatalf("dossier = %+v", v.Dossier)
			}
		}},
		{"receipt QR scanned", func(p *kiosk.Presenter) { p.Home(); p.Scan(scanner.Classify(h.env.DossierQR + "\r\n")) }, kiosk.ScreenDossier, "", func(t *testing.T, v kiosk.View) {
			if v.Dossier == nil || v.Dossier.Code != h.env.DossierCode || v.Dossier.Applicant != "Nguyễn V*** A" {
				t.Fatalf("dossier = %+v", v.Dossier)
			}
		}},
		{"CCCD scanned", func(p *kiosk.Presenter) { p.Home(); p.Scan(scanner.Classify(kiosktest.CCCD)) }, kiosk.ScreenDossiers, "", func(t *testing.T, v kiosk.View) {
			codes := []string{}
			for _, d := range v.Dossiers {
				codes = append(codes, d.Code)
				if d.Applicant != "Nguyễn V*** A" {
					t.Fatalf("unmasked applicant %q", d.Applicant)
				}
			}
			slices.Sort(codes)
			if want := []string{h.env.DossierCode, h.env.SupplementCode}; !slices.Equal(codes, want) {
				t.Fatalf("dossiers = %v, want %v", codes, want)
			}
		}},
		{"open the supplement one", func(p *kiosk.Presenter) {
			p.OpenDossier(slices.IndexFunc(p.View().Dossiers, func(d kiosk.Dossier) bool { return d.Code == h.env.SupplementCode }))
		}, kiosk.ScreenDossier, "", func(t *testing.T, v kiosk.View) {
			if v.Dossier == nil || !slices.Equal(v.Dossier.Missing, kiosktest.Missing) || v.Dossier.Status != 5 || v.Dossier.ProcedureName != kiosktest.SupplementProcedure {
				t.Fatalf("dossier = %+v", v.Dossier)
			}
		}},
		{"back to the list", func(p *kiosk.Presenter) { p.Back() }, kiosk.ScreenDossiers, "", nil},
		{"unknown citizen", func(p *kiosk.Presenter) {
			p.Home()
			p.Scan(scanner.Classify("079303004567||Trần Thị Bình|01012003|Nữ|Quận 1, TP Hồ Chí Minh|01012021"))
		}, kiosk.ScreenLookup, "Không có hồ sơ", nil},
	}
	for _, s := range steps {
		v := h.do(s.do)
		if v.Screen != s.screen {
			t.Fatalf("%s: screen %s, want %s (notice %q)", s.name, v.Screen, s.screen, v.Notice)
		}
		if s.notice != "" && !strings.Contains(v.Notice, s.notice) {
			t.Fatalf("%s: notice %q, want %q", s.name, v.Notice, s.notice)
		}
		if s.check != nil {
			s.check(t, v)
		}
	}
}

func TestRatingOncePerVisit(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true})
	tk := h.takeNumber("tuphap", "hotich", "")
	off := h.env.Officer(t, "q1")
	if _, ok, err := off.CallNext(context.Background(), "q1", ""); err != nil || !ok {
		t.Fatalf("call next: %v %v", ok, err)
	}
	// Issue 18: after the officer's F5 the citizen is asked once to scan
	// the ticket, then told which visit they rate.
	if _, err := off.Act(context.Background(), tk.Ticket.ID, queue.OpFinish, "", ""); err != nil {
		t.Fatal(err)
	}
	h.do(func(p *kiosk.Presenter) { p.Home() })
	v := h.do(func(p *kiosk.Presenter) { p.Rate() })
	if v.Screen != kiosk.ScreenRateSubject || v.Notice != "" {
		t.Fatalf("rate subject: %s %q", v.Screen, v.Notice)
	}
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(tk.Ticket.TrackURL)) })
	if want := "Đánh giá lượt phục vụ số " + tk.Ticket.Number + " tại Quầy 1"; v.Screen != kiosk.ScreenRateLevel || v.RateSubject != want || v.Question != dossier.RatingQuestion {
		t.Fatalf("level screen: %s %q %q", v.Screen, v.RateSubject, v.Question)
	}
	if want := []kiosk.LevelChoice{{1, "Rất hài lòng", false}, {2, "Hài lòng", false}, {3, "Không hài lòng", true}}; !slices.Equal(v.Levels, want) {
		t.Fatalf("levels = %+v", v.Levels)
	}
	v = h.do(func(p *kiosk.Presenter) { p.ChooseLevel(3) })
	if v.Screen != kiosk.ScreenRateReason || len(v.Reasons) != len(dossier.RatingReasons) {
		t.Fatalf("reason screen: %s %d", v.Screen, len(v.Reasons))
	}
	v = h.do(func(p *kiosk.Presenter) { p.SendRating() })
	if v.Screen != kiosk.ScreenRateReason || v.Notice != kiosk.T(kiosk.VI, "rate.needreason") {
		t.Fatalf("sent without a reason: %s %q", v.Screen, v.Notice)
	}
	// "Khác" needs the citizen's own words.
	h.do(func(p *kiosk.Presenter) { p.ToggleReason(kiosk.ReasonOther) })
	if v = h.do(func(p *kiosk.Presenter) { p.SendRating() }); v.Screen != kiosk.ScreenRateReason || v.Notice != kiosk.T(kiosk.VI, "rate.needother") {
		t.Fatalf("Khác without a comment: %s %q", v.Screen, v.Notice)
	}
	h.do(func(p *kiosk.Presenter) { p.ToggleReason(kiosk.ReasonOther) })
	h.do(func(p *kiosk.Presenter) { p.ToggleReason(dossier.RatingReasons[0]) })
	// A comment typed on the on-screen keyboard, with tone keys.
	v = h.do(func(p *kiosk.Presenter) {
		p.EditComment()
		for _, k := range []string{"c", "h", "ơ", "\u0301", " ", "h", "ơ", "i", "\u0303", " ", "l", "â", "u"} {
			if r := []rune(k)[0]; r >= 0x300 && r < 0x330 {
				p.CommentTone(kiosk.Tone(r))
			} else {
				p.CommentKey(k)
			}
		}
	})
	if v.Screen != kiosk.ScreenRateComment || v.Comment != "chớ hỡi lâu" {
		t.Fatalf("comment screen: %s %q", v.Screen, v.Comment)
	}
	v = h.do(func(p *kiosk.Presenter) {
		p.CommentBackspace()
		p.CommentBackspace()
		p.CommentBackspace()
		p.CommentKey(" ")
		p.CommentDone()
	})
	if v.Screen != kiosk.ScreenRateReason || v.Comment != "chớ hỡi" || !v.Reasons[0].Selected {
		t.Fatalf("back to the reasons: %s %q %+v", v.Screen, v.Comment, v.Reasons)
	}
	v = h.do(func(p *kiosk.Presenter) { p.SendRating() })
	if v.Screen != kiosk.ScreenThanks || v.Notice != kiosk.T(kiosk.VI, "rate.thanks") {
		t.Fatalf("after sending: %s %q", v.Screen, v.Notice)
	}
	level, doc, ok := h.env.Rating(t, "ticket:"+tk.Ticket.ID)
	if !ok || level != 3 || !strings.Contains(doc, `"comment":"chớ hỡi"`) || !strings.Contains(doc, dossier.RatingReasons[0]) {
		t.Fatalf("stored rating: %v %d %s", ok, level, doc)
	}
	if v = h.tick(6 * time.Second); v.Screen != kiosk.ScreenHome {
		t.Fatalf("thanks screen stayed: %s", v.Screen)
	}

	// The same visit again: the server refuses (409 conflict), the kiosk
	// thanks kindly.
	h.do(func(p *kiosk.Presenter) { p.Rate() })
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(tk.Ticket.TrackURL)) })
	if v.Screen != kiosk.ScreenThanks || v.Notice != kiosk.T(kiosk.VI, "rate.already") {
		t.Fatalf("second rating: %s %q", v.Screen, v.Notice)
	}
	if level, _, _ := h.env.Rating(t, "ticket:"+tk.Ticket.ID); level != 3 {
		t.Fatalf("second rating changed the first: level %d", level)
	}

	// A ticket still waiting (scanned on the rating screen): the server
	// refuses (409 invalid_state); the kiosk explains, in English too.
	h.do(func(p *kiosk.Presenter) { p.Home() })
	waiting := h.takeNumber("tuphap", "chungthuc", "")
	h.do(func(p *kiosk.Presenter) { p.Home(); p.Rate() })
	v = h.do(func(p *kiosk.Presenter) { p.ToggleLang(); p.Scan(scanner.Classify(waiting.Ticket.TrackURL)) })
	if v.Screen != kiosk.ScreenThanks || v.Notice != kiosk.T(kiosk.EN, "rate.notserved") {
		t.Fatalf("not served yet: %s %q", v.Screen, v.Notice)
	}
	if _, _, ok := h.env.Rating(t, "ticket:"+waiting.Ticket.ID); ok {
		t.Fatal("a waiting ticket was rated")
	}

	// A finished ticket scanned on the home screen (the citizen came
	// straight from the counter's F5) opens the question for that visit.
	h.do(func(p *kiosk.Presenter) { p.Home() })
	next := h.takeNumber("tuphap", "hotich", "")
	if _, ok, err := off.CallNext(context.Background(), "q1", ""); err != nil || !ok {
		t.Fatalf("call next: %v %v", ok, err)
	}
	if _, err := off.Act(context.Background(), next.Ticket.ID, queue.OpFinish, "", ""); err != nil {
		t.Fatal(err)
	}
	h.do(func(p *kiosk.Presenter) { p.Home() })
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(next.Ticket.TrackURL)) })
	if want := "Đánh giá lượt phục vụ số " + next.Ticket.Number + " tại Quầy 1"; v.Screen != kiosk.ScreenRateLevel || v.RateSubject != want {
		t.Fatalf("ticket scanned at home: %s %q %q", v.Screen, v.RateSubject, v.Notice)
	}
	if v = h.do(func(p *kiosk.Presenter) { p.ChooseLevel(1) }); v.Notice != kiosk.T(kiosk.VI, "rate.thanks") {
		t.Fatalf("rating from home: %q", v.Notice)
	}

	// A scanned dossier receipt is rated once too.
	h.do(func(p *kiosk.Presenter) { p.Home() })
	h.do(func(p *kiosk.Presenter) { p.Rate() })
	// A receipt printed before rating tokens (the bare code) cannot rate.
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(h.env.DossierCode)) })
	if v.Screen != kiosk.ScreenRateSubject || v.Notice != kiosk.T(kiosk.VI, "rate.oldqr") {
		t.Fatalf("old receipt on the rating screen: %s %q", v.Screen, v.Notice)
	}
	v = h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(h.env.DossierQR)) })
	if want := "Đánh giá việc tiếp nhận hồ sơ " + h.env.DossierCode + " tại Quầy 6"; v.Screen != kiosk.ScreenRateLevel || v.RateSubject != want {
		t.Fatalf("scan on the rating screen: %s %q %q", v.Screen, v.Notice, v.RateSubject)
	}
	if v = h.do(func(p *kiosk.Presenter) { p.ChooseLevel(2) }); v.Notice != kiosk.T(kiosk.VI, "rate.thanks") {
		t.Fatalf("dossier rating: %q", v.Notice)
	}
	if level, _, ok := h.env.Rating(t, "dossier:"+h.env.DossierCode); !ok || level != 2 {
		t.Fatalf("dossier rating stored: %v %d", ok, level)
	}
}

// noScale is the kiosk API with the scale call failing.
type noScale struct{ kiosk.API }

func (noScale) RatingScale(context.Context) (kiosk.RatingScale, error) {
	return kiosk.RatingScale{}, errors.New("scale endpoint down")
}

// oldQuestion is the kiosk API of a centre not yet updated: its scale asks
// the question in the old "Ông/Bà" wording.
type oldQuestion struct{ kiosk.API }

func (o oldQuestion) RatingScale(ctx context.Context) (kiosk.RatingScale, error) {
	s, err := o.API.RatingScale(ctx)
	s.Question = dossier.RatingQuestionOld
	return s, err
}

func TestRatingScale(t *testing.T) {
	tests := []struct {
		name   string
		o      hopt
		labels []string
		low    int // the first low level's value
	}{
		{"server's five levels", hopt{dossiers: centre.DossierOptions{Scale: ptr(dossier.Scale5())}},
			[]string{"Rất hài lòng", "Hài lòng", "Bình thường", "Không hài lòng", "Rất không hài lòng"}, 4},
		{"built-in when the scale call fails", hopt{api: func(a kiosk.API) kiosk.API { return noScale{a} }},
			[]string{"Rất hài lòng", "Hài lòng", "Không hài lòng"}, 3},
		{"a centre still sending the old wording", hopt{api: func(a kiosk.API) kiosk.API { return oldQuestion{a} }},
			[]string{"Rất hài lòng", "Hài lòng", "Không hài lòng"}, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.o.noPrinter = true
			h := newHarness(t, tc.o)
			h.do(func(p *kiosk.Presenter) { p.Rate() })
			v := h.do(func(p *kiosk.Presenter) { p.Scan(scanner.Classify(h.env.SupplementQR)) })
			var labels []string
			for _, l := range v.Levels {
				labels = append(labels, l.Label)
				if l.Low != (l.Value >= tc.low) {
					t.Fatalf("level %+v", l)
				}
			}
			if v.Screen != kiosk.ScreenRateLevel || !slices.Equal(labels, tc.labels) {
				t.Fatalf("%s: levels %q", v.Screen, labels)
			}
			// "Quý khách", whatever wording the centre sends (docs/DOMAIN.md).
			if v.Question != "Quý khách đánh giá như thế nào về thái độ công chức khi hướng dẫn và tiếp nhận giải quyết hồ sơ?" {
				t.Fatalf("question %q", v.Question)
			}
			if v = h.do(func(p *kiosk.Presenter) { p.ToggleLang() }); v.Levels[0].Label != "Very satisfied" || v.Question != dossier.RatingQuestionEN {
				t.Fatalf("english scale: %q %+v", v.Question, v.Levels)
			}
			h.do(func(p *kiosk.Presenter) { p.ToggleLang() })
			// A low level with only a comment is accepted by the server.
			v = h.do(func(p *kiosk.Presenter) { p.ChooseLevel(tc.low) })
			if v.Screen != kiosk.ScreenRateReason {
				t.Fatalf("low level %d: %s", tc.low, v.Screen)
			}
			v = h.do(func(p *kiosk.Presenter) { p.EditComment(); p.CommentKey("x"); p.CommentDone(); p.SendRating() })
			if v.Notice != kiosk.T(kiosk.VI, "rate.thanks") {
				t.Fatalf("comment-only rating: %s %q", v.Screen, v.Notice)
			}
			if level, doc, ok := h.env.Rating(t, "dossier:"+h.env.SupplementCode); !ok || level != tc.low || !strings.Contains(doc, `"comment":"x"`) {
				t.Fatalf("stored: %v %d %s", ok, level, doc)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestOfflineAndRecovery(t *testing.T) {
	// A port with nobody listening: the server is down when the kiosk starts.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	h := newHarness(t, hopt{noPrinter: true, url: "http://" + addr})
	v := h.view()
	if v.Screen != kiosk.ScreenOffline || v.T("offline.title") != "Tạm ngừng phục vụ" || strings.Contains(v.Notice, "dial") {
		t.Fatalf("offline screen: %s %q", v.Screen, v.Notice)
	}
	// Taps do nothing useful while offline, and nothing crashes.
	v = h.tick(time.Second)
	if v.Screen != kiosk.ScreenOffline {
		t.Fatalf("left offline too early: %s", v.Screen)
	}
	// The server comes up on that address.
	ln, err = net.Listen("tcp", addr)
	if err != nil {
		t.Skipf("cannot re-listen on %s: %v", addr, err)
	}
	srv := httptest.NewUnstartedServer(h.env.Server)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	defer srv.Close()
	if v = h.tick(3 * time.Second); v.Screen != kiosk.ScreenHome {
		t.Fatalf("did not recover: %s %q", v.Screen, v.Notice)
	}
	// And goes offline again mid-flow when the server disappears.
	srv.CloseClientConnections()
	srv.Close()
	v = h.do(func(p *kiosk.Presenter) { p.TakeNumber() })
	if v.Screen != kiosk.ScreenOffline {
		t.Fatalf("server gone: %s", v.Screen)
	}
}

func TestAdminPIN(t *testing.T) {
	h := newHarness(t, hopt{noPrinter: true})
	v := h.do(func(p *kiosk.Presenter) { p.Admin(); p.PinKey("1"); p.PinKey("2"); p.PinSubmit() })
	if v.AdminUnlocked || v.Notice != kiosk.T(kiosk.VI, "admin.wrong") {
		t.Fatalf("wrong PIN accepted: %+v", v)
	}
	h.do(func(p *kiosk.Presenter) { p.Exit() })
	if h.quit {
		t.Fatal("exit without the PIN")
	}
	for _, d := range "2468" {
		h.do(func(p *kiosk.Presenter) { p.PinKey(string(d)) })
	}
	if v = h.do(func(p *kiosk.Presenter) { p.PinSubmit() }); !v.AdminUnlocked {
		t.Fatalf("right PIN refused: %q", v.Notice)
	}
	h.do(func(p *kiosk.Presenter) { p.Exit() })
	if !h.quit {
		t.Fatal("exit after the PIN did not quit")
	}
	for i := 0; i < 5; i++ {
		h.do(func(p *kiosk.Presenter) { p.Home(); p.Admin(); p.PinKey("9"); p.PinSubmit() })
	}
	if v = h.do(func(p *kiosk.Presenter) {
		for _, d := range "2468" {
			p.PinKey(string(d))
		}
		p.PinSubmit()
	}); v.AdminUnlocked || v.Notice != kiosk.T(kiosk.VI, "admin.locked") {
		t.Fatalf("no lockout after 5 wrong PINs: %+v", v.Notice)
	}
}

// TestWaitEstimateIsHonest: no counter open → the kiosk says so instead of
// "about 8 minutes"; nobody ahead at an open counter → served right away;
// people ahead → minutes.
func TestWaitEstimateIsHonest(t *testing.T) {
	h := newHarness(t, hopt{})
	h.do(func(p *kiosk.Presenter) { p.TakeNumber() })
	v := h.do(func(p *kiosk.Presenter) { p.ChooseSector("tuphap") })
	if s := v.Services[0]; s.ID != "hotich" || s.OpenCounters != 0 ||
		kiosk.WaitText(v.Lang, s.Waiting, s.OpenCounters, s.EstimatedWait, "service.wait") != "Chưa có quầy mở" {
		t.Fatalf("no counter open, service tile: %+v", s)
	}
	v = h.takeNumber("tuphap", "hotich", "")
	tk := v.Ticket
	if got := kiosk.WaitText(kiosk.VI, tk.Ahead, tk.OpenCounters, tk.EstimatedWait, "ticket.minutes"); got != "Chưa có quầy mở" {
		t.Errorf("ticket with no counter open: %q (ahead %d, open %d, %d min)", got, tk.Ahead, tk.OpenCounters, tk.EstimatedWait)
	}
	if got := kiosk.WaitText(kiosk.EN, tk.Ahead, tk.OpenCounters, tk.EstimatedWait, "ticket.minutes"); got != "No counter open yet" {
		t.Errorf("English: %q", got)
	}
	h.tick(30 * time.Second)

	// Counter 1 opens and calls A001: nobody waits any more.
	off := h.env.Officer(t, "q1")
	if _, _, err := off.CallNext(context.Background(), "q1", ""); err != nil {
		t.Fatal(err)
	}
	v = h.takeNumber("tuphap", "hotich", "")
	tk = v.Ticket
	if got := kiosk.WaitText(kiosk.VI, tk.Ahead, tk.OpenCounters, tk.EstimatedWait, "ticket.minutes"); tk.OpenCounters != 1 || got != "Được phục vụ ngay" {
		t.Errorf("nobody ahead, counter 1 open: %q (ahead %d, open %d, %d min)", got, tk.Ahead, tk.OpenCounters, tk.EstimatedWait)
	}
	h.tick(30 * time.Second)
	// One ahead now: a time.
	v = h.takeNumber("tuphap", "hotich", "")
	tk = v.Ticket
	if got := kiosk.WaitText(kiosk.VI, tk.Ahead, tk.OpenCounters, tk.EstimatedWait, "ticket.minutes"); tk.Ahead != 1 || !strings.HasPrefix(got, "khoảng ") {
		t.Errorf("one ahead: %q (ahead %d, open %d, %d min)", got, tk.Ahead, tk.OpenCounters, tk.EstimatedWait)
	}
}

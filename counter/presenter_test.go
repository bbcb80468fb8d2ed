package counter_test

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/counter/internal/countertest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/queue"
)

type rig struct {
	env *countertest.Env
	cl  *client.Client
	h   *countertest.Harness
	dev *countertest.Devices
}

// start runs a server, optionally the devices, and a presenter at q1.
func start(t testing.TB, withDevices bool) *rig {
	t.Helper()
	return startOn(t, countertest.Start(t), withDevices)
}

// startOn runs the counter presenter against env.
func startOn(t testing.TB, env *countertest.Env, withDevices bool) *rig {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	r := &rig{env: env}
	r.cl = r.env.Client()
	o := counter.Options{API: counter.NewAPI(r.cl), Counter: countertest.Counter, Profile: escpos.Default}
	if withDevices {
		r.dev = countertest.StartDevices(t, escpos.Default, t.TempDir())
		o.Printer = r.dev.Printer
	}
	r.h = countertest.NewHarness(ctx, o, nil)
	if withDevices {
		r.h.ForwardDevices(ctx, r.dev)
	}
	return r
}

func (r *rig) login(t testing.TB) counter.View {
	t.Helper()
	r.h.Do(func(p *counter.Presenter) { p.Login(countertest.Username, countertest.Password) })
	return r.h.Wait(t, "main screen, connected", func(v counter.View) bool {
		return v.Screen == counter.ScreenMain && v.Connected && len(v.Queue.Waiting) > 0
	})
}

func TestLogin(t *testing.T) {
	r := start(t, false)
	tests := []struct {
		name, user, pass string
		want             string
	}{
		{"empty", "", "", "Hãy nhập tên đăng nhập và mật khẩu."},
		{"wrong password", countertest.Username, "saimatkhau", "Sai tên đăng nhập hoặc mật khẩu"},
		{"unknown user", "khongco", "matkhau123", "Sai tên đăng nhập hoặc mật khẩu"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r.h.Do(func(p *counter.Presenter) { p.Login(tc.user, tc.pass) })
			v := r.h.Wait(t, "login error", func(v counter.View) bool { return !v.Busy && v.LoginError != "" })
			if v.Screen != counter.ScreenLogin || v.LoginError != tc.want {
				t.Fatalf("screen %s, error %q; want login screen with %q", v.Screen, v.LoginError, tc.want)
			}
		})
	}
	v := r.login(t)
	if v.OfficerName != countertest.FullName || v.CounterName != "Quầy 1" {
		t.Fatalf("officer %q counter %q", v.OfficerName, v.CounterName)
	}
	if !v.Queue.Waiting[0].Mine {
		t.Fatalf("the counter's own services must come first: %+v", v.Queue.Waiting)
	}
	r.h.Do(func(p *counter.Presenter) { p.Logout() })
	v = r.h.Wait(t, "login screen", func(v counter.View) bool { return v.Screen == counter.ScreenLogin })
	if v.LoginError != "" || v.LoginUser != countertest.Username {
		t.Fatalf("after logout: error %q user %q", v.LoginError, v.LoginUser)
	}
}

func waitingOf(v counter.View, service string) int {
	for _, w := range v.Queue.Waiting {
		if w.ID == service {
			return w.Waiting
		}
	}
	return -1
}

func TestQueueFlow(t *testing.T) {
	ctx := context.Background()
	r := start(t, false)
	a1 := r.env.Issue(ctx, "hotich")
	r.login(t)
	r.h.Wait(t, "1 waiting", func(v counter.View) bool { return waitingOf(v, "hotich") == 1 })
	// a ticket issued while logged in shows up live (WebSocket event)
	a2 := r.env.Issue(ctx, "hotich")
	r.h.Wait(t, "2 waiting", func(v counter.View) bool { return waitingOf(v, "hotich") == 2 && v.Queue.WaitingMine == 2 })

	do := func(f func(p *counter.Presenter)) counter.View {
		t.Helper()
		r.h.Do(f)
		return r.h.Idle(t)
	}
	v := do(func(p *counter.Presenter) { p.Run(counter.CmdCallNext) })
	if v.Queue.Current == nil || v.Queue.Current.Number != a1.Number || v.Error != "" {
		t.Fatalf("call next: current %+v error %q", v.Queue.Current, v.Error)
	}
	r.h.Wait(t, "1 waiting after the call", func(v counter.View) bool { return waitingOf(v, "hotich") == 1 })
	v = do(func(p *counter.Presenter) { p.Run(counter.CmdRecall) })
	if v.Queue.Current.Recalls != 1 || !strings.Contains(v.Info, "Đã gọi lại số "+a1.Number) {
		t.Fatalf("recall: %+v %q", v.Queue.Current, v.Info)
	}
	v = do(func(p *counter.Presenter) { p.Run(counter.CmdFinish) })
	if v.Queue.Current != nil || !strings.Contains(v.Info, counter.MsgRateAtKiosk) {
		t.Fatalf("finish: current %+v info %q", v.Queue.Current, v.Info)
	}
	v = do(func(p *counter.Presenter) { p.Run(counter.CmdCallNext) })
	if v.Queue.Current == nil || v.Queue.Current.Number != a2.Number {
		t.Fatalf("second call: %+v %q", v.Queue.Current, v.Error)
	}
	v = do(func(p *counter.Presenter) { p.Run(counter.CmdNoShow) })
	if v.Queue.Current != nil || !strings.Contains(v.Info, "vắng mặt") {
		t.Fatalf("no-show: %+v %q", v.Queue.Current, v.Info)
	}
	v = do(func(p *counter.Presenter) { p.Run(counter.CmdCallNext) })
	if v.Queue.Current != nil || !strings.Contains(v.Info, "không còn công dân") {
		t.Fatalf("empty queue: %+v %q", v.Queue.Current, v.Info)
	}
	var ui bool
	r.h.Do(func(p *counter.Presenter) { ui = p.Run(counter.CmdTransfer) })
	if ui {
		t.Fatal("transfer without a current ticket must not open the dialog")
	}

	// transfer to another service, redirect to another counter
	r.env.Issue(ctx, "hotich")
	r.env.Issue(ctx, "hotich")
	do(func(p *counter.Presenter) { p.CallNext() })
	v = do(func(p *counter.Presenter) { p.Transfer("datdai") })
	if v.Queue.Current != nil || v.Error != "" || !strings.Contains(v.Info, "Đăng ký đất đai") {
		t.Fatalf("transfer: %+v err %q info %q", v.Queue.Current, v.Error, v.Info)
	}
	r.h.Wait(t, "transferred ticket waiting for land", func(v counter.View) bool { return waitingOf(v, "datdai") == 1 })
	do(func(p *counter.Presenter) { p.CallNext() })
	// A redirect goes only to an open counter that serves the citizen's
	// service: q2 is closed until its officer logs in, so it is not offered.
	if slices.ContainsFunc(v.Queue.Counters, func(c counter.Choice) bool { return c.ID == "q2" }) {
		t.Fatalf("closed q2 offered for a redirect: %+v", v.Queue.Counters)
	}
	v = do(func(p *counter.Presenter) { p.Redirect("q2") })
	if v.Queue.Current == nil || !strings.Contains(v.Error, "Quầy 2 đang không mở cửa") {
		t.Fatalf("redirect to a closed counter: %+v err %q info %q", v.Queue.Current, v.Error, v.Info)
	}
	r.env.OpenCounter(ctx, "q4")
	r.env.OpenCounter(ctx, "q2")
	v = r.h.Wait(t, "q2 offered once open", func(v counter.View) bool {
		return slices.ContainsFunc(v.Queue.Counters, func(c counter.Choice) bool { return c.ID == "q2" })
	})
	for _, c := range v.Queue.Counters {
		if c.ID == "q4" { // land only: cannot serve hộ tịch
			t.Fatalf("q4 offered for a hộ tịch citizen: %+v", v.Queue.Counters)
		}
	}
	v = do(func(p *counter.Presenter) { p.Redirect("q2") })
	if v.Queue.Current != nil || v.Error != "" || !strings.Contains(v.Info, "Quầy 2") {
		t.Fatalf("redirect: %+v err %q info %q", v.Queue.Current, v.Error, v.Info)
	}
	// switched to English, the same sentence is written again, the counter
	// named in English ("Counter N" without a name_en)
	v = do(func(p *counter.Presenter) { p.SetLang(counter.EN) })
	if !strings.HasPrefix(v.Info, "Moved ") || !strings.HasSuffix(v.Info, " to Counter 2.") {
		t.Fatalf("redirect sentence in English: %q", v.Info)
	}
	v = do(func(p *counter.Presenter) { p.SetLang(counter.VI) })
	if !strings.Contains(v.Info, "sang Quầy 2.") {
		t.Fatalf("redirect sentence in Vietnamese again: %q", v.Info)
	}

	// pause with a reason; calls are refused until resumed
	r.h.Do(func(p *counter.Presenter) { ui = p.Run(counter.CmdPause) })
	if !ui {
		t.Fatal("F6 on an open counter must ask for a reason")
	}
	v = do(func(p *counter.Presenter) { p.Pause("") })
	if v.Queue.Paused || v.Error == "" {
		t.Fatal("pause without a reason must be refused")
	}
	v = do(func(p *counter.Presenter) { p.Pause(counter.PauseReasons[0]) })
	if !v.Queue.Paused || v.Queue.PauseReason != counter.PauseReasons[0] {
		t.Fatalf("pause: %+v %q", v.Queue, v.Error)
	}
	r.env.Issue(ctx, "hotich")
	v = do(func(p *counter.Presenter) { p.CallNext() })
	if v.Queue.Current != nil || !strings.Contains(v.Error, "tạm dừng") {
		t.Fatalf("call while paused: %+v %q", v.Queue.Current, v.Error)
	}
	v = do(func(p *counter.Presenter) { p.Run(counter.CmdPause) }) // F6 again resumes
	if v.Queue.Paused {
		t.Fatal("still paused after F6")
	}
	v = do(func(p *counter.Presenter) { p.CallNext() })
	if v.Queue.Current == nil {
		t.Fatalf("call after resume: %q", v.Error)
	}
}

func TestSessionExpiry(t *testing.T) {
	r := start(t, false)
	r.login(t)
	r.env.EndSession(context.Background(), r.cl.Token())
	r.h.Do(func(p *counter.Presenter) { p.CallNext() })
	v := r.h.Wait(t, "login screen", func(v counter.View) bool { return v.Screen == counter.ScreenLogin })
	if !strings.Contains(v.LoginError, "hết hạn") || v.LoginUser != countertest.Username {
		t.Fatalf("login error %q user %q", v.LoginError, v.LoginUser)
	}
	// logging in again works
	r.login(t)
}

var codeRe = regexp.MustCompile(`^000\.00\.06\.H26-231027-\d{4}$`)

// fill selects procedure q (first result) and ticks every component.
func fill(t testing.TB, h *countertest.Harness, q string) counter.View {
	t.Helper()
	h.Do(func(p *counter.Presenter) { p.SearchProcedures(q) })
	h.Wait(t, "results for "+q, func(v counter.View) bool { return len(v.Form.Results) > 0 && v.Form.ResultsFor == q })
	h.Do(func(p *counter.Presenter) { p.ChooseProcedure(0); p.ReceiveAll() })
	return h.Wait(t, "appointment preview", func(v counter.View) bool { return v.Form.Appointment != nil })
}

func TestReceiveAndPrint(t *testing.T) {
	ctx := context.Background()
	r := start(t, true)
	tk := r.env.Issue(ctx, "hotich")
	r.login(t)
	r.h.Do(func(p *counter.Presenter) { p.CallNext() })
	r.h.Wait(t, "called", func(v counter.View) bool { return v.Queue.Current != nil })

	// the serial scanner reads the card: the applicant fills itself
	if err := r.dev.SimScanner.Scan(countertest.CCCD); err != nil {
		t.Fatal(err)
	}
	v := r.h.Wait(t, "applicant from the card", func(v counter.View) bool { return v.Form.FromCCCD })
	f := v.Form
	if f.Name != "Nguyễn Văn An" || f.IDNumber != "001099012345" || f.DOB != "15/08/1999" || f.Gender != "Nam" || f.Address != "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội" {
		t.Fatalf("form from CCCD: %+v", f)
	}

	// Vietnamese-insensitive search
	r.h.Do(func(p *counter.Presenter) { p.SearchProcedures("dang ky khai sinh") })
	v = r.h.Wait(t, "results", func(v counter.View) bool { return v.Form.ResultsFor == "dang ky khai sinh" && len(v.Form.Results) > 0 })
	if v.Form.Results[0].Name != "Đăng ký khai sinh" {
		t.Fatalf("first result %q", v.Form.Results[0].Name)
	}

	// saving without the checklist is refused locally
	r.h.Do(func(p *counter.Presenter) { p.ChooseProcedure(0); p.Save() })
	if v = r.h.Last(); !strings.Contains(v.Error, "thành phần hồ sơ") {
		t.Fatalf("save without components: %q", v.Error)
	}

	v = fill(t, r.h, "xac nhan tinh trang hon nhan")
	if v.Form.Procedure.Code != "1.004873" || len(v.Form.Fees) != 1 {
		t.Fatalf("procedure %+v fees %+v", v.Form.Procedure, v.Form.Fees)
	}
	// 3 working days from Friday 27/10/2023 09:32: Mon 30, Tue 31, Wed 01/11
	if !strings.HasSuffix(v.Form.Appointment.Text, "ngày 01/11/2023") {
		t.Fatalf("appointment preview %q", v.Form.Appointment.Text)
	}
	// an edited appointment needs a reason
	r.h.Do(func(p *counter.Presenter) { p.SetOverride(true); p.Save() })
	if v = r.h.Last(); !strings.Contains(v.Error, "lý do") {
		t.Fatalf("override without reason: %q", v.Error)
	}
	r.h.Do(func(p *counter.Presenter) {
		p.SetOverride(false)
		p.SetFeePaid(0, true)
		p.SetField(counter.FieldPhone, "0912 345 678")
		p.Save()
	})
	v = r.h.Wait(t, "receipt printed", func(v counter.View) bool { return v.Paper != nil && !v.Paper.Printing })
	if !v.Paper.Printed || v.Saved == nil {
		t.Fatalf("paper %+v, error %q", v.Paper, v.Error)
	}
	code := v.Saved.Dossier.Code
	if !codeRe.MatchString(code) || v.Saved.TicketID != tk.ID {
		t.Fatalf("code %q ticket %q (want %s)", code, v.Saved.TicketID, tk.ID)
	}
	if v.Form.Name != "" || v.Form.Procedure != nil {
		t.Fatal("the form must be cleared after saving")
	}
	if d := v.Saved.Dossier; d.FeesTotal() != 3000 || d.Applicant.Phone != "0912 345 678" || d.Status != dossier.StatusReceived {
		t.Fatalf("saved dossier %+v", d)
	}
	pages, err := r.dev.SimPrinter.WaitPages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := countertest.DecodeQR(t, pages[0].Image), r.env.Srv.DossierQR(code); got != want {
		t.Fatalf("receipt QR %q, want %q (code and rating token)", got, want)
	}
	if p := r.dev.SimPrinter.Problems(); len(p) > 0 {
		t.Fatalf("printer problems: %v", p)
	}

	// reprint on demand
	r.h.Do(func(p *counter.Presenter) { p.Run(counter.CmdReprint) })
	if _, err := r.dev.SimPrinter.WaitPages(ctx, 2); err != nil {
		t.Fatal(err)
	}
}

func TestPaperOutLosesNothing(t *testing.T) {
	ctx := context.Background()
	r := start(t, true)
	r.login(t)
	r.dev.SimPrinter.SetStatus(escpos.Status{PaperOut: true})
	r.h.Do(func(p *counter.Presenter) { p.ScanText(countertest.CCCD) }) // keyboard-wedge field
	fill(t, r.h, "dang ky khai sinh")
	r.h.Do(func(p *counter.Presenter) { p.Save() })
	v := r.h.Wait(t, "print failed", func(v counter.View) bool { return v.Paper != nil && !v.Paper.Printing })
	if v.Paper.Printed || !strings.Contains(v.Paper.Error, "hết giấy") || !strings.Contains(v.Paper.Error, "F10") {
		t.Fatalf("paper %+v", v.Paper)
	}
	r.h.Wait(t, "paper-out on the status line", func(v counter.View) bool { return strings.Contains(v.Printer.Text, "hết giấy") && !v.Printer.Ready })
	code := v.Saved.Dossier.Code
	// the dossier is on the server although nothing printed
	got, err := counter.NewAPI(r.cl).Dossier(ctx, code)
	if err != nil || got.Dossier.Applicant.Name != "Nguyễn Văn An" {
		t.Fatalf("dossier on server: %v %+v", err, got.Dossier.Applicant)
	}
	r.dev.SimPrinter.SetStatus(escpos.Status{Online: true})
	r.h.Do(func(p *counter.Presenter) { p.Reprint() })
	v = r.h.Wait(t, "reprinted", func(v counter.View) bool { return v.Paper != nil && v.Paper.Printed })
	pages, err := r.dev.SimPrinter.WaitPages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if q := countertest.DecodeQR(t, pages[0].Image); q != r.env.Srv.DossierQR(code) {
		t.Fatalf("QR %q want %q", q, r.env.Srv.DossierQR(code))
	}
}

func TestScanKinds(t *testing.T) {
	r := start(t, false)
	r.login(t)
	tests := []struct {
		name, raw, want string
	}{
		{"ticket", "https://motcua.example.vn/t/01HF3Q8Z2K7T", "phiếu số thứ tự"},
		{"ime", "001099012345|123456789|Nguyeenx Vawn An|15081999|Nam|Soos 1 Trangf Tieenf|10052021", "bộ gõ"},
		{"garbage", "xin chao", "Không nhận ra mã"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r.h.Do(func(p *counter.Presenter) { p.ScanText(tc.raw) })
			if v := r.h.Last(); !strings.Contains(v.Error, tc.want) || v.Form.Name != "" {
				t.Fatalf("error %q (want %q), name %q", v.Error, tc.want, v.Form.Name)
			}
		})
	}
	if k := scanner.Classify(countertest.CCCD).Kind; k != scanner.KindCCCD {
		t.Fatalf("sample classified as %v", k)
	}
}

func TestDossierActions(t *testing.T) {
	ctx := context.Background()
	r := start(t, true)
	r.login(t)
	r.h.Do(func(p *counter.Presenter) { p.ScanText(countertest.CCCD) })
	fill(t, r.h, "1.004873")
	r.h.Do(func(p *counter.Presenter) { p.Save() })
	v := r.h.Wait(t, "saved", func(v counter.View) bool { return v.Saved != nil && v.Paper != nil && !v.Paper.Printing })
	code := v.Saved.Dossier.Code

	// the list of this counter shows it; a status filter hides it
	r.h.Do(func(p *counter.Presenter) { p.SetTab(counter.TabDossiers) })
	r.h.Wait(t, "listed", func(v counter.View) bool { return len(v.List.Items) == 1 && v.List.Items[0].Dossier.Code == code })
	r.h.Do(func(p *counter.Presenter) { p.SetListFilter(counter.ListFilter{Status: dossier.StatusResolved}) })
	r.h.Wait(t, "filtered out", func(v counter.View) bool { return len(v.List.Items) == 0 })
	r.h.Do(func(p *counter.Presenter) { p.SetListFilter(counter.ListFilter{}) })
	r.h.Wait(t, "listed again", func(v counter.View) bool { return len(v.List.Items) == 1 })

	// scanning the receipt QR opens the dossier
	r.h.Do(func(p *counter.Presenter) { p.ScanText(code) })
	v = r.h.Wait(t, "opened", func(v counter.View) bool { return v.List.Selected != nil })
	if v.Tab != counter.TabDossiers || v.List.Selected.Dossier.Code != code {
		t.Fatalf("tab %s selected %s", v.Tab, v.List.Selected.Dossier.Code)
	}

	act := func(action string, in counter.ActionInput) counter.View {
		t.Helper()
		r.h.Do(func(p *counter.Presenter) { p.DoAction(action, in) })
		return r.h.Idle(t)
	}
	hasAction := func(v counter.View, id string) bool {
		for _, a := range v.List.Actions {
			if a.ID == id {
				return true
			}
		}
		return false
	}
	if !hasAction(v, counter.ActRequestSupplement) || hasAction(v, counter.ActReturn) {
		t.Fatalf("actions of a received dossier: %+v", v.List.Actions)
	}
	if v = act(counter.ActRequestSupplement, counter.ActionInput{Reason: "Thiếu giấy tờ"}); v.Error == "" {
		t.Fatal("a supplement request without the missing items must be refused")
	}
	v = act(counter.ActRequestSupplement, counter.ActionInput{Missing: "Bản sao giấy khai sinh\nẢnh 4x6", Reason: "Hồ sơ chưa đủ thành phần", Deadline: "10/11/2023"})
	if s := v.List.Selected; s.Dossier.Status != dossier.StatusSupplementRequired || s.SupplementSlip == nil || len(s.SupplementSlip.Missing) != 2 {
		t.Fatalf("after supplement request: %+v, error %q", s.Dossier.Status, v.Error)
	}
	v = r.h.Wait(t, "slip printed", func(v counter.View) bool { return v.Paper != nil && v.Paper.Kind == "slip" && v.Paper.Printed })
	pages, err := r.dev.SimPrinter.WaitPages(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if q := countertest.DecodeQR(t, pages[1].Image); q != r.env.Srv.DossierQR(code) {
		t.Fatalf("slip QR %q", q)
	}
	for _, step := range []struct {
		action string
		in     counter.ActionInput
		want   dossier.Status
	}{
		{counter.ActSupplement, counter.ActionInput{}, dossier.StatusProcessing},
		{counter.ActRequestFees, counter.ActionInput{FeeName: "Lệ phí", FeeAmount: "3.000"}, dossier.StatusFeesDue},
		{counter.ActFeesPaid, counter.ActionInput{}, dossier.StatusProcessing},
		{counter.ActResolve, counter.ActionInput{Result: "Giấy xác nhận tình trạng hôn nhân"}, dossier.StatusResolved},
	} {
		v = act(step.action, step.in)
		if got := v.List.Selected.Dossier.Status; got != step.want || v.Error != "" {
			t.Fatalf("%s: status %v error %q", step.action, got, v.Error)
		}
	}
	// Received here, returned here: "Trả kết quả" is offered, no note.
	if !hasAction(v, counter.ActReturn) || v.List.ReturnAt != "" {
		t.Fatalf("resolved here: actions %+v, return at %q", v.List.Actions, v.List.ReturnAt)
	}
	if v = act(counter.ActReturn, counter.ActionInput{CollectedBy: "Nguyễn Văn An"}); !strings.Contains(v.Error, "giấy tờ") {
		t.Fatalf("return without ID check: %q", v.Error)
	}
	v = act(counter.ActReturn, counter.ActionInput{CollectedBy: "Nguyễn Văn An", IDChecked: true})
	d := v.List.Selected.Dossier
	if d.Status != dossier.StatusReturned || d.Return == nil || d.Return.CollectedBy != "Nguyễn Văn An" || !d.Return.IDChecked {
		t.Fatalf("returned: %+v %+v", d.Status, d.Return)
	}
	if len(v.List.Actions) != 0 {
		t.Fatalf("a returned dossier has no actions: %+v", v.List.Actions)
	}
	// the server refuses an illegal transition with a Vietnamese message
	r.h.Do(func(p *counter.Presenter) { p.DoAction(counter.ActResolve, counter.ActionInput{}) })
	if v = r.h.Idle(t); !strings.Contains(v.Error, "Không thể thực hiện") {
		t.Fatalf("illegal transition: %q", v.Error)
	}
	_ = queue.Waiting
}

package main

// The end-to-end test of the whole centre, through the real programs: the
// centre server, the portal and the sync agent run as separate processes
// of the motcua binary; the kiosk, counter and board run as the apps do
// (their layout code, the real client, printer and scanner workers on
// simulated devices on pseudo-terminals).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/counter"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/printer"
	"github.com/motcua/motcua/hardware/scanner"
	"github.com/motcua/motcua/hardware/serialport"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/internal/qrtest"
	"github.com/motcua/motcua/internal/winetest"
	"github.com/motcua/motcua/kiosk"
	"github.com/motcua/motcua/queue"
)

var motcuaBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "motcua-e2e-bin")
	if err != nil {
		panic(err)
	}
	motcuaBin = filepath.Join(dir, "motcua")
	build := exec.Command("go", "build", "-o", motcuaBin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build motcua: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	winetest.Shutdown() // the Wine tests' wineserver, if they ran
	os.RemoveAll(dir)
	os.Exit(code)
}

// run runs a motcua command to completion and returns its output.
func run(t *testing.T, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command(motcuaBin, args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("motcua %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// start runs a long-lived motcua process, logging to a file, stopped at cleanup.
func start(t *testing.T, dir string, env []string, args ...string) {
	t.Helper()
	logf, err := os.Create(filepath.Join(dir, args[0]+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(motcuaBin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		logf.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("--- %s log ---\n%s", args[0], b)
		}
	})
}

// eventually polls cond (a liveness guard with a generous deadline, not a
// timing assertion).
func eventually(t *testing.T, what string, cond func() (bool, error)) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := cond()
		if ok {
			return
		}
		last = err
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s did not happen (last error: %v)", what, last)
}

func getJSON(url string, out any) (int, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == 200 && out != nil {
		return resp.StatusCode, json.Unmarshal(b, out)
	}
	return resp.StatusCode, fmt.Errorf("%s: %s", resp.Status, b)
}

func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	return qrtest.Must(t, img)
}

// samePixels compares a printed page with the rendering of a layout.
func samePixels(a, b image.Image) bool {
	if a.Bounds().Size() != b.Bounds().Size() {
		return false
	}
	ga, gb := image.NewGray(a.Bounds()), image.NewGray(b.Bounds())
	draw.Draw(ga, ga.Bounds(), a, a.Bounds().Min, draw.Src)
	draw.Draw(gb, gb.Bounds(), b, b.Bounds().Min, draw.Src)
	return bytes.Equal(ga.Pix, gb.Pix)
}

func lastLine(s string) string {
	sc := bufio.NewScanner(strings.NewReader(s))
	last := ""
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			last = l
		}
	}
	return last
}

func TestEndToEnd(t *testing.T) {
	// its own processes, folders and ports: it waits on them beside the others
	t.Parallel()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cfg := queue.DemoConfig()
	h := newHall(t, cfg)
	dir, centreDB := h.dir, h.centreDB

	// Provisioning, as an IT officer would.
	run(t, nil, "admin", "officer", "add", "--db", centreDB, "--username", "canbo1", "--password", "matkhau123", "--name", "Nguyễn Thị Hoa")
	kioskTok := lastLine(run(t, nil, "admin", "device", "add", "--db", centreDB, "--role", "kiosk", "--name", "kiosk-1"))
	boardTok := lastLine(run(t, nil, "admin", "device", "add", "--db", centreDB, "--role", "display", "--name", "tv-1"))
	padTok := lastLine(run(t, nil, "admin", "device", "add", "--db", centreDB, "--role", "ratingpad", "--name", "pad-q1"))

	h.serve(t)
	base, portalURL := h.base, h.portalURL
	h.sync(t)

	log := slog.New(slog.DiscardHandler)
	// Devices: a printer for the kiosk, a printer and a scanner for the counter.
	newPrinter := func(name string) (*sim.Printer, *printer.Printer) {
		sp, err := sim.NewPrinter(sim.PrinterConfig{Link: filepath.Join(dir, name), OutDir: filepath.Join(dir, "out-"+name), Log: log})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { sp.Close() })
		p := printer.Open(ctx, printer.Config{Port: serialport.Config{Path: sp.Path(), Baud: 115200}, Profile: escpos.Default, Log: log})
		t.Cleanup(func() { p.Close() })
		return sp, p
	}
	kioskSim, kioskPrinter := newPrinter("kiosk-printer")
	counterSim, counterPrinter := newPrinter("counter-printer")
	scanSim, err := sim.NewScanner(filepath.Join(dir, "counter-scanner"), "\r\n", log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { scanSim.Close() })
	scan := scanner.Open(ctx, scanner.Config{Port: serialport.Config{Path: scanSim.Path()}, Log: log})
	t.Cleanup(func() { scan.Close() })

	// The hall board follows /ws.
	board, _ := client.New(base, boardTok)
	calls := make(chan queue.Event, 100)
	go board.Subscribe(ctx, client.SubscribeOptions{}, client.Handler{Event: func(e queue.Event) {
		if e.Kind == queue.EvCalled {
			calls <- e
		}
	}})

	// 1. The kiosk issues a ticket and prints it.
	kc, _ := client.New(base, kioskTok)
	iss, err := kc.Issue(ctx, centre.IssueRequest{Service: "hotich"})
	if err != nil {
		t.Fatal(err)
	}
	tk := kiosk.NewTicket(iss, "", base)
	job, err := kiosk.PrintTicket(escpos.Default, cfg.CentreName, tk)
	if err != nil {
		t.Fatal(err)
	}
	if err := kioskPrinter.Print(ctx, job); err != nil {
		t.Fatal(err)
	}
	pages, err := kioskSim.WaitPages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := decodeQR(t, pages[0].Image); got != base+"/t/"+iss.ID+"?r="+iss.RatingToken || iss.RatingToken == "" {
		t.Fatalf("ticket QR = %q, want the tracking URL with the rating token", got)
	}
	// The printed page is exactly the layout of this number, and not of another.
	want, _ := sim.Render(job)
	other := tk
	other.Number = "A999"
	otherJob, _ := kiosk.PrintTicket(escpos.Default, cfg.CentreName, other)
	otherImg, _ := sim.Render(otherJob)
	if !samePixels(pages[0].Image, want[0]) || samePixels(pages[0].Image, otherImg[0]) {
		t.Fatalf("printed ticket does not carry number %s", iss.Number)
	}

	// 2. The officer logs in and calls: the board receives the call.
	oc, _ := client.New(base, "")
	if _, err := oc.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatal(err)
	}
	called, ok, err := oc.CallNext(ctx, "q1", "")
	if err != nil || !ok || called.ID != iss.ID {
		t.Fatalf("call next: %+v %v %v", called, ok, err)
	}
	select {
	case ev := <-calls:
		if ev.TicketID != iss.ID || ev.Number != iss.Number || ev.CounterNumber != 1 {
			t.Fatalf("board got %+v", ev)
		}
	case <-ctx.Done():
		t.Fatal("the board never received the call")
	}

	// 3. The officer scans the citizen's CCCD and receives the dossier.
	const qr = "001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10052021"
	if err := scanSim.Scan(qr); err != nil {
		t.Fatal(err)
	}
	var sc scanner.Scan
	select {
	case sc = <-scan.Scans():
	case <-ctx.Done():
		t.Fatal("no scan")
	}
	if sc.Kind != scanner.KindCCCD || sc.CCCD == nil || sc.CCCD.FullName != "Nguyễn Văn An" {
		t.Fatalf("scan: %+v", sc)
	}
	proc, _ := dossier.DefaultCatalogue().Get("1.001193")
	body := map[string]any{
		"procedure_code": proc.Code, "ticket_id": iss.ID,
		"applicant":  dossier.Applicant{Name: sc.CCCD.FullName, IDNumber: sc.CCCD.ID, Address: sc.CCCD.Address, DOB: sc.CCCD.DOB},
		"components": []dossier.ComponentReceived{{Name: proc.Components[0].Name, Originals: 1}},
	}
	var dv centre.DossierView
	if _, err := oc.Do(ctx, "POST", "/api/v1/dossiers", body, &dv); err != nil {
		t.Fatal(err)
	}
	code := dv.Dossier.Code
	due, err := dossier.DefaultCalendar().Due(dv.Dossier.ReceivedAt, proc.Time)
	if err != nil || !dv.Dossier.AppointmentAt.Equal(due) || dv.Receipt.Appointment != dossier.FormatAppointment(due) {
		t.Fatalf("appointment %v (%q), want %v", dv.Dossier.AppointmentAt, dv.Receipt.Appointment, due)
	}
	rjob, err := counter.ReceiptJob(escpos.Default, dv.Receipt)
	if err != nil {
		t.Fatal(err)
	}
	if err := counterPrinter.Print(ctx, rjob); err != nil {
		t.Fatal(err)
	}
	rpages, err := counterSim.WaitPages(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	// The receipt QR is the code and its rating token; the citizen rates with it below.
	receiptQR := decodeQR(t, rpages[0].Image)
	if !strings.HasPrefix(receiptQR, code+"?r=") || receiptQR != dv.Receipt.QR {
		t.Fatalf("receipt QR = %q, want %s?r=<token>", receiptQR, code)
	}
	rwant, _ := sim.Render(rjob)
	if !samePixels(rpages[0].Image, rwant[0]) {
		t.Fatal("printed receipt differs from its layout")
	}
	wrong := dv.Receipt
	wrong.Appointment = dossier.FormatAppointment(due.AddDate(0, 0, 1))
	wjob, _ := counter.ReceiptJob(escpos.Default, wrong)
	wimg, _ := sim.Render(wjob)
	if samePixels(rpages[0].Image, wimg[0]) {
		t.Fatal("the receipt does not show the appointment date")
	}

	// 4. The sync agent delivers it: the portal lookup shows it, masked.
	type portalView struct {
		TrangThai int    `json:"trang_thai"`
		ChuHoSo   string `json:"chu_ho_so"`
	}
	portalStatus := func(want int) {
		t.Helper()
		eventually(t, fmt.Sprintf("portal shows status %d", want), func() (bool, error) {
			var pv portalView
			_, err := getJSON(portalURL+"/api/v1/tra-cuu/"+code, &pv)
			return err == nil && pv.TrangThai == want && pv.ChuHoSo == "Nguyễn V*** A", err
		})
	}
	portalStatus(2)

	// 5. Resolved and returned: the kiosk lookup and the portal say so.
	for _, step := range []struct {
		action string
		body   any
	}{{"resolve", map[string]string{"result": "Giấy khai sinh"}}, {"return", map[string]any{"collected_by": "Nguyễn Văn An", "id_checked": true}}} {
		if _, err := oc.Do(ctx, "POST", "/api/v1/dossiers/"+code+"/"+step.action, step.body, nil); err != nil {
			t.Fatalf("%s: %v", step.action, err)
		}
	}
	var kv centre.PublicDossier
	if _, err := kc.Do(ctx, "GET", "/api/v1/lookup/dossiers/"+code, nil, &kv); err != nil || kv.Status != 10 || kv.StatusLabel != "Đã trả kết quả" {
		t.Fatalf("kiosk lookup: %+v %v", kv, err)
	}
	portalStatus(10)

	// 6. The citizen rates the visit at the kiosk; the rating reaches the portal.
	// With the token read from the printed receipt's QR, on the counter's
	// rating pad; a board cannot rate.
	_, token, _ := strings.Cut(receiptQR, "?r=")
	rating := map[string]any{"dossier_code": code, "token": token, "level": 1}
	bc, _ := client.New(base, boardTok)
	if _, err := bc.Do(ctx, "POST", "/api/v1/ratings", rating, nil); !client.IsCode(err, queue.CodeForbidden) {
		t.Fatalf("a board rated: %v", err)
	}
	pc, _ := client.New(base, padTok)
	if _, err := pc.Do(ctx, "POST", "/api/v1/ratings", rating, nil); err != nil {
		t.Fatal(err)
	}
	month := time.Now().In(queue.Loc).Format("2006-01")
	eventually(t, "the rating reaches the portal", func() (bool, error) {
		var st struct {
			Total struct {
				Ratings map[string]int `json:"danh_gia"`
			} `json:"tong"`
		}
		_, err := getJSON(portalURL+"/api/v1/thong-ke?thang="+month, &st)
		return err == nil && st.Total.Ratings["1"] == 1, err
	})
	out := run(t, nil, "sync", "status", "--db", centreDB)
	if !strings.Contains(out, "backlog:  0") || !strings.Contains(out, "parked:   0") {
		t.Fatalf("sync status:\n%s", out)
	}
}

// Package kiosktest builds a real centre server on loopback for the kiosk's
// tests: SQLite in a temp dir, the demo config, the dossier, lookup and
// rating API, an enrolled kiosk device, two dossiers of a sample citizen
// received through the officer API, and a simulated printer on a pty.
package kiosktest

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/booking"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/hardware/escpos"
	"github.com/motcua/motcua/hardware/sim"
	"github.com/motcua/motcua/internal/qrtest"
	"github.com/motcua/motcua/petition"
	"github.com/motcua/motcua/queue"
)

// Env is a running centre server.
type Env struct {
	URL        string
	Centre     *centretest.Env
	Server     *centre.Server
	KioskToken string
	// DossierCode is a dossier in processing; SupplementCode one waiting
	// for the documents in Missing. Both belong to the citizen of CCCD.
	DossierCode, SupplementCode string
	// DossierQR and SupplementQR are the QRs printed on their receipts:
	// the code and its rating token.
	DossierQR, SupplementQR string

	mu  sync.Mutex
	now time.Time // the server's clock once SetNow is called
}

// Options change the server Start runs.
type Options struct {
	Config   func(*queue.Config)
	Dossiers centre.DossierOptions
	// Booking mounts the online bookings (package booking, as `motcua
	// serve` does) with this config; Enabled is implied.
	Booking *booking.Config
	// Petitions mounts the questions and petitions (package petition, as
	// `motcua serve` does).
	Petitions bool
}

// Start runs a centre server with the demo config until the test ends;
// edit, when given, changes the config first.
func Start(t testing.TB, edit ...func(*queue.Config)) *Env {
	t.Helper()
	return StartWith(t, Options{Config: func(c *queue.Config) {
		for _, f := range edit {
			f(c)
		}
	}})
}

// StartWith runs a centre server with o until the test ends.
func StartWith(t testing.TB, o Options) *Env {
	t.Helper()
	co := centretest.Options{
		Config:   o.Config,
		Dossiers: &o.Dossiers,
		Devices:  []centretest.Device{{ID: "k1", Name: "k1", Role: "kiosk"}},
		Officers: []centretest.Officer{
			{Username: "tiepnhan", FullName: "Lê Văn Tiếp"},
			{Username: "giamsat", FullName: "Trần Văn Giám", Role: "supervisor"},
			{Username: "canbo1", FullName: "Nguyễn Thị Hoa"},
		},
		Mount: func(m centretest.Mount) error {
			if o.Booking != nil {
				bc := *o.Booking
				bc.Enabled = true
				bc = bc.Defaults()
				if err := bc.Validate(m.Config); err != nil {
					return err
				}
				if _, err := booking.Mount(m.Ctx, m.Server, m.DB, bc, slog.New(slog.DiscardHandler)); err != nil {
					return err
				}
			}
			if o.Petitions {
				petition.Mount(m.Server, petition.New(m.DB, m.Config), petition.Options{})
			}
			return nil
		},
	}
	if o.Booking != nil {
		co.Server.PublicURL = PublicURL // the booking QR links there
	}
	c := centretest.Start(t, co)
	e := &Env{URL: c.URL, Centre: c, Server: c.Server, KioskToken: c.Token("k1")}
	e.seed(t)
	return e
}

// PublicURL is the server's address for phones when bookings are mounted:
// the booking QRs are PublicURL/dat-lich?ma={code}.
const PublicURL = "http://192.168.1.20:8080"

// SetNow sets the server's clock (tickets, bookings and their check-in
// windows); the real clock runs until the first call.
func (e *Env) SetNow(now time.Time) {
	e.mu.Lock()
	first := e.now.IsZero()
	e.now = now
	e.mu.Unlock()
	if first {
		e.Server.Engine().SetClock(func() time.Time {
			e.mu.Lock()
			defer e.mu.Unlock()
			return e.now
		})
	}
}

// Booked is a booking made on the public API (POST /api/v1/bookings).
type Booked struct {
	Code      string    `json:"code"`
	QR        string    `json:"qr"`
	SlotStart time.Time `json:"slot_start"`
}

// Book books a slot of service as a citizen's phone does; cccd may be empty.
func (e *Env) Book(t testing.TB, service string, start time.Time, phone, cccd string) Booked {
	t.Helper()
	c, err := client.New(e.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	req := map[string]string{"service": service, "slot_start": start.Format(time.RFC3339), "phone": phone}
	if cccd != "" {
		req["cccd"] = cccd
	}
	var b Booked
	if _, err := c.Do(context.Background(), "POST", "/api/v1/bookings", req, &b); err != nil {
		t.Fatalf("book %s at %s: %v", service, start.Format("15:04"), err)
	}
	return b
}

// Kiosk is a client with the kiosk's token.
func (e *Env) Kiosk(t testing.TB) *client.Client {
	c, err := client.New(e.URL, e.KioskToken)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Officer logs the demo officer in at a counter.
func (e *Env) Officer(t testing.TB, counter string) *client.Client {
	c, err := client.New(e.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "canbo1", centretest.Password, counter); err != nil {
		t.Fatal(err)
	}
	return c
}

// Supervisor logs the demo supervisor in (no counter).
func (e *Env) Supervisor(t testing.TB) *client.Client {
	t.Helper()
	c, err := client.New(e.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Login(context.Background(), "giamsat", centretest.Password, ""); err != nil {
		t.Fatal(err)
	}
	return c
}

// Petitions lists the questions and petitions as a supervisor sees them
// (GET /api/v1/petitions: with the contact).
func (e *Env) Petitions(t testing.TB) []petition.Petition {
	t.Helper()
	var out []petition.Petition
	if _, err := e.Supervisor(t).Do(context.Background(), "GET", "/api/v1/petitions", nil, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// DeviceState is the state the kiosk device last reported.
func (e *Env) DeviceState(t testing.TB) string { return e.Centre.DeviceState("k1") }

// Rating is the stored rating of a subject ("ticket:{id}", "dossier:{code}"):
// its level and its JSON document (reasons, comment); ok is false when
// there is none.
func (e *Env) Rating(t testing.TB, subject string) (level int, doc string, ok bool) {
	return e.Centre.Rating(subject)
}

// Printer starts a simulated printer on a pty.
func Printer(t testing.TB) *sim.Printer {
	dir := t.TempDir()
	p, err := sim.NewPrinter(sim.PrinterConfig{Link: filepath.Join(dir, "printer0"), Profile: escpos.Default})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// CCCD is the sample citizen's card QR: both fixture dossiers are theirs.
const CCCD = "001099012345|123456789|Nguyễn Văn An|15081999|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|10052021"

// Fixture dossiers, received through the officer API.
const (
	// DossierProcedure is the first dossier's procedure (in processing).
	DossierProcedure = "Đăng ký khai sinh"
	// SupplementProcedure is the second dossier's (supplement requested).
	SupplementProcedure = "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV và nhà ở riêng lẻ"
)

// Missing is what the officer asked to supplement.
var Missing = []string{"Bản vẽ thiết kế có chữ ký của đơn vị tư vấn", "Bản sao giấy chứng nhận quyền sử dụng đất"}

const receiveBody = `{"procedure_code":%q,"return_method":%d,
 "applicant":{"name":"Nguyễn Văn An","id_number":"001099012345","address":"Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội","phone":"0912345678"},
 "components":[{"name":"Tờ khai","originals":1},{"name":"Giấy tờ kèm theo","originals":1}]}`

// seed receives the sample citizen's two dossiers as an officer would at
// counter q6: one moved to processing, one waiting for a supplement.
func (e *Env) seed(t testing.TB) {
	t.Helper()
	ctx := context.Background()
	off, err := client.New(e.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := off.Login(ctx, "tiepnhan", centretest.Password, "q6"); err != nil {
		t.Fatal(err)
	}
	defer off.Logout(ctx)
	receive := func(procedure string, method int) string {
		var v centre.DossierView
		if _, err := off.Do(ctx, "POST", "/api/v1/dossiers", json.RawMessage(fmt.Sprintf(receiveBody, procedure, method)), &v); err != nil {
			t.Fatalf("receive %s: %v", procedure, err)
		}
		return v.Dossier.Code
	}
	act := func(code, action string, body any) {
		if _, err := off.Do(ctx, "POST", "/api/v1/dossiers/"+code+"/"+action, body, nil); err != nil {
			t.Fatalf("%s %s: %v", action, code, err)
		}
	}
	e.DossierCode = receive("1.001193", 0)
	act(e.DossierCode, "start-processing", map[string]any{})
	e.DossierQR = e.Server.DossierQR(e.DossierCode)
	e.SupplementCode = receive("1.013225", 1)
	e.SupplementQR = e.Server.DossierQR(e.SupplementCode)
	act(e.SupplementCode, "request-supplement", map[string]any{"missing": Missing, "reason": "Hồ sơ thiếu bản vẽ và giấy tờ đất"})
}

// DecodeQR reads the QR code in a rendered ticket.
func DecodeQR(img image.Image) (string, error) { return qrtest.Decode(img) }

// Eventually polls cond until it holds or a generous deadline passes; it
// waits for asynchronous outcomes, it does not measure them.
func Eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Hanoi is the time s ("2006-01-02 15:04") in Hà Nội.
func Hanoi(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, queue.Loc)
	if err != nil {
		panic(err)
	}
	return t
}

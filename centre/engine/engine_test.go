package engine_test

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/engine"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// The engine on a real SQLite file, with no server, no HTTP and no hub:
// what an in-process tool (or a test) gets.
type fixture struct {
	t   *testing.T
	ctx context.Context
	db  *store.DB
	e   *engine.Engine
	now time.Time
}

// monday is Monday 09/03/2026 09:00 in Vietnam: the centre is open.
var monday = time.Date(2026, 3, 9, 9, 0, 0, 0, queue.Loc)

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db, err := store.Open(filepath.Join(t.TempDir(), "centre.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); db.Close() })
	e := engine.New(queue.DemoConfig(), db, slog.New(slog.DiscardHandler))
	f := &fixture{t: t, ctx: ctx, db: db, e: e, now: monday}
	e.SetClock(func() time.Time { return f.now })
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

func code(err error) queue.Code {
	var qe *queue.Error
	if errors.As(err, &qe) {
		return qe.Code
	}
	return ""
}

var (
	officer1   = engine.Actor{Officer: "canbo1", Role: engine.RoleOfficer, Counter: "q1", FullName: "Nguyễn Văn An"}
	supervisor = engine.Actor{Officer: "giamsat", Role: engine.RoleSupervisor}
)

// Issue, call and finish through the engine alone: numbers follow each
// other, the waiting count and the events are committed with the tickets.
func TestQueueOperationsWithoutServer(t *testing.T) {
	f := newFixture(t)
	a, err := f.e.Issue(f.ctx, engine.IssueRequest{Service: "hotich"}, "dev-kiosk")
	if err != nil {
		t.Fatal(err)
	}
	b, err := f.e.Issue(f.ctx, engine.IssueRequest{Service: "hotich"}, "dev-kiosk")
	if err != nil {
		t.Fatal(err)
	}
	if a.Number != "A001" || b.Number != "A002" || b.Ahead != 1 || b.Position != 2 {
		t.Fatalf("issued %s then %s (ahead %d, position %d), want A001, A002 with one ahead", a.Number, b.Number, b.Ahead, b.Position)
	}
	if _, err := f.e.Issue(f.ctx, engine.IssueRequest{Service: "khong-co"}, ""); code(err) != queue.CodeInvalid {
		t.Fatalf("unknown service: %v, want %s", err, queue.CodeInvalid)
	}
	if err := f.e.Open(f.ctx, officer1, "q1"); err != nil {
		t.Fatal(err)
	}
	// An officer acts only at the counter they are bound to.
	if _, _, err := f.e.CallNext(f.ctx, officer1, "q2", ""); code(err) != queue.CodeForbidden {
		t.Fatalf("call at another counter: %v, want %s", err, queue.CodeForbidden)
	}
	got, ok, err := f.e.CallNext(f.ctx, officer1, "q1", "")
	if err != nil || !ok || got.ID != a.ID || got.Status != queue.Called || got.Counter != "q1" {
		t.Fatalf("call next: %+v %v %v, want %s called at q1", got, ok, err, a.Number)
	}
	v, err := f.e.View(f.ctx, mustTicket(t, f, b.ID))
	if err != nil || v.Ahead != 0 || v.ServiceName == "" {
		t.Fatalf("view of %s: %+v %v, want nobody ahead and the service's name", b.Number, v, err)
	}
	done, err := f.e.Act(f.ctx, officer1, a.ID, queue.OpFinish, queue.Args{})
	if err != nil || done.Status != queue.Done {
		t.Fatalf("finish: %+v %v", done, err)
	}
	evs, err := f.db.EventsOfDay(f.ctx, queue.Day(monday), queue.EvIssued, queue.EvCalled, queue.EvFinished)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range evs {
		kinds = append(kinds, ev.Kind+" "+ev.Number)
	}
	want := queue.EvIssued + " A001," + queue.EvIssued + " A002," + queue.EvCalled + " A001," + queue.EvFinished + " A001"
	if strings.Join(kinds, ",") != want {
		t.Fatalf("events %v, want %s", kinds, want)
	}
	st, err := f.e.Stats(f.ctx, queue.Day(monday))
	if err != nil || st.Total.Issued != 2 || st.Total.Called != 1 || st.Total.Served != 1 || st.Counters["q1"] == nil {
		t.Fatalf("stats of the day: %+v %v, want 2 issued, 1 called and served at q1", st, err)
	}
	if _, err := f.e.Stats(f.ctx, "09/03/2026"); code(err) != queue.CodeInvalid {
		t.Fatalf("stats of a malformed date: %v", err)
	}
	snap, err := f.e.Snapshot(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range snap.Services {
		if s.ID == "hotich" && s.Waiting != 1 {
			t.Fatalf("hotich waiting %d, want 1", s.Waiting)
		}
	}
}

func mustTicket(t *testing.T, f *fixture, id string) queue.Ticket {
	t.Helper()
	tk, err := f.db.Ticket(f.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// The server's away switch: only an open counter is marked away, only a
// counter paused as away comes back, an officer's own pause is kept.
func TestAwaySwitch(t *testing.T) {
	f := newFixture(t)
	status := func(id string) (string, string) {
		snap, err := f.e.Snapshot(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range snap.Counters {
			if k.ID == id {
				return k.Status, k.Reason
			}
		}
		t.Fatalf("no counter %s", id)
		return "", ""
	}
	if marked, err := f.e.MarkAway(f.ctx, "q1"); err != nil || marked {
		t.Fatalf("closed counter marked away: %v %v", marked, err)
	}
	if err := f.e.Open(f.ctx, officer1, "q1"); err != nil {
		t.Fatal(err)
	}
	if marked, err := f.e.MarkAway(f.ctx, "q1"); err != nil || !marked {
		t.Fatalf("open counter not marked away: %v %v", marked, err)
	}
	if st, why := status("q1"); st != "paused" || why != engine.AwayReason {
		t.Fatalf("q1 %s (%s), want paused as %q", st, why, engine.AwayReason)
	}
	if err := f.e.ComeBack(f.ctx, "q1"); err != nil {
		t.Fatal(err)
	}
	if st, _ := status("q1"); st != "open" {
		t.Fatalf("q1 %s after coming back, want open", st)
	}
	if err := f.e.Pause(f.ctx, officer1, "q1", "Nghỉ giải lao"); err != nil {
		t.Fatal(err)
	}
	if err := f.e.ComeBack(f.ctx, "q1"); err != nil {
		t.Fatal(err)
	}
	if st, why := status("q1"); st != "paused" || why != "Nghỉ giải lao" {
		t.Fatalf("officer's pause undone by the away switch: %s (%s)", st, why)
	}
}

func newDossiers(t *testing.T, f *fixture) (*engine.Dossiers, *engine.Tokens) {
	t.Helper()
	tok, err := engine.LoadTokens(f.ctx, f.db)
	if err != nil {
		t.Fatal(err)
	}
	d, err := engine.NewDossiers(f.ctx, f.e, tok, slog.New(slog.DiscardHandler), engine.DossierOptions{Now: func() time.Time { return f.now }})
	if err != nil {
		t.Fatal(err)
	}
	return d, tok
}

var receiveReq = engine.ReceiveRequest{ProcedureCode: "1.001193",
	Applicant:  dossier.Applicant{Name: "Nguyễn Văn An", IDNumber: "001099012345", Phone: "0912345678"},
	Components: []dossier.ComponentReceived{{Name: "Tờ khai đăng ký khai sinh", Originals: 1}}}

// A dossier's life through engine.Dossiers: reception writes the document
// and its QCVN 120 packets; an action moves it on; the field rule, the
// masked lookup and the once-only rating hold without any HTTP in between.
func TestDossierOperationsWithoutServer(t *testing.T) {
	f := newFixture(t)
	d, tok := newDossiers(t, f)
	v, err := d.Receive(f.ctx, receiveReq, officer1, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Dossier.Status != dossier.StatusReceived || v.Receipt.QR != tok.DossierQR(v.Dossier.Code) || v.Dossier.Officer != "Nguyễn Văn An" {
		t.Fatalf("received %+v", v)
	}
	out, err := f.db.OutboxAfter(f.ctx, 0, 10)
	if err != nil || len(out) != 2 || out[0].Service != qcvn120.SvcDongBoHoSo || out[1].Service != qcvn120.SvcCapNhatTienDo {
		t.Fatalf("outbox after reception: %+v %v, want the dossier then its step", out, err)
	}
	// q4 shares no service with q1: its officer neither sees nor changes the dossier.
	other := engine.Actor{Officer: "canbo4", Role: engine.RoleOfficer, Counter: "q4"}
	if _, err := d.Get(f.ctx, other, v.Dossier.Code); code(err) != queue.CodeForbidden {
		t.Fatalf("officer of another field reads the dossier: %v", err)
	}
	if _, err := d.Act(f.ctx, other, v.Dossier.Code, "start-processing", engine.ActRequest{}); code(err) != queue.CodeForbidden {
		t.Fatalf("officer of another field acts on the dossier: %v", err)
	}
	if items, err := d.List(f.ctx, other, engine.DossierQuery{}); err != nil || len(items) != 0 {
		t.Fatalf("officer of another field lists %d dossiers (%v)", len(items), err)
	}
	f.now = f.now.Add(time.Hour)
	v2, err := d.Act(f.ctx, supervisor, v.Dossier.Code, "start-processing", engine.ActRequest{})
	if err != nil || v2.Dossier.Status != dossier.StatusProcessing || v2.Version != 2 {
		t.Fatalf("start processing: %+v %v", v2, err)
	}
	if _, err := d.Act(f.ctx, supervisor, v.Dossier.Code, "no-such-action", engine.ActRequest{}); code(err) != queue.CodeNotFound {
		t.Fatalf("unknown action: %v", err)
	}
	// A typed code shows no name; the receipt's token shows the masked one.
	pub, err := d.Lookup(f.ctx, strings.ToLower(v.Dossier.Code), "")
	if err != nil || pub.Applicant != "" || pub.StatusLabel == "" {
		t.Fatalf("lookup by code: %+v %v", pub, err)
	}
	token := tok.RatingToken("dossier", v.Dossier.Code)
	pub, err = d.Lookup(f.ctx, v.Dossier.Code, token)
	if err != nil || pub.Applicant != dossier.MaskName("Nguyễn Văn An") {
		t.Fatalf("lookup with the receipt's token: %+v %v", pub, err)
	}
	// The card's number alone lists nothing at a kiosk.
	if _, err := d.LookupByCCCD(f.ctx, "001099012345", true); code(err) != queue.CodeInvalid {
		t.Fatalf("kiosk lookup by a typed number: %v", err)
	}
	if list, err := d.LookupByCCCD(f.ctx, "001099012345", false); err != nil || len(list) != 1 {
		t.Fatalf("officer lookup by number: %d %v", len(list), err)
	}
	// Rating: a wrong token is refused like a missing dossier; once only.
	rate := engine.RateRequest{DossierCode: v.Dossier.Code, Token: "aaaaaaaaaaaaaaaa", Level: 1}
	if _, err := d.Rate(f.ctx, rate); code(err) != queue.CodeNotFound {
		t.Fatalf("rating with a wrong token: %v", err)
	}
	rate.Token = token
	sub, err := d.RatingSubjectOf(f.ctx, rate)
	if err != nil || sub.Kind != "dossier" || sub.CounterNumber != 1 {
		t.Fatalf("rating subject: %+v %v", sub, err)
	}
	if _, err := d.Rate(f.ctx, rate); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Rate(f.ctx, rate); code(err) != queue.CodeConflict {
		t.Fatalf("second rating: %v, want %s", err, queue.CodeConflict)
	}
}

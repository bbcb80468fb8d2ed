package ratingpad_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/centre/console"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/qcvn120"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/ratingpad/padwire"
	"github.com/motcua/motcua/store"
)

const password = centretest.Password

// env is a real centre (SQLite store, HTTP on loopback) with the console
// and the rating pad mounted as `motcua serve` does.
type env struct {
	t                      *testing.T
	db                     *store.DB
	srv                    *centre.Server
	ts                     *centretest.Env
	kiosk, display         string
	pad1, pad2, padUnbound string
	skew                   atomic.Int64 // added to the pad service's clock
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{t: t}
	var cfg *queue.Config
	e.ts = centretest.Start(t, centretest.Options{
		Dossiers: &centre.DossierOptions{},
		Officers: []centretest.Officer{
			{Username: "canbo1", FullName: "Nguyễn Văn An", Role: "officer"},
			{Username: "canbo2", FullName: "Trần Thị Bình", Role: "officer"},
			{Username: "giamsat", FullName: "Lê Văn Cường", Role: "supervisor"},
			{Username: "quantri", FullName: "Phạm Thị Dung", Role: "admin"},
		},
		Devices: []centretest.Device{{ID: "k1", Name: "k1", Role: "kiosk"}, {ID: "tv1", Name: "tv1", Role: "display"},
			{ID: "pad1", Name: "pad1", Role: "ratingpad"}, {ID: "pad2", Name: "pad2", Role: "ratingpad"}, {ID: "pad3", Name: "pad3", Role: "ratingpad"}},
		Mount: func(m centretest.Mount) error {
			e.db, e.srv, cfg = m.DB, m.Server, m.Config
			if _, err := console.Mount(m.Server, m.DB, console.Options{}); err != nil {
				return err
			}
			ratingpad.Mount(m.Server, m.DB, ratingpad.Options{Now: func() time.Time { return time.Now().Add(time.Duration(e.skew.Load())) }})
			ratingpad.MountConsolePage(m.Server, m.DB)
			return nil
		},
	})
	e.kiosk, e.display = e.ts.Token("k1"), e.ts.Token("tv1")
	e.pad1, e.pad2, e.padUnbound = e.ts.Token("pad1"), e.ts.Token("pad2"), e.ts.Token("pad3")
	ctx, db := e.ts.Ctx, e.db
	if err := ratingpad.Bind(ctx, db, cfg, "pad1", "q1"); err != nil {
		t.Fatal(err)
	}
	if err := ratingpad.Bind(ctx, db, cfg, "pad2", "q2"); err != nil {
		t.Fatal(err)
	}
	if err := ratingpad.Bind(ctx, db, cfg, "tv1", "q1"); err == nil {
		t.Fatal("a display was bound as a rating pad")
	}
	if err := ratingpad.Bind(ctx, db, cfg, "pad3", "q99"); err == nil {
		t.Fatal("a pad was bound to a counter that does not exist")
	}
	return e
}

func (e *env) client(token string) *client.Client {
	c, err := client.New(e.ts.URL, token)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// do sends a JSON request with a bearer token and decodes the answer.
func (e *env) do(method, path, token string, in, out any) (int, string) {
	e.t.Helper()
	return e.ts.Do(e.t, method, path, token, in, out)
}

func (e *env) state(token string) padwire.State {
	e.t.Helper()
	var st padwire.State
	if code, body := e.do("GET", "/api/v1/pad/state", token, nil, &st); code != 200 {
		e.t.Fatalf("pad state: %d %s", code, body)
	}
	return st
}

// serve issues a ticket at the kiosk and has officer call, start and
// finish it at counter; it returns the ticket.
func (e *env) serve(officer, counter string, finish bool) centre.TicketView {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.client(e.kiosk).Issue(ctx, centre.IssueRequest{Service: "hotich"}); err != nil {
		e.t.Fatal(err)
	}
	oc := e.client("")
	if _, err := oc.Login(ctx, officer, password, counter); err != nil {
		e.t.Fatal(err)
	}
	tk, ok, err := oc.CallNext(ctx, counter, "")
	if err != nil || !ok {
		e.t.Fatalf("call next: %v %v", ok, err)
	}
	if _, err := oc.Act(ctx, tk.ID, queue.OpStart, "", counter); err != nil {
		e.t.Fatal(err)
	}
	if finish {
		if tk, err = oc.Act(ctx, tk.ID, queue.OpFinish, "", counter); err != nil {
			e.t.Fatal(err)
		}
	}
	return tk
}

func TestPadShowsOfficerThenRatesOnce(t *testing.T) {
	e := newEnv(t)
	st := e.state(e.pad1)
	if st.Counter.ID != "q1" || st.Mode != padwire.ModeIdle || len(st.Scale.Levels) != 3 {
		t.Fatalf("idle pad: %+v", st)
	}
	tk := e.serve("canbo1", "q1", false)
	st = e.state(e.pad1)
	if st.Mode != padwire.ModeServing || st.Officer != "Nguyễn Văn An" || st.Ticket == nil || st.Ticket.Number != tk.Number {
		t.Fatalf("serving pad: %+v", st)
	}
	if other := e.state(e.pad2); other.Mode != padwire.ModeIdle {
		t.Fatalf("the pad of q2 follows q1: %+v", other)
	}
	ctx := context.Background()
	oc := e.client("")
	oc.Login(ctx, "canbo1", password, "q1")
	if _, err := oc.Act(ctx, tk.ID, queue.OpFinish, "", "q1"); err != nil {
		t.Fatal(err)
	}
	st = e.state(e.pad1)
	if st.Mode != padwire.ModeRate || st.Ticket == nil || st.Ticket.ID != tk.ID || st.Officer != "Nguyễn Văn An" {
		t.Fatalf("pad after finish: %+v", st)
	}
	// The pad of another counter cannot rate it, nor can a display, a
	// kiosk token or an officer.
	if code, _ := e.do("POST", "/api/v1/pad/rate", e.pad2, padwire.RateRequest{TicketID: tk.ID, Level: 1}, nil); code != 404 {
		t.Fatalf("pad of q2 rating q1's ticket: %d", code)
	}
	for _, tok := range []string{e.display, e.kiosk, oc.Token(), ""} {
		if code, _ := e.do("POST", "/api/v1/pad/rate", tok, padwire.RateRequest{TicketID: tk.ID, Level: 1}, nil); code != 403 && code != 401 {
			t.Fatalf("rate with a non-pad token: %d", code)
		}
	}
	if code, body := e.do("GET", "/api/v1/pad/state", e.padUnbound, nil, nil); code != 403 || !strings.Contains(body, "chưa được gắn") {
		t.Fatalf("unbound pad: %d %s", code, body)
	}
	// A low rating needs its reason (the kiosk's scale rules).
	if code, _ := e.do("POST", "/api/v1/pad/rate", e.pad1, padwire.RateRequest{TicketID: tk.ID, Level: 9}, nil); code != 400 {
		t.Fatalf("level 9: %d", code)
	}
	var res padwire.RateResult
	if code, body := e.do("POST", "/api/v1/pad/rate", e.pad1, padwire.RateRequest{TicketID: tk.ID, Level: 3,
		Reasons: []string{"Thời gian chờ đợi lâu"}}, &res); code != 201 || res.ID == "" {
		t.Fatalf("rate: %d %s", code, body)
	}
	if code, _ := e.do("POST", "/api/v1/pad/rate", e.pad1, padwire.RateRequest{TicketID: tk.ID, Level: 1}, nil); code != 409 {
		t.Fatalf("second rating: %d", code)
	}
	// The kiosk's QR rating of the same ticket is the same rating: refused.
	code, _ := e.do("POST", "/api/v1/ratings", e.kiosk, map[string]any{"ticket_id": tk.ID, "token": e.srv.RatingToken("ticket", tk.ID), "level": 1}, nil)
	if code != 409 {
		t.Fatalf("kiosk rating after the pad: %d", code)
	}
	if st = e.state(e.pad1); st.Mode != padwire.ModeIdle || st.Paused != "" {
		t.Fatalf("pad after rating: %+v", st)
	}
	if err := oc.Pause(context.Background(), "q1", "Nghỉ trưa"); err != nil {
		t.Fatal(err)
	}
	if st = e.state(e.pad1); st.Mode != padwire.ModeIdle || st.Paused != "Nghỉ trưa" || !st.Open {
		t.Fatalf("pad of a paused counter: %+v", st)
	}
	// Stored with the officer; the packet is valid and names nobody.
	var officer, source, subject string
	var level int
	if err := e.db.Read().QueryRow(`SELECT officer, source, subject, level FROM ratings WHERE id=?`, res.ID).Scan(&officer, &source, &subject, &level); err != nil {
		t.Fatal(err)
	}
	if officer != "canbo1" || source != "pad" || subject != "ticket:"+tk.ID || level != 3 {
		t.Fatalf("stored: %s %s %s %d", officer, source, subject, level)
	}
	var payload string
	if err := e.db.Read().QueryRow(`SELECT payload FROM outbox WHERE service='DongBoDanhGia' AND key=?`, "ticket:"+tk.ID).Scan(&payload); err != nil {
		t.Fatal(err)
	}
	p, err := qcvn120.Decode(qcvn120.SvcDongBoDanhGia, []byte(payload))
	if err != nil {
		t.Fatalf("packet %s: %v", payload, err)
	}
	dg := p.(qcvn120.DongBoDanhGia)
	if dg.MaHoSo != "" || string(dg.MaDanhGia) != res.ID || dg.MucDanhGia != 3 || dg.LyDo != "Thời gian chờ đợi lâu" {
		t.Fatalf("packet: %+v", dg)
	}
	for _, leak := range []string{tk.ID, tk.Number, "canbo1", "Nguyễn"} {
		if strings.Contains(payload, leak) {
			t.Fatalf("packet names %q: %s", leak, payload)
		}
	}
}

func TestPadRatingWindow(t *testing.T) {
	e := newEnv(t)
	tk := e.serve("canbo2", "q1", true)
	if st := e.state(e.pad1); st.Mode != padwire.ModeRate || st.Officer != "Trần Thị Bình" {
		t.Fatalf("after finish: %+v", st)
	}
	e.skew.Store(int64(4 * time.Minute)) // past the 3-minute window
	if st := e.state(e.pad1); st.Mode == padwire.ModeRate {
		t.Fatalf("rating still offered after the window: %+v", st)
	}
	if code, _ := e.do("POST", "/api/v1/pad/rate", e.pad1, padwire.RateRequest{TicketID: tk.ID, Level: 1}, nil); code != 404 {
		t.Fatalf("rating after the window: %d", code)
	}
	e.skew.Store(0)
	// The next citizen's service starting closes the rating of the last.
	next := e.serve("canbo2", "q1", false)
	st := e.state(e.pad1)
	if st.Mode != padwire.ModeServing || st.Ticket.ID != next.ID {
		t.Fatalf("next citizen: %+v", st)
	}
	if code, _ := e.do("POST", "/api/v1/pad/rate", e.pad1, padwire.RateRequest{TicketID: tk.ID, Level: 1}, nil); code != 404 {
		t.Fatalf("rating an older ticket: %d", code)
	}
}

func TestOfficerRatingReport(t *testing.T) {
	e := newEnv(t)
	for i, c := range []struct {
		officer string
		level   int
		reasons []string
	}{{"canbo1", 1, nil}, {"canbo1", 3, []string{"Thời gian chờ đợi lâu"}}, {"canbo2", 2, nil}} {
		tk := e.serve(c.officer, "q1", true)
		if code, body := e.do("POST", "/api/v1/pad/rate", e.pad1, padwire.RateRequest{TicketID: tk.ID, Level: c.level, Reasons: c.reasons}, nil); code != 201 {
			t.Fatalf("rating %d: %d %s", i, code, body)
		}
	}
	// A kiosk rating (QR on the ticket) of canbo2's ticket counts for canbo2.
	tk := e.serve("canbo2", "q2", true)
	if code, body := e.do("POST", "/api/v1/ratings", e.kiosk, map[string]any{"ticket_id": tk.ID, "token": e.srv.RatingToken("ticket", tk.ID), "level": 1}, nil); code != 201 {
		t.Fatalf("kiosk rating: %d %s", code, body)
	}
	sup := e.client("")
	if _, err := sup.Login(context.Background(), "giamsat", password, ""); err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Officers []ratingpad.OfficerRatings `json:"officers"`
	}
	code, body := e.do("GET", "/api/v1/reports/officer-ratings", sup.Token(), nil, &rep)
	if code != 200 || len(rep.Officers) != 2 {
		t.Fatalf("report: %d %s", code, body)
	}
	a, b := rep.Officers[0], rep.Officers[1]
	if a.Officer != "canbo1" || a.FullName != "Nguyễn Văn An" || a.Total != 2 || a.Levels[0].Count != 1 || a.Levels[2].Count != 1 ||
		a.Satisfied != 50 || a.FromPad != 2 || a.Reasons["Thời gian chờ đợi lâu"] != 1 {
		t.Fatalf("canbo1: %+v", a)
	}
	if b.Officer != "canbo2" || b.Total != 2 || b.FromPad != 1 || b.Satisfied != 100 {
		t.Fatalf("canbo2: %+v", b)
	}
	// Counts only: no ticket of any rating appears in the report.
	if strings.Contains(body, tk.ID) || strings.Contains(body, tk.Number) {
		t.Fatalf("report names a ticket: %s", body)
	}
	// Officers may not read it; a period before the ratings is empty.
	oc := e.client("")
	oc.Login(context.Background(), "canbo1", password, "q3")
	if code, _ := e.do("GET", "/api/v1/reports/officer-ratings", oc.Token(), nil, nil); code != 403 {
		t.Fatalf("officer reads the report: %d", code)
	}
	if code, body := e.do("GET", "/api/v1/reports/officer-ratings?from=2020-01-01&to=2020-01-31", sup.Token(), nil, &rep); code != 200 || len(rep.Officers) != 0 {
		t.Fatalf("empty period: %d %s", code, body)
	}
	if code, _ := e.do("GET", "/api/v1/reports/officer-ratings?from=2020-13-01", sup.Token(), nil, nil); code != 400 {
		t.Fatalf("bad date: %d", code)
	}
}

// The pads ask the kiosk's question, in both languages: one wording
// ("Quý khách"), kept in dossier (docs/DOMAIN.md, "The rating question").
func TestPadQuestionIsTheKiosks(t *testing.T) {
	if padwire.Question != dossier.RatingQuestion {
		t.Errorf("pad question %q, kiosk %q", padwire.Question, dossier.RatingQuestion)
	}
	for _, q := range []string{dossier.RatingQuestion, dossier.RatingQuestionOld} {
		if got := padwire.EN(q); got != dossier.RatingQuestionEN {
			t.Errorf("English of %q: %q, want %q", q, got, dossier.RatingQuestionEN)
		}
	}
	if padwire.Thanks != "Cảm ơn Quý khách đã đánh giá!" {
		t.Errorf("thanks %q", padwire.Thanks)
	}
}

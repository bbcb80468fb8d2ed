package main

// The provincial IT officer's upgrade, for real: the previous release's
// motcua, built from git, makes a centre database and fills it with a day
// of work through its own API; it is stopped and backed up; this build
// starts on the same data folder; its migrations apply and every old
// number, dossier and booking reads back; then the rollback: the old
// binary on the newer database, and the old binary restoring the backup.

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/client"
	"github.com/motcua/motcua/centre/console/consoletest"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/queue"
	_ "github.com/motcua/motcua/store" // the sqlite driver
)

// previousRelease is the last commit before the session that added
// migrations 0064 and 0065 (its newest migration is 0062).
const previousRelease = "1238e1b"

var (
	oldOnce sync.Once
	oldSrc  string // the previous release's source tree
	oldBin  string // its motcua, built for this machine
	oldSkip string // why there is no old release here
	oldErr  error
)

// oldRelease extracts the previous release with `git archive` and builds
// its motcua (CGO_ENABLED=0, as `make dist`). It skips the test when the
// git history is not there (a shallow clone, a source tarball).
func oldRelease(t *testing.T) (src, bin string) {
	t.Helper()
	oldOnce.Do(func() {
		if _, err := exec.LookPath("git"); err != nil {
			oldSkip = "git is not installed"
			return
		}
		top, err := exec.Command("git", "rev-parse", "--show-toplevel").Output()
		if err != nil {
			oldSkip = "not a git checkout: " + err.Error()
			return
		}
		root := strings.TrimSpace(string(top))
		if err := exec.Command("git", "-C", root, "cat-file", "-e", previousRelease+"^{commit}").Run(); err != nil {
			oldSkip = "commit " + previousRelease + " (the previous release) is not in the git history (shallow clone?): `git fetch --unshallow` to run this test"
			return
		}
		dir, err := os.MkdirTemp(filepath.Dir(motcuaBin), "previous-") // removed with it by TestMain
		if err != nil {
			oldErr = err
			return
		}
		oldSrc = filepath.Join(dir, "src")
		oldBin = filepath.Join(dir, "motcua-"+previousRelease)
		if err := os.MkdirAll(oldSrc, 0o700); err != nil {
			oldErr = err
			return
		}
		arch := exec.Command("git", "-C", root, "archive", "--format=tar", previousRelease)
		untar := exec.Command("tar", "-x", "-C", oldSrc)
		var aerr bytes.Buffer
		arch.Stderr = &aerr
		pipe, _ := arch.StdoutPipe()
		untar.Stdin = pipe
		if err := untar.Start(); err != nil {
			oldErr = err
			return
		}
		if err := arch.Run(); err != nil {
			oldErr = fmt.Errorf("git archive %s: %v %s", previousRelease, err, aerr.String())
			return
		}
		if err := untar.Wait(); err != nil {
			oldErr = fmt.Errorf("untar: %v", err)
			return
		}
		build := exec.Command("go", "build", "-trimpath", "-o", oldBin, "./cmd/motcua")
		build.Dir = oldSrc
		build.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := build.CombinedOutput(); err != nil {
			oldErr = fmt.Errorf("build motcua %s: %v\n%s", previousRelease, err, out)
		}
	})
	if oldSkip != "" {
		t.Skip(oldSkip)
	}
	if oldErr != nil {
		t.Fatal(oldErr)
	}
	return oldSrc, oldBin
}

// server is a running `motcua serve` of some build.
type server struct {
	base string
	log  string
	cmd  *exec.Cmd
	done chan struct{}
}

// serveWith starts `serve` of the given binary on db and waits for
// /healthz; a native binary is argv{path}, see serveCmd for Wine.
func serveWith(t *testing.T, ctx context.Context, argv []string, db, logName string) *server {
	t.Helper()
	return serveCmd(t, ctx, func(args ...string) *exec.Cmd {
		return exec.Command(argv[0], append(append([]string(nil), argv[1:]...), args...)...)
	}, db, db, logName)
}

// serveCmd starts `serve --db dbArg` with the command mk makes (Wine's for
// an .exe); the log goes next to db.
func serveCmd(t *testing.T, ctx context.Context, mk func(args ...string) *exec.Cmd, db, dbArg, logName string) *server {
	t.Helper()
	addr := freeAddr(t)
	logPath := filepath.Join(filepath.Dir(db), logName)
	logf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := mk("serve", "--db", dbArg, "--addr", addr)
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	what := strings.Join(cmd.Args, " ")
	s := &server{base: "http://" + addr, log: logPath, cmd: cmd, done: make(chan struct{})}
	go func() { cmd.Wait(); logf.Close(); close(s.done) }()
	t.Cleanup(func() {
		s.stop(t)
		if t.Failed() {
			b, _ := os.ReadFile(logPath)
			t.Logf("--- %s ---\n%s", logName, b)
		}
	})
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return s
			}
		}
		select {
		case <-s.done:
			b, _ := os.ReadFile(logPath)
			t.Fatalf("%s exited before serving:\n%s", what, b)
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		default:
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(logPath)
			t.Fatalf("%s does not serve /healthz:\n%s", what, b)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop stops the server as systemd does (SIGTERM), killing it after 20 s.
func (s *server) stop(t *testing.T) {
	select {
	case <-s.done:
		return
	default:
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(20 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

func (s *server) logText() string {
	b, _ := os.ReadFile(s.log)
	return string(b)
}

// dayOfWork is what the previous release recorded, as its API answered.
type dayOfWork struct {
	tickets  map[string]centre.TicketView // id → last view
	dossiers map[string]dossier.Status    // code → status
	booking  string                       // a booking code, for a later day
	tokens   map[string]string            // ticket id → rating token (QR on the paper)
	rated    string                       // a ticket rated on the day
	waiting  int
}

// fillDay works a morning through the API of a running centre: a kiosk
// issues 36 numbers over five services, three officers call them, finish
// most, mark some absent, redirect some to another counter (left waiting
// there), receive dossiers for some, resolve and return one, citizens rate
// at the rating pad, and two citizens book a slot on a later day.
func fillDay(t *testing.T, ctx context.Context, base, kioskTok, padTok string) dayOfWork {
	t.Helper()
	w := dayOfWork{tickets: map[string]centre.TicketView{}, dossiers: map[string]dossier.Status{}, tokens: map[string]string{}}
	kc, _ := client.New(base, kioskTok)
	services := []string{"hotich", "chungthuc", "hotich", "datdai", "chungthuc", "xaydung"}
	for i := 0; i < 36; i++ {
		req := centre.IssueRequest{Service: services[i%len(services)]}
		if i%9 == 4 {
			req.Priority = "caotuoi"
		}
		iss, err := kc.Issue(ctx, req)
		if err != nil {
			t.Fatalf("issue %d: %v", i, err)
		}
		w.tokens[iss.ID] = iss.RatingToken
	}
	officers := map[string]*client.Client{}
	for _, o := range []struct{ user, counter string }{{"canbo1", "q1"}, {"canbo2", "q2"}, {"canbo3", "q5"}} {
		oc, _ := client.New(base, "")
		if _, err := oc.Login(ctx, o.user, "matkhau123", o.counter); err != nil {
			t.Fatalf("login %s at %s: %v", o.user, o.counter, err)
		}
		officers[o.counter] = oc
	}
	proc, _ := dossier.DefaultCatalogue().Get("1.001193")
	pc, _ := client.New(base, padTok)
	n := 0
	for round := 0; round < 9; round++ {
		for _, q := range []string{"q1", "q2", "q5"} {
			oc := officers[q]
			tk, ok, err := oc.CallNext(ctx, q, "")
			if err != nil {
				t.Fatalf("call next at %s: %v", q, err)
			}
			if !ok {
				continue
			}
			n++
			switch {
			case n%7 == 3: // absent
				tk, err = oc.Act(ctx, tk.ID, queue.OpNoShow, "", "")
			case n%6 == 5 && q == "q1": // sent on to counter 2, waits there
				tk, err = oc.Act(ctx, tk.ID, queue.OpRedirect, "", "q2")
			default:
				if q == "q1" && tk.Service == "hotich" && len(w.dossiers) < 4 {
					body := map[string]any{
						"procedure_code": proc.Code, "ticket_id": tk.ID,
						"applicant":  dossier.Applicant{Name: "Nguyễn Văn An", IDNumber: fmt.Sprintf("0010990123%02d", n), Phone: "0912345678", Address: "Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội"},
						"components": []dossier.ComponentReceived{{Name: proc.Components[0].Name, Originals: 1}},
					}
					var dv centre.DossierView
					if _, err := oc.Do(ctx, "POST", "/api/v1/dossiers", body, &dv); err != nil {
						t.Fatalf("receive a dossier: %v", err)
					}
					w.dossiers[dv.Dossier.Code] = dv.Dossier.Status
				}
				tk, err = oc.Act(ctx, tk.ID, queue.OpFinish, "", "")
				if err == nil && w.rated == "" {
					rating := map[string]any{"ticket_id": tk.ID, "token": w.tokens[tk.ID], "level": 1, "comment": "Cán bộ nhiệt tình"}
					if _, err := pc.Do(ctx, "POST", "/api/v1/ratings", rating, nil); err != nil {
						t.Fatalf("rate %s: %v", tk.Number, err)
					}
					w.rated = tk.ID
				}
			}
			if err != nil {
				t.Fatalf("act on %s at %s: %v", tk.Number, q, err)
			}
		}
	}
	// the last two called at counter 1 are sent on to counter 2 (open,
	// same services), where they wait at the end of the day
	for _, q := range []string{"q1", "q1"} {
		tk, ok, err := officers[q].CallNext(ctx, q, "")
		if err != nil || !ok {
			t.Fatalf("call next at %s: %v %v", q, ok, err)
		}
		to := "q2"
		if _, err := officers[q].Act(ctx, tk.ID, queue.OpRedirect, "", to); err != nil {
			t.Fatalf("redirect %s to %s: %v", tk.Number, to, err)
		}
	}
	// one dossier resolved and returned the same day
	for code := range w.dossiers {
		oc := officers["q1"]
		for _, step := range []struct {
			action string
			body   any
		}{{"resolve", map[string]string{"result": "Giấy khai sinh"}}, {"return", map[string]any{"collected_by": "Nguyễn Văn An", "id_checked": true}}} {
			if _, err := oc.Do(ctx, "POST", "/api/v1/dossiers/"+code+"/"+step.action, step.body, nil); err != nil {
				t.Fatalf("%s %s: %v", step.action, code, err)
			}
		}
		w.dossiers[code] = dossier.StatusReturned
		break
	}
	// bookings for a weekday next week
	day := time.Now().In(queue.Loc).AddDate(0, 0, 7)
	for day.Weekday() == time.Saturday || day.Weekday() == time.Sunday {
		day = day.AddDate(0, 0, 1)
	}
	var sl struct {
		Slots []struct {
			Start     time.Time `json:"start"`
			Remaining int       `json:"remaining"`
		} `json:"slots"`
	}
	pub, _ := client.New(base, "")
	if _, err := pub.Do(ctx, "GET", "/api/v1/slots?service=hotich&date="+day.Format(time.DateOnly), nil, &sl); err != nil || len(sl.Slots) < 2 {
		t.Fatalf("slots on %s: %v %v", day.Format(time.DateOnly), sl, err)
	}
	slots := sl.Slots
	for i, phone := range []string{"0912000111", "0987000222"} {
		var b struct {
			Code string `json:"code"`
		}
		if _, err := pub.Do(ctx, "POST", "/api/v1/bookings", map[string]any{"service": "hotich", "slot_start": slots[i].Start, "phone": phone}, &b); err != nil || b.Code == "" {
			t.Fatalf("book %v: %+v %v", slots[i].Start, b, err)
		}
		w.booking = b.Code
	}
	// what the day left behind, as the old API reads it
	for id := range w.tokens {
		v, err := officers["q1"].Ticket(ctx, id)
		if err != nil {
			t.Fatalf("ticket %s: %v", id, err)
		}
		w.tickets[id] = v
		if v.Status == queue.Waiting {
			w.waiting++
		}
	}
	for _, oc := range officers {
		oc.Logout(ctx)
	}
	return w
}

// checkDay reads every number, dossier and the booking of the day back
// through the API of the (upgraded) centre at base.
func checkDay(t *testing.T, ctx context.Context, base string, w dayOfWork) *client.Client {
	t.Helper()
	oc, _ := client.New(base, "")
	if _, err := oc.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatalf("an officer of the old database logs in: %v", err)
	}
	for id, want := range w.tickets {
		got, err := oc.Ticket(ctx, id)
		if err != nil {
			t.Fatalf("ticket %s after the upgrade: %v", want.Number, err)
		}
		if got.Number != want.Number || got.Status != want.Status || got.Service != want.Service || got.TargetCounter != want.TargetCounter || !got.ArrivalAt.Equal(want.ArrivalAt) {
			t.Errorf("ticket %s after the upgrade: %s %s %q, was %s %s %q", id, got.Number, got.Status, got.TargetCounter, want.Number, want.Status, want.TargetCounter)
		}
	}
	for code, st := range w.dossiers {
		var dv centre.DossierView
		if _, err := oc.Do(ctx, "GET", "/api/v1/dossiers/"+code, nil, &dv); err != nil || dv.Dossier.Code != code || dv.Dossier.Status != st {
			t.Errorf("dossier %s after the upgrade: %+v %v, want status %d", code, dv.Dossier.Status, err, st)
		}
	}
	pub, _ := client.New(base, "")
	var b struct {
		Code  string `json:"code"`
		Phone string `json:"phone"`
	}
	if _, err := pub.Do(ctx, "GET", "/api/v1/bookings/"+w.booking, nil, &b); err != nil || b.Code != w.booking {
		t.Errorf("booking %s after the upgrade: %+v %v", w.booking, b, err)
	}
	return oc
}

func TestUpgradeFromPreviousRelease(t *testing.T) {
	if testing.Short() {
		t.Skip("upgrade test (builds the previous release) skipped in -short mode")
	}
	_, old := oldRelease(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	dir := t.TempDir()
	db := filepath.Join(dir, "data", "centre.db")
	os.MkdirAll(filepath.Dir(db), 0o700)
	oldRun := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(old, args...).CombinedOutput()
		if err != nil {
			t.Fatalf("old motcua %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}

	// The previous release installed, provisioned and worked for a day.
	for _, u := range []string{"canbo1", "canbo2", "canbo3"} {
		oldRun("admin", "officer", "add", "--db", db, "--username", u, "--password", "matkhau123", "--name", "Cán bộ "+u)
	}
	oldRun("admin", "officer", "add", "--db", db, "--username", "giamsat", "--password", "matkhau123", "--name", "Trần Văn Giám", "--role", "supervisor")
	kioskTok := lastLine(oldRun("admin", "device", "add", "--db", db, "--role", "kiosk", "--name", "kiosk-sanh-1"))
	padTok := lastLine(oldRun("admin", "device", "add", "--db", db, "--role", "ratingpad", "--name", "pad-q1"))
	s := serveWith(t, ctx, []string{old}, db, "old.log")
	day := fillDay(t, ctx, s.base, kioskTok, padTok)
	if day.waiting == 0 || len(day.dossiers) == 0 {
		t.Fatalf("the day left %d waiting and %d dossiers", day.waiting, len(day.dossiers))
	}
	redirected := 0
	for _, v := range day.tickets {
		if v.Status == queue.Waiting && v.TargetCounter != "" {
			redirected++
		}
	}
	if redirected == 0 {
		t.Fatal("no number was left waiting redirected to a counter")
	}

	// The upgrade as docs/DEPLOY.md says: back up, stop, replace, start.
	backup := filepath.Join(dir, "backup", "centre-before-upgrade.db")
	os.MkdirAll(filepath.Dir(backup), 0o700)
	// Taken with the new binary while the old server still runs (the
	// officer has just copied it over): a backup does not migrate, neither
	// the live database under the old server nor the copy.
	oldRun("admin", "backup", "--db", db, "--to", backup+".old-binary")
	run(t, nil, "admin", "backup", "--db", db, "--to", backup)
	for _, p := range []string{db, backup, backup + ".old-binary"} {
		m := schemaOf(t, p).migrations
		if m["0064_phone_code_counts.sql"] || m["0065_tickets_redirected.sql"] || !m["0062_officer_counters.sql"] {
			t.Fatalf("%s after the new binary's backup: migrations %v", filepath.Base(p), m)
		}
	}
	s.stop(t)

	s = serveWith(t, ctx, []string{motcuaBin}, db, "new.log")
	// what the officer reads in the log (docs/DEPLOY.md)
	if l := s.logText(); !strings.Contains(l, `msg="database upgraded"`) || !strings.Contains(l, "0064_phone_code_counts.sql") || !strings.Contains(l, "0065_tickets_redirected.sql") {
		t.Fatalf("the first start after the upgrade does not log the migrations:\n%s", l)
	}
	oc := checkDay(t, ctx, s.base, day)

	// New operations on the old data: the redirected numbers are called at
	// counter 2 first, new numbers are issued and called.
	if err := oc.Logout(ctx); err != nil {
		t.Fatal(err)
	}
	q2, _ := client.New(s.base, "")
	if _, err := q2.Login(ctx, "canbo2", "matkhau123", "q2"); err != nil {
		t.Fatal(err)
	}
	tk, ok, err := q2.CallNext(ctx, "q2", "")
	if err != nil || !ok || tk.TargetCounter != "q2" {
		t.Fatalf("counter 2 after the upgrade called %+v %v %v, want a number redirected to it", tk, ok, err)
	}
	kc, _ := client.New(s.base, kioskTok)
	iss, err := kc.Issue(ctx, centre.IssueRequest{Service: "datdai"})
	if err != nil {
		t.Fatal(err)
	}
	q5, _ := client.New(s.base, "")
	if _, err := q5.Login(ctx, "canbo3", "matkhau123", "q5"); err != nil {
		t.Fatal(err)
	}
	// q5 serves datdai and xaydung: it calls the old waiting ones first, then the new one
	for i := 0; ; i++ {
		c, ok, err := q5.CallNext(ctx, "q5", "")
		if err != nil || !ok {
			t.Fatalf("q5 never reached the new number: %+v %v %v", c, ok, err)
		}
		if _, err := q5.Act(ctx, c.ID, queue.OpFinish, "", ""); err != nil {
			t.Fatal(err)
		}
		if c.ID == iss.ID {
			break
		}
	}
	// A rating token printed by the previous release still rates its number.
	pc, _ := client.New(s.base, padTok)
	for id, v := range day.tickets {
		if v.Status == queue.Done && id != day.rated {
			if _, err := pc.Do(ctx, "POST", "/api/v1/ratings", map[string]any{"ticket_id": id, "token": day.tokens[id], "level": 2}, nil); err != nil {
				t.Fatalf("rating %s with the token the old kiosk printed: %v", v.Number, err)
			}
			break
		}
	}
	// The console reads today's numbers of the old database.
	hc := consoletest.NewClient()
	consoletest.Login(t, hc, s.base, "giamsat", "matkhau123")
	st, body, _ := consoletest.Get(t, hc, s.base+"/console/api/tickets")
	if st != 200 {
		t.Fatalf("console tickets: %d %s", st, body)
	}
	for _, v := range day.tickets {
		if !strings.Contains(body, `"id":"`+v.ID+`"`) {
			t.Fatalf("the console's list lacks old number %s", v.Number)
		}
	}
	// The day's report counts the old release's work with the new.
	st, body, _ = consoletest.Get(t, hc, s.base+"/console/api/report")
	var rep struct {
		Total struct {
			Issued  int `json:"issued"`
			NoShows int `json:"no_shows"`
		} `json:"total"`
		Dossiers struct {
			Received int `json:"received"`
			Returned int `json:"returned"`
		} `json:"dossiers"`
		Ratings []struct {
			Count int `json:"count"`
		} `json:"ratings"`
	}
	if st != 200 || json.Unmarshal([]byte(body), &rep) != nil {
		t.Fatalf("console report after the upgrade: %d %.300s", st, body)
	}
	noShows, ratings := 0, 0
	for _, v := range day.tickets {
		if v.Status == queue.NoShow {
			noShows++
		}
	}
	for _, r := range rep.Ratings {
		ratings += r.Count
	}
	if rep.Total.Issued != len(day.tickets)+1 || rep.Total.NoShows != noShows || rep.Dossiers.Received != len(day.dossiers) || rep.Dossiers.Returned != 1 || ratings != 2 {
		t.Fatalf("console report after the upgrade: issued %d (want %d), absent %d (want %d), dossiers %d/%d returned (want %d/1), ratings %d (want 2)",
			rep.Total.Issued, len(day.tickets)+1, rep.Total.NoShows, noShows, rep.Dossiers.Received, rep.Dossiers.Returned, len(day.dossiers), ratings)
	}
	s.stop(t)

	// The schema is the one a fresh install of this build makes: no index
	// missing (tickets_redirected), none left over (tickets_target).
	after := schemaOf(t, db)
	fresh := filepath.Join(dir, "fresh", "centre.db")
	os.MkdirAll(filepath.Dir(fresh), 0o700)
	run(t, nil, "admin", "officer", "add", "--db", fresh, "--username", "x", "--password", "matkhau123")
	want := schemaOf(t, fresh)
	if d := want.diff(after); d != "" {
		t.Fatalf("the upgraded schema differs from a fresh one:\n%s", d)
	}
	for _, m := range []string{"0064_phone_code_counts.sql", "0065_tickets_redirected.sql"} {
		if !after.migrations[m] {
			t.Fatalf("%s not recorded after the upgrade", m)
		}
	}
	if integrity(t, db) != "ok" {
		t.Fatal("integrity_check after the upgrade")
	}

	// Rollback 1: the old binary on the upgraded database. It has every
	// migration it knows, so it starts; it must not damage the data.
	s = serveWith(t, ctx, []string{old}, db, "old-on-new.log")
	oc, _ = client.New(s.base, "")
	if _, err := oc.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatalf("old binary on the upgraded database: %v", err)
	}
	if got, err := oc.Ticket(ctx, iss.ID); err != nil || got.Status != queue.Done {
		t.Fatalf("old binary reads the number issued after the upgrade: %+v %v", got, err)
	}
	if _, ok, err := oc.CallNext(ctx, "q1", ""); err != nil || !ok {
		t.Fatalf("old binary calls on the upgraded database: %v %v", ok, err)
	}
	s.stop(t)
	if integrity(t, db) != "ok" {
		t.Fatal("integrity_check after the old binary ran on the upgraded database")
	}
	if d := want.diff(schemaOf(t, db)); d != "" {
		t.Fatalf("the old binary changed the upgraded schema:\n%s", d)
	}
	// and this build starts on it again, with nothing to apply
	s = serveWith(t, ctx, []string{motcuaBin}, db, "new-again.log")
	s.stop(t)
	if l := s.logText(); strings.Contains(l, "database upgraded") || strings.Contains(l, "newer motcua") {
		t.Fatalf("a second start logs an upgrade:\n%s", l)
	}

	// Rollback 2, the documented one: the old binary restores the backup
	// taken before the upgrade, and serves the day as it was.
	out := oldRun("admin", "restore", "--db", db, "--from", backup)
	t.Logf("restore: %s", strings.TrimSpace(out))
	restored := schemaOf(t, db)
	if restored.migrations["0065_tickets_redirected.sql"] {
		t.Fatal("the restored database has the new migrations")
	}
	s = serveWith(t, ctx, []string{old}, db, "old-restored.log")
	checkDay(t, ctx, s.base, day)
	s.stop(t)
}

type schema struct {
	objects    map[string]string // type name → sql
	migrations map[string]bool
}

func schemaOf(t *testing.T, path string) schema {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := schema{objects: map[string]string{}, migrations: map[string]bool{}}
	rows, err := db.Query(`SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var typ, name, q string
		rows.Scan(&typ, &name, &q)
		s.objects[typ+" "+name] = q
	}
	rows.Close()
	rows, err = db.Query(`SELECT name FROM schema_migrations`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		s.migrations[n] = true
	}
	rows.Close()
	return s
}

// diff lists what got lacks or has more than s, or has differently.
func (s schema) diff(got schema) string {
	var b strings.Builder
	for k, q := range s.objects {
		g, ok := got.objects[k]
		switch {
		case !ok:
			fmt.Fprintf(&b, "missing %s\n", k)
		case g != q:
			fmt.Fprintf(&b, "%s differs:\n  fresh:    %s\n  upgraded: %s\n", k, q, g)
		}
	}
	for k := range got.objects {
		if _, ok := s.objects[k]; !ok {
			fmt.Fprintf(&b, "extra %s\n", k)
		}
	}
	for m := range s.migrations {
		if !got.migrations[m] {
			fmt.Fprintf(&b, "migration %s not recorded\n", m)
		}
	}
	return b.String()
}

func integrity(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var s string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// A database that a newer release has migrated (a migration this build
// does not carry) still serves, and the log says so and what to do.
func TestServeWarnsOnDatabaseOfNewerRelease(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	db := filepath.Join(t.TempDir(), "centre.db")
	run(t, nil, "admin", "officer", "add", "--db", db, "--username", "canbo1", "--password", "matkhau123")
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('9990_from_a_newer_release.sql', 1)`); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	s := serveWith(t, ctx, []string{motcuaBin}, db, "serve.log")
	oc, _ := client.New(s.base, "")
	if _, err := oc.Login(ctx, "canbo1", "matkhau123", "q1"); err != nil {
		t.Fatal(err)
	}
	s.stop(t)
	l := s.logText()
	if !strings.Contains(l, "level=WARN") || !strings.Contains(l, "newer motcua") || !strings.Contains(l, "9990_from_a_newer_release.sql") || strings.Contains(l, "database upgraded") {
		t.Fatalf("log on a newer release's database:\n%s", l)
	}
	if integrity(t, db) != "ok" {
		t.Fatal("integrity_check")
	}
}

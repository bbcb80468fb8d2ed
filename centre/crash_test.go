package centre_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/centretest"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
)

// motcuaBin is cmd/motcua built once for the tests that run the server as a
// child process (CGO_ENABLED=0 like production, no race detector).
var motcuaBin, motcuaBuildErr = "", error(nil)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "motcua-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	motcuaBin, motcuaBuildErr = centretest.BuildMotcua(dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// child is a `motcua serve` process.
type child struct {
	cmd  *exec.Cmd
	base string
}

// startServer runs motcua serve on a free loopback port and waits for its
// "listening" line.
func startServer(t *testing.T, db, logPath string) *child {
	t.Helper()
	if motcuaBuildErr != nil {
		t.Fatal(motcuaBuildErr)
	}
	logf, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	u, cmd, err := centretest.Serve(t, motcuaBin, db, logf)
	if err != nil {
		log, _ := os.ReadFile(logPath)
		t.Fatalf("%v:\n%s", err, log)
	}
	return &child{cmd: cmd, base: u}
}

// kill9 kills the child with SIGKILL: no shutdown code runs.
func (c *child) kill9() {
	c.cmd.Process.Kill()
	c.cmd.Wait()
}

// statusAfter replays one ticket's event kinds.
var statusAfter = map[string]queue.Status{
	queue.EvIssued: queue.Waiting, queue.EvCalled: queue.Called, queue.EvRecalled: queue.Called,
	queue.EvStarted: queue.Serving, queue.EvFinished: queue.Done, queue.EvNoShow: queue.NoShow,
	queue.EvCancelled: queue.Cancelled, queue.EvTransferred: queue.Waiting, queue.EvRedirected: queue.Waiting,
	queue.EvParked: queue.Parked, queue.EvResumed: queue.Waiting, queue.EvReactivated: queue.Waiting,
}

// The server is killed with SIGKILL at random moments under load and
// restarted: every acknowledged ticket survives, no number is issued twice
// and the event log agrees with the ticket states and the waiting counts.
func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("subprocess crash test")
	}
	const rounds = 4
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "centre.db")
	logPath := filepath.Join(dir, "server.log")
	kioskToken := centre.NewToken()
	{
		db, err := store.Open(dbPath)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Write(context.Background(), func(tx *store.Tx) error {
			if err := tx.PutDevice(store.Device{ID: "dev-kiosk", Name: "kiosk-1", Role: "kiosk"}, store.HashToken(kioskToken)); err != nil {
				return err
			}
			return tx.PutOfficer(store.Officer{Username: "giamsat", FullName: "Giám sát", PasswordHash: fastHash(t, testPassword), Role: "supervisor"})
		})
		db.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	services := []string{"hotich", "chungthuc", "datdai", "xaydung", "dkkd"}

	var (
		mu    sync.Mutex
		acked = map[string]string{} // id → number, for every 201
	)
	hc := &http.Client{Timeout: 5 * time.Second}
	supToken := ""
	for round := 0; round <= rounds; round++ {
		c := startServer(t, dbPath, logPath)
		if supToken == "" {
			status, body, err := send(hc, "POST", c.base+"/api/v1/login", "", fmt.Sprintf(`{"username":"giamsat","password":%q}`, testPassword))
			if err != nil || status != 200 {
				t.Fatalf("login: %d %s %v", status, body, err)
			}
			var lr struct{ Token string }
			json.Unmarshal(body, &lr)
			supToken = lr.Token // sessions are in the database: valid across restarts
		}
		if round == rounds {
			// Final start: it must come up on the crashed database and
			// continue the numbering without reusing a number.
			status, body, err := send(hc, "POST", c.base+"/api/v1/tickets", kioskToken, `{"service":"hotich"}`)
			if err != nil || status != 201 {
				t.Fatalf("issue after recovery: %d %s %v", status, body, err)
			}
			var tk centre.Issued
			json.Unmarshal(body, &tk)
			for id, n := range acked {
				if n == tk.Number && id != tk.ID {
					t.Fatalf("number %s reused after restart", n)
				}
			}
			acked[tk.ID] = tk.Number
			c.kill9()
			break
		}
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for k := 0; k < 6; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; ctx.Err() == nil; i++ {
					svc := services[(k+i)%len(services)]
					status, body, err := send(hc, "POST", c.base+"/api/v1/tickets", kioskToken, fmt.Sprintf(`{"service":%q}`, svc))
					if err != nil {
						continue // killed mid-request: the ticket may or may not exist
					}
					if status == 201 {
						var tk centre.Issued
						if json.Unmarshal(body, &tk) == nil {
							mu.Lock()
							acked[tk.ID] = tk.Number
							mu.Unlock()
						}
					}
				}
			}()
		}
		for _, counter := range []string{"q1", "q10"} {
			wg.Add(1)
			r := rand.New(rand.NewPCG(rng.Uint64(), 2))
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					status, body, err := send(hc, "POST", c.base+"/api/v1/counters/"+counter+"/call-next", supToken, "")
					if err != nil || status != 200 {
						time.Sleep(5 * time.Millisecond)
						continue
					}
					var v centre.TicketView
					if json.Unmarshal(body, &v) != nil {
						continue
					}
					// Walk the ticket through a few random operations.
					for _, op := range [][]string{{"recall"}, {"start"}, {"park", "resume"}, {"transfer"}, {"no-show", "reactivate"}, {"cancel"}, {"redirect"}, {}}[r.IntN(8)] {
						b := ""
						switch op {
						case "transfer":
							b = fmt.Sprintf(`{"service":%q}`, services[r.IntN(len(services))])
						case "redirect":
							b = `{"counter":"q10"}`
						}
						send(hc, "POST", c.base+"/api/v1/tickets/"+v.ID+"/"+op, supToken, b)
					}
				}
			}()
		}
		time.Sleep(time.Duration(150+rng.IntN(450)) * time.Millisecond)
		c.kill9()
		cancel()
		wg.Wait()
		mu.Lock()
		t.Logf("round %d: killed with %d tickets acknowledged so far", round, len(acked))
		mu.Unlock()
	}
	if t.Failed() {
		return
	}
	verifyDatabase(t, dbPath, acked)
}

// verifyDatabase checks a centre database against what clients were told
// and against its own event log.
func verifyDatabase(t *testing.T, dbPath string, acked map[string]string) {
	t.Helper()
	ctx := context.Background()
	if err := store.Check(ctx, dbPath); err != nil {
		t.Fatalf("integrity: %v", err)
	}
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for id, number := range acked {
		tk, err := db.Ticket(ctx, id)
		if err != nil || tk.Number != number {
			t.Errorf("acknowledged ticket %s %s: %+v %v", id, number, tk, err)
		}
	}
	rows, err := db.Read().QueryContext(ctx, `SELECT DISTINCT day FROM tickets`)
	if err != nil {
		t.Fatal(err)
	}
	var days []string
	for rows.Next() {
		var d string
		rows.Scan(&d)
		days = append(days, d)
	}
	rows.Close()
	total := 0
	for _, day := range days {
		tickets, err := db.TicketsOfDay(ctx, day)
		if err != nil {
			t.Fatal(err)
		}
		numbers := map[string]string{}
		for _, tk := range tickets {
			total++
			if other, dup := numbers[tk.Number]; dup {
				t.Errorf("number %s issued twice on %s: %s and %s", tk.Number, day, other, tk.ID)
			}
			numbers[tk.Number] = tk.ID
			evs, err := db.TicketEvents(ctx, tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(evs) == 0 || evs[0].Kind != queue.EvIssued {
				t.Errorf("ticket %s has no issued event first: %v", tk.Number, evs)
				continue
			}
			st, svc := queue.Status(""), ""
			for _, ev := range evs {
				s, ok := statusAfter[ev.Kind]
				if !ok {
					t.Errorf("ticket %s: unexpected event %s", tk.Number, ev.Kind)
				}
				if ev.Kind == queue.EvIssued && st != "" {
					t.Errorf("ticket %s issued twice", tk.Number)
				}
				st, svc = s, ev.Service
			}
			if st != tk.Status || svc != tk.Service {
				t.Errorf("ticket %s: events replay to %s/%s, table says %s/%s", tk.Number, st, svc, tk.Status, tk.Service)
			}
		}
	}
	// Every event belongs to a stored ticket (no event of a rolled-back ticket).
	var orphans int
	db.Read().QueryRowContext(ctx, `SELECT count(*) FROM events e WHERE e.ticket <> '' AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.id = e.ticket)`).Scan(&orphans)
	if orphans > 0 {
		t.Errorf("%d events of tickets that do not exist", orphans)
	}
	// The waiting table equals the waiting tickets, per service.
	rows, err = db.Read().QueryContext(ctx, `SELECT s.service, coalesce(w.n, 0), s.actual FROM
		(SELECT service, sum(status = 'waiting' AND target_counter = '') AS actual FROM tickets GROUP BY service) s
		LEFT JOIN waiting w ON w.service = s.service`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var svc string
		var table, actual int
		rows.Scan(&svc, &table, &actual)
		if table != actual {
			t.Errorf("service %s: waiting table %d, waiting tickets %d", svc, table, actual)
		}
	}
	t.Logf("%d tickets in the database, %d acknowledged to kiosks", total, len(acked))
}

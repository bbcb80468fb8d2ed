package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/centre/loadgen"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

func init() {
	register("bench", "load-test a centre server: kiosks, counters and boards (see docs/BENCHMARKS.md)", runBench)
}

const benchPassword = "bench-matkhau"

func runBench(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	spawn := fs.Bool("spawn", false, "run `motcua serve` as a child on a fresh database")
	dbPath := fs.String("db", "", "--spawn: database file (default: in a temp dir; an existing file is replaced only if its name contains \"bench\")")
	url := fs.String("url", "", "target an already running server instead of --spawn")
	kioskToken := fs.String("kiosk-token", "", "--url: a kiosk device token (shared by all kiosks)")
	displayToken := fs.String("display-token", "", "--url: a display device token (shared by all boards)")
	password := fs.String("password", benchPassword, "--url: password of the officers bench1..benchM")
	pid := fs.Int("pid", 0, "--url: server process id, to read its RSS")
	boards := fs.Int("boards", 200, "WebSocket boards")
	counters := fs.Int("counters", 50, "counters calling (officers bench1..benchM at q1..qM)")
	kiosks := fs.Int("kiosks", 50, "kiosks issuing in a closed loop")
	dur := fs.Duration("duration", 10*time.Second, "load duration")
	interval := fs.Duration("call-interval", 100*time.Millisecond, "time between two calls of one counter")
	rate := fs.Float64("issue-rate", 0, "cap on tickets per second over all kiosks (0 = closed loop, as fast as possible)")
	syncCalls := fs.Bool("sync-calls", false, "every counter calls at the same instant (a burst) each --call-interval")
	preissue := fs.Int("preissue", 0, "tickets issued before the boards connect (with --kiosks 0: boards get only the calls)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *spawn == (*url != "") {
		return errors.New("bench: give either --spawn or --url")
	}
	o := loadgen.Options{Boards: *boards, Duration: *dur, CallInterval: *interval, IssueRate: *rate, SyncCalls: *syncCalls, PreIssue: *preissue,
		Logf: func(f string, a ...any) { fmt.Printf("bench: "+f+"\n", a...) }}
	for i := 1; i <= *counters; i++ {
		o.Counters = append(o.Counters, fmt.Sprintf("q%d", i))
	}
	if *spawn {
		// At least one kiosk device: it fetches the services and pre-issues.
		srv, err := spawnBenchServer(ctx, *dbPath, *counters, max(*kiosks, 1), *preissue > 0)
		if err != nil {
			return err
		}
		defer srv.stop()
		o.URL, o.PID, o.DisplayToken, o.KioskTokens = srv.url, srv.cmd.Process.Pid, srv.display, srv.kiosks[:*kiosks]
		o.PreIssueToken = srv.kiosks[0]
		*password = benchPassword
		fmt.Printf("bench: server pid %d at %s, database %s\n", o.PID, o.URL, srv.db)
	} else {
		if *kioskToken == "" || *displayToken == "" {
			return errors.New("bench: --url needs --kiosk-token and --display-token")
		}
		o.URL, o.PID, o.DisplayToken, o.PreIssueToken = *url, *pid, *displayToken, *kioskToken
		for i := 0; i < *kiosks; i++ {
			o.KioskTokens = append(o.KioskTokens, *kioskToken)
		}
	}
	cfg, err := fetchServices(ctx, o.URL, o.PreIssueToken)
	if err != nil {
		return err
	}
	o.Services = cfg
	for i, c := range o.Counters {
		tok, err := benchLogin(ctx, o.URL, fmt.Sprintf("bench%d", i+1), *password, c)
		if err != nil {
			return err
		}
		o.OfficerTokens = append(o.OfficerTokens, tok)
	}
	res, err := loadgen.Run(ctx, o)
	if err != nil {
		return err
	}
	mode := "closed loop"
	if *rate > 0 {
		mode = fmt.Sprintf("capped at %.0f tickets/s", *rate)
	}
	fmt.Printf("\nmotcua bench: %d boards, %d counters (every %v), %d kiosks (%s), %v\n%s", *boards, *counters, *interval, *kiosks, mode, *dur, res)
	return nil
}

type benchServer struct {
	cmd     *exec.Cmd
	url     string
	db      string
	display string
	kiosks  []string
	tmp     string
}

func (s *benchServer) stop() {
	interruptChild(s.cmd.Process)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
	if s.tmp != "" {
		os.RemoveAll(s.tmp)
	}
}

// spawnBenchServer prepares a fresh database (devices, officers, a config
// with enough counters) and starts `motcua serve` on it.
// allServices: every counter serves every service (the demo's first
// counters serve only some).
func spawnBenchServer(ctx context.Context, dbPath string, counters, kiosks int, allServices bool) (*benchServer, error) {
	s := &benchServer{}
	tmp, err := os.MkdirTemp("", "motcua-bench-")
	if err != nil {
		return nil, err
	}
	s.tmp = tmp
	if dbPath == "" {
		dbPath = filepath.Join(tmp, "bench.db")
	} else if _, err := os.Stat(dbPath); err == nil {
		if !strings.Contains(filepath.Base(dbPath), "bench") {
			return nil, fmt.Errorf("bench: %s exists; refusing to replace a database not named *bench*", dbPath)
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(dbPath + suffix)
		}
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return nil, err
	}
	s.db = dbPath
	cfg := queue.DemoConfig()
	// Four digits: at thousands of tickets a second the demo's 999 numbers
	// per prefix run out within the run.
	cfg.Digits = 4
	all := map[string]int{}
	for _, sv := range cfg.Services {
		all[sv.ID] = 1
	}
	if allServices {
		for i := range cfg.Counters {
			cfg.Counters[i].Services = all
		}
	}
	for i := len(cfg.Counters) + 1; i <= counters; i++ {
		cfg.Counters = append(cfg.Counters, queue.Counter{ID: fmt.Sprintf("q%d", i), Number: i, Name: fmt.Sprintf("Quầy %d", i), Services: all})
	}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}
	{
		path := filepath.Join(tmp, "centre.toml")
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		err = toml.NewEncoder(f).Encode(cfg)
		f.Close()
		if err != nil {
			return nil, err
		}
		args = append(args, "--config", path)
	}
	// One bcrypt hash for every bench officer: hashing 50 times would only
	// slow the start.
	hash, err := bcrypt.GenerateFromPassword([]byte(benchPassword), bcrypt.DefaultCost)
	if err != nil {
		return nil, err
	}
	db, err := store.Open(dbPath)
	if err != nil {
		return nil, err
	}
	s.display = centre.NewToken()
	err = db.Write(ctx, func(tx *store.Tx) error {
		for i := 1; i <= counters; i++ {
			if err := tx.PutOfficer(store.Officer{Username: fmt.Sprintf("bench%d", i), FullName: fmt.Sprintf("Cán bộ %d", i), PasswordHash: string(hash), Role: "officer"}); err != nil {
				return err
			}
		}
		for i := 0; i < kiosks; i++ {
			tok := centre.NewToken()
			s.kiosks = append(s.kiosks, tok)
			if err := tx.PutDevice(store.Device{ID: fmt.Sprintf("bench-kiosk-%d", i), Name: fmt.Sprintf("bench-kiosk-%d", i), Role: "kiosk"}, store.HashToken(tok)); err != nil {
				return err
			}
		}
		return tx.PutDevice(store.Device{ID: "bench-board", Name: "bench-board", Role: "display"}, store.HashToken(s.display))
	})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	// MOTCUA_BENCH_SERVER: another motcua binary as the server, for A/B
	// runs with the same load generator.
	if other := os.Getenv("MOTCUA_BENCH_SERVER"); other != "" {
		self = other
	}
	s.cmd = exec.Command(self, args...)
	prepareChild(s.cmd)
	logf, err := os.Create(filepath.Join(tmp, "server.log"))
	if err != nil {
		return nil, err
	}
	s.cmd.Stderr = logf
	out, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if _, u, ok := strings.Cut(sc.Text(), "centre server on "); ok {
				urlc <- strings.TrimSpace(u)
			}
		}
	}()
	select {
	case s.url = <-urlc:
		return s, nil
	case <-time.After(30 * time.Second):
		s.stop()
		return nil, errors.New("bench: server did not start (see its log)")
	}
}

func fetchServices(ctx context.Context, base, token string) ([]string, error) {
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/services", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var svcs []struct {
		ID string `json:"id"`
	}
	if resp.StatusCode != 200 {
		b, _ := io.ReadAll(resp.Body)
		return nil, fmt.Errorf("bench: services: %s %s", resp.Status, b)
	}
	if err := json.NewDecoder(resp.Body).Decode(&svcs); err != nil {
		return nil, err
	}
	var ids []string
	for _, s := range svcs {
		ids = append(ids, s.ID)
	}
	return ids, nil
}

func benchLogin(ctx context.Context, base, user, password, counter string) (string, error) {
	body := fmt.Sprintf(`{"username":%q,"password":%q,"counter":%q}`, user, password, counter)
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/api/v1/login", strings.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || json.Unmarshal(b, &out) != nil || out.Token == "" {
		return "", fmt.Errorf("bench: login %s at %s: %s %s", user, counter, resp.Status, b)
	}
	return out.Token, nil
}

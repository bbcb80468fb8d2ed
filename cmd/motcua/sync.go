package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/credential"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/queue"
	"github.com/motcua/motcua/store"
	"github.com/motcua/motcua/syncagent"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func init() {
	register("sync", "sync agent: drain the outbox to the portal (QCVN 120); sync status | sync release --key K", runSync)
}

// portalPassword is the sync agent's portal credential.
var portalPassword = credential.Secret{FileFlag: "password-file", Env: []string{"MOTCUA_PORTAL_PASSWORD"}}

func runSync(ctx context.Context, args []string) error {
	if len(args) > 0 && (args[0] == "status" || args[0] == "release") {
		return syncTool(ctx, args[0], args[1:])
	}
	fs := flag.NewFlagSet("sync", flag.ContinueOnError)
	dbPath := fs.String("db", "data/centre.db", "centre database file (shared with the running server)")
	cfgPath := fs.String("config", "", "centre config (TOML) for the agency code; empty = demo centre")
	demo := fs.String("demo", "", "built-in demo centre when there is no --config: ward (default) or province")
	portalURL := fs.String("portal", "http://127.0.0.1:8090", "portal base URL (https:// in production)")
	user := fs.String("username", "", "this centre's portal login")
	passFile := fs.String("password-file", "", "file holding the portal password (or env MOTCUA_PORTAL_PASSWORD)")
	metricsAddr := fs.String("metrics-addr", "127.0.0.1:9091", "Prometheus /metrics address; empty = off")
	catEvery := fs.Duration("catalogue-every", 6*time.Hour, "how often to pull the procedure catalogue (LayThuTuc); 0 = never")
	schedEvery := fs.Duration("schedule-every", 6*time.Hour, "how often to pull the holiday schedule the portal publishes; 0 = never")
	statsEvery := fs.Duration("stats-every", time.Hour, "how often to recompute and send the monthly statistics; 0 = never")
	inboxEvery := fs.Duration("inbox-every", 2*time.Second, "how often to pull this centre's inbound items (online submissions, forwarded dossiers) from the portal; 0 = never")
	inboxAgencies := fs.String("inbox-agencies", "", "agency codes whose inbound items this centre pulls, comma-separated (default: the config's agency_code); each must be in the centre's portal credential")
	poll := fs.Duration("poll", 200*time.Millisecond, "outbox poll interval when idle")
	batch := fs.Int("batch", 5000, "outbox items read per round")
	perCall := fs.Int("per-call", 500, "most items per portal call (a portal that answers 'too many' gets halves)")
	perCallProgress := fs.Int("per-call-progress", 0, "most CapNhatTienDoHoSoMC items per call; 0 = --per-call (10 for a provincial DVCQG proxy)")
	parallel := fs.Int("parallel", 2, "portal calls in flight at once")
	caFile := fs.String("ca-file", "", "PEM file of the CA that signed the portal's certificate (besides the system's)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The password never goes on the command line (ps shows it to every
	// local user): a 0600 file or the environment.
	pass, _, warns, err := portalPassword.Resolve("", *passFile)
	if err != nil {
		return err
	}
	if *user == "" || pass == "" {
		return errors.New("--username and a password (--password-file or MOTCUA_PORTAL_PASSWORD) are required")
	}
	cfg, err := queue.LoadCentre(*cfgPath, *demo)
	if err != nil {
		return err
	}
	log := newLogger()
	for _, w := range warns {
		log.Warn(w)
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	pc := client.New(*portalURL, *user, pass)
	pc.MaDonVi = cfg.AgencyCode
	if err := trustCA(pc, *caFile); err != nil {
		return err
	}
	portal := syncagent.PortalClient{C: pc}
	agent := syncagent.New(db, portal, syncagent.Options{Logger: log, Poll: *poll, BatchSize: *batch, Parallel: *parallel,
		MaxPerCall: syncagent.PerCall(*perCall, *perCallProgress)})

	if *metricsAddr != "" {
		reg := prometheus.NewRegistry()
		gauge := func(name, help string, f func(syncagent.Status) float64) {
			reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 { return f(agent.Status()) }))
		}
		gauge("motcua_sync_backlog", "Outbox items not yet acknowledged.", func(s syncagent.Status) float64 { return float64(s.Backlog) })
		gauge("motcua_sync_lag_seconds", "Age of the oldest unsent outbox item.", func(s syncagent.Status) float64 { return s.Lag.Seconds() })
		gauge("motcua_sync_parked", "Items parked after the portal rejected them.", func(s syncagent.Status) float64 { return float64(s.Parked) })
		gauge("motcua_sync_sent", "Items acknowledged by the portal since start.", func(s syncagent.Status) float64 { return float64(s.Sent) })
		gauge("motcua_sync_error", "1 while the last round failed.", func(s syncagent.Status) float64 {
			if s.LastError != "" {
				return 1
			}
			return 0
		})
		ln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			return fmt.Errorf("metrics address: %w", err)
		}
		srv := &http.Server{Handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), ReadHeaderTimeout: 5 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
	}

	// Status for `motcua sync status`, written where the CLI can read it.
	go every(ctx, 5*time.Second, func() {
		b, _ := json.Marshal(agent.Status())
		db.Write(ctx, func(tx *store.Tx) error { return tx.PutSetting("sync:status", string(b)) })
	})
	if *catEvery > 0 {
		go every(ctx, *catEvery, func() {
			n, skipped, err := syncagent.PullCatalogue(ctx, db, portal)
			if err != nil {
				log.Warn("catalogue pull failed", "err", err)
				return
			}
			for _, s := range skipped {
				log.Warn("catalogue entry skipped", "err", s)
			}
			log.Info("catalogue pulled", "procedures", n, "skipped", len(skipped))
		})
	}
	if *schedEvery > 0 {
		go every(ctx, *schedEvery, func() {
			changed, err := syncagent.PullSchedule(ctx, db, portal)
			if err != nil {
				log.Warn("holiday schedule pull failed", "err", err)
				return
			}
			if changed {
				log.Info("holiday schedule pulled from the portal")
			}
		})
	}
	if *inboxEvery > 0 {
		agencies := []string{cfg.AgencyCode}
		if *inboxAgencies != "" {
			agencies = strings.Split(*inboxAgencies, ",")
		}
		go every(ctx, *inboxEvery, func() {
			for _, agency := range agencies {
				n, err := syncagent.PullInbox(ctx, db, portal, strings.TrimSpace(agency))
				if err != nil && ctx.Err() == nil {
					log.Warn("inbox pull failed", "agency", agency, "err", err)
				}
				if n > 0 {
					log.Info("inbound items pulled", "agency", agency, "new", n)
				}
			}
			n, err := syncagent.PushInboxDecisions(ctx, db, portal)
			if err != nil && ctx.Err() == nil {
				log.Warn("inbox decisions not sent", "err", err)
			}
			if n > 0 {
				log.Info("inbox decisions sent", "count", n)
			}
		})
	}
	if *statsEvery > 0 {
		go every(ctx, *statsEvery, func() {
			now := time.Now().In(queue.Loc)
			months := []time.Time{now}
			if now.Day() <= 5 { // late resolutions of last month still change its figures
				months = append(months, now.AddDate(0, -1, 0))
			}
			for _, m := range months {
				if _, err := syncagent.QueueMonthlyStats(ctx, db, cfg.AgencyCode, cfg.AgencyName, m.Year(), m.Month(), now); err != nil {
					log.Warn("monthly statistics failed", "err", err)
				}
			}
		})
	}
	log.Info("sync agent running", "portal", *portalURL, "db", *dbPath, "agency", cfg.AgencyCode)
	err = agent.Run(ctx)
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// trustCA adds the CA certificates of file (if any) to what pc trusts.
func trustCA(pc *client.Client, file string) error {
	if file == "" {
		return nil
	}
	pem, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("--ca-file: %w", err)
	}
	if err := pc.TrustPEM(pem); err != nil {
		return fmt.Errorf("--ca-file %s: %w", file, err)
	}
	return nil
}

// every runs fn now and then every d until ctx ends.
func every(ctx context.Context, d time.Duration, fn func()) {
	fn()
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

func syncTool(ctx context.Context, what string, args []string) error {
	fs := flag.NewFlagSet("sync "+what, flag.ContinueOnError)
	dbPath := fs.String("db", "data/centre.db", "centre database file")
	key := fs.String("key", "", "release: the dossier code (outbox key) whose parked items to send again")
	portalURL := fs.String("portal", "http://127.0.0.1:8090", "release: portal base URL")
	user := fs.String("username", "", "release: portal login")
	caFile := fs.String("ca-file", "", "release: PEM file of the CA that signed the portal's certificate")
	passFile := fs.String("password-file", "", "release: file holding the portal password (or env MOTCUA_PORTAL_PASSWORD)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := store.Open(*dbPath)
	if err != nil {
		return err
	}
	defer db.Close()
	if what == "release" {
		pass, _, warns, err := portalPassword.Resolve("", *passFile)
		if err != nil {
			return err
		}
		for _, w := range warns {
			fmt.Fprintln(os.Stderr, "motcua: warning:", w)
		}
		if *key == "" || *user == "" || pass == "" {
			return errors.New("release needs --key, --username and a password (--password-file or MOTCUA_PORTAL_PASSWORD)")
		}
		pc := client.New(*portalURL, *user, pass)
		if err := trustCA(pc, *caFile); err != nil {
			return err
		}
		a := syncagent.New(db, syncagent.PortalClient{C: pc}, syncagent.Options{})
		n, err := a.Release(ctx, *key)
		fmt.Printf("%d item(s) of %s sent\n", n, *key)
		return err
	}
	cur, err := db.SyncCursor(ctx)
	if err != nil {
		return err
	}
	n, lag, err := db.OutboxBacklog(ctx, cur)
	if err != nil {
		return err
	}
	parked, err := db.Parked(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("cursor:   %d\nbacklog:  %d item(s)\nlag:      %s (age of the oldest unsent item)\nparked:   %d item(s)\n", cur, n, lag.Round(time.Millisecond), len(parked))
	if s, _ := db.Setting(ctx, "sync:status"); s != "" {
		var st syncagent.Status
		if json.Unmarshal([]byte(s), &st) == nil {
			fmt.Printf("sent:     %d since the agent started\n", st.Sent)
			if st.LastError != "" {
				fmt.Printf("last error (%s): %s\n", st.LastErrAt.Format(time.DateTime), st.LastError)
			}
		}
	}
	for _, p := range parked {
		kind := "rejected"
		if p.Blocked {
			kind = "held"
		}
		fmt.Printf("  #%d %s %s %s: %s\n", p.OutboxID, p.Service, p.Key, kind, p.Error)
	}
	return nil
}

package portal_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/portal"
	"github.com/motcua/motcua/portal/client"
	"github.com/motcua/motcua/portal/internal/pgtest"
	"github.com/motcua/motcua/portal/store"
)

// walLSN reads a server's WAL position in bytes: the primary's insert
// position, a standby's replayed one.
func walLSN(t *testing.T, dsn string) uint64 {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n uint64
	err = db.QueryRow(`SELECT (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END - '0/0'::pg_lsn)::bigint`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestAttackReplicaOfAnotherDatabase: --read-db names a hot standby that
// streams from another PostgreSQL system than --db (a copy-paste of another
// portal's or a test system's URL, a host name that now points elsewhere, an
// old standby left from before a rebuild). Its WAL position is ahead of the
// primary's, so "replayed past every sample" read as lag 0: the portal
// answered the citizens' lookups from the other system, whose dossiers are
// not this portal's (and may have been erased here). The probe must refuse
// a standby of another database system (its system identifier differs) and
// one ahead of the primary, and the public lookup must then answer from the
// primary only.
func TestAttackReplicaOfAnotherDatabase(t *testing.T) {
	own := pgtest.StartPair(t)
	other := pgtest.StartPair(t)
	ctx := context.Background()
	primary, err := store.Open(ctx, own.PrimaryURL())
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	h, err := portal.HashPassword("secret1")
	if err != nil {
		t.Fatal(err)
	}
	if err := primary.AddCentre(ctx, portal.Centre{Username: "c1", Hash: h, Agencies: []string{ag}}); err != nil {
		t.Fatal(err)
	}

	// The other system: the same schema, a dossier this portal never had.
	foreign, err := store.Open(ctx, other.PrimaryURL())
	if err != nil {
		t.Fatal(err)
	}
	if err := foreign.AddCentre(ctx, portal.Centre{Username: "c1", Hash: h, Agencies: []string{ag}}); err != nil {
		t.Fatal(err)
	}
	foreignCode := ag + "-231027-0777"
	{
		srv, err := portal.New(ctx, foreign, portal.Options{})
		if err != nil {
			t.Fatal(err)
		}
		hs := httptest.NewServer(srv)
		ingestDossier(t, ctx, client.New(hs.URL, "c1", "secret1"), 1, foreignCode)
		hs.Close()
	}
	foreign.Close()
	// Ahead of this portal's primary, and replayed on the other standby.
	odb, err := sql.Open("pgx", other.PrimaryURL())
	if err != nil {
		t.Fatal(err)
	}
	defer odb.Close()
	for walLSN(t, other.PrimaryURL()) <= walLSN(t, own.PrimaryURL())+(64<<20) {
		if _, err := odb.Exec(`SELECT pg_logical_emit_message(false, 'motcua-test', 'x'); SELECT pg_switch_wal()`); err != nil {
			t.Fatal(err)
		}
	}
	waitReplayed(t, other.ReplicaURL(), foreignCode)
	target := walLSN(t, other.PrimaryURL())
	for deadline := time.Now().Add(60 * time.Second); walLSN(t, other.ReplicaURL()) < target; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the other standby never caught up")
		}
	}

	e := startReplicaPortal(t, ctx, primary, other.ReplicaURL(), 30*time.Second)
	// Measured a few times: never in use.
	for i := 0; i < 10; i++ {
		st := e.rep.Measure(ctx)
		if st.InUse || st.State == portal.ReplicaInUse {
			t.Fatalf("a standby of another database system is in use for public reads: %+v", st)
		}
	}
	if st := e.lookup(t, foreignCode); st != http.StatusNotFound {
		t.Fatalf("the public lookup answered %d for a dossier only the other system holds", st)
	}
	if got := e.reads(t, "dossier", "replica", "replica"); got != 0 {
		t.Fatalf("%d lookups read the other system", got)
	}
	if !strings.Contains(e.logs.String(), "read replica") {
		t.Fatalf("the refused replica was not logged: %s", e.logs.String())
	}

	// Behind the primary, but busy (a commit a moment ago): its lag read as
	// the age of that commit, within MaxLag, until the history grew. Only
	// the system identifier tells it is not this primary's standby.
	pdb, err := sql.Open("pgx", own.PrimaryURL())
	if err != nil {
		t.Fatal(err)
	}
	defer pdb.Close()
	for walLSN(t, own.PrimaryURL()) <= walLSN(t, other.PrimaryURL())+(64<<20) {
		if _, err := pdb.Exec(`SELECT pg_logical_emit_message(false, 'motcua-test', 'x'); SELECT pg_switch_wal()`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := odb.Exec(`CREATE TABLE IF NOT EXISTS motcua_tick (x int); INSERT INTO motcua_tick VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	target = walLSN(t, other.PrimaryURL())
	for deadline := time.Now().Add(60 * time.Second); walLSN(t, other.ReplicaURL()) < target; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the other standby never caught up")
		}
	}
	e3 := startReplicaPortal(t, ctx, primary, other.ReplicaURL(), 30*time.Second)
	for i := 0; i < 10; i++ {
		if st := e3.rep.Measure(ctx); st.InUse {
			t.Fatalf("a busy standby of another system, behind the primary, is in use: %+v", st)
		}
	}
	if st := e3.lookup(t, foreignCode); st != http.StatusNotFound {
		t.Fatalf("the public lookup answered %d for a dossier only the other system holds", st)
	}

	// The control: this portal's own standby is used.
	e2 := startReplicaPortal(t, ctx, primary, own.ReplicaURL(), 30*time.Second)
	e2.waitState(t, portal.ReplicaInUse)
}

// TestAttackReadDBSecretsNotShown: the --read-db URL carries the replica's
// password (in the user info or as ?password=). A URL that does not parse
// (a password with an unescaped %) was quoted whole in the error that
// `motcua portal serve` prints and the journal keeps; a replica that is
// down must not put its URL in the status, the log, /healthz or /metrics,
// and the public lookup answers from the primary with no error text.
func TestAttackReadDBSecretsNotShown(t *testing.T) {
	ctx := context.Background()
	primary, err := store.Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer primary.Close()
	const secret = "S3cretPw"
	for _, dsn := range []string{
		"postgres://motcua:" + secret + "%zz@replica.invalid/portal",
		"postgres://motcua:" + secret + "%@replica.invalid/portal",
		"postgres://motcua:" + secret + "@replica.invalid:port/portal",
		"postgresql://motcua:" + secret + "@[::1/portal",
		"postgres://replica.invalid/portal?password=" + secret + "%zz\x7f",
	} {
		_, _, err := store.OpenReadReplica(ctx, primary, dsn)
		if err == nil {
			t.Fatalf("%q opened", dsn)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error of a malformed --read-db shows the password: %v", err)
		}
	}
	for _, dsn := range []string{
		"postgres://motcua:" + secret + "@127.0.0.1:1/portal?sslmode=disable&connect_timeout=2",
		"postgres://127.0.0.1:1/portal?user=motcua&password=" + secret + "&sslmode=disable&connect_timeout=2",
		"postgres://motcua@127.0.0.1:1/portal?sslmode=disable&connect_timeout=2&sslpassword=" + secret,
	} {
		e := startReplicaPortal(t, ctx, primary, dsn, 30*time.Second)
		st := e.rep.Measure(ctx)
		if st.State != portal.ReplicaDown || st.Error == "" {
			t.Fatalf("%q: %+v", dsn, st)
		}
		code := ag + "-231027-0001"
		if got := e.lookup(t, code); got != http.StatusNotFound {
			t.Fatalf("lookup with the replica down: %d", got)
		}
		_, body := e.get(t, "/api/v1/tra-cuu/"+code)
		_, health := e.get(t, "/healthz")
		for what, s := range map[string]string{"status": st.Error + st.PrimaryErr, "log": e.logs.String(), "lookup": body, "healthz": health} {
			if strings.Contains(s, secret) {
				t.Errorf("%s shows the replica's password: %s", what, s)
			}
		}
		if strings.Contains(body, "127.0.0.1") || strings.Contains(body, "dial") || strings.Contains(health, "127.0.0.1") {
			t.Errorf("the public answers name the replica: %s / %s", body, health)
		}
	}
}

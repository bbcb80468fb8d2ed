package pgtest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Pair is a throw-away PostgreSQL primary and its streaming replica (hot
// standby made with pg_basebackup -R), each on a unix socket in its own
// temporary directory, for the read replica's tests.
type Pair struct {
	dir string
	t   testing.TB
}

// StartPair starts a primary and a replica streaming from it; both are
// stopped and removed when the test ends. It skips without the binaries.
func StartPair(t testing.TB) *Pair {
	t.Helper()
	once.Do(start) // finds the binaries and the user to run clusters as
	if skipMsg != "" {
		t.Skip(skipMsg)
	}
	if initErr != nil {
		t.Fatalf("start PostgreSQL: %v", initErr)
	}
	d, err := os.MkdirTemp("", "motcua-pgpair-")
	if err != nil {
		t.Fatal(err)
	}
	p := &Pair{dir: d, t: t}
	t.Cleanup(p.remove)
	for _, sub := range []string{"p", "r"} {
		if err := os.Mkdir(filepath.Join(d, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for _, x := range []string{d, filepath.Join(d, "p"), filepath.Join(d, "r")} {
		if err := chownForCluster(x); err != nil {
			t.Fatal(err)
		}
	}
	// initdb's default pg_hba.conf trusts local replication connections,
	// and wal_level=replica with max_wal_senders=10 is the default.
	if err := run("initdb", "-D", p.data("p"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		t.Fatal(err)
	}
	if err := p.pgctl("p", "start"); err != nil {
		t.Fatal(err)
	}
	if err := run("pg_basebackup", "-h", p.sock("p"), "-U", "postgres", "-D", p.data("r"), "-R", "-X", "stream", "-c", "fast", "--no-sync"); err != nil {
		t.Fatal(err)
	}
	if err := p.pgctl("r", "start"); err != nil {
		t.Fatal(err)
	}
	return p
}

func (p *Pair) data(which string) string { return filepath.Join(p.dir, which, "data") }
func (p *Pair) sock(which string) string { return filepath.Join(p.dir, which) }

func (p *Pair) pgctl(which, action string) error {
	switch action {
	case "start":
		opts := "-k " + p.sock(which) + " -c listen_addresses='' -F -c max_connections=50 -c wal_receiver_status_interval=1s"
		return run("pg_ctl", "-D", p.data(which), "-o", opts, "-l", filepath.Join(p.dir, which, "log"), "-w", "-t", "120", "start")
	default:
		return run("pg_ctl", "-D", p.data(which), "-m", "fast", "-w", "-t", "120", "stop")
	}
}

func (p *Pair) url(which string) string {
	return fmt.Sprintf("postgres://postgres@localhost/postgres?host=%s&sslmode=disable", p.sock(which))
}

// PrimaryURL is the URL of the primary's "postgres" database.
func (p *Pair) PrimaryURL() string { return p.url("p") }

// ReplicaURL is the URL of the replica's "postgres" database.
func (p *Pair) ReplicaURL() string { return p.url("r") }

// StopReplica stops the replica (fast shutdown).
func (p *Pair) StopReplica() {
	p.t.Helper()
	if err := p.pgctl("r", "stop"); err != nil {
		p.t.Fatal(err)
	}
}

// StartReplica starts the stopped replica again; it resumes streaming.
func (p *Pair) StartReplica() {
	p.t.Helper()
	if err := p.pgctl("r", "start"); err != nil {
		p.t.Fatal(err)
	}
}

func (p *Pair) remove() {
	for _, w := range []string{"r", "p"} {
		if _, err := os.Stat(filepath.Join(p.data(w), "postmaster.pid")); err == nil {
			_ = run("pg_ctl", "-D", p.data(w), "-m", "immediate", "-w", "stop")
		}
	}
	_ = os.RemoveAll(p.dir)
}

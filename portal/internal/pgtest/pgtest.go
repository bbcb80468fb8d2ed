// Package pgtest starts a throw-away PostgreSQL cluster from the Debian
// binaries (/usr/lib/postgresql/*/bin) for tests, on a unix socket in a
// temporary directory. Tests skip when the binaries are not installed.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
)

var (
	once    sync.Once
	dir     string
	bin     string
	started bool
	initErr error
	skipMsg string
	seq     atomic.Int64
)

func findBin() string {
	m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	if len(m) == 0 {
		return ""
	}
	sort.Strings(m) // newest version last (single-digit majors sort fine from 10 up)
	return filepath.Dir(m[len(m)-1])
}

func run(name string, args ...string) error {
	cmd := exec.Command(filepath.Join(bin, name), args...)
	runAsCluster(cmd)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, out)
	}
	return nil
}

func start() {
	bin = findBin()
	if bin == "" {
		skipMsg = "PostgreSQL binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql); skipping PostgreSQL tests"
		return
	}
	var err error
	if dir, err = os.MkdirTemp("", "motcua-pg-"); err != nil {
		initErr = err
		return
	}
	// initdb refuses to run as root: run the cluster as the postgres user.
	if skipMsg, initErr = clusterUser(dir); skipMsg != "" || initErr != nil {
		return
	}
	data := filepath.Join(dir, "data")
	if err := run("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"); err != nil {
		initErr = err
		return
	}
	opts := "-k " + dir + " -c listen_addresses='' -F -c max_connections=200"
	if err := run("pg_ctl", "-D", data, "-o", opts, "-l", filepath.Join(dir, "log"), "-w", "start"); err != nil {
		initErr = err
		return
	}
	started = true
}

// URL returns the URL of a fresh, empty database in the test cluster,
// starting the cluster on first use; it skips the test without binaries.
func URL(t testing.TB) string {
	t.Helper()
	once.Do(start)
	if skipMsg != "" {
		t.Skip(skipMsg)
	}
	if initErr != nil {
		t.Fatalf("start PostgreSQL: %v", initErr)
	}
	admin := fmt.Sprintf("postgres://postgres@localhost/postgres?host=%s&sslmode=disable", dir)
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("t%d_%d", os.Getpid(), seq.Add(1))
	if _, err := db.ExecContext(context.Background(), "CREATE DATABASE "+name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	return fmt.Sprintf("postgres://postgres@localhost/%s?host=%s&sslmode=disable", name, dir)
}

// Stop stops the cluster and removes its files; call it from TestMain.
func Stop() {
	if started {
		_ = run("pg_ctl", "-D", filepath.Join(dir, "data"), "-m", "immediate", "-w", "stop")
	}
	if dir != "" {
		_ = os.RemoveAll(dir)
	}
}

package walvfs_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"math/rand"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/motcua/motcua/store/walvfs"
)

func dsn(path string, throughVFS bool) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "wal_autocheckpoint(0)"} {
		q.Add("_pragma", p)
	}
	if throughVFS {
		q.Set("vfs", walvfs.Name)
	}
	return "file:" + filepath.ToSlash(path) + "?" + q.Encode()
}

func open(t testing.TB, path string, throughVFS bool) *sql.DB {
	t.Helper()
	if err := walvfs.Register(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", dsn(path, throughVFS))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, k TEXT, v BLOB)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE INDEX IF NOT EXISTS t_k ON t (k)`); err != nil {
		t.Fatal(err)
	}
	return db
}

func blob(id, n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewSource(int64(id)))
	r.Read(b)
	return b
}

// A commit of several pages reaches the file in one write, not two per
// page. Fails without the buffering (made would equal asked).
func TestCommitIsOneWrite(t *testing.T) {
	db := open(t, filepath.Join(tempDir(t), "a.db"), true)
	const commits = 40
	a0, m0 := walvfs.Stats()
	for i := 1; i <= commits; i++ {
		if _, err := db.Exec(`INSERT INTO t (id, k, v) VALUES (?, ?, ?)`, i, fmt.Sprint("k", i), blob(i, 9000)); err != nil {
			t.Fatal(err)
		}
	}
	a1, m1 := walvfs.Stats()
	asked, made := a1-a0, m1-m0
	t.Logf("%d commits: SQLite asked for %d writes, %d made", commits, asked, made)
	if asked < 4*commits {
		t.Fatalf("SQLite asked for %d writes for %d multi-page commits: is the WAL opened through the VFS?", asked, commits)
	}
	// One write per commit, and one more for the WAL header of the first.
	if made > commits+1 {
		t.Fatalf("%d writes made for %d commits, want at most %d", made, commits, commits+1)
	}
}

// Every commit is visible to a second connection as soon as it returns,
// whether that connection goes through the VFS or the default one, and
// across checkpoints that restart the WAL.
func TestReadersSeeEveryCommit(t *testing.T) {
	path := filepath.Join(tempDir(t), "b.db")
	w := open(t, path, true)
	readers := []*sql.DB{open(t, path, false), open(t, path, true)}
	want := sha256.New()
	for i := 1; i <= 300; i++ {
		v := blob(i, 100+(i*797)%12000)
		want.Write(v)
		if _, err := w.Exec(`INSERT INTO t (id, k, v) VALUES (?, ?, ?)`, i, fmt.Sprint("k", i), v); err != nil {
			t.Fatal(err)
		}
		if i%37 == 0 {
			mode := []string{"PASSIVE", "RESTART", "TRUNCATE"}[i%3]
			if _, err := w.Exec(`PRAGMA wal_checkpoint(` + mode + `)`); err != nil {
				t.Fatal(mode, err)
			}
		}
		for j, r := range readers {
			var n int
			var got []byte
			if err := r.QueryRow(`SELECT count(*), (SELECT v FROM t WHERE id = ?) FROM t`, i).Scan(&n, &got); err != nil {
				t.Fatal(err)
			}
			if n != i || !bytes.Equal(got, v) {
				t.Fatalf("reader %d after commit %d: %d rows, row %d %d bytes (want %d)", j, i, n, i, len(got), len(v))
			}
		}
	}
	// A transaction far past the buffer (2 MB), and one that rolls back.
	tx, err := w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 301; i <= 700; i++ {
		v := blob(i, 5000)
		want.Write(v)
		if _, err := tx.Exec(`INSERT INTO t (id, k, v) VALUES (?, ?, ?)`, i, fmt.Sprint("k", i), v); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	tx, err = w.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for i := 701; i <= 900; i++ {
		if _, err := tx.Exec(`INSERT INTO t (id, k, v) VALUES (?, ?, ?)`, i, "x", blob(i, 5000)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	for j, r := range readers {
		h := sha256.New()
		rows, err := r.Query(`SELECT v FROM t ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var v []byte
			if err := rows.Scan(&v); err != nil {
				t.Fatal(err)
			}
			h.Write(v)
			n++
		}
		rows.Close()
		if n != 700 || !bytes.Equal(h.Sum(nil), want.Sum(nil)) {
			t.Fatalf("reader %d: %d rows, content differs: %v", j, n, !bytes.Equal(h.Sum(nil), want.Sum(nil)))
		}
	}
	w.Close()
	check := open(t, path, false)
	var ok string
	if err := check.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("integrity_check: %q %v", ok, err)
	}
}

// A writer killed at any moment loses no commit it had been told was done,
// and leaves a database SQLite opens clean. The child commits rows and
// prints each id after its commit returned; the parent kills it with
// SIGKILL after a number of lines.
func TestKilledWriterLosesNoCommit(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGKILL: the Linux test")
	}
	if os.Getenv("WALVFS_CHILD") != "" {
		return
	}
	for round, after := range []int{1, 17, 150, 400} {
		path := filepath.Join(t.TempDir(), "c.db")
		cmd := exec.Command(os.Args[0], "-test.run", "^TestKilledWriterChild$")
		cmd.Env = append(os.Environ(), "WALVFS_CHILD="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(out)
		last := 0
		for sc.Scan() {
			id, err := strconv.Atoi(sc.Text())
			if err != nil {
				continue // go test's own output
			}
			last = id
			if id >= after {
				break
			}
		}
		cmd.Process.Kill()
		cmd.Wait()
		if last < after {
			t.Fatalf("round %d: child stopped at %d before %d commits", round, last, after)
		}
		db := open(t, path, false)
		var n, max int
		if err := db.QueryRow(`SELECT count(*), coalesce(max(id), 0) FROM t`).Scan(&n, &max); err != nil {
			t.Fatal(err)
		}
		if n != max || max < last {
			t.Fatalf("round %d: child reported commit %d; the database has %d rows up to id %d", round, last, n, max)
		}
		rows, err := db.Query(`SELECT id, v FROM t`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int
			var v []byte
			if err := rows.Scan(&id, &v); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(v, blob(id, 3000+id%5000)) {
				t.Fatalf("round %d: row %d differs", round, id)
			}
		}
		rows.Close()
		var ok string
		if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			t.Fatalf("round %d: integrity_check: %q %v", round, ok, err)
		}
		t.Logf("round %d: killed after commit %d; %d rows found", round, last, n)
	}
}

// TestKilledWriterChild is the child of TestKilledWriterLosesNoCommit.
func TestKilledWriterChild(t *testing.T) {
	path := os.Getenv("WALVFS_CHILD")
	if path == "" {
		t.Skip("run by TestKilledWriterLosesNoCommit")
	}
	db := open(t, path, true)
	deadline := time.Now().Add(5 * time.Minute) // the parent kills it long before
	for id := 1; time.Now().Before(deadline); id++ {
		if _, err := db.Exec(`INSERT INTO t (id, k, v) VALUES (?, ?, ?)`, id, fmt.Sprint("k", id), blob(id, 3000+id%5000)); err != nil {
			t.Fatal(err)
		}
		if id%97 == 0 {
			db.Exec(`PRAGMA wal_checkpoint(PASSIVE)`)
		}
		fmt.Println(id)
	}
}

// tempDir is t.TempDir with a cleanup that deletes file by file: under
// Wine 8.0 os.RemoveAll fails ("Invalid function": no
// FileDispositionInformationEx), and two of these tests run there
// (cmd/motcua's TestWinePackageTests).
func tempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "motcua-walvfs-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			os.Remove(filepath.Join(dir, e.Name()))
		}
		if err := os.Remove(dir); err != nil {
			t.Errorf("clean up: %v", err)
		}
	})
	return dir
}

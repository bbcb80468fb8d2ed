package console_test

import (
	"database/sql"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/centre/console"
)

// When the centre's writes are slow — here another program holds the
// database's write lock for 400 ms around each ticket, as a backup tool or a
// failing disk would make them — the monitor tells the supervisor, in
// Vietnamese and English, with the time a write takes; with writes at
// their usual speed it says nothing. Fails if the alert never comes, or
// comes for fast writes.
func TestMonitorWarnsOfSlowWrites(t *testing.T) {
	e := newEnv(t)
	sup := e.login("giamsat")
	for range 10 {
		e.issue("hotich")
	}
	var m console.Monitor
	if st, body := sup.get("/console/api/monitor", &m); st != 200 {
		t.Fatalf("monitor: %d %s", st, body)
	}
	if alertKinds(m)["slow_writes"] {
		t.Fatalf("slow_writes alert with writes at their usual speed: %+v", m.Alerts)
	}

	makeWritesSlow(t, e)
	if st, body := sup.get("/console/api/monitor", &m); st != 200 {
		t.Fatalf("monitor: %d %s", st, body)
	}
	var got *console.Alert
	for i := range m.Alerts {
		if m.Alerts[i].Kind == "slow_writes" {
			got = &m.Alerts[i]
		}
	}
	if got == nil {
		t.Fatalf("no slow_writes alert after 12 writes held 400 ms each: %+v", m.Alerts)
	}
	if !strings.Contains(got.Message, "Máy chủ lưu dữ liệu chậm") || !strings.Contains(got.Message, "kiểm tra ổ đĩa") ||
		!strings.Contains(got.MessageEN, "slow to save data") || !strings.Contains(got.Message, " ms ") {
		t.Fatalf("alert %+v", *got)
	}
}

// makeWritesSlow holds the database's write lock from another connection
// for 400 ms around each of 12 tickets (of the 16 writes the store
// remembers): the alert is at 100 ms, which leaves room for a slow start of
// the ticket's goroutine on a loaded machine.
func makeWritesSlow(t *testing.T, e *env) {
	t.Helper()
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Set("_txlock", "immediate")
	other, err := sql.Open("sqlite", "file:"+filepath.ToSlash(e.ts.DBPath)+"?"+q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	other.SetMaxOpenConns(1)
	for range 12 {
		tx, err := other.Begin() // BEGIN IMMEDIATE: the write lock
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { defer close(done); e.issue("hotich") }() // waits for the lock
		time.Sleep(400 * time.Millisecond)                   // the alert is at 100 ms: room for a slow start of the goroutine
		tx.Rollback()
		<-done
	}
}

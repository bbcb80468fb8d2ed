package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRotatingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "logs", "centre.log")
	r, err := openRotating(path, 1000, 3)
	if err != nil {
		t.Fatal(err)
	}
	line := bytes.Repeat([]byte("x"), 99)
	line = append(line, '\n')
	for i := range 55 { // 5500 bytes: the current file and more than keep old ones
		copy(line, fmt.Sprintf("%04d", i))
		if _, err := r.Write(line); err != nil {
			t.Fatal(err)
		}
	}
	r.Close()
	cur, _ := os.ReadFile(path)
	if len(cur) == 0 || len(cur) > 1000 {
		t.Errorf("current file %d bytes, want 1..1000", len(cur))
	}
	if !bytes.HasPrefix(bytes.Split(cur, []byte("\n"))[len(bytes.Split(cur, []byte("\n")))-2], []byte("0054")) {
		t.Errorf("the newest line is not last in the current file")
	}
	for i := 1; i <= 3; i++ {
		b, err := os.ReadFile(fmt.Sprintf("%s.%d", path, i))
		if err != nil || len(b) != 1000 {
			t.Errorf("%s.%d: %d bytes, %v", path, i, len(b), err)
		}
	}
	if _, err := os.Stat(path + ".4"); err == nil {
		t.Error("more old files kept than asked")
	}
	// reopening appends
	r, _ = openRotating(path, 1000, 3)
	r.Write([]byte("again\n"))
	r.Close()
	if b, _ := os.ReadFile(path); !bytes.HasSuffix(b, []byte("again\n")) || len(b) != len(cur)+6 {
		t.Errorf("reopen did not append: %d bytes", len(b))
	}
}

type recordedEvents struct{ warnings, errors []string }

func (r *recordedEvents) Warning(_ uint32, m string) error {
	r.warnings = append(r.warnings, m)
	return nil
}
func (r *recordedEvents) Error(_ uint32, m string) error { r.errors = append(r.errors, m); return nil }

// The service's warnings and errors reach the event log as whole records;
// information stays in the file only; the file gets everything.
func TestLevelTeeToEventLog(t *testing.T) {
	var file bytes.Buffer
	ev := &recordedEvents{}
	old := logOut
	logOut = levelTee{w: &file, sink: ev}
	defer func() { logOut = old }()
	log := newLogger()
	log.Info("centre server listening", "addr", "0.0.0.0:8080")
	log.Warn("printer offline", "counter", 3)
	log.Error("database write failed", "err", "disk full")
	fmt.Fprintf(logOut, "level=ERROR msg=\"centre server stopped\" err=%q\n", "exit") // as the service writes it
	if n := strings.Count(file.String(), "\n"); n != 4 {
		t.Fatalf("log file has %d records, want 4:\n%s", n, file.String())
	}
	if len(ev.warnings) != 1 || !strings.Contains(ev.warnings[0], `msg="printer offline" counter=3`) {
		t.Errorf("event log warnings = %q", ev.warnings)
	}
	if len(ev.errors) != 2 || !strings.Contains(ev.errors[0], `err="disk full"`) || strings.HasSuffix(ev.errors[0], "\n") || !strings.HasPrefix(ev.errors[1], "level=ERROR") {
		t.Errorf("event log errors = %q", ev.errors)
	}
}

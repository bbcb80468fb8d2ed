package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// rotatingFile is a log file that is renamed to NAME.1 (NAME.1 to NAME.2,
// …, keeping keep old files) once it passes max bytes. The Windows service
// logs here: a service has no console and no journal.
type rotatingFile struct {
	path string
	max  int64
	keep int

	mu   sync.Mutex
	f    *os.File
	size int64
}

func openRotating(path string, max int64, keep int) (*rotatingFile, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, err
	}
	r := &rotatingFile{path: path, max: max, keep: keep}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *rotatingFile) open() error {
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return err
	}
	r.f, r.size = f, st.Size()
	return nil
}

func (r *rotatingFile) Write(b []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, os.ErrClosed
	}
	if r.size > 0 && r.size+int64(len(b)) > r.max {
		if err := r.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := r.f.Write(b)
	r.size += int64(n)
	return n, err
}

// rotate closes the file before renaming it: Windows cannot rename an
// open file.
func (r *rotatingFile) rotate() error {
	if err := r.f.Close(); err != nil {
		return err
	}
	r.f = nil
	os.Remove(fmt.Sprintf("%s.%d", r.path, r.keep))
	for i := r.keep - 1; i >= 1; i-- {
		os.Rename(fmt.Sprintf("%s.%d", r.path, i), fmt.Sprintf("%s.%d", r.path, i+1))
	}
	if err := os.Rename(r.path, r.path+".1"); err != nil {
		return err
	}
	return r.open()
}

func (r *rotatingFile) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}

// eventSink is where the Windows service sends the records an operator
// must see without opening the log file: the Windows event log
// (Application, source motcua-centre). Elsewhere there is none.
type eventSink interface {
	Warning(eid uint32, msg string) error
	Error(eid uint32, msg string) error
}

// Event ids of the records the service writes to the event log.
const (
	eventIDInfo    = 1
	eventIDWarning = 2
	eventIDError   = 3
)

// levelTee writes every log record to w and the warnings and errors also
// to sink. slog's text handler writes one whole record per Write, so the
// level is read from the record itself ("level=WARN", "level=ERROR").
// A failing sink never stops the log file.
type levelTee struct {
	w    io.Writer
	sink eventSink
}

func (t levelTee) Write(b []byte) (int, error) {
	n, err := t.w.Write(b)
	if t.sink != nil {
		line := strings.TrimRight(string(b), "\n")
		if len(line) > 31000 { // an event's text is at most 31,839 characters
			line = line[:31000] + "…"
		}
		switch {
		case strings.HasPrefix(line, "level=ERROR ") || strings.Contains(line, " level=ERROR "):
			_ = t.sink.Error(eventIDError, line)
		case strings.HasPrefix(line, "level=WARN ") || strings.Contains(line, " level=WARN "):
			_ = t.sink.Warning(eventIDWarning, line)
		}
	}
	return n, err
}

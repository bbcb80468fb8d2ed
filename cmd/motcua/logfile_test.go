package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
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

package serialport

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/creack/pty"
)

func TestOpenMissing(t *testing.T) {
	_, err := Open(Config{Path: filepath.Join(t.TempDir(), "nope")})
	if !errors.Is(err, ErrNotFound) || !Gone(err) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	if _, err := Open(Config{}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("no path: %v", err)
	}
	if _, err := Open(Config{Path: "/dev/null", Parity: "weird"}); err == nil {
		t.Fatal("bad parity accepted")
	}
}

func TestMatchUSB(t *testing.T) {
	ports := []Info{
		{Name: "/dev/ttyS0"},
		{Name: "/dev/ttyUSB0", USB: true, VID: "0416", PID: "5011", SerialNumber: "A1"},
		{Name: "/dev/ttyUSB1", USB: true, VID: "0416", PID: "5011", SerialNumber: "B2"},
	}
	tests := []struct {
		id, want string
		err      error
	}{
		{"0416:5011", "/dev/ttyUSB0", nil},
		{"0416:5011:B2", "/dev/ttyUSB1", nil},
		{"0416:5011:C3", "", ErrNotFound},
		{"0483:5740", "", ErrNotFound},
	}
	for _, tc := range tests {
		got, err := matchUSB(ports, splitID(tc.id))
		if got != tc.want || !errors.Is(err, tc.err) {
			t.Errorf("%s: %q %v", tc.id, got, err)
		}
	}
	if _, err := FindUSB("nonsense"); err == nil {
		t.Error("bad id accepted")
	}
}

func splitID(s string) []string {
	var out []string
	cur := ""
	for _, c := range s {
		if c == ':' {
			out = append(out, cur)
			cur = ""
			continue
		}
		cur += string(c)
	}
	return append(out, cur)
}

// A real pty: read timeout gives (0, nil), data round-trips, and closing
// the other side makes the port Gone.
func TestPty(t *testing.T) {
	m, tty, err := pty.Open()
	if err != nil {
		t.Skip("no pty:", err)
	}
	defer tty.Close()
	p, err := Open(Config{Path: tty.Name(), Baud: 115200, Parity: "even", StopBits: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if err := p.SetReadTimeout(20 * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	if n, err := p.Read(buf); n != 0 || err != nil {
		t.Fatalf("timeout read = %d, %v; want 0, nil", n, err)
	}
	if _, err := m.Write([]byte("hi")); err != nil {
		t.Fatal(err)
	}
	if err := p.SetReadTimeout(5 * time.Second); err != nil {
		t.Fatal(err)
	}
	if n, err := p.Read(buf); err != nil || string(buf[:n]) != "hi" {
		t.Fatalf("read %q %v", buf[:n], err)
	}
	if _, err := p.Write([]byte("ok")); err != nil {
		t.Fatal(err)
	}
	m.Close()
	tty.Close()
	_, werr := p.Write([]byte("x"))
	_, rerr := p.Read(buf)
	if !Gone(werr) && !Gone(rerr) {
		t.Fatalf("after hangup: write %v, read %v; want Gone", werr, rerr)
	}
}

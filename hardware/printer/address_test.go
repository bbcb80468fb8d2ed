package printer

import (
	"testing"

	"github.com/motcua/motcua/hardware/serialport"
)

func TestParseAddress(t *testing.T) {
	ok := []struct {
		in   string
		want Address
	}{
		{"/dev/ttyUSB0", Address{Transport: Serial, Serial: serialport.Config{Path: "/dev/ttyUSB0"}}},
		{"data/dev/printer0", Address{Transport: Serial, Serial: serialport.Config{Path: "data/dev/printer0"}}},
		{"/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0", Address{Transport: Serial, Serial: serialport.Config{Path: "/dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0"}}},
		{"COM3", Address{Transport: Serial, Serial: serialport.Config{Path: "COM3"}}},
		{"serial:COM3", Address{Transport: Serial, Serial: serialport.Config{Path: "COM3"}}},
		{`serial:\\.\COM12?baud=9600`, Address{Transport: Serial, Serial: serialport.Config{Path: `\\.\COM12`, Baud: 9600}}},
		{"serial:/dev/ttyUSB0?baud=115200&parity=even&stopbits=2&databits=7", Address{Transport: Serial,
			Serial: serialport.Config{Path: "/dev/ttyUSB0", Baud: 115200, Parity: "even", StopBits: 2, DataBits: 7}}},
		{"serial:?usb=0416:5011&baud=115200", Address{Transport: Serial, Serial: serialport.Config{USB: "0416:5011", Baud: 115200}}},
		{"tcp://192.168.1.50:9100", Address{Transport: TCP, Host: "192.168.1.50:9100"}},
		{"tcp://192.168.1.50", Address{Transport: TCP, Host: "192.168.1.50:9100"}},
		{"TCP://printer.local:9101/", Address{Transport: TCP, Host: "printer.local:9101"}},
		{"tcp:127.0.0.1:4000", Address{Transport: TCP, Host: "127.0.0.1:4000"}},
		{"tcp://[fe80::1]:9100", Address{Transport: TCP, Host: "[fe80::1]:9100"}},
		{"usblp:/dev/usb/lp0", Address{Transport: USBLP, Device: "/dev/usb/lp0"}},
		{"winspool:XP-80C (copy 1)", Address{Transport: Winspool, Queue: "XP-80C (copy 1)"}},
		{`C:\printer.bin`, Address{Transport: Serial, Serial: serialport.Config{Path: `C:\printer.bin`}}},
	}
	for _, tc := range ok {
		got, err := ParseAddress(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseAddress(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
			continue
		}
		// String gives an address that parses back to the same thing
		if again, err := ParseAddress(got.String()); err != nil || again != got {
			t.Errorf("%q → %q → %+v, %v", tc.in, got.String(), again, err)
		}
	}
	for _, in := range []string{"", "serial:", "serial:/dev/ttyS0?baud=fast", "serial:/dev/ttyS0?speed=9600",
		"tcp://", "tcp://host:99999", "tcp://host:9100/path", "tcp://user@host", "usblp:", "winspool:  ", "lpt:1", "http://x"} {
		if a, err := ParseAddress(in); err == nil {
			t.Errorf("ParseAddress(%q) = %+v, want an error", in, a)
		}
	}
}

package printer

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/motcua/motcua/hardware/serialport"
)

// Transports a printer address can name.
const (
	Serial   = "serial"   // serial port: USB CDC, USB-serial, RS-232, virtual COM
	TCP      = "tcp"      // LAN printer: raw ESC/POS on TCP port 9100
	USBLP    = "usblp"    // Linux USB printer class device, /dev/usb/lpN
	Winspool = "winspool" // Windows spooler queue, RAW jobs
)

// DefaultTCPPort is the raw printing port of LAN receipt printers
// (JetDirect / "port 9100" printing).
const DefaultTCPPort = "9100"

// Address is a parsed printer address. The syntax, one string for the
// apps' --printer flag and config:
//
//	/dev/ttyUSB0, COM3                     serial port (bare path, as before)
//	serial:/dev/ttyUSB0?baud=115200        serial port with settings
//	serial:COM3                            Windows COM port
//	serial:?usb=0416:5011&baud=115200      serial port found by USB VID:PID[:SERIAL]
//	tcp://192.168.1.50:9100, tcp:host:port LAN printer (port 9100 when left out)
//	usblp:/dev/usb/lp0                     Linux USB printer class device
//	winspool:POS-80                        Windows printer queue (RAW jobs)
//
// Serial settings: baud, parity (none, odd, even), databits, stopbits, usb.
type Address struct {
	Transport string
	// Serial is the port for Serial; a Baud of 0 means "as configured
	// elsewhere" (the --printer-baud flag).
	Serial serialport.Config
	Host   string // TCP: host:port
	Device string // USBLP: device path
	Queue  string // Winspool: printer name as Windows shows it
}

func (a Address) String() string {
	switch a.Transport {
	case TCP:
		return "tcp://" + a.Host
	case USBLP:
		return "usblp:" + a.Device
	case Winspool:
		return "winspool:" + a.Queue
	}
	s := "serial:" + a.Serial.Path
	q := url.Values{}
	if a.Serial.USB != "" {
		q.Set("usb", a.Serial.USB)
	}
	if a.Serial.Baud != 0 {
		q.Set("baud", strconv.Itoa(a.Serial.Baud))
	}
	if a.Serial.Parity != "" {
		q.Set("parity", a.Serial.Parity)
	}
	if a.Serial.DataBits != 0 {
		q.Set("databits", strconv.Itoa(a.Serial.DataBits))
	}
	if a.Serial.StopBits != 0 {
		q.Set("stopbits", strconv.Itoa(a.Serial.StopBits))
	}
	if len(q) > 0 {
		s += "?" + q.Encode()
	}
	return s
}

// ParseAddress parses a printer address (see Address).
func ParseAddress(s string) (Address, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Address{}, fmt.Errorf("printer address is empty")
	}
	scheme, rest, ok := strings.Cut(s, ":")
	if !ok {
		return Address{Transport: Serial, Serial: serialport.Config{Path: s}}, nil
	}
	switch strings.ToLower(scheme) {
	case Serial:
		return parseSerial(s, rest)
	case TCP:
		return parseTCP(s, rest)
	case USBLP:
		if rest == "" {
			return Address{}, fmt.Errorf("printer address %q: want usblp:/dev/usb/lp0", s)
		}
		return Address{Transport: USBLP, Device: rest}, nil
	case Winspool:
		if strings.TrimSpace(rest) == "" {
			return Address{}, fmt.Errorf("printer address %q: want winspool:PRINTER NAME", s)
		}
		return Address{Transport: Winspool, Queue: rest}, nil
	}
	// anything else is a device path (a Windows path has a drive letter)
	if len(scheme) > 1 && !strings.ContainsAny(scheme, `/\.`) {
		return Address{}, fmt.Errorf("printer address %q: unknown transport %q (serial, tcp, usblp, winspool)", s, scheme)
	}
	return Address{Transport: Serial, Serial: serialport.Config{Path: s}}, nil
}

func parseSerial(s, rest string) (Address, error) {
	path, query, _ := strings.Cut(rest, "?")
	a := Address{Transport: Serial, Serial: serialport.Config{Path: path}}
	q, err := url.ParseQuery(query)
	if err != nil {
		return Address{}, fmt.Errorf("printer address %q: %w", s, err)
	}
	for k, v := range q {
		val := v[len(v)-1]
		var n int
		switch k {
		case "baud", "databits", "stopbits":
			if n, err = strconv.Atoi(val); err != nil || n <= 0 {
				return Address{}, fmt.Errorf("printer address %q: %s=%q is not a positive number", s, k, val)
			}
		}
		switch k {
		case "baud":
			a.Serial.Baud = n
		case "databits":
			a.Serial.DataBits = n
		case "stopbits":
			a.Serial.StopBits = n
		case "parity":
			a.Serial.Parity = val
		case "usb":
			a.Serial.USB = val
		default:
			return Address{}, fmt.Errorf("printer address %q: unknown setting %q (baud, parity, databits, stopbits, usb)", s, k)
		}
	}
	if a.Serial.Path == "" && a.Serial.USB == "" {
		return Address{}, fmt.Errorf("printer address %q: no port (serial:/dev/ttyUSB0, serial:COM3 or serial:?usb=VID:PID)", s)
	}
	return a, nil
}

func parseTCP(s, rest string) (Address, error) {
	hostport := strings.TrimPrefix(rest, "//")
	hostport = strings.TrimSuffix(hostport, "/")
	if hostport == "" || strings.ContainsAny(hostport, "/?#@ ") {
		return Address{}, fmt.Errorf("printer address %q: want tcp://HOST:9100", s)
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil { // no port given
		host, port = strings.Trim(hostport, "[]"), DefaultTCPPort
	}
	if n, err := strconv.Atoi(port); err != nil || n <= 0 || n > 65535 {
		return Address{}, fmt.Errorf("printer address %q: bad port %q", s, port)
	}
	if host == "" {
		return Address{}, fmt.Errorf("printer address %q: no host", s)
	}
	return Address{Transport: TCP, Host: net.JoinHostPort(host, port)}, nil
}

package main

import (
	"flag"
	"net"
	"strings"
)

// publicURLFlags are --public-url and --lookup-url of serve and run.
func publicURLFlags(fs *flag.FlagSet) (public, lookup *string) {
	public = fs.String("public-url", "", "the centre server as citizens' phones reach it, for every QR code and printed link (default: http://<this machine's LAN address>:<port> when --addr listens on all interfaces)")
	lookup = fs.String("lookup-url", "", "the portal's dossier lookup page printed on receipts, e.g. https://dichvucong.example.vn/tra-cuu")
	return public, lookup
}

// publicURL is the address citizens' phones use: the flag if given, else
// derived from the listen address. 0.0.0.0 or [::] (all interfaces) is no
// address a phone can open: the machine's LAN address takes its place.
func publicURL(flagValue, listen string) string {
	if flagValue != "" {
		return strings.TrimRight(flagValue, "/")
	}
	return derivePublicURL(listen, lanAddrs())
}

// derivePublicURL with no LAN addresses is the local URL of a listen
// address (127.0.0.1 for 0.0.0.0): what the apps on this machine use.
func derivePublicURL(listen string, lan []net.IP) string {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return "http://" + listen
	}
	ip := net.ParseIP(host)
	if host == "" || ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if best := pickLAN(lan); best != nil {
			host = best.String()
		}
	}
	return "http://" + net.JoinHostPort(host, port)
}

// pickLAN prefers a private IPv4 address (what phones on the centre's
// Wi-Fi reach), then any global IPv4.
func pickLAN(ips []net.IP) net.IP {
	var global net.IP
	for _, ip := range ips {
		v4 := ip.To4()
		if v4 == nil || v4.IsLoopback() || v4.IsLinkLocalUnicast() {
			continue
		}
		if v4.IsPrivate() {
			return v4
		}
		if global == nil && v4.IsGlobalUnicast() {
			global = v4
		}
	}
	return global
}

// lanAddrs lists this machine's interface addresses (no network traffic).
func lanAddrs() []net.IP {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		return nil
	}
	var out []net.IP
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok {
			out = append(out, n.IP)
		}
	}
	return out
}

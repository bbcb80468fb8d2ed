package webhook

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Where webhooks may post (session 5 review, docs/SECURITY.md). A
// supervisor adds endpoints from the console, so without a rule the centre
// would POST, on a supervisor's word, to its own loopback services, to the
// hall LAN's devices and to link-local metadata addresses, and the delivery
// log (status, "connection refused", timeout) would map them. By default
// only public addresses are reached; the LAN, loopback and the rest are
// refused unless the centre's administrator lists the networks in
// [webhooks] allow_networks (CIDR or single addresses), the one place an
// integration on the LAN is declared. The rule is checked on the address
// actually dialled (after DNS, so a name that resolves to 127.0.0.1 is
// refused too) and again when the console adds a URL with a literal
// address or "localhost".

// ErrAddressNotAllowed is the delivery error of a refused destination.
var ErrAddressNotAllowed = errors.New("destination address not allowed for webhooks (not public; add it to [webhooks] allow_networks)")

// blocked are the non-public ranges (RFC 6890 and friends) a webhook may
// not reach unless allowed.
var blocked = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4", "240.0.0.0/4",
		"::/128", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8", "64:ff9b::/96", "2002::/16",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// parseNetworks reads allow_networks.
func parseNetworks(ss []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("webhooks: allow_networks: %q is neither an address nor a CIDR network", s)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// allowedAddr reports whether a webhook may connect to a.
func allowedAddr(a netip.Addr, allow []netip.Prefix) bool {
	a = a.Unmap()
	for _, p := range allow {
		if p.Contains(a) {
			return true
		}
	}
	if !a.IsValid() || a.Zone() != "" {
		return false
	}
	for _, p := range blocked {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// checkHost refuses, before anything is stored, a URL whose host is a
// literal address that may not be reached, or "localhost".
func checkHost(raw string, allow []netip.Prefix) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	h := strings.ToLower(strings.TrimSuffix(u.Hostname(), "."))
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		h = "127.0.0.1"
	}
	if a, err := netip.ParseAddr(h); err == nil && !allowedAddr(a, allow) {
		return ErrAddressNotAllowed
	}
	return nil
}

// guardedClient is the deliveries' HTTP client: no proxy (a proxy would
// dial for us), no redirects, and every connection checked against the
// rule above on the address the dialer is about to use.
func guardedClient(timeout time.Duration, allow []netip.Prefix) *http.Client {
	d := &net.Dialer{Timeout: timeout, Control: func(network, address string, _ syscall.RawConn) error {
		ap, err := netip.ParseAddrPort(address)
		if err != nil || !allowedAddr(ap.Addr(), allow) {
			return ErrAddressNotAllowed
		}
		return nil
	}}
	tr := &http.Transport{
		Proxy: nil,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
		TLSHandshakeTimeout:   timeout,
		ResponseHeaderTimeout: timeout,
		MaxIdleConns:          20,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &http.Client{Timeout: timeout, Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

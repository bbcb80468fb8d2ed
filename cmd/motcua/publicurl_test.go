package main

import (
	"net"
	"testing"
)

func TestPublicURL(t *testing.T) {
	lan := []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("169.254.3.4"), net.ParseIP("fe80::1"), net.ParseIP("203.0.113.9"), net.ParseIP("192.168.1.20")}
	tests := []struct {
		listen string
		lan    []net.IP
		want   string
	}{
		{"0.0.0.0:8080", lan, "http://192.168.1.20:8080"}, // never http://0.0.0.0:8080 in a QR
		{":8080", lan, "http://192.168.1.20:8080"},
		{"[::]:8080", lan, "http://192.168.1.20:8080"},
		{"0.0.0.0:8080", []net.IP{net.ParseIP("203.0.113.9")}, "http://203.0.113.9:8080"},
		{"0.0.0.0:8080", nil, "http://127.0.0.1:8080"},
		{"10.0.0.2:8080", lan, "http://10.0.0.2:8080"},
		{"127.0.0.1:8080", lan, "http://127.0.0.1:8080"},
	}
	for _, tt := range tests {
		if got := derivePublicURL(tt.listen, tt.lan); got != tt.want {
			t.Errorf("derivePublicURL(%q) = %q, want %q", tt.listen, got, tt.want)
		}
	}
	if got := publicURL("https://motcua.example.vn/", "0.0.0.0:8080"); got != "https://motcua.example.vn" {
		t.Errorf("flag: %q", got)
	}
}

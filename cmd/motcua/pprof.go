package main

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"runtime"
)

// MOTCUA_PPROF=127.0.0.1:6060 serves net/http/pprof (profile, trace, heap)
// on that loopback address, for the measurements in docs/BENCHMARKS.md.
// Off unless set; any address that is not loopback is refused. Only
// `motcua serve` takes it (so `motcua bench` passes it to its server).
func init() {
	addr := os.Getenv("MOTCUA_PPROF")
	if addr == "" || len(os.Args) < 2 || os.Args[1] != "serve" {
		return
	}
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		fmt.Fprintf(os.Stderr, "MOTCUA_PPROF=%q ignored: give a loopback host:port\n", addr)
		return
	}
	// Finer heap samples (the default 512 KB misses most small objects).
	runtime.MemProfileRate = 4096
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	l, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(os.Stderr, "MOTCUA_PPROF: %v\n", err)
		return
	}
	go http.Serve(l, mux)
}

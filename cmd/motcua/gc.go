package main

import (
	"os"
	"runtime/debug"
)

// serveGCPercent is `motcua serve`'s GOGC unless the environment sets one.
// The server's live heap is small (~2–4 MB with 220 sockets since each
// socket is one goroutine and no longer holds net/http's buffers,
// centre/wsloop.go) and most of what it allocates is short-lived JSON and
// HTTP garbage: at the default 100 the heap waits for twice the live set.
// With 220 sockets: 38.0–38.5 MB at 100, 35.1–36.4 MB at 50, for ~3 % more
// CPU per ticket (issue 20, docs/BENCHMARKS.md). GOMEMLIMIT (unset by
// default) caps it further.
const serveGCPercent = 50

func init() {
	if len(os.Args) < 2 || os.Args[1] != "serve" {
		return
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(serveGCPercent)
	}
}

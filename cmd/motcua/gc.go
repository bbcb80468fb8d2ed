package main

import (
	"os"
	"runtime/debug"
)

// serveGCPercent is `motcua serve`'s GOGC unless the environment sets one.
// The server's live heap is small (~4–8 MB with 220 sockets) and most of
// what it allocates is short-lived JSON and HTTP garbage: at the default
// 100 the heap waits for twice the live set, and RSS with 220 sockets was
// 44 MB; at 50 it is ~41 MB for ~3 % more CPU per ticket (issue 20,
// docs/BENCHMARKS.md). GOMEMLIMIT (unset by default) caps it further.
const serveGCPercent = 50

func init() {
	if len(os.Args) < 2 || os.Args[1] != "serve" {
		return
	}
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(serveGCPercent)
	}
}

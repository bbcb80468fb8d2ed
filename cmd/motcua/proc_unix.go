//go:build !windows

package main

import (
	"os"
	"os/exec"
)

// prepareChild sets up cmd so that interruptChild can stop it cleanly.
func prepareChild(cmd *exec.Cmd) {}

// interruptChild asks a child motcua process to shut down (as Ctrl-C would).
func interruptChild(p *os.Process) error { return p.Signal(os.Interrupt) }

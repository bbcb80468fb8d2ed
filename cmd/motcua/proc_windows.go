//go:build windows

package main

import (
	"os"
	"os/exec"
	"syscall"

	"golang.org/x/sys/windows"
)

// prepareChild starts cmd in its own console process group, so that a
// CTRL_BREAK event reaches it alone (Windows has no SIGINT to send).
func prepareChild(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.CreationFlags |= windows.CREATE_NEW_PROCESS_GROUP
}

// interruptChild asks a child to shut down: Go programs see CTRL_BREAK as
// os.Interrupt. Without a shared console (a service, a GUI parent) the
// event cannot be delivered and the child is killed; SQLite in WAL mode
// survives that.
func interruptChild(p *os.Process) error {
	if err := windows.GenerateConsoleCtrlEvent(windows.CTRL_BREAK_EVENT, uint32(p.Pid)); err != nil {
		return p.Kill()
	}
	return nil
}

//go:build !windows

// Package procmem reads a process's resident memory (Linux: /proc;
// Windows: GetProcessMemoryInfo) for the load generators and the apps'
// --load modes. It imports nothing of ours.
package procmem

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// ReadRSS reads VmRSS and VmHWM (kB) of a process from /proc (Linux;
// zeros where there is no /proc).
func ReadRSS(pid int) (rss, hwm int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 {
			v, _ := strconv.ParseInt(f[1], 10, 64)
			switch f[0] {
			case "VmRSS:":
				rss = v
			case "VmHWM:":
				hwm = v
			}
		}
	}
	return rss, hwm
}

// ReadCPU is the CPU time (user + system) a process has used so far, from
// /proc/PID/stat (Linux; 0 where there is no /proc).
func ReadCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name (which may hold spaces) in parentheses.
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	// USER_HZ is 100 on every Linux the project targets.
	return time.Duration(ut+st) * (time.Second / 100)
}

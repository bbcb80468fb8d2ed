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

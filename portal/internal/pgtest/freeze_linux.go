package pgtest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// FreezeReplica stops (SIGSTOP) the replica's postmaster and every process
// it started: a replica that hangs instead of refusing. ThawReplica resumes
// it; the test's cleanup thaws it too.
func (p *Pair) FreezeReplica() {
	p.t.Helper()
	p.t.Cleanup(p.ThawReplica)
	p.signalReplica(syscall.SIGSTOP)
}

// ThawReplica resumes a frozen replica.
func (p *Pair) ThawReplica() { p.signalReplica(syscall.SIGCONT) }

func (p *Pair) signalReplica(sig syscall.Signal) {
	b, err := os.ReadFile(filepath.Join(p.data("r"), "postmaster.pid"))
	if err != nil {
		p.t.Fatalf("replica pid: %v", err)
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pm, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		p.t.Fatalf("replica pid: %v", err)
	}
	pids := []int{pm}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so after the last ')'.
		s := string(stat)
		i := strings.LastIndexByte(s, ')')
		if i < 0 {
			continue
		}
		f := strings.Fields(s[i+1:])
		if len(f) > 1 {
			if ppid, _ := strconv.Atoi(f[1]); ppid == pm {
				pids = append(pids, pid)
			}
		}
	}
	for _, pid := range pids {
		_ = syscall.Kill(pid, sig)
	}
}

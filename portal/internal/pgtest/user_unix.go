//go:build unix

package pgtest

import (
	"os"
	"os/exec"
	"os/user"
	"strconv"
	"syscall"
)

var cred *syscall.Credential

// clusterUser picks the user the cluster runs as: the postgres user when
// the tests run as root (initdb refuses root), else the current user.
func clusterUser(dir string) (skip string, err error) {
	if os.Geteuid() != 0 {
		return "", nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return "running as root and no postgres user to run the cluster as; skipping PostgreSQL tests", nil
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	return "", os.Chown(dir, uid, gid)
}

func runAsCluster(cmd *exec.Cmd) {
	if cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	}
}

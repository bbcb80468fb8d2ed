//go:build !unix

package pgtest

import "os/exec"

// clusterUser: the Debian PostgreSQL binaries the tests use exist only on
// Linux; elsewhere the tests skip before getting here.
func clusterUser(dir string) (skip string, err error) { return "", nil }

func runAsCluster(cmd *exec.Cmd) {}

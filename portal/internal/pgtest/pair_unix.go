//go:build unix

package pgtest

import "os"

// chownForCluster gives path to the user the clusters run as (root runs
// them as postgres).
func chownForCluster(path string) error {
	if cred == nil {
		return nil
	}
	return os.Chown(path, int(cred.Uid), int(cred.Gid))
}

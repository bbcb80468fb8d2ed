//go:build unix

package credential

import (
	"fmt"
	"os"
)

// looseFile warns when group or others may read the secret's file.
func looseFile(path string) string {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("%s is readable by other users (mode %#o); chmod 600 it", path, fi.Mode().Perm())
}

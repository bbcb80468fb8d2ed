//go:build !unix

package store

import "io/fs"

// Without Unix permissions there is nothing to tighten here: on Windows the
// folder's ACL (inherited by the files) decides who reads them.
func tightenFile(path string) error { return nil }

func tightenDir(dir string) error { return nil }

// checkBackupOwner: on Windows the folder's ACL decides who could have
// written the backup.
func checkBackupOwner(fi fs.FileInfo, src, target string) error { return nil }

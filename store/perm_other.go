//go:build !unix

package store

// Without Unix permissions there is nothing to tighten here: on Windows the
// folder's ACL (inherited by the files) decides who reads them.
func tightenFile(path string) error { return nil }

func tightenDir(dir string) error { return nil }

//go:build !unix

package credential

// looseFile has nothing to check without Unix permissions (on Windows the
// folder's ACL decides).
func looseFile(path string) string { return "" }

//go:build !unix

package pgtest

func chownForCluster(path string) error { return nil }

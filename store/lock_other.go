//go:build !unix

package store

type fileLock struct{}

func lockFile(path string, exclusive bool) (*fileLock, error) { return &fileLock{}, nil }

func (l *fileLock) release() {}

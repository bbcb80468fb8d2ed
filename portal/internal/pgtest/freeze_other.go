//go:build !linux

package pgtest

// FreezeReplica needs /proc to find the replica's processes: it skips.
func (p *Pair) FreezeReplica() { p.t.Skip("freezing the replica's processes needs Linux") }

// ThawReplica: nothing was frozen.
func (p *Pair) ThawReplica() {}

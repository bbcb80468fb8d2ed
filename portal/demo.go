package portal

import (
	"context"
	_ "embed"
)

// DemoHierarchy is Hà Nội's hierarchy with the demo centres' agency codes
// (the ward centre 000.00.06.H26 of `--demo ward`, the provincial
// centre's branch 000.00.01.H26 of `--demo province`): what `motcua run`
// puts in its local portal, and an example of the file
// `motcua portal don-vi import` reads.
//
//go:embed demodata/hierarchy-hanoi.json
var DemoHierarchy []byte

// EnsureHierarchy imports data when the store holds no hierarchy yet; a
// hierarchy imported by an administrator is never replaced.
func EnsureHierarchy(ctx context.Context, st Store, data []byte) (bool, error) {
	rs, ok := st.(RollupStore)
	if !ok {
		return false, nil
	}
	units, err := rs.Units(ctx)
	if err != nil || len(units) > 0 {
		return false, err
	}
	_, err = ImportHierarchy(ctx, st, data)
	return err == nil, err
}

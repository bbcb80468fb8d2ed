package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/motcua/motcua/portal"
	portalstore "github.com/motcua/motcua/portal/store"
)

// portalUnitsImport is `motcua portal don-vi import --db ... FILE.json`:
// the province's hierarchy (province → provincial centre and its branches,
// commune/ward centres) that the rollups at /thong-ke/tong-hop follow; it
// replaces the stored one (docs/PORTAL.md, "Province hierarchy").
func portalUnitsImport(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("portal don-vi import", flag.ContinueOnError)
	dsn := fs.String("db", "portal.db", "SQLite file, or postgres://... URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("portal don-vi import: give one FILE.json (e.g. portal/demodata/hierarchy-hanoi.json)")
	}
	data, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return err
	}
	st, err := portalstore.Open(ctx, *dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	units, err := portal.ImportHierarchy(ctx, st, data)
	if err != nil {
		return err
	}
	for _, u := range units {
		fmt.Printf("  %-14s %-18s %s\n", u.Code, portal.KindName(u.Kind), u.Name)
	}
	fmt.Printf("motcua: %s: %d centres\n", units[0].Name, len(units)-1)
	return nil
}

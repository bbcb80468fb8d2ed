package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/internal/credential"
	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/store"
)

func init() {
	register("admin", "administer the centre database: officer add, device add|list|revoke, webhook add|list|remove, backup, restore", runAdmin)
}

// officerPassword is the new officer's password for `admin officer add`:
// from a file or the environment; --password still works, warned (ps).
var officerPassword = credential.Secret{Flag: "password", FileFlag: "password-file", Env: []string{"MOTCUA_OFFICER_PASSWORD"}}

func runAdmin(ctx context.Context, args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("usage: motcua admin officer add | device add|list|revoke | backup --to FILE | restore --from FILE [flags]")
	}
	what, verb, rest := args[0], args[1], args[2:]
	if what == "webhook" { // cmd/motcua/webhook.go
		return runWebhookAdmin(ctx, args[1:])
	}
	fs := flag.NewFlagSet("admin "+what+" "+verb, flag.ContinueOnError)
	dbPath := fs.String("db", "data/centre.db", "centre database file")
	if what == "backup" || what == "restore" {
		return runBackupRestore(ctx, what, args[1:])
	}
	switch what + " " + verb {
	case "officer add":
		user := fs.String("username", "", "login name")
		pw := fs.String("password", "", "password (at least 8 characters); visible in ps: prefer --password-file or $MOTCUA_OFFICER_PASSWORD")
		pwFile := fs.String("password-file", "", "file holding the password (0600)")
		role := fs.String("role", "officer", "officer|supervisor|admin")
		name := fs.String("name", "", "full name shown on receipts")
		counters := fs.String("counters", "", "comma-separated counter ids the officer may sign in at, e.g. q1,q2 (docs/SECURITY.md: officer → counters assignment); empty keeps the current assignment")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		assign, err := parseCounterList(*counters)
		if err != nil {
			return err
		}
		if *user == "" {
			return fmt.Errorf("--username is required")
		}
		pass, _, warns, err := officerPassword.Require(*pw, *pwFile)
		if err != nil {
			return fmt.Errorf("a password is needed: %w", err)
		}
		for _, w := range warns {
			fmt.Fprintln(os.Stderr, "motcua: warning:", w)
		}
		*pw = pass
		if *role != "officer" && *role != "supervisor" && *role != "admin" {
			return fmt.Errorf("--role must be officer, supervisor or admin")
		}
		hash, err := centre.HashPassword(*pw)
		if err != nil {
			return err
		}
		db, err := openAdminDB(*dbPath, true) // admin_dbdir.go
		if err != nil {
			return err
		}
		defer db.Close()
		fullName := *name
		if fullName == "" {
			fullName = *user
		}
		if err := db.Write(ctx, func(tx *store.Tx) error {
			if err := tx.PutOfficer(store.Officer{Username: *user, FullName: fullName, PasswordHash: hash, Role: *role}); err != nil {
				return err
			}
			if assign != nil {
				return tx.SetOfficerCounters(*user, assign)
			}
			return nil
		}); err != nil {
			return err
		}
		fmt.Printf("officer %s (%s) saved\n", *user, *role)
		if o, err := db.Officer(ctx, *user); err == nil && o.Role == "officer" && !o.Assigned {
			fmt.Fprintf(os.Stderr, "motcua: warning: officer %s has no counter assignment and may sign in at any counter until given one (--counters, or the console's Officers page)\n", *user)
		}
		return nil
	case "device add":
		role := fs.String("role", "", "kiosk|display|counter|ratingpad (ratingpad: may submit ratings, nothing else)")
		name := fs.String("name", "", "device name, e.g. kiosk-sanh-1")
		padCounter := fs.String("counter", "", "ratingpad: the counter id it faces, e.g. q1 (a pad without one rates only with the QR of a ticket or receipt)")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if *role != "kiosk" && *role != "display" && *role != "counter" && *role != centre.RoleRatingPad {
			return fmt.Errorf("--role must be kiosk, display, counter or ratingpad")
		}
		if *padCounter != "" && *role != centre.RoleRatingPad {
			return fmt.Errorf("--counter is only for --role ratingpad")
		}
		if *name == "" {
			return fmt.Errorf("--name is required")
		}
		db, err := openAdminDB(*dbPath, true) // admin_dbdir.go
		if err != nil {
			return err
		}
		defer db.Close()
		token := centre.NewToken()
		id := randomID()
		if err := db.Write(ctx, func(tx *store.Tx) error {
			if err := tx.PutDevice(store.Device{ID: id, Name: *name, Role: *role}, store.HashToken(token)); err != nil {
				return err
			}
			if *padCounter != "" {
				return ratingpad.BindTx(tx, id, *padCounter)
			}
			return nil
		}); err != nil {
			return err
		}
		if *padCounter != "" {
			fmt.Printf("rating pad bound to counter %s\n", *padCounter)
		}
		fmt.Printf("device %s (%s) enrolled as %s; bearer token:\n%s\n", *name, *role, id, token)
		return nil
	case "device list":
		if err := fs.Parse(rest); err != nil {
			return err
		}
		db, err := openAdminDB(*dbPath, false) // admin_dbdir.go
		if err != nil {
			return err
		}
		defer db.Close()
		ds, err := db.Devices(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROLE\tREVOKED\tLAST SEEN\tSTATE")
		for _, d := range ds {
			seen := "-"
			if !d.LastSeen.IsZero() {
				seen = d.LastSeen.Format("2006-01-02 15:04:05")
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\t%s\n", d.ID, d.Name, d.Role, d.Revoked, seen, d.State)
		}
		return tw.Flush()
	case "device revoke":
		id := fs.String("id", "", "device id or name")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		db, err := openAdminDB(*dbPath, false) // admin_dbdir.go
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.Write(ctx, func(tx *store.Tx) error { return tx.RevokeDevice(*id) }); err != nil {
			return fmt.Errorf("revoke %q: %w", *id, err)
		}
		fmt.Printf("device %s revoked\n", *id)
		return nil
	}
	return fmt.Errorf("unknown admin command %q", what+" "+verb)
}

func randomID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return "dev-" + hex.EncodeToString(b)
}

func runBackupRestore(ctx context.Context, what string, rest []string) error {
	fs := flag.NewFlagSet("admin "+what, flag.ContinueOnError)
	dbPath := fs.String("db", "data/centre.db", "centre database file")
	to := fs.String("to", "", "backup: destination file (must not exist)")
	from := fs.String("from", "", "restore: backup file to restore")
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if what == "backup" {
		if *to == "" {
			return fmt.Errorf("--to is required")
		}
		if err := adminDataDir(*dbPath, false); err != nil { // admin_dbdir.go
			return err
		}
		if err := store.BackupFile(ctx, *dbPath, *to); err != nil {
			return err
		}
		if err := store.Check(ctx, *to); err != nil {
			return err
		}
		fmt.Printf("backup of %s written to %s (integrity ok)\n", *dbPath, *to)
		return nil
	}
	if *from == "" {
		return fmt.Errorf("--from is required")
	}
	if err := adminDataDir(*dbPath, true); err != nil { // admin_dbdir.go
		return err
	}
	kept, err := store.Restore(ctx, *from, *dbPath)
	if err != nil {
		return err
	}
	if kept != "" {
		fmt.Printf("previous database kept as %s\n", kept)
	}
	fmt.Printf("%s restored from %s\n", *dbPath, *from)
	return nil
}

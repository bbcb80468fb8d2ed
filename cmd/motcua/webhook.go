package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/motcua/motcua/internal/credential"
	"github.com/motcua/motcua/webhook"
)

// webhookSecret is the signing secret of `admin webhook add`: from a file or
// the environment; --secret works, warned (ps); none given: one is made and
// printed once.
var webhookSecret = credential.Secret{Flag: "secret", FileFlag: "secret-file", Env: []string{"MOTCUA_WEBHOOK_SECRET"}}

// runWebhookAdmin is `motcua admin webhook add|list|remove`.
func runWebhookAdmin(ctx context.Context, args []string) error {
	if len(args) < 1 {
		return fmt.Errorf("usage: motcua admin webhook add --url URL --events a,b [--secret-file F] | list | remove --id ID [--db PATH]")
	}
	verb, rest := args[0], args[1:]
	fs := flag.NewFlagSet("admin webhook "+verb, flag.ContinueOnError)
	dbPath := fs.String("db", "data/centre.db", "centre database file")
	switch verb {
	case "add":
		url := fs.String("url", "", "endpoint, http:// or https://")
		events := fs.String("events", "ticket.called,dossier.status", "comma-separated events: "+strings.Join(webhook.Events, ","))
		sec := fs.String("secret", "", "signing secret (≥ 16 characters); visible in ps: prefer --secret-file or $MOTCUA_WEBHOOK_SECRET; none: one is made")
		secFile := fs.String("secret-file", "", "file holding the signing secret (0600)")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if err := webhook.CheckURL(*url); err != nil {
			return fmt.Errorf("--url: %w", err)
		}
		evs, err := webhook.ParseEvents(*events)
		if err != nil {
			return fmt.Errorf("--events: %w", err)
		}
		secret, _, warns, err := webhookSecret.Resolve(*sec, *secFile)
		if err != nil {
			return err
		}
		for _, w := range warns {
			fmt.Fprintln(os.Stderr, "motcua: warning:", w)
		}
		made := secret == ""
		if made {
			secret = webhook.NewSecret()
		}
		db, err := openAdminDB(*dbPath, true) // admin_dbdir.go
		if err != nil {
			return err
		}
		defer db.Close()
		h, err := webhook.Add(ctx, db, *url, secret, evs)
		if err != nil {
			return err
		}
		fmt.Printf("webhook %s added: %s (%s)\n", h.ID, h.URL, strings.Join(h.Events, ","))
		if made {
			fmt.Printf("signing secret (shown once):\n%s\n", secret)
		}
		return nil
	case "list":
		if err := fs.Parse(rest); err != nil {
			return err
		}
		db, err := openAdminDB(*dbPath, false) // admin_dbdir.go
		if err != nil {
			return err
		}
		defer db.Close()
		hooks, err := webhook.List(ctx, db)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(os.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tURL\tEVENTS\tADDED")
		for _, h := range hooks {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", h.ID, h.URL, strings.Join(h.Events, ","), h.CreatedAt.Format("2006-01-02 15:04"))
		}
		return tw.Flush()
	case "remove":
		id := fs.String("id", "", "webhook id (from list)")
		if err := fs.Parse(rest); err != nil {
			return err
		}
		db, err := openAdminDB(*dbPath, false) // admin_dbdir.go
		if err != nil {
			return err
		}
		defer db.Close()
		if err := webhook.Remove(ctx, db, *id); err != nil {
			return err
		}
		fmt.Printf("webhook %s removed\n", *id)
		return nil
	}
	return fmt.Errorf("unknown: admin webhook %s (add, list, remove)", verb)
}

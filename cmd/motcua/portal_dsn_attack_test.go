package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestAttackDSNRedacted: `motcua portal serve` logs its --db and --read-db
// URLs at every start (redactDSN). libpq, and so pgx, take the password in
// the user info and as ?password= or ?sslpassword=; the journal keeps what
// is logged and is read more widely than the database. Before: only the
// user info was hidden, the query's password was logged as is.
func TestAttackDSNRedacted(t *testing.T) {
	const secret = "S3cretPw"
	for _, c := range []struct{ dsn, keep string }{
		{"postgres://motcua:" + secret + "@db.example:5432/portal", "db.example:5432/portal"},
		{"postgres://db.example/portal?user=motcua&password=" + secret + "&sslmode=require", "sslmode=require"},
		{"postgresql://db.example/portal?PASSWORD=" + secret, "db.example"},
		{"postgres://db.example/portal?sslmode=verify-full&sslpassword=" + secret, "sslmode=verify-full"},
		{"postgres://db.example/portal?pass%77ord=" + secret, "db.example"},
		{"postgres://db.example/portal?password=" + secret + "%zz", "db.example"},
		{"postgres://u:" + secret + "%zz@db.example/portal", "postgres://"},
		{"postgres://db.example/portal?password=a&password=" + secret, "db.example"},
		{"postgres://u@db.example/portal?host=/run/postgresql&password=" + secret + "#frag", "db.example"},
	} {
		got := redactDSN(c.dsn)
		if strings.Contains(got, secret) {
			t.Errorf("redactDSN(%q) = %q: the password is logged", c.dsn, got)
		}
		if !strings.Contains(got, c.keep) {
			t.Errorf("redactDSN(%q) = %q: lost %q (the log must still say which database)", c.dsn, got, c.keep)
		}
	}
	if got := redactDSN("/var/lib/motcua/portal.db"); got != "/var/lib/motcua/portal.db" {
		t.Errorf("a SQLite path changed: %q", got)
	}

	// A malformed --db: the error printed on exit holds no password.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for _, dsn := range []string{
		"postgres://motcua:" + secret + "%zz@127.0.0.1:1/portal",
		"postgres://127.0.0.1:1/portal?password=" + secret + "&connect_timeout=x",
		"postgres://motcua:" + secret + "@127.0.0.1:1/portal?sslmode=disable&connect_timeout=2",
	} {
		err := portalServe(ctx, []string{"--addr", "127.0.0.1:0", "--db", dsn})
		if err == nil {
			t.Fatalf("%q: portal serve started", dsn)
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("the error of --db %q shows the password: %v", dsn, err)
		}
	}
}

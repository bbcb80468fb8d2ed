package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/store"
	"golang.org/x/crypto/bcrypt"
)

// `admin officer add` takes the password from a file or the environment,
// so it need not appear on a command line (ps) or in the shell history.
func TestAdminOfficerAddPasswordFromFileOrEnv(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "centre.db")
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("mat-khau-tu-tep\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := runAdmin(ctx, []string{"officer", "add", "--db", dbPath, "--username", "tep", "--password-file", pwFile}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MOTCUA_OFFICER_PASSWORD", "mat-khau-moi-truong")
	if err := runAdmin(ctx, []string{"officer", "add", "--db", dbPath, "--username", "env"}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MOTCUA_OFFICER_PASSWORD", "")
	if err := runAdmin(ctx, []string{"officer", "add", "--db", dbPath, "--username", "none"}); err == nil {
		t.Fatal("an officer was added without a password")
	}
	db, err := store.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for user, pw := range map[string]string{"tep": "mat-khau-tu-tep", "env": "mat-khau-moi-truong"} {
		o, err := db.Officer(ctx, user)
		if err != nil {
			t.Fatalf("%s: %v", user, err)
		}
		if bcrypt.CompareHashAndPassword([]byte(o.PasswordHash), []byte(pw)) != nil {
			t.Errorf("%s: the stored hash is not of the given password", user)
		}
	}
}

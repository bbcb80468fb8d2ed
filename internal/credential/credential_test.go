package credential_test

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/credential"
)

var tokenSecret = credential.Secret{Flag: "token", FileFlag: "token-file", Env: []string{"MOTCUA_TEST_TOKEN", "MOTCUA_TEST_TOKEN2"}}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	private := filepath.Join(dir, "kiosk.token")
	if err := os.WriteFile(private, []byte("  tok-from-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	loose := filepath.Join(dir, "loose.token")
	if err := os.WriteFile(loose, []byte("tok-loose\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(loose, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.token")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, flag, file, env, env2 string
		want                        string
		from                        credential.Source
		warn                        string // a word every warning list must contain ("" = no warning)
		err                         bool
	}{
		{name: "file, trimmed, no warning", file: private, env: "tok-env", want: "tok-from-file", from: credential.File},
		{name: "file wins over the flag, warned", flag: "tok-flag", file: private, want: "tok-from-file", from: credential.File, warn: "using the file"},
		{name: "old flag still works, warned about ps", flag: "tok-flag", want: "tok-flag", from: credential.Flag, warn: "ps"},
		{name: "flag beats the environment", flag: "tok-flag", env: "tok-env", want: "tok-flag", from: credential.Flag, warn: "ps"},
		{name: "environment", env: "tok-env", want: "tok-env", from: credential.Env},
		{name: "second environment variable", env2: "tok-env2", want: "tok-env2", from: credential.Env},
		{name: "nothing", from: credential.None},
		{name: "missing file", file: filepath.Join(dir, "nope"), err: true},
		{name: "empty file", file: empty, err: true},
	}
	if runtime.GOOS != "windows" {
		tests = append(tests, struct {
			name, flag, file, env, env2 string
			want                        string
			from                        credential.Source
			warn                        string
			err                         bool
		}{name: "world-readable file, warned", file: loose, want: "tok-loose", from: credential.File, warn: "chmod 600"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("MOTCUA_TEST_TOKEN", tc.env)
			t.Setenv("MOTCUA_TEST_TOKEN2", tc.env2)
			got, from, warns, err := tokenSecret.Resolve(tc.flag, tc.file)
			if (err != nil) != tc.err {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			if got != tc.want || from != tc.from {
				t.Fatalf("got %q from %q, want %q from %q", got, from, tc.want, tc.from)
			}
			joined := strings.Join(warns, "\n")
			if tc.warn == "" && joined != "" || !strings.Contains(joined, tc.warn) {
				t.Fatalf("warnings %q, want one with %q", joined, tc.warn)
			}
			for _, w := range warns {
				if got != "" && strings.Contains(w, got) {
					t.Fatalf("a warning holds the secret: %q", w)
				}
			}
		})
	}
}

func TestRequire(t *testing.T) {
	t.Setenv("MOTCUA_TEST_TOKEN", "")
	t.Setenv("MOTCUA_TEST_TOKEN2", "")
	_, _, _, err := tokenSecret.Require("", "")
	if !errors.Is(err, credential.ErrMissing) || !strings.Contains(err.Error(), "--token-file") || !strings.Contains(err.Error(), "$MOTCUA_TEST_TOKEN") {
		t.Fatalf("err = %v", err)
	}
}

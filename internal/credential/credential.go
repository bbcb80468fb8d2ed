// Package credential reads the secrets the programs need (device tokens,
// the portal password) from a file or the environment rather than the
// command line: any local user can read every process's command line
// (ps, /proc/PID/cmdline), while a 0600 file or the environment
// (/proc/PID/environ) is readable by the same user and root only.
package credential

import (
	"errors"
	"fmt"
	"os"
	"strings"
)

// Source is where a secret was found.
type Source string

const (
	None Source = ""
	File Source = "file"
	Flag Source = "flag"
	Env  Source = "env"
)

// Secret names the ways one secret can be given.
type Secret struct {
	Flag     string   // the command-line flag, e.g. "token" (kept for old set-ups, warned)
	FileFlag string   // the flag naming a file, e.g. "token-file"
	Env      []string // environment variables, first set wins
}

// Resolve returns the secret from, in order: the file named by file, the
// value given with the flag, the environment. warnings are for the log
// (never the secret itself): a secret given on the command line, a file
// other users can read.
func (s Secret) Resolve(flagValue, file string) (value string, from Source, warnings []string, err error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", None, nil, fmt.Errorf("--%s: %w", s.FileFlag, err)
		}
		value = strings.TrimSpace(string(b))
		if value == "" {
			return "", None, nil, fmt.Errorf("--%s: %s is empty", s.FileFlag, file)
		}
		if w := looseFile(file); w != "" {
			warnings = append(warnings, w)
		}
		if flagValue != "" {
			warnings = append(warnings, fmt.Sprintf("both --%s and --%s given; using the file", s.Flag, s.FileFlag))
		}
		return value, File, warnings, nil
	}
	if flagValue != "" {
		warnings = append(warnings, FlagWarning(s.Flag, s.FileFlag, s.Env))
		return flagValue, Flag, warnings, nil
	}
	for _, e := range s.Env {
		if v := strings.TrimSpace(os.Getenv(e)); v != "" {
			return v, Env, nil, nil
		}
	}
	return "", None, nil, nil
}

// FlagWarning is the log line for a secret given on the command line.
func FlagWarning(flag, fileFlag string, env []string) string {
	alt := "--" + fileFlag
	if len(env) > 0 {
		alt += " or $" + env[0]
	}
	return fmt.Sprintf("--%s puts the secret on the command line, where every local user sees it (ps, /proc/PID/cmdline); use %s instead", flag, alt)
}

// ErrMissing is returned by Require when no source gave the secret.
var ErrMissing = errors.New("secret missing")

// Require is Resolve that fails when the secret is not given at all.
func (s Secret) Require(flagValue, file string) (string, Source, []string, error) {
	v, from, w, err := s.Resolve(flagValue, file)
	if err == nil && v == "" {
		how := "--" + s.FileFlag
		if len(s.Env) > 0 {
			how += " or $" + strings.Join(s.Env, " or $")
		}
		err = fmt.Errorf("%w: give it with %s", ErrMissing, how)
	}
	return v, from, w, err
}

//go:build !windows

package display

import "context"

// systemPlayer: outside Windows the chime goes through an external player
// (aplay, paplay).
func systemPlayer() (string, func(context.Context, string) error) { return "", nil }

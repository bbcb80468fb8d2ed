package display

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
)

// Chime plays the call chime through the first of aplay (ALSA) or paplay
// (PulseAudio/PipeWire) found on PATH; with neither, it is silent. Fyne has
// no audio API, so an external player is the portable choice on Linux.
// Chimes never overlap: Play queues, and a full queue drops the extra chime
// (the board still shows the call).
type Chime struct {
	cmd  []string
	file string
	q    chan struct{}
	log  *slog.Logger
}

// NewChime finds a player and writes the chime to a temporary file. It
// returns a silent Chime when no player exists or mute is set.
func NewChime(ctx context.Context, mute bool, log *slog.Logger) *Chime {
	c := &Chime{q: make(chan struct{}, 4), log: log}
	if mute {
		return c
	}
	for _, p := range [][]string{{"aplay", "-q"}, {"paplay"}} {
		if path, err := exec.LookPath(p[0]); err == nil {
			c.cmd = append([]string{path}, p[1:]...)
			break
		}
	}
	if c.cmd == nil {
		log.Info("no aplay or paplay on PATH: board chime disabled")
		return c
	}
	dir, err := os.MkdirTemp("", "motcua-display")
	if err != nil {
		log.Warn("chime file", "err", err)
		c.cmd = nil
		return c
	}
	c.file = filepath.Join(dir, "chime.wav")
	if err := os.WriteFile(c.file, ChimeWAV(), 0o600); err != nil {
		log.Warn("chime file", "err", err)
		c.cmd = nil
		return c
	}
	go func() {
		defer os.RemoveAll(dir)
		for {
			select {
			case <-ctx.Done():
				return
			case <-c.q:
				args := append(c.cmd[1:], c.file)
				if err := exec.CommandContext(ctx, c.cmd[0], args...).Run(); err != nil && ctx.Err() == nil {
					log.Warn("chime", "player", c.cmd[0], "err", err)
				}
			}
		}
	}()
	return c
}

// Enabled reports whether a player was found.
func (c *Chime) Enabled() bool { return c.cmd != nil }

// Play queues one chime without blocking.
func (c *Chime) Play() {
	if c.cmd == nil {
		return
	}
	select {
	case c.q <- struct{}{}:
	default:
	}
}

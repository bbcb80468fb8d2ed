package display

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
)

// Chime plays the call chime: on Linux through the first of aplay (ALSA)
// or paplay (PulseAudio/PipeWire) found on PATH, on Windows through the
// system's PlaySound (winmm.dll). With neither, it is silent. Fyne has no
// audio API. Chimes never overlap: Play queues, and a full queue drops the
// extra chime (the board still shows the call).
type Chime struct {
	play func(ctx context.Context, file string) error
	name string
	file string
	q    chan func() []byte // nil: the chime; else makes the WAV to play
	log  *slog.Logger
}

// NewChime finds a player and writes the chime to a temporary file. It
// returns a silent Chime when no player exists or mute is set.
func NewChime(ctx context.Context, mute bool, log *slog.Logger) *Chime {
	c := &Chime{q: make(chan func() []byte, 4), log: log}
	if mute {
		return c
	}
	c.name, c.play = systemPlayer()
	if c.play == nil {
		for _, p := range [][]string{{"aplay", "-q"}, {"paplay"}} {
			if path, err := exec.LookPath(p[0]); err == nil {
				args := p[1:]
				c.name = p[0]
				c.play = func(ctx context.Context, file string) error {
					return exec.CommandContext(ctx, path, append(append([]string{}, args...), file)...).Run()
				}
				break
			}
		}
	}
	if c.play == nil {
		log.Info("no aplay or paplay on PATH: board chime disabled")
		return c
	}
	dir, err := os.MkdirTemp("", "motcua-display")
	if err != nil {
		log.Warn("chime file", "err", err)
		c.play = nil
		return c
	}
	c.file = filepath.Join(dir, "chime.wav")
	if err := os.WriteFile(c.file, ChimeWAV(), 0o600); err != nil {
		log.Warn("chime file", "err", err)
		c.play = nil
		return c
	}
	go func() {
		defer os.RemoveAll(dir)
		for {
			select {
			case <-ctx.Done():
				return
			case build := <-c.q:
				file := c.file
				if build != nil {
					if b := build(); b != nil {
						file = filepath.Join(dir, "call.wav")
						if err := os.WriteFile(file, b, 0o600); err != nil {
							log.Warn("call sound file", "err", err)
							file = c.file
						}
					}
				}
				// One player at a time: a call never talks over the last one.
				if err := c.play(ctx, file); err != nil && ctx.Err() == nil {
					log.Warn("chime", "player", c.name, "err", err)
				}
			}
		}
	}()
	return c
}

// Enabled reports whether a player was found.
func (c *Chime) Enabled() bool { return c.play != nil }

// Play queues one chime without blocking.
func (c *Chime) Play() {
	if c.play == nil {
		return
	}
	select {
	case c.q <- nil:
	default:
	}
}

// Say queues build's WAV (the chime and the spoken call, CallWAV) without
// blocking; build runs on the player's goroutine. A nil WAV plays the chime.
func (c *Chime) Say(build func() []byte) {
	if c.play == nil {
		return
	}
	select {
	case c.q <- build:
	default: // a full queue drops the sound; the board still shows the call
	}
}

package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/motcua/motcua/centre"
	"github.com/motcua/motcua/ratingpad"
	"github.com/motcua/motcua/store"
)

// The demo's rating pad at counter q1 (issue 19): enrolled once (its token
// kept in DATA/ratingpad.json, 0600), named on the banner as the web pad's
// address, and shown as the Fyne pad window beside the other apps when
// there is a display.
func init() {
	runParts = append(runParts, part{"rating pad", func(ctx context.Context, env *runEnv) error {
		tok, err := ensureDemoPad(ctx, env.DB, env.Data, "q1")
		if err != nil {
			return err
		}
		env.AddLine("Rating pad (q1)    %s/pad#token=%s", env.PublicURL, tok)
		if !env.Display {
			return nil
		}
		path := filepath.Join(env.Bin, "motcua-display")
		if runtime.GOOS == "windows" {
			path += ".exe"
		}
		if _, err := os.Stat(path); err != nil {
			return nil // runApps already says the apps are not built
		}
		return env.Spawn(ctx, path, []string{"--mode", "ratingpad", "--counter", "q1", "--server", env.BaseURL, "--width", "1024", "--height", "600"},
			"LANG=vi_VN.UTF-8", "MOTCUA_DISPLAY_TOKEN="+tok)
	}})
}

// ensureDemoPad enrols the demo's pad at counter once and returns its token.
func ensureDemoPad(ctx context.Context, db *store.DB, data, counter string) (string, error) {
	path := filepath.Join(data, "ratingpad.json")
	var saved struct{ Token string }
	if b, err := os.ReadFile(path); err == nil {
		if json.Unmarshal(b, &saved) == nil && saved.Token != "" {
			return saved.Token, nil
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	saved.Token = centre.NewToken()
	id := fmt.Sprintf("may-danh-gia-%s-%d", counter, time.Now().UnixNano()%1000000)
	err := db.Write(ctx, func(tx *store.Tx) error {
		if err := tx.PutDevice(store.Device{ID: id, Name: "may-danh-gia-" + counter, Role: centre.RoleRatingPad}, store.HashToken(saved.Token)); err != nil {
			return err
		}
		return ratingpad.BindTx(tx, id, counter)
	})
	if err != nil {
		return "", err
	}
	b, _ := json.Marshal(saved)
	return saved.Token, os.WriteFile(path, b, 0o600)
}

package main

import (
	"context"
	"path/filepath"
)

// demoSMSFile is set by `motcua run` on a built-in demo centre: messages to
// citizens' phones then go to the simulated SMS gateway, a text file in the
// data folder (notify.SimPhone), where a demo user reads the one-time code
// that /dat-lich and /lay-so ask for. A real centre's config chooses its own
// channel ([notify] phone).
var demoSMSFile string

func init() {
	runParts = append(runParts, part{"simulated SMS", func(ctx context.Context, env *runEnv) error {
		if demoSMSFile != "" {
			env.AddLine("SMS (simulated)    %s   (texts to citizens' phones: the one-time codes of /dat-lich and /lay-so)", demoSMSFile)
		}
		return nil
	}})
}

// useDemoSMS is called by runAll before the server is built.
func useDemoSMS(data, configPath string) {
	if configPath == "" {
		demoSMSFile = filepath.Join(data, "sms.txt")
	}
}

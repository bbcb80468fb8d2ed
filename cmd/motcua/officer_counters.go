package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/motcua/motcua/queue"
)

var counterIDRe = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`) // as queue's config ids

// parseCounterList reads `officer add --counters q1,q2`: nil when empty
// (the assignment is left as it is).
func parseCounterList(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []string
	for _, id := range strings.Split(s, ",") {
		id = strings.TrimSpace(id)
		if !counterIDRe.MatchString(id) {
			return nil, fmt.Errorf("--counters: %q is not a counter id", id)
		}
		out = append(out, id)
	}
	return out, nil
}

// counterIDs is every counter of cfg: the demo's officers may sign in at
// any of them.
func counterIDs(cfg *queue.Config) []string {
	var ids []string
	for _, k := range cfg.Counters {
		ids = append(ids, k.ID)
	}
	return ids
}

package syncagent

import "time"

// SetWaitHook lets a test see every wait Run chooses after a round: whether
// the round made progress, its error and the wait.
func SetWaitHook(a *Agent, f func(progress bool, err error, wait time.Duration)) { a.waitHook = f }

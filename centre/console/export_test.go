package console

// ReturnAtStart runs the start-up return of numbers at counters no longer
// configured (counterends.go), for tests.
var ReturnAtStart = (*Console).returnAtStart

// SetRemovedReturnedHook sets the hook putConfig runs between returning
// the numbers at removed counters and swapping the configuration.
func SetRemovedReturnedHook(fn func()) { testHookRemovedReturned = fn }

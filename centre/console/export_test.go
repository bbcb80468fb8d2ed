package console

// ReturnAtStart runs the start-up return of numbers at counters no longer
// configured (counterends.go), for tests.
var ReturnAtStart = (*Console).returnAtStart

package store

// CandidatesSQL is Candidates' query and arguments, for its plan in tests.
func CandidatesSQL(counter string, services []string) (string, []any) {
	return candidatesSQL(counter, services)
}

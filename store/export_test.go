package store

// CandidateHeadsSQL is candidateHeads' query and arguments, for its plan in tests.
func CandidateHeadsSQL(services []string) (string, []any) {
	return candidateHeads(services)
}

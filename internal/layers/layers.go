// Package layers holds no code: its test checks the import rules of
// docs/ARCHITECTURE.md ("Packages") with go list, so a change that breaks
// them fails the suite instead of waiting for a review.
package layers

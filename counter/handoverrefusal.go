package counter

// The receiving centre's side of a hand-over the deciding centre could not
// record (liên thông, docs/SYNC.md step 8): the dossier view carries the
// server's Vietnamese sentence and what to do; the dossier screen shows
// them under the dossier's details.

func init() {
	TextVI["d.handOverRefused"] = "\n\nCHÚ Ý: %s\nCần làm: %s"
	TextEN["d.handOverRefused"] = "\n\nATTENTION — the deciding centre did not record this hand-over: %s\nWhat to do: %s"
}

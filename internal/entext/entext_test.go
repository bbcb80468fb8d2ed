package entext

import (
	"slices"
	"testing"
)

func TestLeftovers(t *testing.T) {
	centre := "Trung tâm Phục vụ hành chính công phường Hoàn Kiếm"
	texts := []string{
		"Take a number",
		"In person at " + centre,
		"Đang xử lý",
		"Processing",
		"Nguyen Van An", // no diacritics: not caught, and not Vietnamese-only either
		"Xin chao",      // Vietnamese without its marks: out of reach of a letter test
		"Quầy 3",
		"Cafe\u0301",  // decomposed accent
		"phường Hoàn", // a wrapped line of the centre's name
		"Deciding agency: Trung tâm Phục vụ",     // a line ending with the name's beginning
		"hành chính công phường Hoàn Kiếm, then", // one starting with its end
		"Agency: và", // one word is not a piece of a name
	}
	got := Leftovers(texts, centre, "Hoàn Kiếm")
	want := []string{"Agency: và", "Cafe\u0301", "Quầy 3", "Đang xử lý"}
	if !slices.Equal(got, want) {
		t.Fatalf("Leftovers = %q, want %q", got, want)
	}
	if Vietnamese("Counter 3 – Civil status") {
		t.Fatal("an en dash is not Vietnamese")
	}
	if !Vietnamese("Đ") || !Vietnamese("ư") {
		t.Fatal("đ and ư are Vietnamese")
	}
}

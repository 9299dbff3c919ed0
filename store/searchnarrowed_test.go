package store

import (
	"slices"
	"testing"
)

// A saved view narrowed with the words typed after it (model.Query.And)
// is the cases both find: an extra field in both is held in both, not
// taken as alternatives.
func TestSearchTextOfANarrowedView(t *testing.T) {
	smallShards(t)
	db := searchDB(t)
	for _, p := range [][2]string{
		{"state:ca state:ny", "state:ny"},
		{"state:ca state:ny", "state:ny refund"},
		{`company:"acme bank" company:globex`, "-company:globex"},
		{"refund", "state:ca"},
	} {
		view, typed := mustParse(t, p[0]), mustParse(t, p[1])
		got, err := db.SearchText(view.And(typed))
		if err != nil {
			t.Fatal(err)
		}
		a, err := db.SearchText(view)
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.SearchText(typed)
		if err != nil {
			t.Fatal(err)
		}
		var want []uint64
		for _, id := range a.IDs {
			if _, in := slices.BinarySearch(b.IDs, id); in {
				want = append(want, uint64(id))
			}
		}
		var have []uint64
		for _, id := range got.IDs {
			have = append(have, uint64(id))
		}
		if !slices.Equal(have, want) || len(want) == 0 || len(want) == len(a.IDs) {
			t.Errorf("%q narrowed by %q: %d cases, want %d of the view's %d", p[0], p[1], len(have), len(want), len(a.IDs))
		}
	}
}

package fleet

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// firstInOrder gives exactly the first k of a full sort, for any k, size and duplicates
// in the primary key (the order is made total by a tie-break, as the lists' are).
func TestFirstInOrderIsThePrefixOfTheSort(t *testing.T) {
	type item struct{ key, id int }
	order := func(a, b item) int {
		if c := cmp.Compare(b.key, a.key); c != 0 { // descending, as "hungriest first"
			return c
		}
		return cmp.Compare(a.id, b.id)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 7, 50, 333, 2000} {
		for _, k := range []int{-1, 0, 1, 3, 10, 50, 100, n / 4, n / 3, n, n + 5} {
			s := make([]item, n)
			for i := range s {
				s[i] = item{key: r.IntN(10), id: i}
			}
			want := slices.Clone(s)
			slices.SortFunc(want, order)
			want = want[:min(max(k, 0), n)]
			if got := firstInOrder(slices.Clone(s), k, order); !slices.Equal(got, want) {
				t.Fatalf("n=%d k=%d: got %v, want %v", n, k, got, want)
			}
		}
	}
}

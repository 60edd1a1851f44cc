package fleet

import (
	"container/heap"
	"slices"
)

// firstInOrder returns the k first elements of s in cmp's order (a total order),
// sorted. A page of a list needs only page×limit items in order: picking them with a
// bounded heap is O(n log k) where sorting everything is O(n log n) (10,000 game
// servers by deletion priority, first page of 50). s may be reordered.
func firstInOrder[T any](s []T, k int, cmp func(a, b T) int) []T {
	k = min(max(k, 0), len(s))
	if k == 0 {
		return s[:0]
	}
	if k >= len(s)/4 { // a deep page: sorting everything costs about as much
		slices.SortFunc(s, cmp)
		return s[:k]
	}
	h := &worstFirst[T]{items: make([]T, 0, k), cmp: cmp}
	for _, v := range s {
		switch {
		case len(h.items) < k:
			heap.Push(h, v)
		case cmp(v, h.items[0]) < 0: // better than the worst kept
			h.items[0] = v
			heap.Fix(h, 0)
		}
	}
	slices.SortFunc(h.items, cmp)
	return h.items
}

// worstFirst is a heap whose root is the worst kept element under cmp.
type worstFirst[T any] struct {
	items []T
	cmp   func(a, b T) int
}

func (h *worstFirst[T]) Len() int           { return len(h.items) }
func (h *worstFirst[T]) Less(i, j int) bool { return h.cmp(h.items[i], h.items[j]) > 0 }
func (h *worstFirst[T]) Swap(i, j int)      { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *worstFirst[T]) Push(x any)         { h.items = append(h.items, x.(T)) }
func (h *worstFirst[T]) Pop() any {
	last := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return last
}

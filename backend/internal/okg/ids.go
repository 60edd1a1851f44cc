// Package okg holds helpers over OpenKruiseGame's own typed API: ordinal ids and
// id ranges, state names and roll-ups. Label keys and enum values always come from
// gamekruiseiov1alpha1; this package only adds what OKG does not export.
package okg

import (
	"sort"
	"strconv"
	"strings"
)

// Ordinal returns the ordinal id of a game server named "<set>-<n>", or -1.
// OKG names every GameServer after its GameServerSet with the ordinal appended.
func Ordinal(name string) int {
	i := strings.LastIndexByte(name, '-')
	if i < 0 || i == len(name)-1 {
		return -1
	}
	n, err := strconv.Atoi(name[i+1:])
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// IDSet is a set of ordinal ids.
type IDSet map[int]struct{}

// Has reports whether id is in the set.
func (s IDSet) Has(id int) bool { _, ok := s[id]; return ok }

// Sorted returns the ids in ascending order.
func (s IDSet) Sorted() []int {
	out := make([]int, 0, len(s))
	for id := range s {
		out = append(out, id)
	}
	sort.Ints(out)
	return out
}

// FormatIDs renders sorted ids compactly: [1 3 7 8 9] -> "1,3,7-9".
func FormatIDs(ids []int) string {
	ids = append([]int(nil), ids...)
	sort.Ints(ids)
	var b strings.Builder
	for i := 0; i < len(ids); {
		j := i
		for j+1 < len(ids) && ids[j+1] <= ids[j]+1 {
			j++
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(ids[i]))
		if ids[j] != ids[i] {
			b.WriteByte('-')
			b.WriteString(strconv.Itoa(ids[j]))
		}
		i = j + 1
	}
	return b.String()
}

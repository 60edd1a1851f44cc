// Package okg holds helpers over OpenKruiseGame's own typed API: ordinal ids and
// id ranges, state names and roll-ups. Label keys and enum values always come from
// gamekruiseiov1alpha1; this package only adds what OKG does not export.
package okg

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/intstr"
)

// MaxIDSpan bounds one range ("0-99999") so a typo cannot make the server
// allocate a set of billions of ids.
const MaxIDSpan = 100000

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

// ParseIDs parses "1,3,7-9" into a set. Whitespace around items is allowed;
// empty items, negative ids, reversed or oversized ranges are errors that
// say which item is wrong.
func ParseIDs(s string) (IDSet, error) {
	set := IDSet{}
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("must not be empty")
	}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		lo, hi, err := parseIDItem(item)
		if err != nil {
			return nil, err
		}
		for id := lo; id <= hi; id++ {
			set[id] = struct{}{}
		}
	}
	return set, nil
}

func parseIDItem(item string) (int, int, error) {
	if item == "" {
		return 0, 0, fmt.Errorf("empty item in id list")
	}
	loS, hiS, isRange := strings.Cut(item, "-")
	lo, err := parseID(loS)
	if err != nil {
		return 0, 0, fmt.Errorf("%q: %v", item, err)
	}
	if !isRange {
		return lo, lo, nil
	}
	hi, err := parseID(hiS)
	if err != nil {
		return 0, 0, fmt.Errorf("%q: %v", item, err)
	}
	if hi < lo {
		return 0, 0, fmt.Errorf("%q: range end is below its start", item)
	}
	if hi-lo >= MaxIDSpan {
		return 0, 0, fmt.Errorf("%q: range spans more than %d ids", item, MaxIDSpan)
	}
	return lo, hi, nil
}

func parseID(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, fmt.Errorf("missing number")
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	if n < 0 {
		return 0, fmt.Errorf("ids are never negative")
	}
	return n, nil
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

// ReserveIDs expands a GameServerSet's reserveGameServerIds (ints, or strings
// holding an int or an "a-b" range as newer OKG accepts) into a set.
func ReserveIDs(values []intstr.IntOrString) (IDSet, error) {
	set := IDSet{}
	for i, v := range values {
		if v.Type == intstr.Int {
			if v.IntVal < 0 {
				return nil, fmt.Errorf("reserveGameServerIds[%d]: ids are never negative", i)
			}
			set[int(v.IntVal)] = struct{}{}
			continue
		}
		lo, hi, err := parseIDItem(strings.TrimSpace(v.StrVal))
		if err != nil {
			return nil, fmt.Errorf("reserveGameServerIds[%d]: %v", i, err)
		}
		for id := lo; id <= hi; id++ {
			set[id] = struct{}{}
		}
	}
	return set, nil
}

package okg

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/intstr"
)

// Limits of one id list, from a request ("1,3,7-9") or from a set's stored
// reserveGameServerIds. Every list is checked against all of them before anything is
// allocated: the text is scanned and the spans summed first, and only a list within
// the limits becomes an IDSet. Without that, ten ranges of 100,000 ids cost seconds and
// a hundred MiB before being refused.
const (
	// MaxIDs bounds the ids one list selects, summed range by range (an id listed
	// twice counts twice, so the sum bounds the work). It is also the most game
	// servers one request may target.
	MaxIDs = 10000
	// MaxIDItems bounds the comma-separated items (an id or a range) of one list.
	MaxIDItems = 1000
	// MaxIDListLength bounds the text of one list, in bytes: room for MaxIDItems
	// ranges of large ids with spaces.
	MaxIDListLength = 16 * 1024
	// MaxID is the largest id: OKG stores reserved ids as int32.
	MaxID = math.MaxInt32
)

// LimitError says which limit an id list exceeds and by how much.
type LimitError struct {
	What  string // "characters", "items", "ids"
	Got   int
	Limit int
}

func (e *LimitError) Error() string {
	return fmt.Sprintf("the list has %d %s; at most %d are allowed", e.Got, e.What, e.Limit)
}

// ParseIDs parses "1,3,7-9" into a set. Whitespace around items is allowed; empty
// items, negative ids, reversed ranges and lists beyond the limits are errors that
// say which item or limit is wrong.
func ParseIDs(s string) (IDSet, error) {
	if strings.TrimSpace(s) == "" {
		return nil, fmt.Errorf("must not be empty")
	}
	if len(s) > MaxIDListLength {
		return nil, &LimitError{What: "characters", Got: len(s), Limit: MaxIDListLength}
	}
	if items := strings.Count(s, ",") + 1; items > MaxIDItems {
		return nil, &LimitError{What: "items", Got: items, Limit: MaxIDItems}
	}
	total := 0
	for rest, more := s, true; more; {
		var item string
		item, rest, more = strings.Cut(rest, ",")
		lo, hi, err := parseIDItem(strings.TrimSpace(item))
		if err != nil {
			return nil, err
		}
		total += hi - lo + 1
	}
	if total > MaxIDs {
		return nil, &LimitError{What: "ids", Got: total, Limit: MaxIDs}
	}
	// Within the limits: parse again (cheap, already validated) and allocate once.
	set := make(IDSet, total)
	for rest, more := s, true; more; {
		var item string
		item, rest, more = strings.Cut(rest, ",")
		lo, hi, _ := parseIDItem(strings.TrimSpace(item))
		for id := lo; id <= hi; id++ {
			set[id] = struct{}{}
		}
	}
	return set, nil
}

// ReserveIDs expands a GameServerSet's reserveGameServerIds (ints, or strings holding
// an int or an "a-b" range as newer OKG accepts) into a set. The stored list is
// bounded like a request's: a set edited elsewhere to reserve "0-2000000000" is
// refused instead of allocated.
func ReserveIDs(values []intstr.IntOrString) (IDSet, error) {
	total := 0
	for i, v := range values {
		lo, hi, err := reserveItem(v)
		if err != nil {
			return nil, fmt.Errorf("reserveGameServerIds[%d]: %v", i, err)
		}
		total += hi - lo + 1
	}
	if total > MaxIDs {
		return nil, fmt.Errorf("reserveGameServerIds: %w", &LimitError{What: "ids", Got: total, Limit: MaxIDs})
	}
	set := make(IDSet, total)
	for _, v := range values {
		lo, hi, _ := reserveItem(v)
		for id := lo; id <= hi; id++ {
			set[id] = struct{}{}
		}
	}
	return set, nil
}

func reserveItem(v intstr.IntOrString) (int, int, error) {
	if v.Type == intstr.Int {
		if v.IntVal < 0 {
			return 0, 0, fmt.Errorf("ids are never negative")
		}
		return int(v.IntVal), int(v.IntVal), nil
	}
	return parseIDItem(strings.TrimSpace(v.StrVal))
}

func parseIDItem(item string) (int, int, error) {
	if item == "" {
		return 0, 0, fmt.Errorf("empty item in id list")
	}
	loS, hiS, isRange := strings.Cut(item, "-")
	lo, err := parseID(loS)
	if err != nil {
		return 0, 0, fmt.Errorf("%q: %v", shorten(item), err)
	}
	if !isRange {
		return lo, lo, nil
	}
	hi, err := parseID(hiS)
	if err != nil {
		return 0, 0, fmt.Errorf("%q: %v", shorten(item), err)
	}
	if hi < lo {
		return 0, 0, fmt.Errorf("%q: range end is below its start", shorten(item))
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
		return 0, fmt.Errorf("%q is not a whole number", shorten(s))
	}
	if n < 0 {
		return 0, fmt.Errorf("ids are never negative")
	}
	if n > MaxID {
		return 0, fmt.Errorf("%d is above the largest id %d", n, MaxID)
	}
	return n, nil
}

// shorten keeps error messages small when an item is long (the list's length is
// bounded, one item's is not otherwise).
func shorten(s string) string {
	const max = 24
	if len(s) <= max {
		return s
	}
	return s[:max] + "…"
}

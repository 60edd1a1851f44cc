package fleet_test

import (
	"net/url"
	"testing"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

func TestParseGameServerQueryDefaults(t *testing.T) {
	q, err := fleet.ParseGameServerQuery("ns", url.Values{})
	if err != nil {
		t.Fatal(err)
	}
	if q.Page != 1 || q.Limit != fleet.DefaultLimit || q.SortBy != fleet.SortID || !q.Ascending || q.Selector != nil || q.Namespace != "ns" {
		t.Errorf("defaults: %+v", q)
	}
}

func TestPriorityRanges(t *testing.T) {
	ptr := func(n int) *int { return &n }
	for _, tc := range []struct {
		in       string
		min, max *int
		bad      bool
	}{
		{in: "5", min: ptr(5), max: ptr(5)},
		{in: "-3", min: ptr(-3), max: ptr(-3)},
		{in: "1:10", min: ptr(1), max: ptr(10)},
		{in: "-10:-2", min: ptr(-10), max: ptr(-2)},
		{in: "3:", min: ptr(3)},
		{in: ":7", max: ptr(7)},
		{in: ":", bad: true},
		{in: "1-5", bad: true},
		{in: "9:1", bad: true},
		{in: "abc", bad: true},
		{in: "3000000000", bad: true},
	} {
		q, err := fleet.ParseGameServerQuery("", url.Values{fleet.ParamUpdatePriority: {tc.in}})
		if tc.bad {
			if err == nil {
				t.Errorf("%q accepted", tc.in)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		r := q.UpdatePriority
		if !eq(r.Min, tc.min) || !eq(r.Max, tc.max) {
			t.Errorf("%q: got [%v, %v]", tc.in, deref(r.Min), deref(r.Max))
		}
	}
}

func eq(a, b *int) bool { return (a == nil && b == nil) || (a != nil && b != nil && *a == *b) }

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

package okg

import (
	"testing"
)

func TestOrdinal(t *testing.T) {
	for _, tc := range []struct {
		name string
		want int
	}{
		{"minecraft-0", 0}, {"minecraft-10", 10}, {"my-game-server-7", 7},
		{"minecraft", -1}, {"minecraft-", -1}, {"minecraft-x", -1}, {"", -1},
	} {
		if got := Ordinal(tc.name); got != tc.want {
			t.Errorf("Ordinal(%q) = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestFormatIDs(t *testing.T) {
	for _, tc := range []struct {
		in   []int
		want string
	}{
		{nil, ""}, {[]int{4}, "4"}, {[]int{9, 1, 3, 7, 8}, "1,3,7-9"}, {[]int{1, 1, 2}, "1-2"},
	} {
		if got := FormatIDs(tc.in); got != tc.want {
			t.Errorf("FormatIDs(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

package okg

import (
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/util/intstr"
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

func TestParseIDs(t *testing.T) {
	for _, tc := range []struct {
		in      string
		want    []int
		wantErr string
	}{
		{in: "1,3,7-9", want: []int{1, 3, 7, 8, 9}},
		{in: " 2 , 0-1 ", want: []int{0, 1, 2}},
		{in: "5-5", want: []int{5}},
		{in: "3,3", want: []int{3}},
		{in: "", wantErr: "must not be empty"},
		{in: "1,,2", wantErr: "empty item"},
		{in: "-1", wantErr: "missing number"},
		{in: "a", wantErr: "not a whole number"},
		{in: "9-7", wantErr: "below its start"},
		{in: "0-100000", wantErr: "spans more than"},
		{in: "1-2-3", wantErr: "not a whole number"},
	} {
		got, err := ParseIDs(tc.in)
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ParseIDs(%q) error = %v, want %q", tc.in, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseIDs(%q): %v", tc.in, err)
			continue
		}
		if !reflect.DeepEqual(got.Sorted(), tc.want) {
			t.Errorf("ParseIDs(%q) = %v, want %v", tc.in, got.Sorted(), tc.want)
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

func TestReserveIDs(t *testing.T) {
	got, err := ReserveIDs([]intstr.IntOrString{intstr.FromInt32(1), intstr.FromString("4-6"), intstr.FromString("9")})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{1, 4, 5, 6, 9}; !reflect.DeepEqual(got.Sorted(), want) {
		t.Errorf("got %v, want %v", got.Sorted(), want)
	}
	if _, err := ReserveIDs([]intstr.IntOrString{intstr.FromInt32(-1)}); err == nil {
		t.Error("negative reserved id accepted")
	}
	if _, err := ReserveIDs([]intstr.IntOrString{intstr.FromString("x")}); err == nil {
		t.Error("malformed reserved id accepted")
	}
}

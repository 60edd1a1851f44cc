package okg

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/util/intstr"
)

// ranges builds n comma-separated ranges "lo-hi".
func ranges(n, lo, hi int) string {
	items := make([]string, n)
	for i := range items {
		items[i] = fmt.Sprintf("%d-%d", lo, hi)
	}
	return strings.Join(items, ",")
}

func TestParseIDs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    []int
		wantErr string
	}{
		{name: "ids and a range", in: "1,3,7-9", want: []int{1, 3, 7, 8, 9}},
		{name: "spaces around items", in: " 2 , 0-1 ", want: []int{0, 1, 2}},
		{name: "one-id range", in: "5-5", want: []int{5}},
		{name: "duplicates collapse", in: "3,3,2-4", want: []int{2, 3, 4}},
		{name: "exactly MaxIDs", in: "0-9999", want: nil /* checked by length below */},
		{name: "largest id", in: "2147483647", want: []int{MaxID}},
		{name: "empty", in: "", wantErr: "must not be empty"},
		{name: "blank", in: "  ", wantErr: "must not be empty"},
		{name: "empty item", in: "1,,2", wantErr: "empty item"},
		{name: "negative", in: "-1", wantErr: "missing number"},
		{name: "letters", in: "a", wantErr: "not a whole number"},
		{name: "reversed range", in: "9-7", wantErr: "below its start"},
		{name: "two dashes", in: "1-2-3", wantErr: "not a whole number"},
		{name: "above int32", in: "2147483648", wantErr: "above the largest id"},
		{name: "one range over MaxIDs", in: "0-10000", wantErr: "the list has 10001 ids; at most 10000"},
		{name: "overlaps count", in: "0-5000,0-4998,7", wantErr: "the list has 10001 ids; at most 10000"},
		{name: "too many items", in: strings.Repeat("1,", MaxIDItems) + "1", wantErr: "the list has 1001 items; at most 1000"},
		{name: "too long", in: strings.Repeat(" ", MaxIDListLength) + "1", wantErr: "the list has 16385 characters; at most 16384"},
		{name: "long item is shortened in the error", in: strings.Repeat("9", 500), wantErr: `"999999999999999999999999…" is not a whole number`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseIDs(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("ParseIDs error = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseIDs: %v", err)
			}
			if tc.want == nil {
				if len(got) != MaxIDs {
					t.Fatalf("got %d ids, want %d", len(got), MaxIDs)
				}
				return
			}
			if !reflect.DeepEqual(got.Sorted(), tc.want) {
				t.Fatalf("ParseIDs = %v, want %v", got.Sorted(), tc.want)
			}
		})
	}
}

func TestIDListLimitErrorNamesTheLimit(t *testing.T) {
	_, err := ParseIDs(ranges(10, 0, 99999))
	var le *LimitError
	if !errors.As(err, &le) || le.What != "ids" || le.Got != 1_000_000 || le.Limit != MaxIDs {
		t.Fatalf("error %v, want a LimitError of 1000000 ids", err)
	}
}

// A hostile list is refused by scanning, before any set is allocated: the measured
// cost is the error, not the ids it names.
func TestHostileIDListIsRefusedCheaply(t *testing.T) {
	for _, tc := range []struct {
		name string
		list string
	}{
		{"1000 ranges of 99,999 ids", ranges(MaxIDItems, 1, 99999)},
		{"ten ranges of 100,000 ids", ranges(10, 0, 99999)},
		{"one huge range", "0-2147483647"},
		{"too many items", strings.Repeat("7,", 100000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			if _, err := ParseIDs(tc.list); err == nil {
				t.Fatal("accepted")
			}
			if took := time.Since(start); took > 50*time.Millisecond {
				t.Errorf("refusing took %v, want well under 100ms", took)
			}
			allocs := testing.AllocsPerRun(20, func() { _, _ = ParseIDs(tc.list) })
			if allocs > 6 {
				t.Errorf("%v allocations per refusal, want only the error's", allocs)
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, _ = ParseIDs(tc.list)
			runtime.ReadMemStats(&after)
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 4096 {
				t.Errorf("refusing allocated %d bytes, want under 4 KiB", grew)
			}
		})
	}
}

func TestReserveIDs(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      []intstr.IntOrString
		want    []int
		wantErr string
	}{
		{name: "ints and ranges", in: []intstr.IntOrString{intstr.FromInt32(1), intstr.FromString("4-6"), intstr.FromString("9")}, want: []int{1, 4, 5, 6, 9}},
		{name: "none", in: nil, want: []int{}},
		{name: "negative int", in: []intstr.IntOrString{intstr.FromInt32(-1)}, wantErr: "reserveGameServerIds[0]: ids are never negative"},
		{name: "malformed string", in: []intstr.IntOrString{intstr.FromInt32(2), intstr.FromString("x")}, wantErr: "reserveGameServerIds[1]"},
		{name: "huge stored range", in: []intstr.IntOrString{intstr.FromString("0-2000000000")}, wantErr: "2000000001 ids; at most 10000"},
		{name: "many stored ranges", in: []intstr.IntOrString{intstr.FromString("0-9999"), intstr.FromInt32(10000)}, wantErr: "10001 ids"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ReserveIDs(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Sorted(), tc.want) {
				t.Fatalf("got %v, want %v", got.Sorted(), tc.want)
			}
		})
	}
}

func TestReserveIDsRefusesHugeStoredRangeCheaply(t *testing.T) {
	huge := []intstr.IntOrString{intstr.FromString("0-2000000000")}
	start := time.Now()
	allocs := testing.AllocsPerRun(20, func() { _, _ = ReserveIDs(huge) })
	if allocs > 8 || time.Since(start) > 100*time.Millisecond {
		t.Errorf("%v allocations, %v for 21 refusals", allocs, time.Since(start))
	}
}

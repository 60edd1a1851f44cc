package fleet

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/usage"
)

// Sorting 10,000 game servers by usage: every neighbour pair is in order, servers
// without figures come last when the hungriest come first, and ties fall back to the
// natural order (set, then ordinal).
func TestUsageSortAcross10000Servers(t *testing.T) {
	const n = 10_000
	rng := rand.New(rand.NewPCG(1, 2))
	cands := make([]candidate, n)
	for i := range cands {
		gs := &gamev1alpha1.GameServer{ObjectMeta: metav1.ObjectMeta{Namespace: "ns", Name: fmt.Sprintf("s%d-%d", i%7, i)}}
		cands[i] = candidate{gs: gs, id: i, set: fmt.Sprintf("s%d", i%7)}
		if i%50 != 0 { // every 50th has no figures
			cands[i].use = usage.Usage{CPUMilli: rng.Int64N(2000), MemoryBytes: rng.Int64N(4 << 30)}
			cands[i].hasUse = true
		}
	}
	for _, tc := range []struct {
		sortBy    string
		ascending bool
	}{{SortCPUUsage, false}, {SortCPUUsage, true}, {SortMemoryUsage, false}, {SortMemoryUsage, true}} {
		t.Run(fmt.Sprintf("%s/ascending=%v", tc.sortBy, tc.ascending), func(t *testing.T) {
			got := slices.Clone(cands)
			slices.SortFunc(got, gameServerOrder(tc.sortBy, tc.ascending))
			for i := 1; i < len(got); i++ {
				a, b := usageKey(&got[i-1], tc.sortBy), usageKey(&got[i], tc.sortBy)
				if (tc.ascending && a > b) || (!tc.ascending && a < b) {
					t.Fatalf("items %d,%d out of order: %d then %d", i-1, i, a, b)
				}
				if a == b && (got[i-1].set > got[i].set || (got[i-1].set == got[i].set && got[i-1].id > got[i].id)) {
					t.Fatalf("tie at %d not in natural order: %s/%d then %s/%d", i, got[i-1].set, got[i-1].id, got[i].set, got[i].id)
				}
			}
			missing := got[len(got)-n/50:]
			if tc.ascending {
				missing = got[:n/50]
			}
			for _, c := range missing {
				if c.hasUse {
					t.Fatalf("a server with figures (%d) among those without", usageKey(&c, tc.sortBy))
				}
			}
		})
	}
}

func TestMatchesUsage(t *testing.T) {
	r := func(s string) *IntRange {
		q, err := ParseGameServerQuery("", map[string][]string{ParamCPUUsage: {s}})
		if err != nil {
			t.Fatal(err)
		}
		return q.CPUUsage
	}
	with := &candidate{use: usage.Usage{CPUMilli: 250, MemoryBytes: 300 * mib}, hasUse: true}
	without := &candidate{}
	for _, tc := range []struct {
		name string
		q    GameServerQuery
		c    *candidate
		want bool
	}{
		{"no filter, no figures", GameServerQuery{}, without, true},
		{"cpu 200: matches 250m", GameServerQuery{CPUUsage: r("200:")}, with, true},
		{"cpu :200 misses 250m", GameServerQuery{CPUUsage: r(":200")}, with, false},
		{"cpu exact 250", GameServerQuery{CPUUsage: r("250")}, with, true},
		{"memory 256: MiB matches 300Mi", GameServerQuery{MemoryUsage: r("256:")}, with, true},
		{"memory :256 misses 300Mi", GameServerQuery{MemoryUsage: r(":256")}, with, false},
		{"a filter never matches a server without figures", GameServerQuery{CPUUsage: r("0:")}, without, false},
	} {
		if got := matchesUsage(&tc.q, tc.c); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := ParseGameServerQuery("", map[string][]string{ParamMemoryUsage: {"lots"}}); err == nil {
		t.Error("memoryUsage=lots accepted")
	}
}

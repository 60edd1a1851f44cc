package history

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// BenchmarkSQLiteAppend: one recorder batch (2,000 entries and 2,000 object states)
// per op into a store that already holds 200,000 entries.
func BenchmarkSQLiteAppend(b *testing.B) {
	ctx := context.Background()
	s, err := OpenSQLite(ctx, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Append(ctx, SyntheticEntries("c", "ns", "s", 10000, 20000, t0.Add(-time.Hour), t0, 1<<40), nil, nil); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		es := SyntheticEntries("c", "ns", "s", 10000, 2000, t0, t0.Add(time.Second), int64(i)*2000)
		states := make([]ObjectState, 2000)
		for j := range states {
			states[j] = ObjectState{ObjectRef: ObjectRef{Cluster: "c", Kind: KindGameServer, Namespace: "ns", Name: fmt.Sprintf("s-%d", j)},
				UID: "u", Set: "s", Fields: fieldSet{"state": "Ready", "opsState": "None", "deletionPriority": fmt.Sprint(i), "node": "n1", "restart": "0"}}
		}
		if _, err := s.Append(ctx, es, states, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*2000)/b.Elapsed().Seconds(), "entries/s")
}

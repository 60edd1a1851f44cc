package history

import (
	"context"
	"fmt"
	"time"

	"github.com/okg-console/okg-console/backend/internal/pgtest"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// For the integration tests (package history_test), which run the whole console.

// ControlPlane is the package's control plane.
func ControlPlane() *testenv.Env { return env }

// Postgres is the package's PostgreSQL.
func Postgres() *pgtest.Server { return pg }

// Idle reports whether the recorder has stored everything it was handed.
func (r *Recorder) Idle() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.queue) == 0 && !r.busy
}

// AppendForTest stores n observed opsState entries of game servers in namespace at time at.
func AppendForTest(ctx context.Context, s Store, cluster, namespace string, at time.Time, n int) error {
	var es []HistoryEntry
	for i := range n {
		es = append(es, HistoryEntry{Time: at.Add(time.Duration(i) * time.Millisecond), Cluster: cluster, Namespace: namespace,
			Kind: KindGameServer, Name: fmt.Sprintf("gs-%d", i), Change: ChangeOpsState, Old: "None", New: "Maintaining",
			Source: SourceObserved, dedup: at.UnixNano() + int64(i)})
	}
	_, err := s.Append(ctx, es, nil, nil)
	return err
}

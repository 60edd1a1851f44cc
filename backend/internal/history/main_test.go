package history

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/okg-console/okg-console/backend/internal/pgtest"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env *testenv.Env
	pg  *pgtest.Server
)

// TestMain runs a real control plane and a real PostgreSQL for the package.
func TestMain(m *testing.M) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	var err error
	pg, err = pgtest.Start(ctx)
	cancel()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := testenv.RunMain(m, testenv.Options{}, func(e *testenv.Env) { env = e })
	pg.Stop()
	os.Exit(code)
}

var dbSeq int

// stores opens one empty store of each kind for a test.
func stores(t *testing.T) map[string]Store {
	t.Helper()
	ctx := context.Background()
	lite, err := OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	dbSeq++
	dsn, err := pg.CreateDatabase(ctx, fmt.Sprintf("t%d", dbSeq))
	if err != nil {
		t.Fatal(err)
	}
	post, err := OpenPostgres(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lite.Close(); _ = post.Close() })
	return map[string]Store{"sqlite": lite, "postgres": post}
}

package target_test

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/target"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var admin *kube.Clients

func TestMain(m *testing.M) {
	os.Exit(consoletest.Main(m, func(_ *testenv.Env, a *kube.Clients) { admin = a }))
}

// readModel seeds set "s" (opsStates and deletion priorities mixed) and set "t" in a
// namespace and returns the console's read model once it has seen them.
func readModel(t *testing.T) (*fleet.Service, string) {
	t.Helper()
	ns := "target-resolve"
	ops := []gamev1alpha1.OpsState{gamev1alpha1.None, gamev1alpha1.Allocated, gamev1alpha1.None, gamev1alpha1.None, gamev1alpha1.Maintaining, gamev1alpha1.None}
	dp := map[int]int{2: 5, 3: 9, 5: 7}
	s := make([]demo.Server, len(ops))
	for i, o := range ops {
		s[i] = demo.Server{ID: i, State: gamev1alpha1.Ready, OpsState: o, DeletionPriority: dp[i]}
	}
	tt := []demo.Server{{ID: 0, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None}}
	sets := []demo.Set{{Namespace: ns, Name: "s", Image: "img/s:1", Servers: s}, {Namespace: ns, Name: "t", Image: "img/t:1", Servers: tt}}
	if err := demo.Apply(context.Background(), admin, sets, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	cache, err := fleet.NewCache(admin.Kube, admin.Game, config.Default().ProjectLabel)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); cache.Shutdown() })
	if err := cache.Start(ctx); err != nil {
		t.Fatal(err)
	}
	f := fleet.NewService(cache)
	consoletest.WaitFor(t, func() bool {
		return len(f.Select(fleet.GameServerQuery{ListQuery: fleet.ListQuery{Namespace: ns}})) == 7
	})
	return f, ns
}

// The selector against the real read model: filters are the list API's, run in the
// scope's set, in the filter's order, cut at the limit; names and ids resolve once each.
func TestResolveAgainstTheReadModel(t *testing.T) {
	f, ns := readModel(t)
	scope := target.Scope{Namespace: ns, Set: "s", Field: "remove"}
	for _, tc := range []struct {
		name    string
		sel     target.Selector
		found   []string
		missing []string
	}{
		{"idle servers, highest deletion priority first, two of them",
			target.Selector{Filter: map[string]string{"opsState": "None", "sortBy": "deletionPriority", "ascending": "false"}, Limit: 2},
			[]string{"s-3", "s-5"}, nil},
		{"a filter stays in the scope's set", target.Selector{Filter: map[string]string{"opsState": "None"}},
			[]string{"s-0", "s-2", "s-3", "s-5"}, nil},
		{"deletion priority range", target.Selector{Filter: map[string]string{"deletionPriority": "5:"}},
			[]string{"s-2", "s-3", "s-5"}, nil},
		{"duplicate names", target.Selector{Names: []string{"s-4", "s-1", "s-4"}}, []string{"s-4", "s-1"}, nil},
		{"ids, one missing", target.Selector{IDs: "5-6,1"}, []string{"s-1", "s-5"}, []string{"s-6"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := target.Resolve(f, scope, tc.sel)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, gs := range res.Found {
				got = append(got, gs.Name)
			}
			if !reflect.DeepEqual(got, tc.found) || !reflect.DeepEqual(res.MissingNames(), append([]string{}, tc.missing...)) {
				t.Errorf("found %v missing %v, want %v and %v", got, res.MissingNames(), tc.found, tc.missing)
			}
		})
	}
	// A name of the namespace's other set is refused where the scope is one set.
	if _, err := target.Resolve(f, scope, target.Selector{Names: []string{"t-0"}}); fmt.Sprint(err) != "remove.names[0]: t-0 is a game server of set t, not of s" {
		t.Errorf("other set: %v", err)
	}
}

package clusters_test

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/clusters"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/fleet"
)

var (
	states    = []gamev1alpha1.GameServerState{gamev1alpha1.Ready, gamev1alpha1.NotReady, gamev1alpha1.Creating, gamev1alpha1.Crash}
	opsStates = []gamev1alpha1.OpsState{gamev1alpha1.None, gamev1alpha1.Allocated, gamev1alpha1.Maintaining, gamev1alpha1.WaitToDelete}
	networks  = []gamev1alpha1.NetworkState{gamev1alpha1.NetworkReady, gamev1alpha1.NetworkNotReady, ""}
)

// randomFleet is a set of a random size with random states and few distinct
// priorities, so that sort keys tie within and across clusters.
func randomFleet(rng *rand.Rand, ns, name, project string) demo.Set {
	servers := make([]demo.Server, rng.IntN(16))
	for i := range servers {
		servers[i] = demo.Server{ID: i, State: states[rng.IntN(len(states))], OpsState: opsStates[rng.IntN(len(opsStates))],
			NetworkState: networks[rng.IntN(len(networks))], UpdatePriority: rng.IntN(4), DeletionPriority: rng.IntN(4)}
	}
	return demo.Set{Namespace: ns, Name: name, Project: project, Image: "img/game:1", Servers: servers}
}

// viewKey orders the union independently of the code under test: the sort key,
// reversed when descending, then cluster, namespace, set, ordinal and name.
func viewOrder(sortBy string, ascending bool) func(a, b clusters.GameServer) int {
	return func(a, b clusters.GameServer) int {
		var r int
		switch sortBy {
		case fleet.SortName:
			r = cmp.Compare(a.Name, b.Name)
		case fleet.SortNamespace:
			r = cmp.Compare(a.Namespace, b.Namespace)
		case fleet.SortGameServerSet:
			r = cmp.Compare(a.GameServerSet, b.GameServerSet)
		case fleet.SortState:
			r = cmp.Compare(a.State, b.State)
		case fleet.SortOpsState:
			r = cmp.Compare(a.OpsState, b.OpsState)
		case fleet.SortNetworkState:
			r = cmp.Compare(a.Network.State, b.Network.State)
		case fleet.SortUpdatePriority:
			r = cmp.Compare(a.UpdatePriority, b.UpdatePriority)
		case fleet.SortDeletionPriority:
			r = cmp.Compare(a.DeletionPriority, b.DeletionPriority)
		case fleet.SortAge:
			r = b.CreatedAt.Compare(a.CreatedAt)
		default: // id
			r = cmp.Or(cmp.Compare(a.Namespace, b.Namespace), cmp.Compare(a.GameServerSet, b.GameServerSet), cmp.Compare(a.ID, b.ID))
		}
		if !ascending {
			r = -r
		}
		return cmp.Or(r, cmp.Compare(a.Cluster, b.Cluster), cmp.Compare(a.Namespace, b.Namespace),
			cmp.Compare(a.GameServerSet, b.GameServerSet), cmp.Compare(a.ID, b.ID), cmp.Compare(a.Name, b.Name))
	}
}

// TestMergedPageIsThePageOfTheSortedUnion is a property test: random fleets in three
// clusters (two namespaces each, set names shared, so keys tie across clusters), and
// random queries (sort key, order, page, limit, a filter, one namespace or all); the
// all-clusters page must be exactly that page of the union of every cluster's full
// list sorted, totalItems its size.
func TestMergedPageIsThePageOfTheSortedUnion(t *testing.T) {
	seed64 := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed64)
	rng := rand.New(rand.NewPCG(seed64, 14))
	c := start(t, config.AuthKubeconfig, 5*time.Second)
	project := freshNamespace("merge-project")
	nsA, nsB := freshNamespace("merge"), freshNamespace("merge")
	total := 0
	for i := range names {
		sets := []demo.Set{randomFleet(rng, nsA, "s", project), randomFleet(rng, nsA, "t", project), randomFleet(rng, nsB, "s", project)}
		for _, s := range sets {
			total += len(s.Servers)
		}
		seed(t, i, sets)
	}
	waitProject(t, c, project, total)

	sortKeys := []string{fleet.SortID, fleet.SortName, fleet.SortNamespace, fleet.SortGameServerSet, fleet.SortState,
		fleet.SortOpsState, fleet.SortNetworkState, fleet.SortUpdatePriority, fleet.SortDeletionPriority, fleet.SortAge}
	var took []time.Duration
	for n := range 60 {
		q := url.Values{}
		q.Set(fleet.ParamProject, project)
		sortBy := sortKeys[rng.IntN(len(sortKeys))]
		ascending := rng.IntN(2) == 0
		q.Set(fleet.ParamSortBy, sortBy)
		q.Set(fleet.ParamAscending, strconv.FormatBool(ascending))
		limit, page := 1+rng.IntN(12), 1+rng.IntN(6)
		q.Set(fleet.ParamLimit, strconv.Itoa(limit))
		q.Set(fleet.ParamPage, strconv.Itoa(page))
		if rng.IntN(3) == 0 {
			q.Set(fleet.ParamOpsState, string(opsStates[rng.IntN(len(opsStates))]))
		}
		if rng.IntN(2) == 0 {
			q.Set(clusters.ParamNamespace, nsA)
		}
		chosen := names
		if rng.IntN(3) == 0 {
			chosen = []string{names[rng.IntN(3)], names[rng.IntN(3)]}
			q.Set(clusters.ParamClusters, join(chosen...))
		}

		var union []clusters.GameServer
		for _, name := range names {
			if !slices.Contains(chosen, name) {
				continue
			}
			full := url.Values{}
			for k, v := range q {
				if k != clusters.ParamClusters && k != clusters.ParamNamespace {
					full[k] = v
				}
			}
			full.Set(fleet.ParamPage, "1")
			full.Set(fleet.ParamLimit, strconv.Itoa(fleet.MaxLimit))
			path := "/gameservers"
			if ns := q.Get(clusters.ParamNamespace); ns != "" {
				path = "/namespaces/" + ns + path
			}
			var list fleet.List[fleet.GameServerView]
			if code := get(t, clusterAPI(c, name)+path+"?"+full.Encode(), &list, nil); code != http.StatusOK {
				t.Fatalf("cluster %s: full list %d", name, code)
			}
			for _, v := range list.Items {
				union = append(union, clusters.GameServer{Cluster: name, GameServerView: v})
			}
		}
		slices.SortFunc(union, viewOrder(sortBy, ascending))
		want := fleet.PageOf(union, page, limit)

		var got clusters.GameServerList
		began := time.Now()
		code := get(t, c.API+"/multicluster/gameservers?"+q.Encode(), &got, nil)
		took = append(took, time.Since(began))
		if code != http.StatusOK {
			t.Fatalf("query %d (%s): %d", n, q.Encode(), code)
		}
		if got.TotalItems != len(union) {
			t.Errorf("query %d (%s): totalItems %d, want %d", n, q.Encode(), got.TotalItems, len(union))
		}
		if g, w := keysOf(got.Items), keysOf(want); !slices.Equal(g, w) {
			t.Errorf("query %d (%s):\n got %v\nwant %v", n, q.Encode(), g, w)
		}
		for _, st := range got.Clusters {
			if !st.OK {
				t.Errorf("query %d: cluster %s not ok: %d %s", n, st.Name, st.Code, st.Error)
			}
		}
		if len(got.Clusters) != len(uniq(chosen)) {
			t.Errorf("query %d: %d cluster reports, want %d", n, len(got.Clusters), len(uniq(chosen)))
		}
	}
	slices.Sort(took)
	t.Logf("%d game servers in 3 clusters; merged list over HTTP p50 %s, max %s", total, took[len(took)/2], took[len(took)-1])
}

// TestMergedSetsArePagedAsOneList: the set list merges the same way (sorted by name,
// sets named alike in every cluster tie and are ordered by cluster).
func TestMergedSetsArePagedAsOneList(t *testing.T) {
	c := start(t, config.AuthKubeconfig, 5*time.Second)
	project := freshNamespace("sets-project")
	ns := freshNamespace("sets")
	for i := range names {
		seed(t, i, []demo.Set{
			{Namespace: ns, Name: "a", Project: project, Image: "img/game:1", Servers: idle(1 + i)},
			{Namespace: ns, Name: "b", Project: project, Image: "img/game:1", Servers: idle(1)},
		})
	}
	waitProject(t, c, project, 1+2+3+3)
	var got clusters.GameServerSetList
	if code := get(t, c.API+"/multicluster/gameserversets?project="+project+"&limit=2&page=2", &got, nil); code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	var keys []string
	for _, s := range got.Items {
		keys = append(keys, s.Cluster+"/"+s.Name)
	}
	if want := []string{"gamma/a", "alpha/b"}; !slices.Equal(keys, want) || got.TotalItems != 6 {
		t.Fatalf("page 2 of 2: %v (total %d), want %v (total 6)", keys, got.TotalItems, want)
	}
	// Sorted by replicas, descending: gamma's a (3) first, then beta's a (2).
	if code := get(t, c.API+"/multicluster/gameserversets?project="+project+"&sortBy=replicas&ascending=false&limit=2", &got, nil); code != http.StatusOK {
		t.Fatalf("%d", code)
	}
	keys = keys[:0]
	for _, s := range got.Items {
		keys = append(keys, fmt.Sprintf("%s/%s:%d", s.Cluster, s.Name, s.Replicas.Desired))
	}
	if want := []string{"gamma/a:3", "beta/a:2"}; !slices.Equal(keys, want) {
		t.Fatalf("by replicas: %v, want %v", keys, want)
	}
}

func keysOf(items []clusters.GameServer) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Cluster + "/" + it.Namespace + "/" + it.Name
	}
	return out
}

func uniq(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return slices.Compact(out)
}

package nodes_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/nodes"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/testenv"
	"github.com/okg-console/okg-console/backend/internal/usage"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// stored is what the API server holds: every game server's node, state and opsState.
type stored struct{ node, ns, name, state, opsState string }

func storedServers(t *testing.T) []stored {
	t.Helper()
	ctx := context.Background()
	pods, err := admin.Kube.CoreV1().Pods("").List(ctx, metav1.ListOptions{LabelSelector: gamev1alpha1.GameServerOwnerGssKey})
	if err != nil {
		t.Fatal(err)
	}
	nodeOf := map[string]string{}
	for _, p := range pods.Items {
		nodeOf[p.Namespace+"/"+p.Name] = p.Spec.NodeName
	}
	gsl, err := admin.Game.GameV1alpha1().GameServers("").List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var out []stored
	for i := range gsl.Items {
		gs := &gsl.Items[i]
		if n := nodeOf[gs.Namespace+"/"+gs.Name]; n != "" {
			out = append(out, stored{node: n, ns: gs.Namespace, name: gs.Name, state: string(okg.StateOf(gs)), opsState: string(okg.OpsStateOf(gs))})
		}
	}
	return out
}

func countsOf(servers []stored, node string) string {
	byState, byOps := map[string]int{}, map[string]int{}
	n := 0
	for _, s := range servers {
		if s.node == node {
			n++
			byState[s.state]++
			byOps[s.opsState]++
		}
	}
	return fmt.Sprintf("%d %v %v", n, byState, byOps)
}

func rollupString(r fleet.Rollup) string {
	return fmt.Sprintf("%d %v %v", r.GameServers, r.ByState, r.ByOpsState)
}

// The node list counts each node's game servers by state and opsState as the API
// server holds them; conditions and allocatable come from the Node; without
// metrics-server usage is null and the status says "not installed" while the game
// server list works as before.
func TestNodeListCountsAndNoMetrics(t *testing.T) {
	ns := newSet(t, 6)
	setOpsState(t, ns, "s-0", gamev1alpha1.Allocated)
	setOpsState(t, ns, "s-3", gamev1alpha1.Maintaining)
	c := console(t, config.AuthKubeconfig, ns, 6)

	var list fleet.List[nodes.View]
	eventually(t, 30e9, func() (bool, string) {
		want := storedServers(t)
		list = fleet.List[nodes.View]{}
		if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/nodes?sortBy=name"}, &list); code != 200 {
			return false, fmt.Sprintf("status %d", code)
		}
		var diffs []string
		for _, v := range list.Items {
			if got, w := rollupString(v.GameServers), countsOf(want, v.Name); got != w {
				diffs = append(diffs, fmt.Sprintf("%s: console %s, stored %s", v.Name, got, w))
			}
		}
		return len(list.Items) == len(env.FakeNodes()) && len(diffs) == 0, fmt.Sprintf("%d nodes; %v", len(list.Items), diffs)
	})
	total := 0
	for i, v := range list.Items {
		if v.Name != env.FakeNodes()[i] {
			t.Errorf("node %d is %s, want %s (sorted by name)", i, v.Name, env.FakeNodes()[i])
		}
		if !v.Ready || len(v.Conditions) == 0 || v.Allocatable.CPUMilli <= 0 || v.Allocatable.Pods <= 0 || v.InternalIP != "127.0.0.1" {
			t.Errorf("%s: ready %v, %d conditions, allocatable %+v, ip %q", v.Name, v.Ready, len(v.Conditions), v.Allocatable, v.InternalIP)
		}
		if v.Usage != nil {
			t.Errorf("%s has usage %+v without metrics-server", v.Name, *v.Usage)
		}
		total += v.GameServers.GameServers
	}
	if total < 6 {
		t.Errorf("nodes hold %d game servers, want at least this test's 6", total)
	}
	// Sorted by game servers, most first; paged.
	var paged fleet.List[nodes.View]
	consoletest.Do(t, consoletest.Request{URL: c.API + "/nodes?sortBy=gameServers&ascending=false&limit=1"}, &paged)
	if len(paged.Items) != 1 || paged.TotalItems != len(env.FakeNodes()) {
		t.Fatalf("limit=1: %d items of %d", len(paged.Items), paged.TotalItems)
	}
	for _, v := range list.Items {
		if v.GameServers.GameServers > paged.Items[0].GameServers.GameServers {
			t.Errorf("sortBy=gameServers descending put %s (%d) first; %s has %d", paged.Items[0].Name,
				paged.Items[0].GameServers.GameServers, v.Name, v.GameServers.GameServers)
		}
	}
	// One node.
	var one nodes.View
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/nodes/" + list.Items[0].Name}, &one); code != 200 || one.Name != list.Items[0].Name {
		t.Errorf("GET node: %d %s", code, one.Name)
	}
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/nodes/no-such-node"}, nil); code != 404 {
		t.Errorf("GET missing node: %d, want 404", code)
	}
	var bad map[string]any
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/nodes?sortBy=color"}, &bad); code != 400 || !strings.Contains(fmt.Sprint(bad["message"]), "sortBy") {
		t.Errorf("sortBy=color: %d %v", code, bad["message"])
	}

	// No metrics-server: the status says so, and lists still work, with null usage.
	var st usage.Status
	consoletest.WaitFor(t, func() bool {
		consoletest.Do(t, consoletest.Request{URL: c.API + "/usage/status"}, &st)
		return st.State != usage.StatePending
	})
	if st.State != usage.StateNotInstalled || !strings.Contains(st.Reason, "metrics-server") {
		t.Errorf("usage status without metrics-server: %+v", st)
	}
	var servers fleet.List[fleet.GameServerView]
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/namespaces/" + ns + "/gameservers?sortBy=cpuUsage&ascending=false"}, &servers); code != 200 || servers.TotalItems != 6 {
		t.Fatalf("game server list without metrics: %d, %d items", code, servers.TotalItems)
	}
	for _, it := range servers.Items {
		if it.Usage != nil {
			t.Errorf("%s has usage %+v without metrics-server", it.Name, *it.Usage)
		}
	}
	// The game server list's node filter names the same servers as the node view.
	node := list.Items[0].Name
	var onNode fleet.List[fleet.GameServerView]
	consoletest.Do(t, consoletest.Request{URL: c.API + "/gameservers?node=" + node + "&limit=1000"}, &onNode)
	if onNode.TotalItems != list.Items[0].GameServers.GameServers {
		t.Errorf("gameservers?node=%s: %d, node view counts %d", node, onNode.TotalItems, list.Items[0].GameServers.GameServers)
	}
}

// Drain: the preview lists exactly the node's game servers (every namespace) and
// changes nothing; apply sets Allocated ones Maintaining and the others
// WaitToBeDeleted, leaves the other node alone, and audits each change with the user.
func TestDrainNode(t *testing.T) {
	ns := newSet(t, 6)
	servers := storedServers(t)
	node := ""
	for _, s := range servers { // a node holding at least one of this test's servers
		if s.ns == ns {
			node = s.node
			break
		}
	}
	var mine []stored
	for _, s := range servers {
		if s.ns == ns && s.node == node {
			mine = append(mine, s)
		}
	}
	setOpsState(t, ns, mine[0].name, gamev1alpha1.Allocated)
	c := console(t, config.AuthToken, ns, 6)
	eventually(t, 15e9, func() (bool, string) {
		var v fleet.GameServerDetail
		consoletest.Do(t, consoletest.Request{URL: c.API + "/namespaces/" + ns + "/gameservers/" + mine[0].name, Headers: bearer(testenv.Admin)}, &v)
		return v.GameServer.OpsState == string(gamev1alpha1.Allocated), "opsState " + v.GameServer.OpsState
	})
	servers = storedServers(t)
	var want []string
	wantAfter := map[string]string{}
	for _, s := range servers {
		if s.node != node {
			continue
		}
		key := s.ns + "/" + s.name
		want = append(want, key)
		to, _ := ops.DrainedOpsState(gamev1alpha1.OpsState(s.opsState))
		wantAfter[key] = string(to)
	}
	slices.Sort(want)
	before := versionsOtherNode(t, node)

	var preview ops.Result
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/nodes/" + node + "/drain?dryRun=true", Body: map[string]any{},
		Headers: bearer(testenv.Admin)}, &preview); code != 200 {
		t.Fatalf("drain preview: %d %+v", code, preview)
	}
	if got := itemKeys(preview.Items); !slices.Equal(got, want) {
		t.Fatalf("preview lists %v, the node holds %v", got, want)
	}
	for _, it := range preview.Items {
		if it.After["opsState"] != wantAfter[it.Namespace+"/"+it.Name] {
			t.Errorf("preview %s/%s: after %v, want %s", it.Namespace, it.Name, it.After, wantAfter[it.Namespace+"/"+it.Name])
		}
	}
	if !preview.DryRun || len(preview.Notes) == 0 || !strings.Contains(preview.Notes[0], "Maintaining") {
		t.Errorf("preview: dryRun %v notes %v", preview.DryRun, preview.Notes)
	}
	for _, s := range storedServers(t) {
		if s.ns == ns && s.name == mine[0].name && s.opsState != string(gamev1alpha1.Allocated) {
			t.Fatalf("the preview changed %s to %s", s.name, s.opsState)
		}
	}

	var applied ops.Result
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/nodes/" + node + "/drain", Body: map[string]any{},
		Headers: bearer(testenv.Admin)}, &applied); code != 200 || applied.Failed > 0 {
		t.Fatalf("drain: %d %+v", code, applied)
	}
	if got := itemKeys(applied.Items); !slices.Equal(got, want) || applied.User != testenv.Admin {
		t.Fatalf("drain changed %v as %q, the node holds %v", got, applied.User, want)
	}
	for _, s := range storedServers(t) {
		key := s.ns + "/" + s.name
		if w, ok := wantAfter[key]; ok && s.opsState != w {
			t.Errorf("%s: opsState %s after drain, want %s", key, s.opsState, w)
		}
	}
	if s := mineAfter(t, ns, mine[0].name); s != string(gamev1alpha1.Maintaining) {
		t.Errorf("the Allocated server %s is %s after drain, want Maintaining", mine[0].name, s)
	}
	if after := versionsOtherNode(t, node); !maps.Equal(before, after) {
		t.Errorf("drain touched servers on other nodes")
	}
	// The audit names the user on every changed server of this test's namespace.
	events, err := admin.Kube.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	audited := 0
	for _, e := range events.Items {
		if e.Reason == ops.ReasonDrained && e.Annotations[write.AnnotationUser] == testenv.Admin && strings.Contains(e.Message, testenv.Admin) {
			audited++
		}
	}
	if audited != len(mine) {
		t.Errorf("%d Drained audit events naming %s in %s, want %d", audited, testenv.Admin, ns, len(mine))
	}
}

// Nodes are cluster-scoped: a user who may read game servers in one namespace only
// gets 403 on every node path (and cannot drain), while they still read their namespace.
func TestProjectUserForbiddenOnNodes(t *testing.T) {
	ns := newSet(t, 1)
	ctx := context.Background()
	if err := env.GrantNamespace(ctx, testenv.Alice, ns, []string{"get", "list", "watch", "patch"},
		"gameservers.game.kruise.io", "gameserversets.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	c := console(t, config.AuthToken, ns, 1)
	node := env.FakeNodes()[0]
	for _, r := range []consoletest.Request{
		{URL: c.API + "/nodes"},
		{URL: c.API + "/nodes/" + node},
		{URL: c.API + "/nodes/" + node + "/drain?dryRun=true", Body: map[string]any{}},
		{URL: c.API + "/usage/status"},
	} {
		r.Headers = bearer(testenv.Alice)
		if code := consoletest.Do(t, r, nil); code != 403 {
			t.Errorf("alice %s %s: %d, want 403", r.Method, r.URL, code)
		}
	}
	for _, path := range []string{"/namespaces/" + ns + "/gameservers", "/namespaces/" + ns + "/usage/status"} {
		if code := consoletest.Do(t, consoletest.Request{URL: c.API + path, Headers: bearer(testenv.Alice)}, nil); code != 200 {
			t.Errorf("alice GET %s: %d, want 200", path, code)
		}
	}
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/nodes", Headers: bearer(testenv.Admin)}, nil); code != 200 {
		t.Errorf("admin GET /nodes: %d", code)
	}
}

func itemKeys(items []ops.ItemResult) []string {
	out := make([]string, 0, len(items))
	for _, it := range items {
		out = append(out, it.Namespace+"/"+it.Name)
	}
	slices.Sort(out)
	return out
}

func mineAfter(t *testing.T, ns, name string) string {
	return string(okg.OpsStateOf(consoletest.StoredGameServer(t, admin, ns, name)))
}

// versionsOtherNode are the resourceVersions of game servers not on node.
func versionsOtherNode(t *testing.T, node string) map[string]string {
	t.Helper()
	out := map[string]string{}
	onNode := map[string]bool{}
	for _, s := range storedServers(t) {
		if s.node == node {
			onNode[s.ns+"/"+s.name] = true
		}
	}
	gsl, err := admin.Game.GameV1alpha1().GameServers("").List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, gs := range gsl.Items {
		if key := gs.Namespace + "/" + gs.Name; !onNode[key] {
			out[key] = string(gs.Spec.OpsState) + "|" + fmt.Sprint(gs.Spec.DeletionPriority)
		}
	}
	return out
}

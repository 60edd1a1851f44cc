package api_test

import (
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

func names(l fleet.List[fleet.GameServerView]) []string {
	out := []string{}
	for _, v := range l.Items {
		out = append(out, v.Name)
	}
	return out
}

func TestGameServerFilters(t *testing.T) {
	for _, tc := range []struct {
		name  string
		path  string
		query url.Values
		want  []string
	}{
		{"set", "/namespaces/ns-a/gameservers", url.Values{"gameServerSet": {"beta"}}, []string{"beta-0", "beta-1", "beta-2"}},
		{"namespace", "/namespaces/ns-b/gameservers", nil, []string{"gamma-0", "gamma-1", "gamma-2", "gamma-3"}},
		{"several states", "/gameservers", url.Values{"state": {"Crash,NotReady"}}, []string{"alpha-3", "alpha-4", "beta-2"}},
		{"repeated state", "/gameservers", url.Values{"state": {"Updating", "Creating"}}, []string{"alpha-7", "alpha-11"}},
		{"opsState", "/gameservers", url.Values{"opsState": {"Allocated"}}, []string{"alpha-1", "alpha-9", "beta-1", "gamma-2"}},
		{"opsState kill or wait", "/gameservers", url.Values{"opsState": {"Kill,WaitToBeDeleted"}}, []string{"alpha-5", "alpha-6"}},
		{"networkState", "/gameservers", url.Values{"networkState": {"NotReady,Waiting"}}, []string{"alpha-3", "alpha-7", "beta-2"}},
		{"image substring", "/gameservers", url.Values{"image": {"alpha:2"}}, []string{"alpha-7"}},
		{"node", "/gameservers", url.Values{"node": {"n3"}}, []string{"alpha-4", "alpha-8", "alpha-9", "beta-2"}},
		{"label selector", "/gameservers", url.Values{"labelSelector": {"tier=gold"}}, []string{"beta-0", "beta-1", "beta-2"}},
		{"label selector set-based", "/gameservers", url.Values{"labelSelector": {"game.kruise.io/owner-gss in (gamma)"}, "ids": {"3"}}, []string{"gamma-3"}},
		{"name case-insensitive", "/gameservers", url.Values{"name": {"GAMMA-1"}}, []string{"gamma-1"}},
		{"ids with ranges", "/namespaces/ns-a/gameservers", url.Values{"gameServerSet": {"alpha"}, "ids": {"1,3,7-9"}}, []string{"alpha-1", "alpha-3", "alpha-7", "alpha-8", "alpha-9"}},
		{"update priority range", "/gameservers", url.Values{"updatePriority": {"3:"}}, []string{"alpha-7", "alpha-8"}},
		{"deletion priority exact", "/gameservers", url.Values{"deletionPriority": {"9"}}, []string{"alpha-2"}},
		{"deletion priority negative", "/gameservers", url.Values{"deletionPriority": {":-1"}}, []string{"alpha-6"}},
		{"deletion priority bounded", "/gameservers", url.Values{"deletionPriority": {"4:9"}}, []string{"alpha-1", "alpha-2"}},
		{"project", "/gameservers", url.Values{"project": {"p2"}}, []string{"beta-0", "beta-1", "beta-2"}},
		{"filters combine", "/gameservers", url.Values{"project": {"p1"}, "state": {"Ready"}, "opsState": {"None"}, "node": {"n1"}}, []string{"alpha-0", "alpha-10"}},
		{"nothing matches", "/gameservers", url.Values{"node": {"nowhere"}}, []string{}},
		{"field selector", "/gameservers", url.Values{"fieldSelector": {"metadata.name=beta-1"}}, []string{"beta-1"}},
		{"field selector namespace", "/gameservers", url.Values{"fieldSelector": {"metadata.namespace=ns-b,metadata.name!=gamma-0"}}, []string{"gamma-1", "gamma-2", "gamma-3"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l fleet.List[fleet.GameServerView]
			if code := get(t, tc.path, tc.query, &l); code != 200 {
				t.Fatalf("status %d", code)
			}
			if got := names(l); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if l.TotalItems != len(tc.want) {
				t.Errorf("totalItems %d, want %d", l.TotalItems, len(tc.want))
			}
		})
	}
}

func TestGameServerSorting(t *testing.T) {
	for _, tc := range []struct {
		name  string
		query url.Values
		want  []string // the first items
	}{
		{"ids numerically", url.Values{"gameServerSet": {"alpha"}}, []string{"alpha-0", "alpha-1", "alpha-2", "alpha-3", "alpha-4", "alpha-5", "alpha-6", "alpha-7", "alpha-8", "alpha-9", "alpha-10", "alpha-11"}},
		{"ids descending", url.Values{"gameServerSet": {"alpha"}, "ascending": {"false"}, "limit": {"3"}}, []string{"alpha-11", "alpha-10", "alpha-9"}},
		{"name is lexical", url.Values{"gameServerSet": {"alpha"}, "sortBy": {"name"}, "limit": {"4"}}, []string{"alpha-0", "alpha-1", "alpha-10", "alpha-11"}},
		{"deletion priority high first", url.Values{"sortBy": {"deletionPriority"}, "ascending": {"false"}, "limit": {"4"}}, []string{"alpha-5", "alpha-2", "alpha-1", "alpha-3"}},
		{"update priority", url.Values{"sortBy": {"updatePriority"}, "ascending": {"false"}, "limit": {"3"}}, []string{"alpha-8", "alpha-7", "alpha-2"}},
		{"state", url.Values{"sortBy": {"state"}, "limit": {"3"}}, []string{"alpha-3", "beta-2", "alpha-11"}},
		{"opsState", url.Values{"sortBy": {"opsState"}, "limit": {"4"}}, []string{"alpha-1", "alpha-9", "beta-1", "gamma-2"}},
		{"restarts", url.Values{"sortBy": {"restarts"}, "ascending": {"false"}, "limit": {"3"}}, []string{"alpha-3", "alpha-8", "alpha-4"}},
		{"node", url.Values{"sortBy": {"node"}, "ascending": {"false"}, "limit": {"2"}}, []string{"gamma-0", "gamma-1"}},
		{"age youngest first", url.Values{"sortBy": {"age"}, "limit": {"4"}}, []string{"gamma-0", "gamma-1", "gamma-2", "gamma-3"}},
		{"age oldest first", url.Values{"sortBy": {"age"}, "ascending": {"false"}, "limit": {"5"}, "page": {"4"}}, []string{"gamma-0", "gamma-1", "gamma-2", "gamma-3"}},
		{"namespace descending", url.Values{"sortBy": {"namespace"}, "ascending": {"false"}, "limit": {"1"}}, []string{"gamma-0"}},
		{"set", url.Values{"sortBy": {"gameServerSet"}, "ascending": {"false"}, "limit": {"1"}}, []string{"gamma-0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l fleet.List[fleet.GameServerView]
			if code := get(t, "/gameservers", tc.query, &l); code != 200 {
				t.Fatalf("status %d", code)
			}
			got := names(l)
			if strings.HasPrefix(tc.name, "age") {
				// The set seeded last is the youngest; its servers' creation times (whole
				// seconds) may straddle a second, so their order among themselves is not fixed.
				slices.Sort(got)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGameServerPaging(t *testing.T) {
	var all fleet.List[fleet.GameServerView]
	get(t, "/gameservers", url.Values{"limit": {"1000"}}, &all)
	if all.TotalItems != 19 || len(all.Items) != 19 {
		t.Fatalf("all: %d items, totalItems %d, want 19", len(all.Items), all.TotalItems)
	}
	var seen []string
	for page := 1; page <= 4; page++ {
		var l fleet.List[fleet.GameServerView]
		get(t, "/gameservers", url.Values{"limit": {"5"}, "page": {itoa(page)}}, &l)
		if l.TotalItems != 19 {
			t.Errorf("page %d: totalItems %d", page, l.TotalItems)
		}
		seen = append(seen, names(l)...)
	}
	if !reflect.DeepEqual(seen, names(all)) {
		t.Errorf("pages joined = %v, want %v", seen, names(all))
	}
	var beyond fleet.List[fleet.GameServerView]
	get(t, "/gameservers", url.Values{"limit": {"5"}, "page": {"9"}}, &beyond)
	if len(beyond.Items) != 0 || beyond.TotalItems != 19 {
		t.Errorf("beyond the end: %d items, totalItems %d", len(beyond.Items), beyond.TotalItems)
	}
	var def fleet.List[fleet.GameServerView]
	get(t, "/gameservers", nil, &def)
	if len(def.Items) != 19 {
		t.Errorf("default limit should cover 19 items, got %d", len(def.Items))
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

func TestGameServerView(t *testing.T) {
	var l fleet.List[fleet.GameServerView]
	get(t, "/namespaces/ns-a/gameservers", url.Values{"gameServerSet": {"alpha"}, "ids": {"3"}}, &l)
	if len(l.Items) != 1 {
		t.Fatalf("want alpha-3, got %v", names(l))
	}
	v := l.Items[0]
	if v.ID != 3 || v.GameServerSet != "alpha" || v.Project != "p1" || v.State != "Crash" || v.OpsState != "None" ||
		v.DeletionPriority != 3 || v.Network.State != "NotReady" || v.Network.Type != "Kubernetes-HostPort" {
		t.Errorf("view fields: %+v", v)
	}
	if len(v.Network.ExternalAddresses) != 1 || v.Network.ExternalAddresses[0].Ports[0].Port != "7003" {
		t.Errorf("external address: %+v", v.Network.ExternalAddresses)
	}
	if v.Pod == nil || v.Pod.Node != "n2" || v.Pod.Restarts != 7 || v.Pod.Ready || v.Pod.Phase != "Running" || v.Pod.PodIP == "" {
		t.Errorf("pod: %+v", v.Pod)
	}
	if len(v.Images) != 1 || v.Images[0].Image != "img/alpha:1" || v.Images[0].Container != "game" {
		t.Errorf("images: %+v", v.Images)
	}
	if v.CreatedAt.IsZero() {
		t.Error("createdAt is empty")
	}
	var noPod fleet.List[fleet.GameServerView]
	get(t, "/gameservers", url.Values{"name": {"alpha-11"}}, &noPod)
	if len(noPod.Items) != 1 || noPod.Items[0].Pod != nil {
		t.Errorf("alpha-11 has no pod: %+v", noPod.Items)
	}
}

func TestGameServerDetail(t *testing.T) {
	var d fleet.GameServerDetail
	if code := get(t, "/namespaces/ns-a/gameservers/alpha-3", nil, &d); code != 200 {
		t.Fatalf("status %d", code)
	}
	if d.GameServer.Name != "alpha-3" || d.Object == nil || d.Object.Kind != "GameServer" || d.Object.ManagedFields != nil {
		t.Errorf("object: %+v", d.Object)
	}
	if d.Pod == nil || d.Pod.Name != "alpha-3" || d.Pod.Spec.NodeName != "n2" {
		t.Errorf("pod: %+v", d.Pod)
	}
	if len(d.Events) != 1 || d.Events[0].Reason != "GsStateChanged" || d.Events[0].Object != "GameServer/alpha-3" {
		t.Errorf("events: %+v", d.Events)
	}
}

package api_test

import (
	"net/url"
	"reflect"
	"testing"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

func setNames(l fleet.List[fleet.GameServerSetView]) []string {
	out := []string{}
	for _, v := range l.Items {
		out = append(out, v.Name)
	}
	return out
}

func TestGameServerSetList(t *testing.T) {
	for _, tc := range []struct {
		name  string
		path  string
		query url.Values
		want  []string
	}{
		{"all by name", "/gameserversets", nil, []string{"alpha", "beta", "gamma"}},
		{"namespace", "/namespaces/ns-a/gameserversets", nil, []string{"alpha", "beta"}},
		{"replicas descending", "/gameserversets", url.Values{"sortBy": {"replicas"}, "ascending": {"false"}}, []string{"alpha", "gamma", "beta"}},
		{"ready replicas", "/gameserversets", url.Values{"sortBy": {"readyReplicas"}}, []string{"beta", "gamma", "alpha"}},
		{"project", "/gameserversets", url.Values{"project": {"p1"}}, []string{"alpha", "gamma"}},
		{"label selector", "/gameserversets", url.Values{"labelSelector": {"tier=gold"}}, []string{"beta"}},
		{"name", "/gameserversets", url.Values{"name": {"AMM"}}, []string{"gamma"}},
		{"paged", "/gameserversets", url.Values{"limit": {"2"}, "page": {"2"}}, []string{"gamma"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var l fleet.List[fleet.GameServerSetView]
			if code := get(t, tc.path, tc.query, &l); code != 200 {
				t.Fatalf("status %d", code)
			}
			if got := setNames(l); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGameServerSetSummary(t *testing.T) {
	var d fleet.GameServerSetDetail
	if code := get(t, "/namespaces/ns-a/gameserversets/alpha", nil, &d); code != 200 {
		t.Fatalf("status %d", code)
	}
	v := d.GameServerSet
	wantReplicas := fleet.Replicas{Desired: 12, Current: 12, Ready: 8, Available: 8, Updated: 12, UpdatedReady: 8, Maintaining: 1, WaitToBeDeleted: 1}
	if v.Replicas != wantReplicas {
		t.Errorf("replicas %+v, want %+v", v.Replicas, wantReplicas)
	}
	for _, c := range []struct {
		name      string
		got, want map[string]int
	}{
		{"byState", v.ByState, map[string]int{"Ready": 8, "Crash": 1, "NotReady": 1, "Updating": 1, "Creating": 1}},
		{"byOpsState", v.ByOpsState, map[string]int{"None": 7, "Allocated": 2, "Maintaining": 1, "WaitToBeDeleted": 1, "Kill": 1}},
		{"byNetworkState", v.ByNetworkState, map[string]int{"Ready": 8, "NotReady": 1, "Waiting": 1}},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if v.GameServers != 12 || v.Problems != 2 || v.Project != "p1" || v.NetworkType != "Kubernetes-HostPort" {
		t.Errorf("summary: %+v", v)
	}
	if len(v.Images) != 1 || v.Images[0].Image != "img/alpha:1" {
		t.Errorf("images: %+v", v.Images)
	}
	if v.UpdateStrategy.Type != "RollingUpdate" || v.UpdateStrategy.MaxUnavailable != "20%" || v.UpdateStrategy.PodUpdatePolicy != "InPlaceIfPossible" {
		t.Errorf("update strategy: %+v", v.UpdateStrategy)
	}
	if d.Object == nil || d.Object.Kind != "GameServerSet" || d.Object.Name != "alpha" {
		t.Errorf("object: %+v", d.Object)
	}
}

package api_test

import (
	"net/url"
	"testing"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

func TestOverview(t *testing.T) {
	var ov fleet.Overview
	if code := get(t, "/overview", nil, &ov); code != 200 {
		t.Fatalf("status %d", code)
	}
	if ov.Totals.GameServers != 19 || ov.Totals.GameServerSets != 3 || ov.Totals.Problems != 3 {
		t.Errorf("totals: %+v", ov.Totals)
	}
	if ov.Totals.ByState["Crash"] != 2 || ov.Totals.ByOpsState["Allocated"] != 4 || ov.Totals.ByNetworkState["NotReady"] != 2 {
		t.Errorf("totals by state: %+v", ov.Totals.Rollup)
	}
	order := []string{}
	for _, s := range ov.GameServerSets {
		order = append(order, s.Name)
	}
	if len(order) != 3 || order[0] != "alpha" || order[1] != "beta" || order[2] != "gamma" {
		t.Errorf("sets should come problems first: %v", order)
	}
	if ov.GameServerSets[0].Problems != 2 || ov.GameServerSets[0].Replicas != 12 || ov.GameServerSets[2].Problems != 0 {
		t.Errorf("set roll-ups: %+v", ov.GameServerSets)
	}
	if len(ov.Namespaces) != 2 || ov.Namespaces[0].Namespace != "ns-a" || ov.Namespaces[0].GameServers != 15 || ov.Namespaces[1].GameServers != 4 {
		t.Errorf("namespaces: %+v", ov.Namespaces)
	}
	if len(ov.Projects) != 2 || ov.Projects[0].Project != "p1" || ov.Projects[0].GameServers != 16 || ov.Projects[1].GameServers != 3 {
		t.Errorf("projects: %+v", ov.Projects)
	}
}

func TestOverviewScopes(t *testing.T) {
	var ns fleet.Overview
	get(t, "/namespaces/ns-b/overview", nil, &ns)
	if ns.Totals.GameServers != 4 || ns.Totals.GameServerSets != 1 || len(ns.Namespaces) != 1 {
		t.Errorf("namespace scope: %+v", ns.Totals)
	}
	var p fleet.Overview
	get(t, "/overview", url.Values{"project": {"p2"}}, &p)
	if p.Totals.GameServers != 3 || p.Totals.GameServerSets != 1 || p.Totals.Problems != 1 {
		t.Errorf("project scope: %+v", p.Totals)
	}
	var empty fleet.Overview
	get(t, "/namespaces/nowhere/overview", nil, &empty)
	if empty.Totals.GameServers != 0 || empty.GameServerSets == nil {
		t.Errorf("empty scope: %+v", empty)
	}
}

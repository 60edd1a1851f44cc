package demo

import (
	"fmt"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
)

// mixed returns a plausible server for ordinal id: mostly healthy and idle, some with
// players, some in maintenance or trouble, so every state shows up in a demo.
func mixed(id int) Server {
	s := Server{ID: id, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None,
		NetworkState: gamev1alpha1.NetworkReady, UpdatePriority: id % 5, DeletionPriority: (id * 7) % 10}
	switch id % 20 {
	case 1, 2, 5, 8, 11, 14:
		s.OpsState = gamev1alpha1.Allocated
	case 3:
		s.OpsState = gamev1alpha1.Maintaining
	case 4:
		s.State, s.Restarts = gamev1alpha1.Crash, 4
	case 7:
		s.State = gamev1alpha1.NotReady
	case 9:
		s.NetworkState = gamev1alpha1.NetworkNotReady
	case 12:
		s.OpsState = gamev1alpha1.WaitToDelete
	case 15:
		s.State = gamev1alpha1.Updating
	case 17:
		s.NetworkState = gamev1alpha1.NetworkWaiting
	case 19:
		s.State = gamev1alpha1.Creating
	}
	return s
}

func mixedServers(n int) []Server {
	out := make([]Server, n)
	for i := range out {
		out[i] = mixed(i)
	}
	return out
}

// Demo is the sandbox's fleet: 4 sets, 72 game servers in 2 namespaces, 2 projects,
// every state, opsState and network state represented.
func Demo() []Set {
	return []Set{
		{Namespace: "game-prod", Name: "minecraft", Project: "minecraft", Image: "registry.example.com/minecraft:1.20.4", NetworkType: "Kubernetes-HostPort", Servers: mixedServers(24)},
		{Namespace: "game-prod", Name: "arena", Project: "arena", Image: "registry.example.com/arena:2.3.1", NetworkType: "Kubernetes-NodePort", Servers: mixedServers(20)},
		{Namespace: "game-staging", Name: "minecraft-canary", Project: "minecraft", Image: "registry.example.com/minecraft:1.21.0-rc1", NetworkType: "Kubernetes-HostPort", Servers: mixedServers(16)},
		{Namespace: "game-staging", Name: "arena-test", Project: "arena", Image: "registry.example.com/arena:2.4.0-beta", NetworkType: "Kubernetes-NodePort", Servers: mixedServers(12)},
	}
}

// Large is a benchmark fleet: total game servers spread over sets of perSet in namespace.
func Large(namespace string, total, perSet int) []Set {
	var sets []Set
	for i := 0; total > 0; i++ {
		n := min(perSet, total)
		total -= n
		sets = append(sets, Set{Namespace: namespace, Name: fmt.Sprintf("fleet-%02d", i), Project: fmt.Sprintf("game-%d", i%3),
			Image: fmt.Sprintf("registry.example.com/game:%d.0", 1+i%2), NetworkType: "Kubernetes-HostPort", Servers: mixedServers(n)})
	}
	return sets
}

// Region is one cluster's fleet in the multi-cluster sandbox.
type Region struct {
	Cluster string // the cluster's name in the console
	Sets    []Set
}

// regionNames are the sandbox's clusters, one region each.
var regionNames = []string{"eu-west", "us-east", "ap-south", "sa-east", "af-south"}

// MaxRegions is how many clusters Regions can describe.
var MaxRegions = len(regionNames)

// Regions is the multi-cluster sandbox: the same game in n regions, as studios run it,
// with fleets that differ so the merged views show it: the minecraft project in every
// region (sizes and builds differ; the first region runs the newest build, a rollout
// half done elsewhere), arena only in some, a canary in the first.
func Regions(n int) []Region {
	n = max(1, min(n, MaxRegions))
	out := make([]Region, n)
	for i := range out {
		sets := []Set{{Namespace: "game-prod", Name: "minecraft", Project: "minecraft",
			Image: fmt.Sprintf("registry.example.com/minecraft:1.20.%d", 4-min(i, 1)), NetworkType: "Kubernetes-HostPort",
			Servers: offset(mixedServers(16+8*i), i)}}
		if i%2 == 0 {
			sets = append(sets, Set{Namespace: "game-prod", Name: "arena", Project: "arena", Image: "registry.example.com/arena:2.3.1",
				NetworkType: "Kubernetes-NodePort", Servers: offset(mixedServers(10+5*i), i)})
		}
		if i == 0 {
			sets = append(sets, Set{Namespace: "game-staging", Name: "minecraft-canary", Project: "minecraft",
				Image: "registry.example.com/minecraft:1.21.0-rc1", NetworkType: "Kubernetes-HostPort", Servers: mixedServers(6)})
		}
		out[i] = Region{Cluster: regionNames[i], Sets: sets}
	}
	return out
}

// offset shifts the priorities of a region's servers, so a list merged across regions
// and sorted by priority interleaves them instead of repeating one region's order.
func offset(servers []Server, region int) []Server {
	for i := range servers {
		servers[i].DeletionPriority = (servers[i].DeletionPriority + 3*region) % 10
		servers[i].UpdatePriority = (servers[i].UpdatePriority + region) % 5
	}
	return servers
}

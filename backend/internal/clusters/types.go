// Package clusters serves several clusters from one console: a registry of members
// (one per cluster) and the all-clusters views merged from them.
//
// # Contract
//
// Every cluster c of the configuration (`clusters`, the first is the local one) answers
// the whole single-cluster API at
//
//	/clusters/{c}/kapis/okgconsole.kubesphere.io/v1alpha1/...
//
// the path KubeSphere's ks-apiserver gives each member cluster; the backend strips the
// prefix and hands the request to c's own console handler, so authentication, RBAC
// checks, the origin rule and the list contract are c's, unchanged. An unknown c is a
// 404 Status naming it. The local cluster also answers unprefixed, as before.
// Live updates: the page opens one stream per shown cluster, fetching its ticket from
// that cluster's prefixed path (`/clusters/{c}/kapis/.../streamtickets`) and then
// `/clusters/{c}/kapis/.../gameservers?watch=true`; tickets of one cluster do not open
// another's streams.
//
// Under the unprefixed API prefix (authenticated as every route):
//
//   - GET /clusters → ClusterList: the clusters, whether each answers (reachable, its
//     caches synced) and, when not, why (error, code).
//   - GET /multicluster/gameservers, GET /multicluster/gameserversets → GameServerList,
//     GameServerSetList: the query of /gameservers (/gameserversets) plus clusters=a,b
//     (default: all) and namespace= (optional: each cluster's /namespaces/{ns}/... list).
//     The page is the true page of the merged, sorted union (each cluster is asked for
//     page 1 with limit page×limit, merged with the single-cluster comparator, ties by
//     cluster, then namespace and name); totalItems is the sum; each item names its
//     cluster; clusters[] says per cluster whether it answered, its Status code and
//     message when not, its totalItems and how long it took. Each cluster is bounded
//     by cluster-timeout; the answer is 200 if any cluster answered, else the first
//     error's Status.
//   - GET /multicluster/overview (project=, namespace=) → Overview: each cluster's
//     overview and the summed totals.
//   - POST /multicluster/gameserveroperations OperationRequest → OperationResult: each
//     target goes to its cluster's POST /namespaces/{ns}/gameserveroperations (the one
//     write path: identity, resourceVersion guard, audit, per-item results).
//   - POST /multicluster/rollouts RolloutRequest → RolloutResult: each target set goes to
//     its cluster's POST /namespaces/{ns}/gameserversets/{name}/rollout.
//
// Writes: an unknown cluster is 422 naming targets[i].cluster; no targets is 422.
// The same-origin rule applies to every prefixed and multicluster path.
package clusters

import (
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/scaling"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// Query parameters the all-clusters lists add to the list contract.
const (
	ParamClusters  = "clusters"
	ParamNamespace = "namespace"
)

// Cluster is one configured cluster as GET /clusters reports it.
type Cluster struct {
	Name  string `json:"name"`
	Local bool   `json:"local"`
	// OK: the cluster answered (reachable, caches synced); else Error and Code say why.
	OK    bool   `json:"ok"`
	Error string `json:"error"`
	Code  int    `json:"code"`
}

// ClusterList is GET /clusters.
type ClusterList struct {
	Items      []Cluster `json:"items"`
	TotalItems int       `json:"totalItems"`
}

// MemberStatus is how one cluster answered its part of an all-clusters read.
type MemberStatus struct {
	Name       string `json:"name"`
	OK         bool   `json:"ok"`
	Code       int    `json:"code"`
	Error      string `json:"error"`
	TotalItems int    `json:"totalItems"`
	TookMs     int64  `json:"tookMs"`
}

// GameServer is a game server of one cluster.
type GameServer struct {
	Cluster string `json:"cluster"`
	fleet.GameServerView
}

// GameServerSet is a game server set of one cluster.
type GameServerSet struct {
	Cluster string `json:"cluster"`
	fleet.GameServerSetView
}

// GameServerList is GET /multicluster/gameservers.
type GameServerList struct {
	Items      []GameServer   `json:"items"`
	TotalItems int            `json:"totalItems"`
	Clusters   []MemberStatus `json:"clusters"`
}

// GameServerSetList is GET /multicluster/gameserversets.
type GameServerSetList struct {
	Items      []GameServerSet `json:"items"`
	TotalItems int             `json:"totalItems"`
	Clusters   []MemberStatus  `json:"clusters"`
}

// ClusterOverview is one cluster's overview (null when it did not answer).
type ClusterOverview struct {
	MemberStatus
	Overview *fleet.Overview `json:"overview"`
}

// Overview is GET /multicluster/overview: the clusters' totals summed, and each cluster's.
type Overview struct {
	Totals   fleet.OverviewTotals `json:"totals"`
	Clusters []ClusterOverview    `json:"clusters"`
}

// OperationTarget chooses game servers of one namespace of one cluster, as the body of
// that cluster's POST /namespaces/{ns}/gameserveroperations does.
type OperationTarget struct {
	Cluster   string `json:"cluster"`
	Namespace string `json:"namespace"`
	ops.Targets
}

// OperationRequest is POST /multicluster/gameserveroperations.
type OperationRequest struct {
	Targets   []OperationTarget `json:"targets"`
	Operation ops.Operation     `json:"operation"`
	Force     bool              `json:"force,omitempty"`
	Confirm   bool              `json:"confirm,omitempty"`
	DryRun    bool              `json:"dryRun,omitempty"`
}

// OperationPart is one target's outcome: its cluster's bulk response, or why there is none.
type OperationPart struct {
	Name      string `json:"name"` // the cluster
	Namespace string `json:"namespace"`
	OK        bool   `json:"ok"`
	Code      int    `json:"code"`
	Error     string `json:"error"`
	// Result is the cluster's answer (per game server); null when it gave none.
	Result *ops.Result `json:"result"`
}

// OperationResult is the answer of POST /multicluster/gameserveroperations: one part per
// target, in the request's order, and the game servers summed over them (a target that
// failed as a whole counts once in failed).
type OperationResult struct {
	DryRun   bool            `json:"dryRun"`
	Clusters []OperationPart `json:"clusters"`
	Summary  write.Summary   `json:"summary"`
}

// RolloutTarget is one game server set of one cluster.
type RolloutTarget struct {
	Cluster   string `json:"cluster"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
}

// RolloutRequest is POST /multicluster/rollouts: the single set's rollout body for every target.
type RolloutRequest struct {
	Targets []RolloutTarget `json:"targets"`
	scaling.UpdateRequest
}

// RolloutPart is one target set's outcome.
type RolloutPart struct {
	Name          string `json:"name"` // the cluster
	Namespace     string `json:"namespace"`
	GameServerSet string `json:"gameServerSet"`
	OK            bool   `json:"ok"`
	Code          int    `json:"code"`
	Error         string `json:"error"`
	// Result is the set's rollout as its cluster answered; null when it gave none.
	Result *scaling.Rollout `json:"result"`
}

// RolloutSummary counts the target sets.
type RolloutSummary struct {
	Total     int `json:"total"`
	Succeeded int `json:"succeeded"`
	Failed    int `json:"failed"`
}

// RolloutResult is the answer of POST /multicluster/rollouts.
type RolloutResult struct {
	DryRun   bool           `json:"dryRun"`
	Clusters []RolloutPart  `json:"clusters"`
	Summary  RolloutSummary `json:"summary"`
}

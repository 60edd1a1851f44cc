// Package ops is the write path: targeted operations on game servers, one or in
// bulk, with API-server dry-run previews, guard rails, bounded concurrency,
// conflict retries, per-item results and an audit trail.
package ops

import (
	"fmt"
	"math"

	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/target"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// OperationType names what an operation changes.
type OperationType string

// The operations on a game server. Each writes exactly the field OKG reads.
const (
	OpOpsState         OperationType = "opsState"         // spec.opsState
	OpUpdatePriority   OperationType = "updatePriority"   // spec.updatePriority
	OpDeletionPriority OperationType = "deletionPriority" // spec.deletionPriority
	OpNetworkDisabled  OperationType = "networkDisabled"  // spec.networkDisabled
	OpImage            OperationType = "image"            // spec.containers[].image
	OpResources        OperationType = "resources"        // spec.containers[].resources (+ optional pod recreation)
	OpDelete           OperationType = "delete"           // delete the pod; OKG recreates it with the same id
	OpKill             OperationType = "kill"             // spec.opsState=Kill; OKG removes it and lowers replicas
	// OpDrain empties a node: Allocated servers (players on them) become Maintaining, the
	// others WaitToBeDeleted; see drain.go.
	OpDrain OperationType = "drain"
)

var operationTypes = []OperationType{OpOpsState, OpUpdatePriority, OpDeletionPriority, OpNetworkDisabled,
	OpImage, OpResources, OpDelete, OpKill, OpDrain}

// Request is the body of a single or bulk operation.
type Request struct {
	Targets   Targets   `json:"targets"`
	Operation Operation `json:"operation"`
	// Force lets delete, kill, image and pod-recreating resource changes touch Allocated servers.
	Force bool `json:"force,omitempty"`
	// Confirm must be true to delete or kill (not needed for a dry run).
	Confirm bool `json:"confirm,omitempty"`
	DryRun  bool `json:"dryRun,omitempty"`
}

// Targets chooses game servers in the request's namespace: by name, by ordinal ids of
// one set, or by the list API's filters (with a limit). Exactly one way; a
// gameServerSet alone chooses every server of that set.
type Targets struct {
	Names         []string          `json:"names,omitempty"`
	GameServerSet string            `json:"gameServerSet,omitempty"`
	IDs           string            `json:"ids,omitempty"`
	Filter        map[string]string `json:"filter,omitempty"`
	// Limit takes only the first n of a filter's matches, in the filter's sort order.
	Limit int `json:"limit,omitempty"`
}

// selector is the shared target selector for these targets, and where it resolves.
func (t *Targets) selector(namespace string) (target.Selector, target.Scope) {
	sel := target.Selector{Names: t.Names, IDs: t.IDs, Filter: t.Filter, Limit: t.Limit}
	if t.GameServerSet != "" && len(t.Names) == 0 && t.IDs == "" && t.Filter == nil {
		sel.Filter = map[string]string{} // every server of the set
	}
	return sel, target.Scope{Namespace: namespace, Set: t.GameServerSet, Field: "targets"}
}

// Operation is what to change.
type Operation struct {
	Type            OperationType     `json:"type"`
	OpsState        string            `json:"opsState,omitempty"`
	Priority        *int64            `json:"priority,omitempty"`
	NetworkDisabled *bool             `json:"networkDisabled,omitempty"`
	Containers      []ContainerChange `json:"containers,omitempty"`
	RecreatePods    bool              `json:"recreatePods,omitempty"`
}

// ContainerChange is a new image or new resources for one container.
type ContainerChange struct {
	Name      string                       `json:"name"`
	Image     string                       `json:"image,omitempty"`
	Resources *corev1.ResourceRequirements `json:"resources,omitempty"`
}

// Result is what an operation did, or would do when DryRun.
type Result struct {
	DryRun    bool          `json:"dryRun"`
	Operation OperationType `json:"operation"`
	User      string        `json:"user"`
	write.Summary
	Notes []string     `json:"notes"`
	Items []ItemResult `json:"items"`
}

// ItemResult is the outcome for one game server.
type ItemResult = write.Result

// MaxPriority is the largest update or deletion priority OKG stores (int32).
const MaxPriority = math.MaxInt32

// int32Priority checks a priority is a whole number within 0..MaxPriority. OKG copies
// priorities into pod labels, and a label value cannot begin with "-": a negative
// priority makes every later pod sync of that game server fail, so no opsState or
// priority change would reach its pod.
func int32Priority(n *int64) (int32, error) {
	if n == nil {
		return 0, fmt.Errorf("is required")
	}
	if *n < 0 {
		return 0, fmt.Errorf("%d is negative; OKG copies priorities into pod labels, which cannot start with \"-\", and would stop syncing the game server", *n)
	}
	if *n > MaxPriority {
		return 0, fmt.Errorf("%d is above the largest priority OKG stores (%d)", *n, MaxPriority)
	}
	return int32(*n), nil
}

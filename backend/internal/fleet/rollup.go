package fleet

import (
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/okg"
)

// Rollup counts game servers by state, opsState and network state.
type Rollup struct {
	GameServers    int            `json:"gameServers"`
	ByState        map[string]int `json:"byState"`
	ByOpsState     map[string]int `json:"byOpsState"`
	ByNetworkState map[string]int `json:"byNetworkState"`
	Problems       int            `json:"problems"`
}

func newRollup() Rollup {
	return Rollup{ByState: map[string]int{}, ByOpsState: map[string]int{}, ByNetworkState: map[string]int{}}
}

// NewRollup returns an empty rollup (for views outside this package, such as nodes).
func NewRollup() Rollup { return newRollup() }

// Add counts one game server.
func (r *Rollup) Add(gs *gamev1alpha1.GameServer) { r.add(gs) }

// Merge adds another roll-up's counts (the totals of several clusters).
func (r *Rollup) Merge(o Rollup) {
	if r.ByState == nil {
		*r = newRollup()
	}
	r.GameServers += o.GameServers
	r.Problems += o.Problems
	for k, n := range o.ByState {
		r.ByState[k] += n
	}
	for k, n := range o.ByOpsState {
		r.ByOpsState[k] += n
	}
	for k, n := range o.ByNetworkState {
		r.ByNetworkState[k] += n
	}
}

func (r *Rollup) add(gs *gamev1alpha1.GameServer) {
	r.GameServers++
	r.ByState[string(okg.StateOf(gs))]++
	r.ByOpsState[string(okg.OpsStateOf(gs))]++
	if ns := okg.NetworkStateOf(gs); ns != "" {
		r.ByNetworkState[string(ns)]++
	}
	if okg.IsProblem(gs) {
		r.Problems++
	}
}

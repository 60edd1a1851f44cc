package okg

import (
	"k8s.io/apimachinery/pkg/util/intstr"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
)

// States lists every GameServer state OKG defines, in the order a console shows them.
var States = []gamev1alpha1.GameServerState{
	gamev1alpha1.Ready, gamev1alpha1.NotReady, gamev1alpha1.Crash, gamev1alpha1.Creating,
	gamev1alpha1.Updating, gamev1alpha1.PreUpdate, gamev1alpha1.Deleting, gamev1alpha1.PreDelete,
	gamev1alpha1.Unknown,
}

// OpsStates lists every opsState OKG defines.
var OpsStates = []gamev1alpha1.OpsState{
	gamev1alpha1.None, gamev1alpha1.Allocated, gamev1alpha1.Maintaining,
	gamev1alpha1.WaitToDelete, gamev1alpha1.Kill,
}

// NetworkStates lists every network state OKG defines.
var NetworkStates = []gamev1alpha1.NetworkState{
	gamev1alpha1.NetworkReady, gamev1alpha1.NetworkWaiting, gamev1alpha1.NetworkNotReady,
}

// IsKnownOpsState reports whether s is one of OKG's opsStates. The CRD schema
// accepts any string, so callers that write must check with this.
func IsKnownOpsState(s string) bool {
	for _, o := range OpsStates {
		if string(o) == s {
			return true
		}
	}
	return false
}

// StateOf returns the game server's current state; an empty status reads as Unknown.
func StateOf(gs *gamev1alpha1.GameServer) gamev1alpha1.GameServerState {
	if gs.Status.CurrentState == "" {
		return gamev1alpha1.Unknown
	}
	return gs.Status.CurrentState
}

// OpsStateOf returns the game server's opsState; OKG treats an empty one as None.
func OpsStateOf(gs *gamev1alpha1.GameServer) gamev1alpha1.OpsState {
	if gs.Spec.OpsState == "" {
		return gamev1alpha1.None
	}
	return gs.Spec.OpsState
}

// NetworkStateOf returns the current network state, or "" when the game server has no network.
func NetworkStateOf(gs *gamev1alpha1.GameServer) gamev1alpha1.NetworkState {
	return gs.Status.NetworkStatus.CurrentNetworkState
}

// SetOf returns the name of the GameServerSet that owns the game server.
func SetOf(gs *gamev1alpha1.GameServer) string {
	return gs.Labels[gamev1alpha1.GameServerOwnerGssKey]
}

// IsProblem reports whether the game server needs attention: it crashed, is not
// ready, or its network is not ready.
func IsProblem(gs *gamev1alpha1.GameServer) bool {
	switch StateOf(gs) {
	case gamev1alpha1.Crash, gamev1alpha1.NotReady:
		return true
	}
	return NetworkStateOf(gs) == gamev1alpha1.NetworkNotReady
}

// UpdatePriorityOf returns the update priority the user set (spec), else the one
// OKG reports from the pod (status), else 0.
func UpdatePriorityOf(gs *gamev1alpha1.GameServer) int {
	return priority(gs.Spec.UpdatePriority, gs.Status.UpdatePriority)
}

// DeletionPriorityOf is UpdatePriorityOf for the deletion priority.
func DeletionPriorityOf(gs *gamev1alpha1.GameServer) int {
	return priority(gs.Spec.DeletionPriority, gs.Status.DeletionPriority)
}

func priority(spec, status *intstr.IntOrString) int {
	switch {
	case spec != nil:
		return spec.IntValue()
	case status != nil:
		return status.IntValue()
	}
	return 0
}

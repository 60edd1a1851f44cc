package ops

import (
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/okg-console/okg-console/backend/internal/okg"
)

// plan is how one operation type reads and changes a GameServer's spec.
type plan struct {
	// state is what the result shows as before and after.
	state func(gs *gamev1alpha1.GameServer, pod *corev1.Pod) map[string]any
	// spec returns the spec fields to merge, or nil when gs already has them.
	spec func(gs *gamev1alpha1.GameServer, pod *corev1.Pod) map[string]any
	// reason is the audit Event's reason.
	reason string
}

// Audit event reasons, one per operation.
const (
	ReasonOpsState         = "OpsStateChanged"
	ReasonUpdatePriority   = "UpdatePriorityChanged"
	ReasonDeletionPriority = "DeletionPriorityChanged"
	ReasonNetworkDisabled  = "NetworkDisabledChanged"
	ReasonImage            = "ImageUpdated"
	ReasonResources        = "ResourcesUpdated"
	ReasonPodDeleted       = "PodDeleted"
	ReasonKilled           = "Killed"
	ReasonDrained          = "Drained"
)

func planFor(op *Operation) plan {
	switch op.Type {
	case OpOpsState, OpKill:
		want := gamev1alpha1.OpsState(op.OpsState)
		reason := ReasonOpsState
		if op.Type == OpKill {
			want, reason = gamev1alpha1.Kill, ReasonKilled
		}
		return plan{reason: reason,
			state: func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) map[string]any {
				return map[string]any{"opsState": string(okg.OpsStateOf(gs))}
			},
			spec: func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) map[string]any {
				if okg.OpsStateOf(gs) == want {
					return nil
				}
				return map[string]any{"opsState": want}
			}}
	case OpDrain:
		return drainPlan()
	case OpUpdatePriority, OpDeletionPriority:
		v, _ := int32Priority(op.Priority)
		field, reason := "updatePriority", ReasonUpdatePriority
		current := func(gs *gamev1alpha1.GameServer) *intstr.IntOrString { return gs.Spec.UpdatePriority }
		if op.Type == OpDeletionPriority {
			field, reason = "deletionPriority", ReasonDeletionPriority
			current = func(gs *gamev1alpha1.GameServer) *intstr.IntOrString { return gs.Spec.DeletionPriority }
		}
		return plan{reason: reason,
			state: func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) map[string]any {
				if p := current(gs); p != nil {
					return map[string]any{field: p.IntValue()}
				}
				return map[string]any{field: nil}
			},
			spec: func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) map[string]any {
				if p := current(gs); p != nil && p.Type == intstr.Int && p.IntVal == v {
					return nil
				}
				return map[string]any{field: v}
			}}
	case OpNetworkDisabled:
		want := *op.NetworkDisabled
		return plan{reason: ReasonNetworkDisabled,
			state: func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) map[string]any {
				return map[string]any{"networkDisabled": gs.Spec.NetworkDisabled != nil && *gs.Spec.NetworkDisabled}
			},
			spec: func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) map[string]any {
				if (gs.Spec.NetworkDisabled != nil && *gs.Spec.NetworkDisabled) == want { // unset reads as false
					return nil
				}
				return map[string]any{"networkDisabled": want}
			}}
	case OpImage:
		return plan{reason: ReasonImage, state: imagesState(op.Containers),
			spec: containersSpec(op.Containers, func(have *gamev1alpha1.GameServerContainer, want ContainerChange, pod *corev1.Pod) bool {
				effective := have.Image
				if effective == "" {
					effective = podImage(pod, want.Name)
				}
				if effective == want.Image {
					return false
				}
				have.Image = want.Image
				return true
			})}
	case OpResources:
		return plan{reason: ReasonResources, state: resourcesState(op.Containers),
			spec: containersSpec(op.Containers, func(have *gamev1alpha1.GameServerContainer, want ContainerChange, _ *corev1.Pod) bool {
				if equality.Semantic.DeepEqual(have.Resources, *want.Resources) {
					return false
				}
				have.Resources = *want.Resources
				return true
			})}
	}
	return plan{}
}

// containersSpec merges the changes into the game server's container list (keeping
// what else it holds) and returns the whole list, as a merge patch replaces lists.
func containersSpec(changes []ContainerChange, apply func(*gamev1alpha1.GameServerContainer, ContainerChange, *corev1.Pod) bool) func(*gamev1alpha1.GameServer, *corev1.Pod) map[string]any {
	return func(gs *gamev1alpha1.GameServer, pod *corev1.Pod) map[string]any {
		list := append([]gamev1alpha1.GameServerContainer(nil), gs.Spec.Containers...)
		changed := false
		for _, want := range changes {
			i := indexOf(list, want.Name)
			if i < 0 {
				list = append(list, gamev1alpha1.GameServerContainer{Name: want.Name})
				i = len(list) - 1
			}
			if apply(&list[i], want, pod) {
				changed = true
			}
		}
		if !changed {
			return nil
		}
		return map[string]any{"containers": list}
	}
}

func indexOf(list []gamev1alpha1.GameServerContainer, name string) int {
	for i, c := range list {
		if c.Name == name {
			return i
		}
	}
	return -1
}

func podImage(pod *corev1.Pod, container string) string {
	if pod == nil {
		return ""
	}
	for _, c := range pod.Spec.Containers {
		if c.Name == container {
			return c.Image
		}
	}
	return ""
}

func imagesState(changes []ContainerChange) func(*gamev1alpha1.GameServer, *corev1.Pod) map[string]any {
	return func(gs *gamev1alpha1.GameServer, pod *corev1.Pod) map[string]any {
		images := map[string]string{}
		for _, c := range changes {
			img := podImage(pod, c.Name)
			if i := indexOf(gs.Spec.Containers, c.Name); i >= 0 && gs.Spec.Containers[i].Image != "" {
				img = gs.Spec.Containers[i].Image
			}
			images[c.Name] = img
		}
		return map[string]any{"images": images}
	}
}

func resourcesState(changes []ContainerChange) func(*gamev1alpha1.GameServer, *corev1.Pod) map[string]any {
	return func(gs *gamev1alpha1.GameServer, _ *corev1.Pod) map[string]any {
		res := map[string]any{}
		for _, c := range changes {
			if i := indexOf(gs.Spec.Containers, c.Name); i >= 0 {
				res[c.Name] = gs.Spec.Containers[i].Resources
			} else {
				res[c.Name] = corev1.ResourceRequirements{}
			}
		}
		return map[string]any{"resources": res}
	}
}

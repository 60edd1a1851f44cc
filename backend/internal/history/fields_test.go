package history

import (
	"fmt"
	"strings"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ktypes "k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func gsWith(mut func(*gamev1alpha1.GameServer)) *gamev1alpha1.GameServer {
	gs := &gamev1alpha1.GameServer{ObjectMeta: metav1.ObjectMeta{Name: "s-0", Namespace: "ns", UID: "gs-uid",
		Labels: map[string]string{gamev1alpha1.GameServerOwnerGssKey: "s"}}}
	gs.Status.CurrentState = gamev1alpha1.Ready
	gs.Spec.OpsState = gamev1alpha1.None
	gs.Status.NetworkStatus.CurrentNetworkState = gamev1alpha1.NetworkReady
	if mut != nil {
		mut(gs)
	}
	return gs
}

func podWith(uid string, restarts int32, mut func(*corev1.Pod)) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "s-0", Namespace: "ns", UID: ktypes.UID("p-" + uid)},
		Spec:   corev1.PodSpec{NodeName: "node-a", Containers: []corev1.Container{{Name: "game", Image: "img:1"}}},
		Status: corev1.PodStatus{ContainerStatuses: []corev1.ContainerStatus{{Name: "game", RestartCount: restarts}}}}
	if mut != nil {
		mut(p)
	}
	return p
}

func render(ts []transition) string {
	var parts []string
	for _, t := range ts {
		s := string(t.change)
		if t.field != "" {
			s += "/" + t.field
		}
		s += fmt.Sprintf(" %s→%s", t.old, t.new)
		if t.warning {
			s += " !"
		}
		if t.message != "" {
			s += " (" + t.message + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func TestDiffOfGameServerFields(t *testing.T) {
	base := gameServerFields(gsWith(nil))
	for _, tc := range []struct {
		name string
		mut  func(*gamev1alpha1.GameServer)
		want string
	}{
		{"nothing changed", nil, ""},
		{"opsState", func(gs *gamev1alpha1.GameServer) { gs.Spec.OpsState = gamev1alpha1.Maintaining }, "opsState None→Maintaining"},
		{"empty opsState reads as None", func(gs *gamev1alpha1.GameServer) { gs.Spec.OpsState = "" }, ""},
		{"crash is a warning", func(gs *gamev1alpha1.GameServer) { gs.Status.CurrentState = gamev1alpha1.Crash }, "state Ready→Crash !"},
		{"priorities", func(gs *gamev1alpha1.GameServer) {
			up, dp := intstr.FromInt32(5), intstr.FromInt32(9)
			gs.Spec.UpdatePriority, gs.Spec.DeletionPriority = &up, &dp
		}, "deletionPriority 0→9; updatePriority 0→5"},
		{"network", func(gs *gamev1alpha1.GameServer) {
			yes := true
			gs.Spec.NetworkDisabled = &yes
			gs.Status.NetworkStatus.CurrentNetworkState = gamev1alpha1.NetworkNotReady
		}, "network Ready→NotReady; networkDisabled false→true"},
		{"a probe's result", func(gs *gamev1alpha1.GameServer) {
			gs.Status.ServiceQualitiesCondition = []gamev1alpha1.ServiceQualityCondition{{Name: "healthy", Result: "false"}}
		}, "serviceQuality/healthy →false"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(diff(base, gameServerFields(gsWith(tc.mut)), gameServerOwned, nil))
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDiffOfPodFields(t *testing.T) {
	first := merge(gameServerFields(gsWith(nil)), podFields(podWith("1", 2, nil)), podOwned)
	crashed := func(p *corev1.Pod) {
		p.Status.ContainerStatuses[0].LastTerminationState.Terminated = &corev1.ContainerStateTerminated{Reason: "Error", ExitCode: 1}
	}
	for _, tc := range []struct {
		name string
		old  fieldSet
		pod  *corev1.Pod
		want string
	}{
		{"same pod, nothing new", first, podWith("1", 2, nil), ""},
		{"a restart, with why", first, podWith("1", 3, crashed), "restart 2→3 ! (game: Error, exit code 1)"},
		{"restarts never go down on one pod", first, podWith("1", 1, nil), ""},
		{"a new pod that has not restarted is a new pod", first, podWith("2", 0, nil), "pod p-1→p-2"},
		{"a new pod counts restarts from 0", first, podWith("2", 1, nil), "pod p-1→p-2; restart 0→1 !"},
		{"moved to another node", first, podWith("1", 2, func(p *corev1.Pod) { p.Spec.NodeName = "node-b" }), "node node-a→node-b"},
		{"unscheduled is not news", first, podWith("1", 2, func(p *corev1.Pod) { p.Spec.NodeName = "" }), ""},
		{"image updated in place", first, podWith("1", 2, func(p *corev1.Pod) { p.Spec.Containers[0].Image = "img:2" }), "image/game img:1→img:2"},
		{"the first pod: its node is news, its images and identity are not", gameServerFields(gsWith(nil)), podWith("1", 0, nil), "node →node-a"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(diff(tc.old, podFields(tc.pod), podOwned, tc.pod))
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDiffOfSetFields(t *testing.T) {
	set := func(mut func(*gamev1alpha1.GameServerSet)) fieldSet {
		r := int32(3)
		gss := &gamev1alpha1.GameServerSet{Spec: gamev1alpha1.GameServerSetSpec{Replicas: &r}}
		gss.Spec.GameServerTemplate.Spec.Containers = []corev1.Container{{Name: "game", Image: "img:1"}}
		if mut != nil {
			mut(gss)
		}
		return setFields(gss)
	}
	all := func(string) bool { return true }
	for _, tc := range []struct {
		name string
		mut  func(*gamev1alpha1.GameServerSet)
		want string
	}{
		{"replicas", func(g *gamev1alpha1.GameServerSet) { r := int32(5); g.Spec.Replicas = &r }, "replicas 3→5"},
		{"image", func(g *gamev1alpha1.GameServerSet) { g.Spec.GameServerTemplate.Spec.Containers[0].Image = "img:2" }, "image/game img:1→img:2"},
		{"reserved ids, as ranges", func(g *gamev1alpha1.GameServerSet) {
			g.Spec.ReserveGameServerIds = []intstr.IntOrString{intstr.FromInt32(3), intstr.FromInt32(4), intstr.FromInt32(5), intstr.FromInt32(9)}
		}, "reservedIds →3-5,9"},
		{"partition and pause", func(g *gamev1alpha1.GameServerSet) {
			p := int32(2)
			g.Spec.UpdateStrategy.RollingUpdate = &gamev1alpha1.RollingUpdateStatefulSetStrategy{Partition: &p, Paused: true}
		}, "partition 0→2; paused false→true"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := render(diff(set(nil), set(tc.mut), all, nil)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

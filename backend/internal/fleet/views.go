package fleet

import (
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/okg"
)

// GameServerView is one game server as the console shows it (docs/API.md).
type GameServerView struct {
	Name          string `json:"name"`
	Namespace     string `json:"namespace"`
	GameServerSet string `json:"gameServerSet"`
	ID            int    `json:"id"`
	Project       string `json:"project"`
	State         string `json:"state"`
	DesiredState  string `json:"desiredState"`
	OpsState      string `json:"opsState"`
	// OpsStateFromProbe names the service quality whose action set opsState ("" = set by hand).
	OpsStateFromProbe string            `json:"opsStateFromProbe"`
	UpdatePriority    int               `json:"updatePriority"`
	DeletionPriority  int               `json:"deletionPriority"`
	NetworkDisabled   bool              `json:"networkDisabled"`
	Network           NetworkView       `json:"network"`
	Pod               *PodView          `json:"pod"`
	Images            []ContainerImage  `json:"images"`
	ServiceQualities  []QualityView     `json:"serviceQualities"`
	Labels            map[string]string `json:"labels"`
	CreatedAt         time.Time         `json:"createdAt"`
	// Usage is the pod's CPU and memory from the metrics API; null when there are no
	// figures (see the usage status for why).
	Usage *UsageView `json:"usage"`
}

// NetworkView is a game server's network state and addresses.
type NetworkView struct {
	Type              string        `json:"type"`
	State             string        `json:"state"`
	DesiredState      string        `json:"desiredState"`
	InternalAddresses []AddressView `json:"internalAddresses"`
	ExternalAddresses []AddressView `json:"externalAddresses"`
}

// AddressView is one network address with its ports.
type AddressView struct {
	IP        string     `json:"ip"`
	EndPoint  string     `json:"endPoint,omitempty"`
	Ports     []PortView `json:"ports"`
	PortRange *PortRange `json:"portRange,omitempty"`
}

// PortView is one named port of an address.
type PortView struct {
	Name     string `json:"name"`
	Protocol string `json:"protocol"`
	Port     string `json:"port"`
}

// PortRange is a range of ports of an address.
type PortRange struct {
	Protocol  string `json:"protocol"`
	PortRange string `json:"portRange"`
}

// PodView is the part of a game server's pod an operator looks at.
type PodView struct {
	Phase           string `json:"phase"`
	Ready           bool   `json:"ready"`
	ReadyContainers int    `json:"readyContainers"`
	Containers      int    `json:"containers"`
	Restarts        int    `json:"restarts"`
	Node            string `json:"node"`
	PodIP           string `json:"podIP"`
	HostIP          string `json:"hostIP"`
}

// ContainerImage pairs a container with its image.
type ContainerImage struct {
	Container string `json:"container"`
	Image     string `json:"image"`
}

// QualityView is one service-quality probe result.
type QualityView struct {
	Name          string    `json:"name"`
	Status        string    `json:"status"`
	Result        string    `json:"result"`
	LastProbeTime time.Time `json:"lastProbeTime"`
}

func newGameServerView(gs *gamev1alpha1.GameServer, pod *corev1.Pod, gss *gamev1alpha1.GameServerSet, projectLabel string) GameServerView {
	v := GameServerView{
		Name:              gs.Name,
		Namespace:         gs.Namespace,
		GameServerSet:     okg.SetOf(gs),
		ID:                okg.Ordinal(gs.Name),
		Project:           gs.Labels[projectLabel],
		State:             string(okg.StateOf(gs)),
		DesiredState:      string(gs.Status.DesiredState),
		OpsState:          string(okg.OpsStateOf(gs)),
		OpsStateFromProbe: opsStateFromProbe(gs, gss),
		UpdatePriority:    okg.UpdatePriorityOf(gs),
		DeletionPriority:  okg.DeletionPriorityOf(gs),
		NetworkDisabled:   gs.Spec.NetworkDisabled != nil && *gs.Spec.NetworkDisabled,
		Network:           newNetworkView(gs.Status.NetworkStatus),
		Pod:               newPodView(pod),
		Images:            imagesOf(gs, pod),
		ServiceQualities:  make([]QualityView, 0, len(gs.Status.ServiceQualitiesCondition)),
		Labels:            gs.Labels,
		CreatedAt:         gs.CreationTimestamp.UTC(),
	}
	for _, q := range gs.Status.ServiceQualitiesCondition {
		v.ServiceQualities = append(v.ServiceQualities, QualityView{
			Name: q.Name, Status: q.Status, Result: q.Result, LastProbeTime: q.LastProbeTime.UTC(),
		})
	}
	if v.Labels == nil {
		v.Labels = map[string]string{}
	}
	return v
}

func newNetworkView(ns gamev1alpha1.NetworkStatus) NetworkView {
	return NetworkView{
		Type:              ns.NetworkType,
		State:             string(ns.CurrentNetworkState),
		DesiredState:      string(ns.DesiredNetworkState),
		InternalAddresses: addressViews(ns.InternalAddresses),
		ExternalAddresses: addressViews(ns.ExternalAddresses),
	}
}

func addressViews(in []gamev1alpha1.NetworkAddress) []AddressView {
	out := make([]AddressView, 0, len(in))
	for _, a := range in {
		av := AddressView{IP: a.IP, EndPoint: a.EndPoint, Ports: make([]PortView, 0, len(a.Ports))}
		for _, p := range a.Ports {
			pv := PortView{Name: p.Name, Protocol: string(p.Protocol)}
			if p.Port != nil {
				pv.Port = p.Port.String()
			}
			av.Ports = append(av.Ports, pv)
		}
		if a.PortRange != nil {
			av.PortRange = &PortRange{Protocol: string(a.PortRange.Protocol), PortRange: a.PortRange.PortRange}
		}
		out = append(out, av)
	}
	return out
}

func newPodView(pod *corev1.Pod) *PodView {
	if pod == nil {
		return nil
	}
	v := &PodView{
		Phase:      string(pod.Status.Phase),
		Containers: len(pod.Spec.Containers),
		Node:       pod.Spec.NodeName,
		PodIP:      pod.Status.PodIP,
		HostIP:     pod.Status.HostIP,
	}
	for _, cs := range pod.Status.ContainerStatuses {
		if cs.Ready {
			v.ReadyContainers++
		}
		v.Restarts += int(cs.RestartCount)
	}
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady {
			v.Ready = c.Status == corev1.ConditionTrue
		}
	}
	return v
}

func podRestarts(pod *corev1.Pod) int {
	if pod == nil {
		return 0
	}
	n := 0
	for _, cs := range pod.Status.ContainerStatuses {
		n += int(cs.RestartCount)
	}
	return n
}

func podNode(pod *corev1.Pod) string {
	if pod == nil {
		return ""
	}
	return pod.Spec.NodeName
}

// imagesOf reports what runs: the pod's container images, else the images a targeted
// update asked for on the GameServer (before its pod exists).
func imagesOf(gs *gamev1alpha1.GameServer, pod *corev1.Pod) []ContainerImage {
	var out []ContainerImage
	if pod != nil {
		out = make([]ContainerImage, 0, len(pod.Spec.Containers))
		for _, c := range pod.Spec.Containers {
			out = append(out, ContainerImage{Container: c.Name, Image: c.Image})
		}
		return out
	}
	out = make([]ContainerImage, 0, len(gs.Spec.Containers))
	for _, c := range gs.Spec.Containers {
		if c.Image != "" {
			out = append(out, ContainerImage{Container: c.Name, Image: c.Image})
		}
	}
	return out
}

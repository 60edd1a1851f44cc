// Package demo writes game fleets into a cluster: GameServerSets, GameServers with
// their status, their Pods and Events, the way OKG's controller would have left them.
// The sandbox (`make run`), the integration tests and the benchmarks seed through it,
// so no OKG controller has to run on the local control plane.
package demo

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/okg-console/okg-console/backend/internal/kube"
)

// Set is one GameServerSet and the game servers it has.
type Set struct {
	Namespace   string
	Name        string
	Project     string // value of ProjectLabel, "" for none
	Image       string
	NetworkType string
	Labels      map[string]string
	Servers     []Server
}

// Server is one game server and its pod as OKG would report them.
type Server struct {
	ID               int
	State            gamev1alpha1.GameServerState
	OpsState         gamev1alpha1.OpsState
	NetworkState     gamev1alpha1.NetworkState // "" = no network
	UpdatePriority   int
	DeletionPriority int
	Node             string
	Image            string // "" = the set's image
	Restarts         int
	NoPod            bool
	Labels           map[string]string
}

// Options controls how a fleet is written.
type Options struct {
	ProjectLabel string // default config.DefaultProjectLabel's value
	Concurrency  int    // parallel writers, default 16
	Events       bool   // write Events for game servers in trouble
}

// Apply creates the namespaces, sets, game servers, pods and events.
func Apply(ctx context.Context, c *kube.Clients, sets []Set, opts Options) error {
	if opts.ProjectLabel == "" {
		opts.ProjectLabel = "game.kruise.io/project"
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 16
	}
	namespaces := map[string]bool{}
	for _, s := range sets {
		if namespaces[s.Namespace] {
			continue
		}
		namespaces[s.Namespace] = true
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: s.Namespace}}
		if _, err := c.Kube.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("namespace %s: %w", s.Namespace, err)
		}
	}
	work := make(chan func() error)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range opts.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range work {
				if err := job(); err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for _, s := range sets {
		gss, err := applySet(ctx, c, s, opts)
		if err != nil {
			close(work)
			wg.Wait()
			return err
		}
		for _, srv := range s.Servers {
			work <- func() error { return applyServer(ctx, c, s, gss, srv, opts) }
		}
	}
	close(work)
	wg.Wait()
	return firstErr
}

func setLabels(s Set, projectLabel string) map[string]string {
	l := map[string]string{}
	for k, v := range s.Labels {
		l[k] = v
	}
	if s.Project != "" {
		l[projectLabel] = s.Project
	}
	return l
}

func applySet(ctx context.Context, c *kube.Clients, s Set, opts Options) (*gamev1alpha1.GameServerSet, error) {
	gss := &gamev1alpha1.GameServerSet{
		ObjectMeta: metav1.ObjectMeta{Name: s.Name, Namespace: s.Namespace, Labels: setLabels(s, opts.ProjectLabel)},
		Spec: gamev1alpha1.GameServerSetSpec{
			Replicas: ptr.To(int32(len(s.Servers))),
			GameServerTemplate: gamev1alpha1.GameServerTemplate{PodTemplateSpec: corev1.PodTemplateSpec{
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "game", Image: s.Image}}},
			}},
			UpdateStrategy: gamev1alpha1.UpdateStrategy{Type: "RollingUpdate",
				RollingUpdate: &gamev1alpha1.RollingUpdateStatefulSetStrategy{
					Partition: ptr.To(int32(0)), MaxUnavailable: ptr.To(intstr.FromString("20%")),
					PodUpdatePolicy: "InPlaceIfPossible"}},
		},
	}
	if s.NetworkType != "" {
		gss.Spec.Network = &gamev1alpha1.Network{NetworkType: s.NetworkType}
	}
	created, err := c.Game.GameV1alpha1().GameServerSets(s.Namespace).Create(ctx, gss, metav1.CreateOptions{})
	if err != nil {
		return nil, fmt.Errorf("gameserverset %s/%s: %w", s.Namespace, s.Name, err)
	}
	var ready, maintaining, waiting int32
	for _, srv := range s.Servers {
		if srv.State == gamev1alpha1.Ready {
			ready++
		}
		switch srv.OpsState {
		case gamev1alpha1.Maintaining:
			maintaining++
		case gamev1alpha1.WaitToDelete:
			waiting++
		}
	}
	n := int32(len(s.Servers))
	created.Status = gamev1alpha1.GameServerSetStatus{
		ObservedGeneration: created.Generation, Replicas: n, CurrentReplicas: n, UpdatedReplicas: n,
		ReadyReplicas: ready, AvailableReplicas: ready, UpdatedReadyReplicas: ready,
		MaintainingReplicas: ptr.To(maintaining), WaitToBeDeletedReplicas: ptr.To(waiting),
		LabelSelector: gamev1alpha1.GameServerOwnerGssKey + "=" + s.Name,
	}
	updated, err := c.Game.GameV1alpha1().GameServerSets(s.Namespace).UpdateStatus(ctx, created, metav1.UpdateOptions{})
	if err != nil {
		return nil, fmt.Errorf("gameserverset %s/%s status: %w", s.Namespace, s.Name, err)
	}
	return updated, nil
}

func applyServer(ctx context.Context, c *kube.Clients, s Set, gss *gamev1alpha1.GameServerSet, srv Server, opts Options) error {
	name := s.Name + "-" + strconv.Itoa(srv.ID)
	labels := setLabels(s, opts.ProjectLabel)
	labels[gamev1alpha1.GameServerOwnerGssKey] = s.Name
	for k, v := range srv.Labels {
		labels[k] = v
	}
	image := srv.Image
	if image == "" {
		image = s.Image
	}
	owner := metav1.OwnerReference{APIVersion: gamev1alpha1.SchemeGroupVersion.String(), Kind: "GameServerSet",
		Name: gss.Name, UID: gss.UID, Controller: ptr.To(true)}
	gs := &gamev1alpha1.GameServer{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: s.Namespace, Labels: labels,
			OwnerReferences: []metav1.OwnerReference{owner}},
		Spec: gamev1alpha1.GameServerSpec{
			OpsState:         srv.OpsState,
			UpdatePriority:   ptr.To(intstr.FromInt(srv.UpdatePriority)),
			DeletionPriority: ptr.To(intstr.FromInt(srv.DeletionPriority)),
		},
	}
	created, err := c.Game.GameV1alpha1().GameServers(s.Namespace).Create(ctx, gs, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("gameserver %s/%s: %w", s.Namespace, name, err)
	}
	now := metav1.NewTime(time.Now().Truncate(time.Second))
	created.Status = gamev1alpha1.GameServerStatus{
		DesiredState: gamev1alpha1.Ready, CurrentState: srv.State,
		UpdatePriority: gs.Spec.UpdatePriority, DeletionPriority: gs.Spec.DeletionPriority,
		LastTransitionTime: now,
	}
	if srv.NetworkState != "" {
		port := intstr.FromInt(7000 + srv.ID%1000)
		created.Status.NetworkStatus = gamev1alpha1.NetworkStatus{
			NetworkType: s.NetworkType, CurrentNetworkState: srv.NetworkState,
			DesiredNetworkState: gamev1alpha1.NetworkReady, CreateTime: now, LastTransitionTime: now,
			InternalAddresses: []gamev1alpha1.NetworkAddress{{IP: podIP(srv.ID),
				Ports: []gamev1alpha1.NetworkPort{{Name: "game", Protocol: corev1.ProtocolUDP, Port: ptr.To(intstr.FromInt(7777))}}}},
			ExternalAddresses: []gamev1alpha1.NetworkAddress{{IP: "203.0.113." + strconv.Itoa(1+srv.ID%250),
				Ports: []gamev1alpha1.NetworkPort{{Name: "game", Protocol: corev1.ProtocolUDP, Port: &port}}}},
		}
	}
	if _, err := c.Game.GameV1alpha1().GameServers(s.Namespace).UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("gameserver %s/%s status: %w", s.Namespace, name, err)
	}
	if !srv.NoPod {
		if err := applyPod(ctx, c, s.Namespace, name, labels, image, srv); err != nil {
			return err
		}
	}
	if opts.Events && srv.State != gamev1alpha1.Ready {
		return applyEvent(ctx, c, s.Namespace, name, srv)
	}
	return nil
}

func podIP(id int) string { return fmt.Sprintf("10.244.%d.%d", id/250%250, 1+id%250) }

func applyPod(ctx context.Context, c *kube.Clients, namespace, name string, labels map[string]string, image string, srv Server) error {
	podLabels := map[string]string{
		gamev1alpha1.GameServerStateKey:    string(srv.State),
		gamev1alpha1.GameServerOpsStateKey: string(srv.OpsState),
	}
	for k, v := range labels {
		podLabels[k] = v
	}
	node := srv.Node
	if node == "" {
		node = "node-" + strconv.Itoa(srv.ID%3)
	}
	pod := &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace, Labels: podLabels},
		Spec: corev1.PodSpec{NodeName: node, Containers: []corev1.Container{{Name: "game", Image: image}},
			AutomountServiceAccountToken: ptr.To(false)},
	}
	created, err := c.Kube.CoreV1().Pods(namespace).Create(ctx, pod, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("pod %s/%s: %w", namespace, name, err)
	}
	ready := srv.State == gamev1alpha1.Ready || srv.State == gamev1alpha1.Updating
	phase := corev1.PodRunning
	if srv.State == gamev1alpha1.Creating {
		phase = corev1.PodPending
	}
	status := corev1.ConditionFalse
	if ready {
		status = corev1.ConditionTrue
	}
	created.Status = corev1.PodStatus{
		Phase: phase, PodIP: podIP(srv.ID), HostIP: "192.0.2." + strconv.Itoa(1+srv.ID%3),
		Conditions: []corev1.PodCondition{{Type: corev1.PodReady, Status: status}},
		ContainerStatuses: []corev1.ContainerStatus{{Name: "game", Image: image, Ready: ready,
			RestartCount: int32(srv.Restarts)}},
	}
	if _, err := c.Kube.CoreV1().Pods(namespace).UpdateStatus(ctx, created, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("pod %s/%s status: %w", namespace, name, err)
	}
	return nil
}

func applyEvent(ctx context.Context, c *kube.Clients, namespace, name string, srv Server) error {
	now := metav1.Now()
	ev := &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{GenerateName: name + ".", Namespace: namespace},
		InvolvedObject: corev1.ObjectReference{APIVersion: gamev1alpha1.SchemeGroupVersion.String(), Kind: "GameServer", Namespace: namespace, Name: name},
		Reason:         "GsStateChanged", Type: corev1.EventTypeWarning,
		Message:        fmt.Sprintf("GameServer state changed to %s", srv.State),
		Source:         corev1.EventSource{Component: "kruise-game-manager"},
		FirstTimestamp: now, LastTimestamp: now, Count: 1,
	}
	if _, err := c.Kube.CoreV1().Events(namespace).Create(ctx, ev, metav1.CreateOptions{}); err != nil {
		return fmt.Errorf("event for %s/%s: %w", namespace, name, err)
	}
	return nil
}

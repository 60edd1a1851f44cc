// Package nodes is the node view: each node's game servers by state and opsState, its
// conditions, allocatable resources and (when the metrics API has figures) usage. Nodes
// come from their own informer; game servers and usage from the fleet read model.
package nodes

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	kubeinformers "k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

// Resource is the Kubernetes resource the node routes are authorised as.
var Resource = schema.GroupResource{Resource: "nodes"}

// Service serves node views from a Node informer and the fleet read model.
type Service struct {
	fleet    *fleet.Service
	factory  kubeinformers.SharedInformerFactory
	informer cache.SharedIndexInformer
	synced   atomic.Bool
}

// New wires the Node informer; nothing runs until Start.
func New(kube kubernetes.Interface, f *fleet.Service) *Service {
	factory := kubeinformers.NewSharedInformerFactoryWithOptions(kube, 0, kubeinformers.WithTransform(slim))
	return &Service{fleet: f, factory: factory, informer: factory.Core().V1().Nodes().Informer()}
}

// slim drops what the view never reads (managed fields, the image list: most of a node).
func slim(obj any) (any, error) {
	if acc, err := meta.Accessor(obj); err == nil {
		acc.SetManagedFields(nil)
	}
	if n, ok := obj.(*corev1.Node); ok {
		n.Status.Images = nil
	}
	return obj, nil
}

// Start runs the informer. It does not block: the game server lists do not wait for
// nodes (a console without the nodes permission still serves them); node requests
// answer 503 until the cache has synced.
func (s *Service) Start(ctx context.Context) {
	s.factory.Start(ctx.Done())
	go func() {
		if cache.WaitForCacheSync(ctx.Done(), s.informer.HasSynced) {
			s.synced.Store(true)
		}
	}()
}

// Shutdown waits for the informer's goroutines after their context ended.
func (s *Service) Shutdown() { s.factory.Shutdown() }

// Synced reports whether the node cache has its first list.
func (s *Service) Synced() bool { return s.synced.Load() }

// WaitSynced waits up to timeout for the first list (tests, benchmarks).
func (s *Service) WaitSynced(ctx context.Context, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if !cache.WaitForCacheSync(ctx.Done(), s.informer.HasSynced) {
		return fmt.Errorf("node cache not synced within %s", timeout)
	}
	s.synced.Store(true)
	return nil
}

func (s *Service) ready() error {
	if !s.synced.Load() {
		return apierrors.NewServiceUnavailable("the node cache has not synced yet (does the console's service account have list and watch on nodes?)")
	}
	return nil
}

func (s *Service) nodes() []*corev1.Node {
	objs := s.informer.GetStore().List()
	out := make([]*corev1.Node, 0, len(objs))
	for _, o := range objs {
		out = append(out, o.(*corev1.Node))
	}
	return out
}

func (s *Service) node(name string) *corev1.Node {
	obj, ok, _ := s.informer.GetStore().GetByKey(name)
	if !ok {
		return nil
	}
	return obj.(*corev1.Node)
}

// rollups counts game servers per node (by their pods' nodes) in one pass.
func (s *Service) rollups(only string) map[string]*fleet.Rollup {
	out := map[string]*fleet.Rollup{}
	s.fleet.EachGameServer(func(gs *gamev1alpha1.GameServer, pod *corev1.Pod) {
		if pod == nil || pod.Spec.NodeName == "" || (only != "" && pod.Spec.NodeName != only) {
			return
		}
		r := out[pod.Spec.NodeName]
		if r == nil {
			nr := fleet.NewRollup()
			r = &nr
			out[pod.Spec.NodeName] = r
		}
		r.Add(gs)
	})
	return out
}

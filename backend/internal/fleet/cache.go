// Package fleet is the console's read model: shared informer caches of GameServerSets,
// GameServers and their Pods, with indexers, and the filter / sort / page / roll-up
// logic every list and summary is served from. Nothing here lists through the API server
// per request, except the Events of one object's detail page.
package fleet

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	gameclient "github.com/openkruise/kruise-game/pkg/client/clientset/versioned"
	gameinformers "github.com/openkruise/kruise-game/pkg/client/informers/externalversions"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	kubeinformers "k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

// Index names on the GameServer informer.
const (
	indexBySet = "gameServerSet" // "<namespace>/<set>"
)

// Cache holds the informers the read model serves from.
type Cache struct {
	kube         kubernetes.Interface
	projectLabel string

	gameFactory gameinformers.SharedInformerFactory
	kubeFactory kubeinformers.SharedInformerFactory
	sets        cache.SharedIndexInformer
	servers     cache.SharedIndexInformer
	pods        cache.SharedIndexInformer

	synced   atomic.Bool
	syncTook atomic.Int64 // nanoseconds from Start to synced
}

// NewCache wires the informers; nothing runs until Start.
func NewCache(kube kubernetes.Interface, game gameclient.Interface, projectLabel string) (*Cache, error) {
	c := &Cache{kube: kube, projectLabel: projectLabel}
	c.gameFactory = gameinformers.NewSharedInformerFactory(game, 0)
	// Only game servers' pods: OKG labels each with its owning set.
	c.kubeFactory = kubeinformers.NewSharedInformerFactoryWithOptions(kube, 0,
		kubeinformers.WithTransform(stripManagedFields),
		kubeinformers.WithTweakListOptions(func(o *metav1.ListOptions) {
			o.LabelSelector = gamev1alpha1.GameServerOwnerGssKey
		}))
	c.sets = c.gameFactory.Game().V1alpha1().GameServerSets().Informer()
	c.servers = c.gameFactory.Game().V1alpha1().GameServers().Informer()
	c.pods = c.kubeFactory.Core().V1().Pods().Informer()
	// OKG's generated factory predates WithTransform, so set it per informer.
	for _, inf := range []cache.SharedIndexInformer{c.sets, c.servers} {
		if err := inf.SetTransform(stripManagedFields); err != nil {
			return nil, err
		}
	}
	if err := c.servers.AddIndexers(cache.Indexers{indexBySet: indexGameServerBySet}); err != nil {
		return nil, err
	}
	return c, nil
}

// stripManagedFields drops what the console never reads before it is cached,
// which is most of an object's size.
func stripManagedFields(obj any) (any, error) {
	if acc, err := meta.Accessor(obj); err == nil {
		acc.SetManagedFields(nil)
	}
	return obj, nil
}

func indexGameServerBySet(obj any) ([]string, error) {
	gs, ok := obj.(*gamev1alpha1.GameServer)
	if !ok {
		return nil, nil
	}
	set := gs.Labels[gamev1alpha1.GameServerOwnerGssKey]
	if set == "" {
		return nil, nil
	}
	return []string{gs.Namespace + "/" + set}, nil
}

// Start runs the informers and waits until every cache has synced or ctx ends.
func (c *Cache) Start(ctx context.Context) error {
	start := time.Now()
	c.gameFactory.Start(ctx.Done())
	c.kubeFactory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), c.sets.HasSynced, c.servers.HasSynced, c.pods.HasSynced) {
		return fmt.Errorf("informer caches did not sync: %w", context.Cause(ctx))
	}
	c.syncTook.Store(int64(time.Since(start)))
	c.synced.Store(true)
	return nil
}

// Shutdown waits for the pod informer's goroutines after their context is cancelled
// (OKG's generated factory has no Shutdown; its informers stop with the context).
func (c *Cache) Shutdown() {
	c.kubeFactory.Shutdown()
}

// Synced reports whether every cache has completed its first list.
func (c *Cache) Synced() bool { return c.synced.Load() }

// SyncDuration is how long the first sync took (0 until synced).
func (c *Cache) SyncDuration() time.Duration { return time.Duration(c.syncTook.Load()) }

// Sizes returns the number of cached objects per kind, for metrics.
func (c *Cache) Sizes() map[string]int {
	return map[string]int{
		"gameserversets": len(c.sets.GetStore().ListKeys()),
		"gameservers":    len(c.servers.GetStore().ListKeys()),
		"pods":           len(c.pods.GetStore().ListKeys()),
	}
}

// Informers exposes the shared informers so other packages (the websocket hub)
// add their handlers to the same caches instead of watching again.
func (c *Cache) Informers() (sets, servers, pods cache.SharedIndexInformer) {
	return c.sets, c.servers, c.pods
}

// ProjectLabel is the label key naming a game/project.
func (c *Cache) ProjectLabel() string { return c.projectLabel }

func (c *Cache) pod(namespace, name string) *corev1.Pod {
	obj, ok, _ := c.pods.GetStore().GetByKey(namespace + "/" + name)
	if !ok {
		return nil
	}
	return obj.(*corev1.Pod)
}

// gameServers returns the cached game servers in a namespace ("" = all), optionally of one set.
func (c *Cache) gameServers(namespace, set string) []*gamev1alpha1.GameServer {
	var objs []any
	switch {
	case set != "" && namespace != "":
		objs, _ = c.servers.GetIndexer().ByIndex(indexBySet, namespace+"/"+set)
	case namespace != "":
		objs, _ = c.servers.GetIndexer().ByIndex(cache.NamespaceIndex, namespace)
	default:
		objs = c.servers.GetStore().List()
	}
	out := make([]*gamev1alpha1.GameServer, 0, len(objs))
	for _, o := range objs {
		gs := o.(*gamev1alpha1.GameServer)
		if set != "" && gs.Labels[gamev1alpha1.GameServerOwnerGssKey] != set {
			continue
		}
		out = append(out, gs)
	}
	return out
}

func (c *Cache) gameServerSets(namespace string) []*gamev1alpha1.GameServerSet {
	var objs []any
	if namespace != "" {
		objs, _ = c.sets.GetIndexer().ByIndex(cache.NamespaceIndex, namespace)
	} else {
		objs = c.sets.GetStore().List()
	}
	out := make([]*gamev1alpha1.GameServerSet, 0, len(objs))
	for _, o := range objs {
		out = append(out, o.(*gamev1alpha1.GameServerSet))
	}
	return out
}

func (c *Cache) gameServerSet(namespace, name string) *gamev1alpha1.GameServerSet {
	obj, ok, _ := c.sets.GetStore().GetByKey(namespace + "/" + name)
	if !ok {
		return nil
	}
	return obj.(*gamev1alpha1.GameServerSet)
}

func (c *Cache) gameServer(namespace, name string) *gamev1alpha1.GameServer {
	obj, ok, _ := c.servers.GetStore().GetByKey(namespace + "/" + name)
	if !ok {
		return nil
	}
	return obj.(*gamev1alpha1.GameServer)
}

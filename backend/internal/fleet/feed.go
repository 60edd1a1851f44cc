package fleet

import (
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/tools/cache"
)

// Subscriber consumes the one change feed of the cached objects (the websocket hub,
// the history recorder). Calls come from the informers' goroutines, one kind at a time
// in order per kind: a subscriber records what it needs and returns without blocking.
// On an add old is nil; on a delete cur is nil and old is the last known state.
type Subscriber interface {
	GameServerChanged(old, cur *gamev1alpha1.GameServer)
	GameServerSetChanged(old, cur *gamev1alpha1.GameServerSet)
	PodChanged(old, cur *corev1.Pod)
}

// Subscribe adds s to the change feed. Subscribe before Start, so the initial list
// reaches s as adds like any later change. The returned func reports when s has been
// handed every object of the initial list.
func (c *Cache) Subscribe(s Subscriber) (delivered func() bool, err error) {
	handlers := map[cache.SharedIndexInformer]cache.ResourceEventHandlerFuncs{
		c.servers: feedHandlers(s.GameServerChanged),
		c.sets:    feedHandlers(s.GameServerSetChanged),
		c.pods:    feedHandlers(s.PodChanged),
	}
	var regs []cache.ResourceEventHandlerRegistration
	for inf, h := range handlers {
		reg, err := inf.AddEventHandler(h)
		if err != nil {
			return nil, err
		}
		regs = append(regs, reg)
	}
	return func() bool {
		for _, r := range regs {
			if !r.HasSynced() {
				return false
			}
		}
		return true
	}, nil
}

// feedHandlers adapts one typed callback to the informer's untyped handlers, unwrapping
// the final state a relist only knows as DeletedFinalStateUnknown.
func feedHandlers[T any](fn func(old, cur *T)) cache.ResourceEventHandlerFuncs {
	typed := func(obj any) *T {
		if t, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = t.Obj
		}
		o, _ := obj.(*T)
		return o
	}
	return cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if cur := typed(obj); cur != nil {
				fn(nil, cur)
			}
		},
		UpdateFunc: func(old, obj any) {
			if cur := typed(obj); cur != nil {
				fn(typed(old), cur)
			}
		},
		DeleteFunc: func(obj any) {
			if last := typed(obj); last != nil {
				fn(last, nil)
			}
		},
	}
}

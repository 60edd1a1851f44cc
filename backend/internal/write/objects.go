package write

import (
	"context"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
)

// GameServer is gs (as read from the cache) as something to patch through c.
func GameServer(actor Actor, gs *gamev1alpha1.GameServer) Object[*gamev1alpha1.GameServer] {
	api := actor.Clients.Game.GameV1alpha1().GameServers(gs.Namespace)
	return Object[*gamev1alpha1.GameServer]{Kind: KindGameServer, Cached: gs,
		Get: func(ctx context.Context) (*gamev1alpha1.GameServer, error) {
			return api.Get(ctx, gs.Name, metav1.GetOptions{})
		},
		Patch: func(ctx context.Context, body []byte, opts metav1.PatchOptions) (*gamev1alpha1.GameServer, error) {
			return api.Patch(ctx, gs.Name, types.MergePatchType, body, opts)
		}}
}

// GameServerSet is gss (as read from the cache) as something to patch through c.
func GameServerSet(actor Actor, gss *gamev1alpha1.GameServerSet) Object[*gamev1alpha1.GameServerSet] {
	api := actor.Clients.Game.GameV1alpha1().GameServerSets(gss.Namespace)
	return Object[*gamev1alpha1.GameServerSet]{Kind: KindGameServerSet, Cached: gss,
		Get: func(ctx context.Context) (*gamev1alpha1.GameServerSet, error) {
			return api.Get(ctx, gss.Name, metav1.GetOptions{})
		},
		Patch: func(ctx context.Context, body []byte, opts metav1.PatchOptions) (*gamev1alpha1.GameServerSet, error) {
			return api.Patch(ctx, gss.Name, types.MergePatchType, body, opts)
		}}
}

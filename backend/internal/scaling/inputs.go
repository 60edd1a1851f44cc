package scaling

import (
	kruisepub "github.com/openkruise/kruise-api/apps/pub"
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/okg"
)

// The prediction's inputs, read from the cached objects. Everything the pure functions
// of predict.go and reserve.go decide on comes through here.

func setQuery(namespace, name string) fleet.GameServerQuery {
	return fleet.GameServerQuery{ListQuery: fleet.ListQuery{Namespace: namespace, SortBy: fleet.SortID, Ascending: true}, GameServerSet: name}
}

// serverOf is a cached game server as the prediction sees it. Its pod says whether it
// is already going: OKG reads the pod, not the GameServer, to leave those out.
func serverOf(gs *gamev1alpha1.GameServer, pod *corev1.Pod) Server {
	sv := Server{Name: gs.Name, ID: okg.Ordinal(gs.Name), State: okg.StateOf(gs), OpsState: okg.OpsStateOf(gs),
		DeletionPriority: okg.DeletionPriorityOf(gs)}
	if pod != nil {
		sv.Going = pod.DeletionTimestamp != nil ||
			pod.Labels[kruisepub.LifecycleStateKey] == string(kruisepub.LifecycleStatePreparingDelete)
	}
	return sv
}

// setStateOf is the cached set as the prediction sees it; without spec.replicas it has
// as many as it has servers. A stored reserved-id list the console cannot read (beyond
// okg.MaxIDs, or malformed) is an error rather than an empty list: predicting as if
// nothing were reserved would be a preview that lies.
func setStateOf(gss *gamev1alpha1.GameServerSet, servers int) (SetState, error) {
	st := SetState{Name: gss.Name, Replicas: int32(servers), ScaleDownStrategyType: gss.Spec.ScaleStrategy.ScaleDownStrategyType}
	if gss.Spec.Replicas != nil {
		st.Replicas = *gss.Spec.Replicas
	}
	reserved, err := okg.ReserveIDs(gss.Spec.ReserveGameServerIds)
	if err != nil {
		return st, apierror.Invalid("reserveGameServerIds", "the set's stored %v; replace them first (PUT reserveids)", err)
	}
	st.ReservedIDs = reserved
	return st, nil
}

package ops

import (
	"context"
	"net/http"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// runItem applies the operation to one game server through the write path.
func (s *Service) runItem(ctx context.Context, actor Actor, req *Request, p plan, cached *gamev1alpha1.GameServer) ItemResult {
	if req.Operation.Type == OpDelete {
		return s.deletePod(ctx, actor, req, cached)
	}
	pod := s.fleet.Pod(cached.Namespace, cached.Name)
	intent := write.Intent[*gamev1alpha1.GameServer]{Reason: p.reason,
		State: func(gs *gamev1alpha1.GameServer) map[string]any { return p.state(gs, pod) },
		Spec: func(gs *gamev1alpha1.GameServer) (map[string]any, error) {
			return p.spec(gs, pod), nil
		}}
	it := write.Patch(ctx, s.opts.Writer, actor, write.GameServer(actor, cached), intent, req.DryRun)
	if it.OK && it.Changed && req.Operation.Type == OpResources && req.Operation.RecreatePods {
		err := s.recreatePod(ctx, actor, cached.Namespace, cached.Name, write.DryRunOption(req.DryRun))
		if err != nil {
			it.OK = false
			it.Error = "resources changed, but recreating the pod failed: " + err.Error()
			it.Code = apierror.ToStatus(err).Code
		}
		it.After["podRecreated"] = it.OK
		if err == nil && !req.DryRun {
			s.opts.Writer.Audit(ctx, actor, ReasonPodDeleted, write.RefOf(write.KindGameServer, cached),
				map[string]any{"pod": "Running"}, map[string]any{"pod": "Deleted", "why": "recreated for new resources"})
		}
	}
	return it
}

func (s *Service) recreatePod(ctx context.Context, actor Actor, namespace, name string, dryRun []string) error {
	err := actor.Clients.Kube.CoreV1().Pods(namespace).Delete(ctx, name, metav1.DeleteOptions{DryRun: dryRun})
	if apierrors.IsNotFound(err) {
		return nil // nothing to recreate; OKG creates the pod with the new resources
	}
	return err
}

// deletePod deletes the game server's pod (guarded by its UID so a pod OKG has just
// recreated is not deleted again on a retry).
func (s *Service) deletePod(ctx context.Context, actor Actor, req *Request, gs *gamev1alpha1.GameServer) ItemResult {
	it := ItemResult{Kind: write.KindGameServer, Name: gs.Name, Namespace: gs.Namespace, Attempts: 1}
	pod := s.fleet.Pod(it.Namespace, it.Name)
	if pod == nil {
		it.Code, it.Error = http.StatusNotFound, "game server has no pod to delete"
		return it
	}
	it.Before = map[string]any{"pod": string(pod.Status.Phase), "podUID": string(pod.UID)}
	if pod.DeletionTimestamp != nil { // already on its way out: nothing to do
		it.Before["pod"] = "Terminating"
		it.OK, it.After = true, it.Before
		return it
	}
	opts := metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &pod.UID}, DryRun: write.DryRunOption(req.DryRun)}
	if err := actor.Clients.Kube.CoreV1().Pods(it.Namespace).Delete(ctx, it.Name, opts); err != nil {
		it.Fail(err)
		return it
	}
	it.OK, it.Changed = true, true
	it.After = map[string]any{"pod": "Deleted", "podUID": string(pod.UID)}
	if !req.DryRun {
		s.opts.Writer.Audit(ctx, actor, ReasonPodDeleted, write.RefOf(write.KindGameServer, gs), it.Before, it.After)
	}
	return it
}

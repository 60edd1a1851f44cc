package ops

import (
	"context"
	"fmt"
	"net/http"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/okg-console/okg-console/backend/internal/apierror"
)

// runItem applies the operation to one game server, retrying conflicts with fresh reads.
func (s *Service) runItem(ctx context.Context, actor Actor, req *Request, p plan, cached *gamev1alpha1.GameServer) ItemResult {
	it := ItemResult{Name: cached.Name, Namespace: cached.Namespace}
	if req.Operation.Type == OpDelete {
		return s.deletePod(ctx, actor, req, it)
	}
	var dryRun []string
	if req.DryRun {
		dryRun = []string{metav1.DryRunAll}
	}
	gs := cached
	pod := s.fleet.Pod(cached.Namespace, cached.Name)
	for it.Attempts = 1; it.Attempts <= maxAttempts; it.Attempts++ {
		if it.Attempts > 1 {
			fresh, err := actor.Clients.Game.GameV1alpha1().GameServers(gs.Namespace).Get(ctx, gs.Name, metav1.GetOptions{})
			if err != nil {
				return failed(it, err)
			}
			gs = fresh
		}
		it.Before = p.state(gs, pod)
		spec := p.spec(gs, pod)
		if spec == nil {
			it.OK, it.After = true, it.Before
			return it
		}
		patch, err := mergePatch(gs.ResourceVersion, spec)
		if err != nil {
			return failed(it, err)
		}
		if s.opts.BeforeWrite != nil {
			s.opts.BeforeWrite(gs.Namespace, gs.Name, it.Attempts)
		}
		updated, err := actor.Clients.Game.GameV1alpha1().GameServers(gs.Namespace).Patch(ctx, gs.Name,
			types.MergePatchType, patch, metav1.PatchOptions{DryRun: dryRun, FieldManager: "okg-console"})
		if apierrors.IsConflict(err) {
			continue
		}
		if err != nil {
			return failed(it, err)
		}
		it.OK, it.Changed, it.After = true, true, p.state(updated, pod)
		if req.Operation.Type == OpResources && req.Operation.RecreatePods {
			if err := s.recreatePod(ctx, actor, gs.Namespace, gs.Name, dryRun); err != nil {
				it.OK = false
				it.Error = "resources changed, but recreating the pod failed: " + err.Error()
				it.Code = apierror.ToStatus(err).Code
			}
			it.After["podRecreated"] = it.OK
		}
		if !req.DryRun {
			s.audit(ctx, actor, p.reason, updated, it.Before, it.After)
		}
		return it
	}
	it.Attempts = maxAttempts
	it.Error = fmt.Sprintf("gave up after %d conflicting concurrent changes", maxAttempts)
	it.Code = http.StatusConflict
	return it
}

func failed(it ItemResult, err error) ItemResult {
	st := apierror.ToStatus(err)
	it.OK, it.Error, it.Code = false, st.Message, st.Code
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
func (s *Service) deletePod(ctx context.Context, actor Actor, req *Request, it ItemResult) ItemResult {
	it.Attempts = 1
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
	opts := metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: &pod.UID}}
	if req.DryRun {
		opts.DryRun = []string{metav1.DryRunAll}
	}
	if err := actor.Clients.Kube.CoreV1().Pods(it.Namespace).Delete(ctx, it.Name, opts); err != nil {
		return failed(it, err)
	}
	it.OK, it.Changed = true, true
	it.After = map[string]any{"pod": "Deleted", "podUID": string(pod.UID)}
	if !req.DryRun {
		if gs := s.fleet.GameServer(it.Namespace, it.Name); gs != nil {
			s.audit(ctx, actor, ReasonPodDeleted, gs, it.Before, it.After)
		}
	}
	return it
}

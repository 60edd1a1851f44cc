package scaling

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/distribution/reference"
	kruisev1beta1 "github.com/openkruise/kruise-api/apps/v1beta1"
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// UpdateRequest changes a set's template images and rolling-update strategy.
type UpdateRequest struct {
	Images          map[string]string `json:"images,omitempty"` // container -> image
	Partition       *int32            `json:"partition,omitempty"`
	MaxUnavailable  *string           `json:"maxUnavailable,omitempty"` // "2" or "20%"
	PodUpdatePolicy string            `json:"podUpdatePolicy,omitempty"`
	Paused          *bool             `json:"paused,omitempty"`
	// Force lets new images reach Allocated servers (kruise updates them in place like any
	// other); without it such a change is refused, as targeted operations are.
	Force  bool `json:"force,omitempty"`
	DryRun bool `json:"dryRun,omitempty"`
}

var podUpdatePolicies = []kruisev1beta1.PodUpdateStrategyType{
	kruisev1beta1.RecreatePodUpdateStrategyType, kruisev1beta1.InPlaceIfPossiblePodUpdateStrategyType, kruisev1beta1.InPlaceOnlyPodUpdateStrategyType,
}

// Rollout is a set's update progress.
type Rollout struct {
	Replicas             int32             `json:"replicas"`
	CurrentReplicas      int32             `json:"currentReplicas"`
	UpdatedReplicas      int32             `json:"updatedReplicas"`
	UpdatedReadyReplicas int32             `json:"updatedReadyReplicas"`
	Partition            int32             `json:"partition"`
	Paused               bool              `json:"paused"`
	PodUpdatePolicy      string            `json:"podUpdatePolicy"`
	MaxUnavailable       string            `json:"maxUnavailable"`
	Images               map[string]string `json:"images"`
	// Pending are the servers still on another image, in the order OKG updates them
	// (the higher update priority first).
	Pending []PendingServer `json:"pending"`
	// Pinned are servers that run their own image from a targeted image update
	// (GameServer spec.containers): kruise counts their pods as updated and the set's
	// rollout never changes them; a targeted image update or a pod delete does.
	Pinned []PendingServer `json:"pinned"`
}

// PendingServer is a game server not yet on the template's images.
type PendingServer struct {
	Name           string            `json:"name"`
	ID             int               `json:"id"`
	UpdatePriority int               `json:"updatePriority"`
	OpsState       string            `json:"opsState"`
	Images         map[string]string `json:"images"`
}

// Rollout reports a set's update progress from its status and its servers' pods.
func (s *Service) Rollout(ctx context.Context, namespace, name string) (*Rollout, error) {
	gss, err := s.set(ctx, namespace, name)
	if err != nil {
		return nil, err
	}
	return s.rolloutOf(gss), nil
}

// rolloutOf reports the progress of gss as given (the cached set, or the set the API
// server's dry-run says a change would produce).
func (s *Service) rolloutOf(gss *gamev1alpha1.GameServerSet) *Rollout {
	namespace, name := gss.Namespace, gss.Name
	r := &Rollout{Replicas: gss.Status.Replicas, CurrentReplicas: gss.Status.CurrentReplicas, UpdatedReplicas: gss.Status.UpdatedReplicas,
		UpdatedReadyReplicas: gss.Status.UpdatedReadyReplicas, Images: map[string]string{}, Pending: []PendingServer{}, Pinned: []PendingServer{}}
	if ru := gss.Spec.UpdateStrategy.RollingUpdate; ru != nil {
		if ru.Partition != nil {
			r.Partition = *ru.Partition
		}
		r.Paused, r.PodUpdatePolicy = ru.Paused, string(ru.PodUpdatePolicy)
		if ru.MaxUnavailable != nil {
			r.MaxUnavailable = ru.MaxUnavailable.String()
		}
	}
	for _, c := range gss.Spec.GameServerTemplate.Spec.Containers {
		r.Images[c.Name] = c.Image
	}
	for _, gs := range s.fleet.Select(setQuery(namespace, name)) {
		pod := s.fleet.Pod(namespace, gs.Name)
		if pod == nil {
			continue
		}
		own := map[string]string{} // container -> the server's own image
		for _, c := range gs.Spec.Containers {
			if c.Image != "" {
				own[c.Name] = c.Image
			}
		}
		running := map[string]string{}
		stale, pinned := false, false
		for _, c := range pod.Spec.Containers {
			running[c.Name] = c.Image
			want, ok := r.Images[c.Name]
			switch {
			case !ok || want == c.Image:
			case own[c.Name] == c.Image:
				pinned = true
			default:
				stale = true
			}
		}
		server := PendingServer{Name: gs.Name, ID: okg.Ordinal(gs.Name),
			UpdatePriority: okg.UpdatePriorityOf(gs), OpsState: string(okg.OpsStateOf(gs)), Images: running}
		switch {
		case stale:
			r.Pending = append(r.Pending, server)
		case pinned:
			r.Pinned = append(r.Pinned, server)
		}
	}
	slices.SortFunc(r.Pinned, func(a, b PendingServer) int { return cmp.Compare(a.ID, b.ID) })
	slices.SortFunc(r.Pending, func(a, b PendingServer) int {
		return cmp.Or(cmp.Compare(b.UpdatePriority, a.UpdatePriority), cmp.Compare(b.ID, a.ID))
	})
	return r
}

// Update validates and writes template images and the rolling-update strategy.
// Pause and resume are Paused; a partition holds back the servers with the lowest ids.
func (s *Service) Update(ctx context.Context, actor write.Actor, namespace, name string, req *UpdateRequest) (*Rollout, error) {
	gss, err := s.set(ctx, namespace, name)
	if err != nil {
		return nil, err
	}
	if _, err := withImages(gss, req.Images); err != nil {
		return nil, err
	}
	replicas := int32(0)
	if gss.Spec.Replicas != nil {
		replicas = *gss.Spec.Replicas
	}
	rolling := map[string]any{}
	if req.Partition != nil {
		if *req.Partition < 0 || *req.Partition > replicas {
			return nil, apierror.Invalid("partition", "must be within 0..%d (the replicas), got %d", replicas, *req.Partition)
		}
		rolling["partition"] = *req.Partition
	}
	if req.MaxUnavailable != nil {
		mu, err := ParseMaxUnavailable(*req.MaxUnavailable)
		if err != nil {
			return nil, err
		}
		rolling["maxUnavailable"] = mu
	}
	if req.PodUpdatePolicy != "" {
		if !slices.Contains(podUpdatePolicies, kruisev1beta1.PodUpdateStrategyType(req.PodUpdatePolicy)) {
			return nil, apierror.Invalid("podUpdatePolicy", "%q is not ReCreate, InPlaceIfPossible or InPlaceOnly", req.PodUpdatePolicy)
		}
		rolling["podUpdatePolicy"] = req.PodUpdatePolicy
	}
	if req.Paused != nil {
		rolling["paused"] = *req.Paused
	}
	if len(req.Images) == 0 && len(rolling) == 0 {
		return nil, apierror.Invalid("images", "nothing to change: give images or a strategy field")
	}
	if err := s.guardAllocated(gss, req); err != nil {
		return nil, err
	}
	// The API server's answer is the set as it is (or, for a dry run, would be) after
	// the change, so the preview shows the projected rollout, not the current one.
	var projected *gamev1alpha1.GameServerSet
	intent := write.Intent[*gamev1alpha1.GameServerSet]{Reason: ReasonRolloutChanged,
		State: func(g *gamev1alpha1.GameServerSet) map[string]any { projected = g; return rolloutAudit(g) },
		Spec: func(g *gamev1alpha1.GameServerSet) (map[string]any, error) {
			spec := map[string]any{}
			if len(req.Images) > 0 {
				// Merged into the template as read now, so a concurrent change to another
				// container is kept.
				containers, err := withImages(g, req.Images)
				if err != nil {
					return nil, err
				}
				spec["gameServerTemplate"] = map[string]any{"spec": map[string]any{"containers": containers}}
			}
			if len(rolling) > 0 {
				spec["updateStrategy"] = map[string]any{"type": "RollingUpdate", "rollingUpdate": rolling}
			}
			return spec, nil
		}}
	if err := onlyFailure([]write.Result{write.Patch(ctx, s.writer, actor, write.GameServerSet(actor, gss), intent, req.DryRun)}); err != nil {
		return nil, err
	}
	return s.rolloutOf(projected), nil
}

// guardAllocated applies the one Allocated rule to a rollout: the servers the change
// would update (new images, a lower partition, or resuming a paused rollout)
// must not have players unless the request is forced.
func (s *Service) guardAllocated(gss *gamev1alpha1.GameServerSet, req *UpdateRequest) error {
	resumes := req.Paused != nil && !*req.Paused
	if req.Force || (len(req.Images) == 0 && req.Partition == nil && !resumes) {
		return nil
	}
	next := gss.DeepCopy()
	if len(req.Images) > 0 {
		containers, err := withImages(gss, req.Images)
		if err != nil {
			return err
		}
		next.Spec.GameServerTemplate.Spec.Containers = containers
	}
	partition := int32(0)
	if ru := gss.Spec.UpdateStrategy.RollingUpdate; ru != nil && ru.Partition != nil {
		partition = *ru.Partition
	}
	if req.Partition != nil {
		partition = *req.Partition
	}
	var names []string
	for _, p := range UpdatedNext(s.rolloutOf(next).Pending, partition) {
		if p.OpsState == string(gamev1alpha1.Allocated) {
			names = append(names, p.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return apierror.PlayersConnected("images", "update", names)
}

// UpdatedNext are the pending servers a rollout with this partition updates: kruise keeps
// partition servers on the old template, the last ones in update order.
func UpdatedNext(pending []PendingServer, partition int32) []PendingServer {
	return pending[:max(0, len(pending)-int(partition))]
}

// withImages is the set's template containers with images replaced (container → image),
// each image checked as a reference and each container required to exist.
func withImages(gss *gamev1alpha1.GameServerSet, images map[string]string) ([]corev1.Container, error) {
	containers := slices.Clone(gss.Spec.GameServerTemplate.Spec.Containers)
	names := make([]string, 0, len(images))
	for cname := range images {
		names = append(names, cname)
	}
	slices.Sort(names) // report the same error every time
	for _, cname := range names {
		image := images[cname]
		i := slices.IndexFunc(containers, func(c corev1.Container) bool { return c.Name == cname })
		if i < 0 {
			return nil, apierror.Invalid(fmt.Sprintf("images.%s", cname), "the set's template has no container %q", cname)
		}
		if _, err := reference.ParseNormalizedNamed(image); err != nil {
			return nil, apierror.Invalid(fmt.Sprintf("images.%s", cname), "%q is not an image reference: %v", image, err)
		}
		containers[i].Image = image
	}
	return containers, nil
}

// rolloutAudit is what the audit record shows of a rollout change.
func rolloutAudit(gss *gamev1alpha1.GameServerSet) map[string]any {
	images := map[string]string{}
	for _, c := range gss.Spec.GameServerTemplate.Spec.Containers {
		images[c.Name] = c.Image
	}
	out := map[string]any{"images": images}
	if ru := gss.Spec.UpdateStrategy.RollingUpdate; ru != nil {
		if ru.Partition != nil {
			out["partition"] = *ru.Partition
		}
		if ru.MaxUnavailable != nil {
			out["maxUnavailable"] = ru.MaxUnavailable.String()
		}
		out["paused"], out["podUpdatePolicy"] = ru.Paused, string(ru.PodUpdatePolicy)
	}
	return out
}

// ParseMaxUnavailable reads a rolling update's maxUnavailable: a whole number from 1 to
// MaxReplicas, or a percentage from 1% to 100% (whole percents, as kruise reads them).
// Anything else is a 422 naming maxUnavailable: kruise would store "150%" or "0%" and
// then update more, or nothing, at a time.
func ParseMaxUnavailable(s string) (intstr.IntOrString, error) {
	digits, percent := strings.CutSuffix(s, "%")
	n, err := strconv.Atoi(digits)
	switch {
	case digits == "" || strings.TrimLeft(digits, "0123456789") != "" || err != nil:
		return intstr.IntOrString{}, apierror.Invalid("maxUnavailable", "%q is not a whole number of servers (like 2) or a percentage (like 20%%)", s)
	case percent && (n < 1 || n > 100):
		return intstr.IntOrString{}, apierror.Invalid("maxUnavailable", "%q: a percentage must be from 1%% to 100%%", s)
	case !percent && (n < 1 || n > MaxReplicas):
		return intstr.IntOrString{}, apierror.Invalid("maxUnavailable", "%q: a number of servers must be from 1 to %d", s, MaxReplicas)
	case percent:
		return intstr.FromString(strconv.Itoa(n) + "%"), nil
	}
	return intstr.FromInt32(int32(n)), nil
}

package autoscale

import (
	"context"
	"fmt"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"

	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/warning"
	"github.com/okg-console/okg-console/backend/internal/write"
)

var scaledObjectsResource = ScaledObjects.GroupResource()

// Service reads and writes the ScaledObject of a GameServerSet as the caller.
type Service struct {
	detector *Detector
	writer   *write.Writer
}

// NewService uses detector to tell whether KEDA is installed; writes are audited by w.
func NewService(detector *Detector, w *write.Writer) *Service {
	if w == nil {
		w = write.New(write.Options{})
	}
	return &Service{detector: detector, writer: w}
}

// Audit reasons of autoscaler changes, recorded on the GameServerSet.
const (
	ReasonAutoscalerCreated = "AutoscalerCreated"
	ReasonAutoscalerUpdated = "AutoscalerUpdated"
	ReasonAutoscalerDeleted = "AutoscalerDeleted"
)

// audit records an autoscaler change on the set it scales.
func (s *Service) audit(ctx context.Context, actor write.Actor, reason string, gss *gamev1alpha1.GameServerSet, before, after *unstructured.Unstructured) {
	s.writer.Audit(ctx, actor, reason, write.RefOf(write.KindGameServerSet, gss), autoscalerState(before), autoscalerState(after))
}

// autoscalerState is what an audit record shows of a ScaledObject.
func autoscalerState(obj *unstructured.Unstructured) map[string]any {
	if obj == nil {
		return map[string]any{"autoscaler": nil}
	}
	f, others := formOf(obj)
	triggers := []string{}
	if f.External != nil {
		triggers = append(triggers, "external")
	}
	if f.CPU != nil {
		triggers = append(triggers, "cpu")
	}
	for _, t := range others {
		triggers = append(triggers, t.Type)
	}
	return map[string]any{"autoscaler": map[string]any{"name": obj.GetName(), "minReplicaCount": f.MinReplicaCount,
		"maxReplicaCount": f.MaxReplicaCount, "triggers": triggers}}
}

// Status is what GET autoscaling/status answers.
type Status struct {
	KEDAInstalled bool   `json:"kedaInstalled"`
	APIVersion    string `json:"apiVersion"` // keda.sh/v1alpha1
	Resource      string `json:"resource"`   // scaledobjects
	Message       string `json:"message,omitempty"`
}

// Status reports whether KEDA is installed.
func (s *Service) Status(ctx context.Context) (*Status, error) {
	ok, err := s.detector.Installed(ctx)
	if err != nil {
		return nil, err
	}
	st := &Status{KEDAInstalled: ok, APIVersion: ScaledObjects.GroupVersion().String(), Resource: ScaledObjects.Resource}
	if !ok {
		st.Message = NotInstalledMessage
	}
	return st, nil
}

// View is a GameServerSet's autoscaler as the console shows it.
type View struct {
	Name            string            `json:"name"`
	Namespace       string            `json:"namespace"`
	GameServerSet   string            `json:"gameServerSet"`
	ResourceVersion string            `json:"resourceVersion,omitempty"`
	CreatedAt       string            `json:"createdAt,omitempty"`
	Form            Form              `json:"spec"`
	OtherTriggers   []TriggerRef      `json:"otherTriggers,omitempty"` // triggers the form does not edit, kept as they are
	Conditions      []Condition       `json:"conditions"`
	HPA             *HPAView          `json:"hpa,omitempty"` // nil when KEDA has not made one yet or the caller may not read it
	Paused          bool              `json:"paused"`
	Warnings        []warning.Warning `json:"warnings,omitempty"`
	DryRun          bool              `json:"dryRun,omitempty"`
	Object          map[string]any    `json:"object"` // the stored (or would-be) ScaledObject, managedFields stripped
}

// TriggerRef names a trigger.
type TriggerRef struct {
	Type string `json:"type"`
	Name string `json:"name,omitempty"`
}

// Condition is a ScaledObject status condition (Ready, Active, Fallback, Paused).
type Condition struct {
	Type    string `json:"type"`
	Status  string `json:"status"`
	Reason  string `json:"reason,omitempty"`
	Message string `json:"message,omitempty"`
}

// HPAView is the HorizontalPodAutoscaler KEDA owns for the ScaledObject.
type HPAView struct {
	Name            string `json:"name"`
	CurrentReplicas int32  `json:"currentReplicas"`
	DesiredReplicas int32  `json:"desiredReplicas"`
	MinReplicas     *int32 `json:"minReplicas,omitempty"`
	MaxReplicas     int32  `json:"maxReplicas"`
	LastScaleTime   string `json:"lastScaleTime,omitempty"`
}

// pausedAnnotations are KEDA's ways to pause a ScaledObject.
var pausedAnnotations = []string{"autoscaling.keda.sh/paused", "autoscaling.keda.sh/paused-replicas"}

func (s *Service) requireKEDA(ctx context.Context) error {
	ok, err := s.detector.Installed(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return ErrNotInstalled()
	}
	return nil
}

// wrap turns "the resource type is gone" into the KEDA-not-installed answer.
func (s *Service) wrap(err error) error {
	if resourceGone(err) {
		s.detector.Forget()
		return ErrNotInstalled()
	}
	return err
}

// find returns the ScaledObject targeting set: the one named after it (what
// OKG's scaler needs), else any other in the namespace whose scaleTargetRef is
// the set; nil when there is none.
func (s *Service) find(ctx context.Context, c *kube.Clients, ns, set string) (*unstructured.Unstructured, error) {
	api := c.Dynamic.Resource(ScaledObjects).Namespace(ns)
	obj, err := api.Get(ctx, set, metav1.GetOptions{})
	if err == nil && targets(obj, set) {
		return obj, nil
	}
	if err != nil && !apierrors.IsNotFound(err) || resourceGone(err) {
		return nil, s.wrap(err)
	}
	list, err := api.List(ctx, metav1.ListOptions{})
	if err != nil {
		return nil, s.wrap(err)
	}
	for i := range list.Items {
		if targets(&list.Items[i], set) {
			return &list.Items[i], nil
		}
	}
	if obj != nil {
		// Named like the set but aimed elsewhere: not ours to show as the set's,
		// and a create would collide with it.
		return nil, apierrors.NewConflict(scaledObjectsResource, set,
			fmt.Errorf("a ScaledObject named %q exists but does not target GameServerSet %q; OKG's scaler needs that name for this set", set, set))
	}
	return nil, nil
}

// Get returns the set's autoscaler, or nil when no ScaledObject targets it (the
// handler answers 204: having none is a normal state, not a missing resource).
func (s *Service) Get(ctx context.Context, c *kube.Clients, ns, set string) (*View, error) {
	if err := s.requireKEDA(ctx); err != nil {
		return nil, err
	}
	obj, err := s.find(ctx, c, ns, set)
	if err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, nil
	}
	return s.view(ctx, c, obj, set, false), nil
}

// Put creates the set's ScaledObject (f.ResourceVersion empty) or updates it
// (f.ResourceVersion the stored one). It returns the view and whether it created.
func (s *Service) Put(ctx context.Context, actor write.Actor, ns, set string, f *Form, dryRun bool) (*View, bool, error) {
	c := actor.Clients
	if err := s.requireKEDA(ctx); err != nil {
		return nil, false, err
	}
	if err := f.Validate(); err != nil {
		return nil, false, err
	}
	// The set must exist, and the caller must be able to see it.
	gss, err := c.Game.GameV1alpha1().GameServerSets(ns).Get(ctx, set, metav1.GetOptions{})
	if err != nil {
		return nil, false, err
	}
	existing, err := s.find(ctx, c, ns, set)
	if err != nil {
		return nil, false, err
	}
	dry := write.DryRunOption(dryRun)
	api := c.Dynamic.Resource(ScaledObjects).Namespace(ns)
	if existing == nil {
		if f.ResourceVersion != "" {
			return nil, false, apierrors.NewConflict(scaledObjectsResource, set,
				fmt.Errorf("the ScaledObject you edited (resourceVersion %s) no longer exists; reload and create it again", f.ResourceVersion))
		}
		obj := newScaledObject(ns, set)
		if err := apply(obj, set, f); err != nil {
			return nil, false, err
		}
		created, err := api.Create(ctx, obj, metav1.CreateOptions{DryRun: dry, FieldValidation: metav1.FieldValidationStrict, FieldManager: write.FieldManager})
		if err != nil {
			return nil, false, s.wrap(err)
		}
		if !dryRun {
			s.audit(ctx, actor, ReasonAutoscalerCreated, gss, nil, created)
		}
		return s.view(ctx, c, created, set, dryRun), true, nil
	}
	if f.ResourceVersion == "" {
		return nil, false, apierrors.NewConflict(scaledObjectsResource, existing.GetName(),
			fmt.Errorf("GameServerSet %q already has an autoscaler (resourceVersion %s); send that resourceVersion to update it", set, existing.GetResourceVersion()))
	}
	if f.ResourceVersion != existing.GetResourceVersion() {
		return nil, false, staleConflict(existing, f.ResourceVersion)
	}
	before := existing.DeepCopy()
	if err := apply(existing, set, f); err != nil {
		return nil, false, err
	}
	// The API server checks the resourceVersion again, atomically with the write.
	existing.SetResourceVersion(f.ResourceVersion)
	updated, err := api.Update(ctx, existing, metav1.UpdateOptions{DryRun: dry, FieldValidation: metav1.FieldValidationStrict, FieldManager: write.FieldManager})
	if err != nil {
		if apierrors.IsConflict(err) {
			return nil, false, staleConflict(existing, f.ResourceVersion)
		}
		return nil, false, s.wrap(err)
	}
	if !dryRun {
		s.audit(ctx, actor, ReasonAutoscalerUpdated, gss, before, updated)
	}
	return s.view(ctx, c, updated, set, dryRun), false, nil
}

func staleConflict(obj *unstructured.Unstructured, seen string) error {
	return apierrors.NewConflict(scaledObjectsResource, obj.GetName(),
		fmt.Errorf("someone changed it since you loaded it (you sent resourceVersion %s, it is now %s); reload and apply your change again",
			seen, obj.GetResourceVersion()))
}

// Delete removes the set's ScaledObject. With resourceVersion non-empty it
// deletes only that version (409 otherwise). KEDA then removes its HPA; the
// set keeps its current replicas.
func (s *Service) Delete(ctx context.Context, actor write.Actor, ns, set, resourceVersion string, dryRun bool) (*View, error) {
	c := actor.Clients
	if err := s.requireKEDA(ctx); err != nil {
		return nil, err
	}
	obj, err := s.find(ctx, c, ns, set)
	if err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, apierrors.NewNotFound(scaledObjectsResource, set)
	}
	if resourceVersion != "" && resourceVersion != obj.GetResourceVersion() {
		return nil, staleConflict(obj, resourceVersion)
	}
	opts := metav1.DeleteOptions{Preconditions: &metav1.Preconditions{UID: ptrUID(obj), ResourceVersion: ptrStr(resourceVersion)},
		DryRun: write.DryRunOption(dryRun)}
	if err := c.Dynamic.Resource(ScaledObjects).Namespace(ns).Delete(ctx, obj.GetName(), opts); err != nil {
		if apierrors.IsConflict(err) {
			return nil, staleConflict(obj, resourceVersion)
		}
		return nil, s.wrap(err)
	}
	if !dryRun {
		ref := write.Ref{Kind: write.KindGameServerSet, Namespace: ns, Name: set}
		if gss, err := c.Game.GameV1alpha1().GameServerSets(ns).Get(ctx, set, metav1.GetOptions{}); err == nil {
			ref = write.RefOf(write.KindGameServerSet, gss)
		}
		s.writer.Audit(ctx, actor, ReasonAutoscalerDeleted, ref, autoscalerState(obj), autoscalerState(nil))
	}
	return s.view(ctx, c, obj, set, dryRun), nil
}

func ptrUID(obj *unstructured.Unstructured) *types.UID { u := obj.GetUID(); return &u }

func ptrStr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (s *Service) view(ctx context.Context, c *kube.Clients, obj *unstructured.Unstructured, set string, dryRun bool) *View {
	form, others := formOf(obj)
	v := &View{Name: obj.GetName(), Namespace: obj.GetNamespace(), GameServerSet: set, ResourceVersion: obj.GetResourceVersion(),
		Form: form, OtherTriggers: others, Conditions: []Condition{}, DryRun: dryRun}
	if ts := obj.GetCreationTimestamp(); !ts.IsZero() {
		v.CreatedAt = ts.UTC().Format(time.RFC3339)
	}
	conds, _, _ := unstructured.NestedSlice(obj.Object, "status", "conditions")
	for _, cd := range conds {
		m, _ := cd.(map[string]any)
		str := func(k string) string { s, _ := m[k].(string); return s }
		v.Conditions = append(v.Conditions, Condition{Type: str("type"), Status: str("status"), Reason: str("reason"), Message: str("message")})
		if str("type") == "Paused" && str("status") == "True" {
			v.Paused = true
		}
	}
	for _, a := range pausedAnnotations {
		if _, ok := obj.GetAnnotations()[a]; ok {
			v.Paused = true
		}
	}
	if obj.GetName() != set {
		v.Warnings = append(v.Warnings, warning.NameMismatch(obj.GetName(), set))
	}
	if form.External != nil && form.External.ScalerAddress == "" {
		v.Warnings = append(v.Warnings, warning.MissingScalerAddress())
	}
	if !dryRun {
		v.HPA = hpaOf(ctx, c, obj)
	}
	clean := obj.DeepCopy()
	clean.SetManagedFields(nil)
	v.Object = clean.Object
	return v
}

// hpaOf reads the HPA KEDA made (status.hpaName, by default keda-hpa-<name>);
// nil if there is none yet or the caller may not read it.
func hpaOf(ctx context.Context, c *kube.Clients, obj *unstructured.Unstructured) *HPAView {
	name, _, _ := unstructured.NestedString(obj.Object, "status", "hpaName")
	if name == "" {
		name = "keda-hpa-" + obj.GetName()
	}
	hpa, err := c.Kube.AutoscalingV2().HorizontalPodAutoscalers(obj.GetNamespace()).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil
	}
	h := &HPAView{Name: hpa.Name, CurrentReplicas: hpa.Status.CurrentReplicas, DesiredReplicas: hpa.Status.DesiredReplicas,
		MinReplicas: hpa.Spec.MinReplicas, MaxReplicas: hpa.Spec.MaxReplicas}
	if hpa.Status.LastScaleTime != nil {
		h.LastScaleTime = hpa.Status.LastScaleTime.UTC().Format(time.RFC3339)
	}
	return h
}

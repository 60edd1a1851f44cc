package manifest

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/distribution/reference"
	kruisev1beta1 "github.com/openkruise/kruise-api/apps/v1beta1"
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/okg"
)

// DefaultContainerName names the game container when the form leaves it out.
const DefaultContainerName = "game"

// Form is the create-a-GameServerSet form.
type Form struct {
	Name             string                        `json:"name"`
	Labels           map[string]string             `json:"labels,omitempty"`
	Image            string                        `json:"image"`
	ContainerName    string                        `json:"containerName,omitempty"`
	Replicas         *int32                        `json:"replicas"`
	Network          *NetworkForm                  `json:"network,omitempty"`
	UpdateStrategy   *UpdateStrategyForm           `json:"updateStrategy,omitempty"`
	ServiceQualities []gamev1alpha1.ServiceQuality `json:"serviceQualities,omitempty"`
}

// NetworkForm is OKG's network plugin and its parameters.
type NetworkForm struct {
	Type string                           `json:"type"`
	Conf []gamev1alpha1.NetworkConfParams `json:"conf,omitempty"`
}

// UpdateStrategyForm is the rolling update of the set.
type UpdateStrategyForm struct {
	Partition       *int32              `json:"partition,omitempty"`
	MaxUnavailable  *intstr.IntOrString `json:"maxUnavailable,omitempty"`
	PodUpdatePolicy string              `json:"podUpdatePolicy,omitempty"`
	Paused          bool                `json:"paused,omitempty"`
}

var podUpdatePolicies = []kruisev1beta1.PodUpdateStrategyType{
	kruisev1beta1.InPlaceIfPossiblePodUpdateStrategyType, kruisev1beta1.RecreatePodUpdateStrategyType,
	kruisev1beta1.InPlaceOnlyPodUpdateStrategyType,
}

// Validate checks the form; each error is a 422 naming the field.
func (f *Form) Validate() error {
	if f.Name == "" {
		return apierror.Invalid("name", "required")
	}
	// Game servers and their pods are named <set>-<id>: the set's name must leave room.
	if msgs := validation.IsDNS1123Label(f.Name); len(msgs) > 0 {
		return apierror.Invalid("name", "%s", strings.Join(msgs, "; "))
	}
	if len(f.Name) > 52 {
		return apierror.Invalid("name", "at most 52 characters, so game server names <name>-<id> stay valid labels; got %d", len(f.Name))
	}
	for k, v := range f.Labels {
		if msgs := validation.IsQualifiedName(k); len(msgs) > 0 {
			return apierror.Invalid("labels", "key %q: %s", k, strings.Join(msgs, "; "))
		}
		if msgs := validation.IsValidLabelValue(v); len(msgs) > 0 {
			return apierror.Invalid("labels", "value of %q: %s", k, strings.Join(msgs, "; "))
		}
	}
	if f.Image == "" {
		return apierror.Invalid("image", "required")
	}
	if _, err := reference.ParseNormalizedNamed(f.Image); err != nil {
		return apierror.Invalid("image", "not an image reference: %v", err)
	}
	if f.ContainerName == "" {
		f.ContainerName = DefaultContainerName
	}
	if msgs := validation.IsDNS1123Label(f.ContainerName); len(msgs) > 0 {
		return apierror.Invalid("containerName", "%s", strings.Join(msgs, "; "))
	}
	if f.Replicas == nil {
		return apierror.Invalid("replicas", "required")
	}
	if *f.Replicas < 0 {
		return apierror.Invalid("replicas", "must not be negative, got %d", *f.Replicas)
	}
	if n := f.Network; n != nil {
		if n.Type == "" {
			return apierror.Invalid("network.type", "required when network is given (an OKG network plugin such as Kubernetes-HostPort)")
		}
		for i, p := range n.Conf {
			if p.Name == "" {
				return apierror.Invalid(fmt.Sprintf("network.conf[%d].name", i), "required")
			}
		}
	}
	if u := f.UpdateStrategy; u != nil {
		if u.Partition != nil && (*u.Partition < 0 || *u.Partition > *f.Replicas) {
			return apierror.Invalid("updateStrategy.partition", "must be 0..replicas (%d), got %d", *f.Replicas, *u.Partition)
		}
		if err := validateMaxUnavailable(u.MaxUnavailable); err != nil {
			return err
		}
		if u.PodUpdatePolicy != "" && !containsPolicy(u.PodUpdatePolicy) {
			return apierror.Invalid("updateStrategy.podUpdatePolicy", "must be one of %v, got %q", podUpdatePolicies, u.PodUpdatePolicy)
		}
	}
	seen := map[string]bool{}
	for i, sq := range f.ServiceQualities {
		field := fmt.Sprintf("serviceQualities[%d]", i)
		if sq.Name == "" {
			return apierror.Invalid(field+".name", "required")
		}
		if seen[sq.Name] {
			return apierror.Invalid(field+".name", "%q appears twice", sq.Name)
		}
		seen[sq.Name] = true
		if sq.ContainerName != "" && sq.ContainerName != f.ContainerName {
			return apierror.Invalid(field+".containerName", "no container %q; the form's container is %q", sq.ContainerName, f.ContainerName)
		}
		for j, a := range sq.ServiceQualityAction {
			if a.OpsState != "" && !okg.IsKnownOpsState(string(a.OpsState)) {
				return apierror.Invalid(fmt.Sprintf("%s.serviceQualityAction[%d].opsState", field, j), "must be one of %v, got %q", okg.OpsStates, a.OpsState)
			}
		}
	}
	return nil
}

func validateMaxUnavailable(v *intstr.IntOrString) error {
	const field = "updateStrategy.maxUnavailable"
	if v == nil {
		return nil
	}
	if v.Type == intstr.Int {
		if v.IntVal < 1 {
			return apierror.Invalid(field, "must be at least 1, got %d", v.IntVal)
		}
		return nil
	}
	p, ok := strings.CutSuffix(v.StrVal, "%")
	n, err := strconv.Atoi(p)
	if !ok || err != nil || n < 1 || n > 100 {
		return apierror.Invalid(field, "must be a number >= 1 or a percentage 1%%..100%%, got %q", v.StrVal)
	}
	return nil
}

func containsPolicy(s string) bool {
	for _, p := range podUpdatePolicies {
		if string(p) == s {
			return true
		}
	}
	return false
}

// Build validates the form and returns the GameServerSet it describes.
func (f *Form) Build(ns string) (*unstructured.Unstructured, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	gss := &gamev1alpha1.GameServerSet{
		TypeMeta:   metav1.TypeMeta{APIVersion: gamev1alpha1.SchemeGroupVersion.String(), Kind: KindGameServerSet},
		ObjectMeta: metav1.ObjectMeta{Name: f.Name, Namespace: ns, Labels: f.Labels},
		Spec: gamev1alpha1.GameServerSetSpec{
			Replicas: f.Replicas,
			GameServerTemplate: gamev1alpha1.GameServerTemplate{PodTemplateSpec: corev1.PodTemplateSpec{
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: f.ContainerName, Image: f.Image}}},
			}},
			ServiceQualities: f.ServiceQualities,
		},
	}
	if n := f.Network; n != nil {
		gss.Spec.Network = &gamev1alpha1.Network{NetworkType: n.Type, NetworkConf: n.Conf}
	}
	if u := f.UpdateStrategy; u != nil {
		gss.Spec.UpdateStrategy = gamev1alpha1.UpdateStrategy{
			Type: appsv1.RollingUpdateStatefulSetStrategyType,
			RollingUpdate: &gamev1alpha1.RollingUpdateStatefulSetStrategy{Partition: u.Partition, MaxUnavailable: u.MaxUnavailable,
				PodUpdatePolicy: kruisev1beta1.PodUpdateStrategyType(u.PodUpdatePolicy), Paused: u.Paused},
		}
	}
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(gss)
	if err != nil {
		return nil, err
	}
	obj := &unstructured.Unstructured{Object: m}
	// Zero values of the typed struct are not what the user asked for.
	unstructured.RemoveNestedField(obj.Object, "status")
	unstructured.RemoveNestedField(obj.Object, "metadata", "creationTimestamp")
	unstructured.RemoveNestedField(obj.Object, "spec", "gameServerTemplate", "metadata", "creationTimestamp")
	return obj, nil
}

// Package autoscale manages the KEDA ScaledObject that autoscales a GameServerSet
// through OpenKruiseGame's external scaler. It talks to the API server as the
// caller (the dynamic client of the caller's kube.Clients); KEDA's own CRD schema
// and the API server's resourceVersion checks stay in charge of what is stored.
package autoscale

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/discovery"
)

// ScaledObjects is KEDA's ScaledObject resource.
var ScaledObjects = schema.GroupVersionResource{Group: "keda.sh", Version: "v1alpha1", Resource: "scaledobjects"}

// CRDName is the CustomResourceDefinition whose presence means KEDA is installed.
const CRDName = "scaledobjects.keda.sh"

// Detector answers whether KEDA's ScaledObject API is served, remembering the
// answer for a short while so every request does not ask discovery again.
type Detector struct {
	disc discovery.DiscoveryInterface
	ttl  time.Duration

	mu        sync.Mutex
	checked   time.Time
	installed bool
}

// NewDetector asks disc (the console's own identity: discovery is readable by
// every authenticated user and says nothing secret) and caches for ttl.
func NewDetector(disc discovery.DiscoveryInterface, ttl time.Duration) *Detector {
	return &Detector{disc: disc, ttl: ttl}
}

// Installed reports whether the API server serves keda.sh/v1alpha1 scaledobjects.
func (d *Detector) Installed(ctx context.Context) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.checked.IsZero() && time.Since(d.checked) < d.ttl {
		return d.installed, nil
	}
	list, err := d.disc.ServerResourcesForGroupVersion(ScaledObjects.GroupVersion().String())
	switch {
	case apierrors.IsNotFound(err):
		d.installed = false
	case err != nil:
		return false, fmt.Errorf("asking the API server whether KEDA is installed: %w", err)
	default:
		d.installed = false
		for _, r := range list.APIResources {
			if r.Name == ScaledObjects.Resource {
				d.installed = true
				break
			}
		}
	}
	d.checked = time.Now()
	return d.installed, nil
}

// Forget drops the cached answer (the API server just said the resource is gone).
func (d *Detector) Forget() {
	d.mu.Lock()
	d.checked = time.Time{}
	d.mu.Unlock()
}

// NotInstalledMessage is what the console says when KEDA is missing.
const NotInstalledMessage = "KEDA is not installed in this cluster (the API server does not serve " + CRDName +
	"): install KEDA and OpenKruiseGame's kruise-game-external-scaler to autoscale game server sets"

// ErrNotInstalled is the 404 Status the console answers when KEDA is missing.
func ErrNotInstalled() error {
	return &apierrors.StatusError{ErrStatus: metav1.Status{
		Status: metav1.StatusFailure, Code: http.StatusNotFound, Reason: metav1.StatusReasonNotFound,
		Message: NotInstalledMessage,
		Details: &metav1.StatusDetails{Group: ScaledObjects.Group, Kind: ScaledObjects.Resource,
			Causes: []metav1.StatusCause{{Type: "KEDANotInstalled", Message: NotInstalledMessage}}},
	}}
}

// resourceGone tells an API server 404 for the whole resource type (the CRD was
// removed) from a 404 for one object, which names it.
func resourceGone(err error) bool {
	if !apierrors.IsNotFound(err) {
		return false
	}
	st, ok := err.(apierrors.APIStatus)
	if !ok {
		return false
	}
	d := st.Status().Details
	return d == nil || d.Name == ""
}

package manifest

import (
	"context"
	"fmt"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// serverFields are set by the API server; a pasted object (often a download of
// another one) carries them, and a create must not.
var serverFields = [][]string{
	{"metadata", "resourceVersion"}, {"metadata", "uid"}, {"metadata", "creationTimestamp"},
	{"metadata", "generation"}, {"metadata", "managedFields"}, {"metadata", "selfLink"},
	{"metadata", "deletionTimestamp"}, {"metadata", "deletionGracePeriodSeconds"},
	{"metadata", "ownerReferences"}, {"status"},
}

// Audit reasons of YAML and form writes, recorded on the GameServerSet.
const (
	ReasonCreated  = "GameServerSetCreated"
	ReasonReplaced = "GameServerSetReplaced"
)

// setState is what an audit record shows of a set written whole: the fields an
// operator recognises, not the full object.
func setState(obj *unstructured.Unstructured) map[string]any {
	replicas, _, _ := unstructured.NestedInt64(obj.Object, "spec", "replicas")
	images := map[string]string{}
	containers, _, _ := unstructured.NestedSlice(obj.Object, "spec", "gameServerTemplate", "spec", "containers")
	for _, c := range containers {
		if m, ok := c.(map[string]any); ok {
			name, _ := m["name"].(string)
			image, _ := m["image"].(string)
			images[name] = image
		}
	}
	return map[string]any{"replicas": replicas, "images": images, "generation": obj.GetGeneration()}
}

// Result is a write's outcome.
type Result struct {
	Object *unstructured.Unstructured
	DryRun bool
}

// Create creates a GameServerSet in ns as the caller. It is validated first by
// a server-side dry-run (schema, strict fields, admission); with dryRun that is
// all, and the would-be object is returned.
func Create(ctx context.Context, w *write.Writer, actor write.Actor, ns string, obj *unstructured.Unstructured, dryRun bool) (*Result, error) {
	c := actor.Clients
	if err := checkKind(obj); err != nil {
		return nil, err
	}
	if err := checkNamespace(obj, ns); err != nil {
		return nil, err
	}
	for _, f := range serverFields {
		unstructured.RemoveNestedField(obj.Object, f...)
	}
	if obj.GetName() == "" && obj.GetGenerateName() == "" {
		return nil, apierror.Invalid("metadata.name", "required")
	}
	api := c.Dynamic.Resource(GameServerSets).Namespace(ns)
	preview, err := api.Create(ctx, obj, metav1.CreateOptions{DryRun: write.DryRunOption(true), FieldValidation: metav1.FieldValidationStrict, FieldManager: write.FieldManager})
	if err != nil {
		return nil, fieldErrors(err)
	}
	if dryRun {
		return &Result{Object: Clean(preview, KindGameServerSet), DryRun: true}, nil
	}
	created, err := api.Create(ctx, obj, metav1.CreateOptions{FieldValidation: metav1.FieldValidationStrict, FieldManager: write.FieldManager})
	if err != nil {
		return nil, fieldErrors(err)
	}
	w.Audit(ctx, actor, ReasonCreated, write.RefOf(write.KindGameServerSet, created), map[string]any{"exists": false}, setState(created))
	return &Result{Object: Clean(created, KindGameServerSet)}, nil
}

// Replace writes an edited GameServerSet back. The YAML's name and namespace
// must be the path's, and its resourceVersion the stored one: the API server
// refuses a stale one, which we answer as a 409 saying someone changed it.
func Replace(ctx context.Context, w *write.Writer, actor write.Actor, ns, name string, obj *unstructured.Unstructured, dryRun bool) (*Result, error) {
	c := actor.Clients
	if err := checkKind(obj); err != nil {
		return nil, err
	}
	if obj.GetName() != name {
		return nil, apierror.Invalid("metadata.name", "the YAML names %q but the request is for %q; renaming is not an edit", obj.GetName(), name)
	}
	if err := checkNamespace(obj, ns); err != nil {
		return nil, err
	}
	seen := obj.GetResourceVersion()
	if seen == "" {
		return nil, apierror.Invalid("metadata.resourceVersion", "required: keep the resourceVersion of the YAML you downloaded, so a change someone made meanwhile is not overwritten")
	}
	unstructured.RemoveNestedField(obj.Object, "metadata", "managedFields")
	opts := metav1.UpdateOptions{FieldValidation: metav1.FieldValidationStrict, FieldManager: write.FieldManager, DryRun: write.DryRunOption(dryRun)}
	api := c.Dynamic.Resource(GameServerSets).Namespace(ns)
	var before map[string]any
	if !dryRun {
		if cur, err := api.Get(ctx, name, metav1.GetOptions{}); err == nil {
			before = setState(cur)
		}
	}
	updated, err := api.Update(ctx, obj, opts)
	if apierrors.IsConflict(err) {
		current := "unknown"
		if cur, gerr := api.Get(ctx, name, metav1.GetOptions{}); gerr == nil {
			current = cur.GetResourceVersion()
		}
		return nil, apierrors.NewConflict(GameServerSets.GroupResource(), name, fmt.Errorf(
			"someone changed it since you loaded it (your YAML has resourceVersion %s, it is now %s); download it again and reapply your edit", seen, current))
	}
	if err != nil {
		return nil, fieldErrors(err)
	}
	if !dryRun {
		w.Audit(ctx, actor, ReasonReplaced, write.RefOf(write.KindGameServerSet, updated), before, setState(updated))
	}
	return &Result{Object: Clean(updated, KindGameServerSet), DryRun: dryRun}, nil
}

// Get reads one object as the caller, cleaned for download.
func Get(ctx context.Context, c *kube.Clients, gvr schema.GroupVersionResource, kind, ns, name string) (*unstructured.Unstructured, error) {
	obj, err := c.Dynamic.Resource(gvr).Namespace(ns).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	return Clean(obj, kind), nil
}

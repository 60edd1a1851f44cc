// Package manifest creates and edits GameServerSets from YAML or a form, and
// renders objects as clean YAML. Objects travel as unstructured maps so nothing
// the user wrote is dropped on the way; the API server (its CRD schema, strict
// field validation and resourceVersion checks) has the last word, as the caller.
package manifest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"

	"github.com/okg-console/okg-console/backend/internal/apierror"
)

// Resources this package serves.
var (
	GameServerSets = gamev1alpha1.SchemeGroupVersion.WithResource("gameserversets")
	GameServers    = gamev1alpha1.SchemeGroupVersion.WithResource("gameservers")
)

// Kinds of the resources above.
const (
	KindGameServerSet = "GameServerSet"
	KindGameServer    = "GameServer"
)

// Parse reads exactly one object from YAML or JSON. Malformed input, several
// documents, or something that is not an object is a 400 naming the field "yaml".
func Parse(data []byte) (*unstructured.Unstructured, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, apierror.BadRequest("yaml", "empty: paste or upload one GameServerSet")
	}
	r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(data)))
	var docs [][]byte
	for {
		doc, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, apierror.BadRequest("yaml", "%v", err)
		}
		if len(bytes.TrimSpace(stripComments(doc))) > 0 {
			docs = append(docs, doc)
		}
	}
	if len(docs) != 1 {
		return nil, apierror.BadRequest("yaml", "expected one object, found %d documents", len(docs))
	}
	js, err := yaml.YAMLToJSONStrict(docs[0])
	if err != nil {
		return nil, apierror.BadRequest("yaml", "not valid YAML: %v", err)
	}
	obj := &unstructured.Unstructured{}
	if err := obj.UnmarshalJSON(js); err != nil {
		return nil, apierror.BadRequest("yaml", "not a Kubernetes object: %v", err)
	}
	return obj, nil
}

// stripComments drops comment-only lines, so a document of only comments counts as empty.
func stripComments(doc []byte) []byte {
	var out bytes.Buffer
	for _, line := range strings.Split(string(doc), "\n") {
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		out.WriteString(line)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// checkKind insists on a GameServerSet of OKG's API version.
func checkKind(obj *unstructured.Unstructured) error {
	if got, want := obj.GetAPIVersion(), GameServerSets.GroupVersion().String(); got != want {
		return apierror.Invalid("apiVersion", "must be %s, got %q", want, got)
	}
	if got := obj.GetKind(); got != KindGameServerSet {
		return apierror.Invalid("kind", "must be %s, got %q", KindGameServerSet, got)
	}
	return nil
}

// checkNamespace fills an empty metadata.namespace with ns and refuses another one.
func checkNamespace(obj *unstructured.Unstructured, ns string) error {
	switch obj.GetNamespace() {
	case "":
		obj.SetNamespace(ns)
	case ns:
	default:
		return apierror.Invalid("metadata.namespace", "the YAML says namespace %q but it is being written to %q", obj.GetNamespace(), ns)
	}
	return nil
}

// ToYAML renders obj for download: managedFields stripped, apiVersion and kind set.
func ToYAML(obj *unstructured.Unstructured, kind string) ([]byte, error) {
	return yaml.Marshal(Clean(obj, kind).Object)
}

// Clean is a copy of obj without managedFields, with apiVersion and kind set.
func Clean(obj *unstructured.Unstructured, kind string) *unstructured.Unstructured {
	clean := obj.DeepCopy()
	clean.SetManagedFields(nil)
	if clean.GetAPIVersion() == "" {
		clean.SetAPIVersion(gamev1alpha1.SchemeGroupVersion.String())
	}
	if clean.GetKind() == "" {
		clean.SetKind(kind)
	}
	return clean
}

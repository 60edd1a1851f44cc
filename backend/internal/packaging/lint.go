package packaging

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/action"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/lint/support"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Lint checks the extension the way `ksbuilder lint` does, failing where ksbuilder only
// prints:
//   - extension.yaml (ValidateExtension);
//   - helm's chart linter on the staged extension and on each subchart;
//   - every image listed in extension.yaml appears in the rendered chart;
//   - global.imageRegistry, global.imagePullSecrets and global.nodeSelector reach every
//     pod the chart creates, for both the host (extension) and agent installs.
//
// values are the user's values, as in `ksbuilder lint -f`.
func Lint(ctx context.Context, opts Options, values map[string]any) error {
	dir, md, cleanup, err := Stage(ctx, opts)
	if err != nil {
		return err
	}
	defer cleanup()

	var errs []error
	paths := []string{dir}
	subcharts, _ := filepath.Glob(filepath.Join(dir, "charts", "*", ChartFile))
	for _, p := range subcharts {
		paths = append(paths, filepath.Dir(p))
	}
	l := action.NewLint()
	l.Namespace = "extension-" + md.Name
	res := l.Run(paths, values)
	for _, msg := range res.Messages {
		if msg.Severity < support.WarningSev || ignoredLint(msg) {
			continue
		}
		errs = append(errs, fmt.Errorf("helm lint: %s", msg))
	}
	for _, err := range res.Errors {
		if !ignoredLintErr(err) && !containsErr(errs, err) {
			errs = append(errs, fmt.Errorf("helm lint: %w", err))
		}
	}

	ch, _, err := LoadChart(ctx, opts)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	errs = append(errs, LintChart(ch, md, values)...)
	return errors.Join(errs...)
}

// The icon ksbuilder writes into Chart.yaml is a data: URI (KubeSphere shows it without
// fetching anything), which helm's linter, wanting an http(s) URL, reports as invalid.
func ignoredLint(msg support.Message) bool { return ignoredLintErr(msg.Err) }

func ignoredLintErr(err error) bool {
	return err != nil && strings.Contains(err.Error(), "invalid icon URL 'data:")
}

func containsErr(errs []error, err error) bool {
	for _, e := range errs {
		if strings.Contains(e.Error(), err.Error()) {
			return true
		}
	}
	return false
}

// Marker values LintChart sets to see where they end up.
const (
	lintRegistry   = "lint-registry.invalid"
	lintPullSecret = "lint-pull-secret"
	lintNodeKey    = "okg-console.lint/node"
	lintNodeValue  = "lint-node"
)

// LintChart runs ksbuilder's builtin checks on a loaded extension chart.
func LintChart(ch *chart.Chart, md *Metadata, values map[string]any) []error {
	var errs []error
	for _, target := range []Target{TargetHost, TargetAgent} {
		plain, err := RenderChart(ch, md.Name, RenderOptions{Target: target, Values: values})
		if err != nil {
			errs = append(errs, fmt.Errorf("render %s: %w", target, err))
			continue
		}
		if len(plain) == 0 {
			errs = append(errs, fmt.Errorf("render %s: nothing to install", target))
		}
		withGlobals := mergeMaps(values, map[string]any{"global": map[string]any{
			"imageRegistry":    lintRegistry,
			"imagePullSecrets": []any{lintPullSecret},
			"nodeSelector":     map[string]any{lintNodeKey: lintNodeValue},
		}})
		rendered, err := RenderChart(ch, md.Name, RenderOptions{Target: target, Values: withGlobals})
		if err != nil {
			errs = append(errs, fmt.Errorf("render %s with global values: %w", target, err))
			continue
		}
		objs, err := Objects(rendered)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		for _, p := range PodSpecs(objs) {
			errs = append(errs, checkGlobals(target, p)...)
		}
	}
	// ksbuilder looks for each listed image in the whole rendered chart.
	all, err := RenderChart(ch, md.Name, RenderOptions{Values: values})
	if err != nil {
		return append(errs, fmt.Errorf("render: %w", err))
	}
	var text strings.Builder
	for _, v := range all {
		text.WriteString(v)
	}
	for _, img := range md.Images {
		short := strings.TrimPrefix(strings.TrimPrefix(img, "docker.io/library/"), "docker.io/")
		if !strings.Contains(text.String(), img) && !strings.Contains(text.String(), short) {
			errs = append(errs, fmt.Errorf("%s: image %s is listed in images but no template uses it", MetadataFile, img))
		}
	}
	return errs
}

func checkGlobals(target Target, p PodSpec) []error {
	var errs []error
	where := fmt.Sprintf("%s: %s %s", target, p.Kind, p.Name)
	for _, c := range p.Containers() {
		img, _ := c["image"].(string)
		if !strings.HasPrefix(img, lintRegistry+"/") {
			errs = append(errs, fmt.Errorf("%s: container %v: global.imageRegistry not used (image %q)", where, c["name"], img))
		}
	}
	found := false
	secrets, _ := p.Spec["imagePullSecrets"].([]any)
	for _, s := range secrets {
		if m, ok := s.(map[string]any); ok && m["name"] == lintPullSecret {
			found = true
		}
	}
	if !found {
		errs = append(errs, fmt.Errorf("%s: global.imagePullSecrets not used", where))
	}
	sel, _ := p.Spec["nodeSelector"].(map[string]any)
	if sel[lintNodeKey] != lintNodeValue {
		errs = append(errs, fmt.Errorf("%s: global.nodeSelector not used", where))
	}
	return errs
}

// PodSpec is the pod template of a workload (or a bare Pod's spec).
type PodSpec struct {
	Kind, Namespace, Name string
	Spec                  map[string]any
	// Meta is the pod template's metadata (labels, annotations); nil for a bare Pod.
	Meta map[string]any
}

// Containers lists init and regular containers.
func (p PodSpec) Containers() []map[string]any {
	var out []map[string]any
	for _, key := range []string{"initContainers", "containers"} {
		list, _ := p.Spec[key].([]any)
		for _, c := range list {
			if m, ok := c.(map[string]any); ok {
				out = append(out, m)
			}
		}
	}
	return out
}

// PodSpecs finds every pod spec among objs: Pods, Deployments, StatefulSets, DaemonSets,
// ReplicaSets, Jobs and CronJobs.
func PodSpecs(objs []*unstructured.Unstructured) []PodSpec {
	var out []PodSpec
	for _, o := range objs {
		var fields []string
		switch o.GetKind() {
		case "Pod":
			fields = []string{"spec"}
		case "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job":
			fields = []string{"spec", "template"}
		case "CronJob":
			fields = []string{"spec", "jobTemplate", "spec", "template"}
		default:
			continue
		}
		p := PodSpec{Kind: o.GetKind(), Namespace: o.GetNamespace(), Name: o.GetName()}
		if o.GetKind() == "Pod" {
			p.Spec, _, _ = unstructured.NestedMap(o.Object, "spec")
		} else {
			tmpl, _, _ := unstructured.NestedMap(o.Object, fields...)
			p.Spec, _ = tmpl["spec"].(map[string]any)
			p.Meta, _ = tmpl["metadata"].(map[string]any)
		}
		if p.Spec == nil {
			p.Spec = map[string]any{}
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Kind+out[i].Name < out[j].Kind+out[j].Name })
	return out
}

// mergeMaps returns a deep merge of b over a (neither is modified).
func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a)+len(b))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bm, ok := v.(map[string]any); ok {
			if am, ok := out[k].(map[string]any); ok {
				out[k] = mergeMaps(am, bm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

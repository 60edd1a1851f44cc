package packaging

import (
	"context"
	"fmt"
	"path"
	"sort"
	"strings"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"
	"helm.sh/helm/v3/pkg/engine"
	"helm.sh/helm/v3/pkg/releaseutil"
	"helm.sh/helm/v3/pkg/strvals"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// Target is which part of the extension KubeSphere's installer renders.
type Target string

const (
	// TargetAll renders the chart as plain helm would: every enabled subchart.
	TargetAll Target = ""
	// TargetHost is the host cluster's release <name>: subcharts tagged "extension".
	TargetHost Target = TagExtension
	// TargetAgent is each selected cluster's release <name>-agent: subcharts tagged "agent".
	TargetAgent Target = TagAgent
)

// RenderOptions say what to render.
type RenderOptions struct {
	Target Target
	// Values the user sets (the extension's configuration in KubeSphere).
	Values map[string]any
	// Namespace is the release namespace. Empty: extension-<name>, KubeSphere's default.
	Namespace string
	// ClusterName and ClusterRole (host or member) fill global.clusterInfo for the agent.
	ClusterName, ClusterRole string
	// KubeVersion is the cluster's Kubernetes version (.Capabilities.KubeVersion, checked
	// against Chart.yaml's kubeVersion). Empty: DefaultKubeVersion.
	KubeVersion string
}

// DefaultKubeVersion is the Kubernetes version rendering assumes unless told otherwise:
// the one the project's tests run against. (helm's own default is v1.20.0.)
const DefaultKubeVersion = "v1.36.3"

// Render renders the extension's chart with the helm SDK and returns the manifests by
// template path (e.g. okg-console/charts/backend/templates/deployment.yaml), leaving out
// NOTES.txt, partials and templates that render to nothing.
func Render(ctx context.Context, opts Options, ro RenderOptions) (map[string]string, error) {
	ch, md, err := LoadChart(ctx, opts)
	if err != nil {
		return nil, err
	}
	return RenderChart(ch, md.Name, ro)
}

// RenderChart renders an already loaded extension chart (e.g. from a package).
// For TargetHost and TargetAgent it sets what KubeSphere's installer sets on the command
// line: tags.<target>=true, the other tag false, the conditions of the other tag's
// subcharts false, and for the agent global.clusterInfo. ch is not modified.
func RenderChart(ch *chart.Chart, name string, ro RenderOptions) (map[string]string, error) {
	ch = cloneChart(ch)
	vals, err := installValues(ch, ro)
	if err != nil {
		return nil, err
	}
	release := name
	if ro.Target == TargetAgent {
		release = name + "-agent"
	}
	ns := ro.Namespace
	if ns == "" {
		ns = "extension-" + name
	}
	caps := chartutil.DefaultCapabilities.Copy()
	kv := ro.KubeVersion
	if kv == "" {
		kv = DefaultKubeVersion
	}
	parsed, err := chartutil.ParseKubeVersion(kv)
	if err != nil {
		return nil, err
	}
	caps.KubeVersion = *parsed
	if ch.Metadata.KubeVersion != "" && !chartutil.IsCompatibleRange(ch.Metadata.KubeVersion, caps.KubeVersion.String()) {
		return nil, fmt.Errorf("chart requires kubeVersion %s, rendering for %s", ch.Metadata.KubeVersion, caps.KubeVersion.String())
	}
	// Like an install: ProcessDependencies drops subcharts whose tags / conditions are off.
	if err := chartutil.ProcessDependenciesWithMerge(ch, vals); err != nil {
		return nil, fmt.Errorf("processing subcharts: %w", err)
	}
	top, err := chartutil.ToRenderValues(ch, vals, chartutil.ReleaseOptions{
		Name: release, Namespace: ns, Revision: 1, IsInstall: true,
	}, caps)
	if err != nil {
		return nil, err
	}
	out, err := engine.Render(ch, top)
	if err != nil {
		return nil, err
	}
	for k, v := range out {
		base := path.Base(k)
		if strings.HasPrefix(base, "_") || strings.HasSuffix(k, "NOTES.txt") || strings.TrimSpace(stripComments(v)) == "" {
			delete(out, k)
		}
	}
	return out, nil
}

// cloneChart copies what rendering changes (the dependency list and its Enabled flags),
// sharing file contents.
func cloneChart(c *chart.Chart) *chart.Chart {
	md := *c.Metadata
	md.Dependencies = make([]*chart.Dependency, len(c.Metadata.Dependencies))
	for i, d := range c.Metadata.Dependencies {
		dd := *d
		md.Dependencies[i] = &dd
	}
	out := &chart.Chart{
		Raw: c.Raw, Metadata: &md, Lock: c.Lock, Templates: c.Templates,
		Values: c.Values, Schema: c.Schema, Files: c.Files,
	}
	for _, dep := range c.Dependencies() {
		out.AddDependency(cloneChart(dep))
	}
	return out
}

// installValues merges the user's values with KubeSphere's overrides for the target.
func installValues(ch *chart.Chart, ro RenderOptions) (map[string]any, error) {
	vals := map[string]any{}
	if ro.Values != nil {
		// Deep copy through YAML so the caller's map is never modified.
		b, err := yaml.Marshal(ro.Values)
		if err != nil {
			return nil, err
		}
		if err := yaml.Unmarshal(b, &vals); err != nil {
			return nil, err
		}
	}
	var set []string
	switch ro.Target {
	case TargetAll:
	case TargetHost, TargetAgent:
		other := TargetAgent
		if ro.Target == TargetAgent {
			other = TargetHost
		}
		set = append(set, fmt.Sprintf("tags.%s=true", ro.Target), fmt.Sprintf("tags.%s=false", other))
		for _, d := range ch.Metadata.Dependencies {
			if d.Condition != "" && hasAny(d.Tags, string(other)) {
				for _, c := range strings.Split(d.Condition, ",") {
					set = append(set, strings.TrimSpace(c)+"=false")
				}
			}
		}
		if ro.Target == TargetAgent && ro.ClusterName != "" {
			set = append(set, "global.clusterInfo.name="+ro.ClusterName, "global.clusterInfo.role="+ro.ClusterRole)
		}
	default:
		return nil, fmt.Errorf("unknown target %q", ro.Target)
	}
	for _, s := range set {
		if err := strvals.ParseInto(s, vals); err != nil {
			return nil, err
		}
	}
	return vals, nil
}

func stripComments(s string) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") || t == "---" {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// Objects decodes rendered manifests into objects, in helm's install order (kinds helm
// does not know, such as KubeSphere's, last), and within a kind by template and name.
func Objects(rendered map[string]string) ([]*unstructured.Unstructured, error) {
	names := make([]string, 0, len(rendered))
	for k := range rendered {
		names = append(names, k)
	}
	sort.Strings(names)
	type item struct {
		obj  *unstructured.Unstructured
		file string
	}
	var items []item
	for _, file := range names {
		docs := releaseutil.SplitManifests(rendered[file])
		keys := make([]string, 0, len(docs))
		for k := range docs {
			keys = append(keys, k)
		}
		sort.Sort(releaseutil.BySplitManifestsOrder(keys))
		for _, k := range keys {
			doc := docs[k]
			if strings.TrimSpace(stripComments(doc)) == "" {
				continue
			}
			m := map[string]any{}
			if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			if len(m) == 0 {
				continue
			}
			u := &unstructured.Unstructured{Object: m}
			if u.GetKind() == "" || u.GetAPIVersion() == "" {
				return nil, fmt.Errorf("%s: a document without apiVersion or kind", file)
			}
			items = append(items, item{u, file})
		}
	}
	rank := map[string]int{}
	for i, k := range releaseutil.InstallOrder {
		rank[k] = i
	}
	order := func(kind string) int {
		if r, ok := rank[kind]; ok {
			return r
		}
		return len(releaseutil.InstallOrder)
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i].obj, items[j].obj
		if oa, ob := order(a.GetKind()), order(b.GetKind()); oa != ob {
			return oa < ob
		}
		if a.GetKind() != b.GetKind() {
			return a.GetKind() < b.GetKind()
		}
		if items[i].file != items[j].file {
			return items[i].file < items[j].file
		}
		return a.GetName() < b.GetName()
	})
	out := make([]*unstructured.Unstructured, len(items))
	for i, it := range items {
		out[i] = it.obj
	}
	return out, nil
}

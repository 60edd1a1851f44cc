package packaging

import (
	"encoding/json"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// The KubeSphere side of the chart: APIService, NetworkPolicy towards ks-apiserver,
// JSBundle and the RoleTemplates administrators grant.

func TestAPIServiceReachesTheBackendOverPlainHTTP(t *testing.T) {
	objs := renderObjects(t, RenderOptions{Target: TargetAgent})
	as := one(t, objs, "APIService", "v1alpha1.okgconsole.kubesphere.io")
	if g, v := str(t, as.Object, "spec", "group"), str(t, as.Object, "spec", "version"); g != "okgconsole.kubesphere.io" || v != "v1alpha1" {
		t.Errorf("group/version = %s/%s", g, v)
	}
	if _, has, _ := unstructured.NestedFieldNoCopy(as.Object, "spec", "service"); has {
		t.Error("spec.service is set: ks-apiserver would call it over https")
	}
	u, err := url.Parse(str(t, as.Object, "spec", "url"))
	if err != nil {
		t.Fatal(err)
	}
	svc := one(t, objs, "Service", "okg-console-backend")
	ports, _, _ := unstructured.NestedSlice(svc.Object, "spec", "ports")
	port := ports[0].(map[string]any)
	wantHost := "okg-console-backend." + testNS + ".svc:" + jsonNum(port["port"])
	if u.Scheme != "http" || u.Host != wantHost {
		t.Errorf("url = %s, want http://%s", u, wantHost)
	}
	if port["targetPort"] != "http" {
		t.Errorf("service targetPort = %v, want the container port named http", port["targetPort"])
	}
	sel, _, _ := unstructured.NestedStringMap(svc.Object, "spec", "selector")
	podLabels := PodSpecs(byKind(objs, "Deployment"))[0].Meta["labels"].(map[string]any)
	for k, v := range sel {
		if podLabels[k] != v {
			t.Errorf("service selector %s=%s does not match the pods", k, v)
		}
	}
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestNetworkPolicyAdmitsOnlyKubeSphere(t *testing.T) {
	objs := renderObjects(t, RenderOptions{Target: TargetAgent})
	np := one(t, objs, "NetworkPolicy", "okg-console-backend")
	podLabels := PodSpecs(byKind(objs, "Deployment"))[0].Meta["labels"].(map[string]any)
	sel, _, _ := unstructured.NestedStringMap(np.Object, "spec", "podSelector", "matchLabels")
	if len(sel) == 0 {
		t.Fatal("empty podSelector would select every pod in the namespace")
	}
	for k, v := range sel {
		if podLabels[k] != v {
			t.Errorf("podSelector %s=%s does not select the backend pods", k, v)
		}
	}
	if types, _, _ := unstructured.NestedStringSlice(np.Object, "spec", "policyTypes"); !reflect.DeepEqual(types, []string{"Ingress"}) {
		t.Errorf("policyTypes = %v", types)
	}
	ingress, _, _ := unstructured.NestedSlice(np.Object, "spec", "ingress")
	if len(ingress) != 1 {
		t.Fatalf("want one ingress rule, got %v", ingress)
	}
	rule := ingress[0].(map[string]any)
	from := rule["from"].([]any)
	if len(from) != 1 {
		t.Fatalf("want one peer (namespace AND pod selector in one entry), got %v", from)
	}
	peer := from[0].(map[string]any)
	if ns, _, _ := unstructured.NestedStringMap(peer, "namespaceSelector", "matchLabels"); !reflect.DeepEqual(ns, map[string]string{"kubernetes.io/metadata.name": "kubesphere-system"}) {
		t.Errorf("namespaceSelector = %v", ns)
	}
	exprs, _, _ := unstructured.NestedSlice(peer, "podSelector", "matchExpressions")
	if len(exprs) != 1 {
		t.Fatalf("podSelector expressions = %v", exprs)
	}
	e := exprs[0].(map[string]any)
	vals, _, _ := unstructured.NestedStringSlice(e, "values")
	if e["key"] != "app" || e["operator"] != "In" || !reflect.DeepEqual(vals, []string{"ks-apiserver", "ks-agent"}) {
		t.Errorf("podSelector = %v, want app In [ks-apiserver ks-agent]", e)
	}
	ports := rule["ports"].([]any)
	if len(ports) != 1 || ports[0].(map[string]any)["port"] != "http" {
		t.Errorf("ports = %v, want only the http port", ports)
	}

	// Node CIDRs for kubelet probes, when a network plugin needs them.
	objs = renderObjects(t, RenderOptions{Target: TargetAgent, Values: values("backend.networkPolicy.probeCIDRs", []any{"10.0.0.0/24"})})
	ingress, _, _ = unstructured.NestedSlice(one(t, objs, "NetworkPolicy", "okg-console-backend").Object, "spec", "ingress")
	if len(ingress) != 2 || !strings.Contains(jsonNum(ingress[1]), `"cidr":"10.0.0.0/24"`) {
		t.Errorf("probe CIDR rule = %v", ingress)
	}
}

func TestJSBundlePointsAtTheBackendService(t *testing.T) {
	host := renderObjects(t, RenderOptions{Target: TargetHost})
	agent := renderObjects(t, RenderOptions{Target: TargetAgent})
	jb := one(t, host, "JSBundle", "okg-console")
	svc := one(t, agent, "Service", "okg-console-backend")
	ports, _, _ := unstructured.NestedSlice(svc.Object, "spec", "ports")
	want := "http://" + svc.GetName() + "." + testNS + ".svc:" + jsonNum(ports[0].(map[string]any)["port"]) + "/dist/okg-console/index.js"
	if got := str(t, jb.Object, "spec", "rawFrom", "url"); got != want {
		t.Errorf("rawFrom.url = %s, want %s", got, want)
	}
	// KubeSphere's JSBundle webhook wants the link under /dist/<extension name>.
	if got := str(t, jb.Object, "status", "link"); got != "/dist/okg-console/index.js" {
		t.Errorf("status.link = %s", got)
	}
	if n := len(byKind(host, "ExtensionEntry")); n != 0 {
		t.Errorf("%d ExtensionEntries without entries configured", n)
	}
	withEntry := renderObjects(t, RenderOptions{Target: TargetHost, Values: values("frontend.extensionEntries", []any{map[string]any{"name": "okg-console", "parent": "global"}})})
	ee := one(t, withEntry, "ExtensionEntry", "okg-console")
	if entries, _, _ := unstructured.NestedSlice(ee.Object, "spec", "entries"); len(entries) != 1 {
		t.Errorf("entries = %v", entries)
	}
}

func TestRoleTemplatesAggregateIntoKubeSphereRoles(t *testing.T) {
	objs := renderObjects(t, RenderOptions{Target: TargetAgent})
	categories := map[string]string{}
	for _, c := range byKind(objs, "Category") {
		if c.GetAPIVersion() != "iam.kubesphere.io/v1beta1" {
			t.Errorf("Category %s apiVersion %s", c.GetName(), c.GetAPIVersion())
		}
		categories[c.GetName()] = c.GetLabels()["iam.kubesphere.io/scope"]
	}
	type want struct {
		scope, action string
		aggregate     []string
		dependsOn     string
	}
	wants := map[string]want{
		"cluster-view-okg-console":     {"cluster", "view", []string{"iam.kubesphere.io/aggregate-to-cluster-viewer"}, ""},
		"cluster-manage-okg-console":   {"cluster", "manage", nil, "cluster-view-okg-console"},
		"namespace-view-okg-console":   {"namespace", "view", []string{"iam.kubesphere.io/aggregate-to-operator", "iam.kubesphere.io/aggregate-to-viewer"}, ""},
		"namespace-manage-okg-console": {"namespace", "manage", []string{"iam.kubesphere.io/aggregate-to-operator"}, "namespace-view-okg-console"},
		// A terminal is its own permission: aggregated into no viewer or operator role.
		"cluster-exec-okg-console":   {"cluster", "exec", nil, "cluster-view-okg-console"},
		"namespace-exec-okg-console": {"namespace", "exec", nil, "namespace-view-okg-console"},
	}
	rts := byKind(objs, "RoleTemplate")
	if len(rts) != len(wants) {
		t.Fatalf("%d RoleTemplates, want %d", len(rts), len(wants))
	}
	for _, rt := range rts {
		w, ok := wants[rt.GetName()]
		if !ok {
			t.Errorf("unexpected RoleTemplate %s", rt.GetName())
			continue
		}
		if rt.GetAPIVersion() != "iam.kubesphere.io/v1beta1" {
			t.Errorf("%s apiVersion %s", rt.GetName(), rt.GetAPIVersion())
		}
		l := rt.GetLabels()
		if l["iam.kubesphere.io/scope"] != w.scope || l["kubesphere.io/managed"] != "true" {
			t.Errorf("%s scope/managed labels = %v", rt.GetName(), l)
		}
		if cat := l["iam.kubesphere.io/category"]; categories[cat] != w.scope {
			t.Errorf("%s category %q is not a rendered Category of scope %s", rt.GetName(), cat, w.scope)
		}
		var agg []string
		for k, v := range l {
			if strings.HasPrefix(k, "iam.kubesphere.io/aggregate-to-") {
				if v != "" {
					t.Errorf("%s label %s=%q, KubeSphere selects it with value \"\"", rt.GetName(), k, v)
				}
				agg = append(agg, k)
			}
		}
		sort.Strings(agg)
		if !reflect.DeepEqual(agg, w.aggregate) {
			t.Errorf("%s aggregates to %v, want %v", rt.GetName(), agg, w.aggregate)
		}
		var rules map[string]string
		if err := json.Unmarshal([]byte(rt.GetAnnotations()["iam.kubesphere.io/role-template-rules"]), &rules); err != nil || rules["okg-console"] != w.action || len(rules) != 1 {
			t.Errorf("%s role-template-rules = %v (%v), want {okg-console: %s}", rt.GetName(), rules, err, w.action)
		}
		var deps []string
		if d := rt.GetAnnotations()["iam.kubesphere.io/dependencies"]; d != "" {
			if err := json.Unmarshal([]byte(d), &deps); err != nil {
				t.Errorf("%s dependencies %q: %v", rt.GetName(), d, err)
			}
		}
		if (w.dependsOn == "" && len(deps) != 0) || (w.dependsOn != "" && !reflect.DeepEqual(deps, []string{w.dependsOn})) {
			t.Errorf("%s dependencies = %v, want %q", rt.GetName(), deps, w.dependsOn)
		}
		for _, lang := range []string{"en", "zh"} {
			if s, _, _ := unstructured.NestedString(rt.Object, "spec", "displayName", lang); s == "" {
				t.Errorf("%s has no displayName.%s", rt.GetName(), lang)
			}
		}
		want := map[string][]string{
			"view": {"okgconsole.kubesphere.io|*||get,list,watch"},
			"manage": {"okgconsole.kubesphere.io|gameserversets,gameserversets/scale,gameserversets/reserveids,gameserversets/rollout," +
				"gameserversets/autoscaler,gameserversets/yaml,gameservers,gameservers/operations,gameserveroperations||*"},
			"exec": {"okgconsole.kubesphere.io|gameservers/exec||get,create"},
		}[w.action]
		if w.action == "manage" && w.scope == "cluster" { // draining a node and the all-clusters writes are cluster-wide
			want = []string{strings.Replace(want[0], "gameserveroperations||",
				"gameserveroperations,nodes/drain,multicluster||", 1)}
		}
		if got := ruleStrings(t, rt); !reflect.DeepEqual(got, want) {
			t.Errorf("%s rules = %v, want %v: only the console's own API group", rt.GetName(), got, want)
		}
		// Only the exec template may open a terminal (create on gameservers/exec).
		for _, r := range ruleStrings(t, rt) {
			if w.action != "exec" && (strings.Contains(r, "|*||*") || strings.Contains(r, "gameservers/exec")) {
				t.Errorf("%s grants a terminal: %s", rt.GetName(), r)
			}
		}
	}
}

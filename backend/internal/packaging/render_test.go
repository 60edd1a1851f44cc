package packaging

import (
	"context"
	"reflect"
	"sort"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

const testNS = "extension-okg-console"

func kinds(objs []*unstructured.Unstructured) []string {
	seen := map[string]bool{}
	var out []string
	for _, o := range objs {
		if !seen[o.GetKind()] {
			seen[o.GetKind()] = true
			out = append(out, o.GetKind())
		}
	}
	sort.Strings(out)
	return out
}

// KubeSphere installs the frontend (tag extension) on the host and the backend (tag agent)
// on every selected cluster; each install must carry only its own part.
func TestRenderSplitsByTarget(t *testing.T) {
	cases := []struct {
		target Target
		want   []string
	}{
		{TargetHost, []string{"JSBundle"}},
		{TargetAgent, []string{"APIService", "Category", "ClusterRole", "ClusterRoleBinding", "Deployment", "NetworkPolicy", "RoleTemplate", "Service", "ServiceAccount"}},
		{TargetAll, []string{"APIService", "Category", "ClusterRole", "ClusterRoleBinding", "Deployment", "JSBundle", "NetworkPolicy", "RoleTemplate", "Service", "ServiceAccount"}},
	}
	for _, tc := range cases {
		t.Run("target="+string(tc.target), func(t *testing.T) {
			objs := renderObjects(t, RenderOptions{Target: tc.target, ClusterName: "member-1", ClusterRole: "member"})
			if got := kinds(objs); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("kinds = %v, want %v", got, tc.want)
			}
			for _, o := range objs {
				if o.GetNamespace() != "" {
					t.Errorf("%s %s sets metadata.namespace %q; helm sets the release namespace", o.GetKind(), o.GetName(), o.GetNamespace())
				}
			}
		})
	}
}

// global.imageRegistry, global.imagePullSecrets and global.nodeSelector (set by KubeSphere
// or the administrator) reach every pod of every workload.
func TestRenderHonoursGlobalValues(t *testing.T) {
	cases := []struct {
		name       string
		values     map[string]any
		image      string
		secrets    []string
		selector   map[string]any
		noSelector bool
	}{
		{
			name:       "defaults",
			image:      "ghcr.io/okg-console/okg-console:0.1.0",
			noSelector: true,
		},
		{
			name:       "imageRegistry",
			values:     values("global.imageRegistry", "registry.example.com:5000"),
			image:      "registry.example.com:5000/okg-console/okg-console:0.1.0",
			noSelector: true,
		},
		{
			name:       "imagePullSecrets as names and objects",
			values:     values("global.imagePullSecrets", []any{"regcred", map[string]any{"name": "mirror"}}),
			image:      "ghcr.io/okg-console/okg-console:0.1.0",
			secrets:    []string{"regcred", "mirror"},
			noSelector: true,
		},
		{
			name:     "nodeSelector",
			values:   values("global.nodeSelector", map[string]any{"node-role.kubernetes.io/game-ops": "true"}),
			image:    "ghcr.io/okg-console/okg-console:0.1.0",
			selector: map[string]any{"node-role.kubernetes.io/game-ops": "true"},
		},
		{
			name: "all three, with the backend's own selector and secret merged in",
			values: values(
				"global.imageRegistry", "mirror.example.com/",
				"global.imagePullSecrets", []any{"regcred"},
				"global.nodeSelector", map[string]any{"kubernetes.io/os": "linux", "zone": "a"},
				"backend.nodeSelector", map[string]any{"zone": "b"},
				"backend.imagePullSecrets", []any{map[string]any{"name": "own"}, "regcred"},
			),
			image:    "mirror.example.com/okg-console/okg-console:0.1.0",
			secrets:  []string{"regcred", "own"},
			selector: map[string]any{"kubernetes.io/os": "linux", "zone": "b"},
		},
		{
			name:       "image digest",
			values:     values("backend.image.digest", "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
			image:      "ghcr.io/okg-console/okg-console:0.1.0@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			noSelector: true,
		},
	}
	for _, tc := range cases {
		for _, target := range []Target{TargetAll, TargetAgent} {
			t.Run(tc.name+"/"+string(target), func(t *testing.T) {
				objs := renderObjects(t, RenderOptions{Target: target, Values: tc.values})
				pods := PodSpecs(objs)
				if len(pods) == 0 {
					t.Fatal("no workloads rendered")
				}
				for _, p := range pods {
					for _, c := range p.Containers() {
						if c["image"] != tc.image {
							t.Errorf("%s %s container %v image = %v, want %s", p.Kind, p.Name, c["name"], c["image"], tc.image)
						}
					}
					var secrets []string
					list, _ := p.Spec["imagePullSecrets"].([]any)
					for _, s := range list {
						secrets = append(secrets, s.(map[string]any)["name"].(string))
					}
					if !reflect.DeepEqual(secrets, tc.secrets) {
						t.Errorf("%s %s imagePullSecrets = %v, want %v", p.Kind, p.Name, secrets, tc.secrets)
					}
					sel, has := p.Spec["nodeSelector"]
					if tc.noSelector {
						if has {
							t.Errorf("%s %s nodeSelector = %v, want none", p.Kind, p.Name, sel)
						}
					} else if !reflect.DeepEqual(sel, tc.selector) {
						t.Errorf("%s %s nodeSelector = %v, want %v", p.Kind, p.Name, sel, tc.selector)
					}
				}
			})
		}
	}
}

func TestWorkloadSecurity(t *testing.T) {
	objs := renderObjects(t, RenderOptions{Target: TargetAgent})
	pods := PodSpecs(objs)
	if len(pods) == 0 {
		t.Fatal("no workloads rendered")
	}
	sas := map[string]bool{}
	for _, sa := range byKind(objs, "ServiceAccount") {
		sas[sa.GetName()] = true
	}
	for _, p := range pods {
		where := p.Kind + " " + p.Name
		spec := p.Spec
		checks := []struct {
			path []string
			want any
		}{
			{[]string{"securityContext", "runAsNonRoot"}, true},
			{[]string{"securityContext", "seccompProfile", "type"}, "RuntimeDefault"},
		}
		for _, c := range checks {
			if got, _, _ := unstructured.NestedFieldNoCopy(spec, c.path...); got != c.want {
				t.Errorf("%s pod %s = %v, want %v", where, strings.Join(c.path, "."), got, c.want)
			}
		}
		if uid, _, _ := unstructured.NestedFieldNoCopy(spec, "securityContext", "runAsUser"); uid == nil || uid.(float64) == 0 {
			t.Errorf("%s runAsUser = %v, want a non-zero uid", where, uid)
		}
		for _, f := range []string{"hostNetwork", "hostPID", "hostIPC"} {
			if v, ok := spec[f]; ok && v != false {
				t.Errorf("%s sets %s", where, f)
			}
		}
		if sa, _ := spec["serviceAccountName"].(string); !sas[sa] {
			t.Errorf("%s runs as ServiceAccount %q, which the chart does not create", where, sa)
		}
		for _, c := range p.Containers() {
			cw := where + " container " + c["name"].(string)
			ccheck := []struct {
				path []string
				want any
			}{
				{[]string{"securityContext", "allowPrivilegeEscalation"}, false},
				{[]string{"securityContext", "readOnlyRootFilesystem"}, true},
				{[]string{"securityContext", "runAsNonRoot"}, true},
				{[]string{"securityContext", "seccompProfile", "type"}, "RuntimeDefault"},
				{[]string{"livenessProbe", "httpGet", "path"}, "/healthz"},
				{[]string{"readinessProbe", "httpGet", "path"}, "/readyz"},
				{[]string{"livenessProbe", "httpGet", "port"}, "http"},
				{[]string{"readinessProbe", "httpGet", "port"}, "http"},
			}
			for _, cc := range ccheck {
				if got, _, _ := unstructured.NestedFieldNoCopy(c, cc.path...); got != cc.want {
					t.Errorf("%s %s = %v, want %v", cw, strings.Join(cc.path, "."), got, cc.want)
				}
			}
			if drop, _, _ := unstructured.NestedStringSlice(c, "securityContext", "capabilities", "drop"); !reflect.DeepEqual(drop, []string{"ALL"}) {
				t.Errorf("%s drops capabilities %v, want [ALL]", cw, drop)
			}
			if add, ok, _ := unstructured.NestedFieldNoCopy(c, "securityContext", "capabilities", "add"); ok {
				t.Errorf("%s adds capabilities %v", cw, add)
			}
			if priv, _, _ := unstructured.NestedFieldNoCopy(c, "securityContext", "privileged"); priv == true {
				t.Errorf("%s is privileged", cw)
			}
			for _, kind := range []string{"requests", "limits"} {
				for _, res := range []string{"cpu", "memory"} {
					if v, _, _ := unstructured.NestedFieldNoCopy(c, "resources", kind, res); v == nil || v == "" {
						t.Errorf("%s has no resources.%s.%s", cw, kind, res)
					}
				}
			}
			ports, _, _ := unstructured.NestedSlice(c, "ports")
			if len(ports) != 1 || ports[0].(map[string]any)["name"] != "http" || ports[0].(map[string]any)["containerPort"] != float64(8080) {
				t.Errorf("%s ports = %v, want one named http on 8080", cw, ports)
			}
			if args, _, _ := unstructured.NestedStringSlice(c, "args"); !reflect.DeepEqual(args, []string{"serve"}) {
				t.Errorf("%s args = %v, want [serve]", cw, args)
			}
		}
	}
}

func envOf(t *testing.T, objs []*unstructured.Unstructured) map[string]map[string]any {
	t.Helper()
	pods := PodSpecs(byKind(objs, "Deployment"))
	if len(pods) != 1 {
		t.Fatalf("want one Deployment, got %d", len(pods))
	}
	env := map[string]map[string]any{}
	for _, e := range pods[0].Containers()[0]["env"].([]any) {
		m := e.(map[string]any)
		env[m["name"].(string)] = m
	}
	return env
}

func TestBackendConfiguration(t *testing.T) {
	env := envOf(t, renderObjects(t, RenderOptions{Target: TargetAgent}))
	want := map[string]string{
		"OKG_CONSOLE_LISTEN":          ":8080",
		"OKG_CONSOLE_AUTH_MODE":       "kubesphere",
		"OKG_CONSOLE_ALLOWED_ORIGINS": "",
		"OKG_CONSOLE_PROJECT_LABEL":   "game.kruise.io/project",
	}
	for k, v := range want {
		if env[k] == nil || env[k]["value"] != v {
			t.Errorf("%s = %v, want %q", k, env[k], v)
		}
	}
	if _, ok := env["OKG_CONSOLE_PROXY_SECRET"]; ok {
		t.Error("OKG_CONSOLE_PROXY_SECRET set without a secret configured")
	}

	objs := renderObjects(t, RenderOptions{Target: TargetAgent, Values: values(
		"backend.auth.mode", "token",
		"backend.allowedOrigins", []any{"https://ks.example.com", "https://ops.example.com"},
	)})
	env = envOf(t, objs)
	if env["OKG_CONSOLE_AUTH_MODE"]["value"] != "token" {
		t.Errorf("auth mode = %v", env["OKG_CONSOLE_AUTH_MODE"])
	}
	if env["OKG_CONSOLE_ALLOWED_ORIGINS"]["value"] != "https://ks.example.com,https://ops.example.com" {
		t.Errorf("allowed origins = %v", env["OKG_CONSOLE_ALLOWED_ORIGINS"])
	}
	// ks-apiserver cannot add a header, so the chart has no proxy secret: the
	// NetworkPolicy is what keeps other pods from forging X-Remote-* headers.
	if _, ok := env["OKG_CONSOLE_PROXY_SECRET"]; ok || len(byKind(objs, "Secret")) != 0 {
		t.Error("the chart renders a proxy secret")
	}
}

// The history: a SQLite file on an emptyDir by default, on a kept PVC with persistence,
// PostgreSQL from a Secret (then no volume), and several replicas only with PostgreSQL.
func TestBackendHistoryStorage(t *testing.T) {
	volumes := func(objs []*unstructured.Unstructured) map[string]map[string]any {
		out := map[string]map[string]any{}
		vs, _, _ := unstructured.NestedSlice(PodSpecs(byKind(objs, "Deployment"))[0].Spec, "volumes")
		for _, v := range vs {
			m := v.(map[string]any)
			out[m["name"].(string)] = m
		}
		return out
	}
	objs := renderObjects(t, RenderOptions{Target: TargetAgent})
	env := envOf(t, objs)
	if env["OKG_CONSOLE_HISTORY"]["value"] != "true" || env["OKG_CONSOLE_HISTORY_DIR"]["value"] != "/var/lib/okg-console" ||
		env["OKG_CONSOLE_HISTORY_RETENTION"]["value"] != "336h" || env["OKG_CONSOLE_HISTORY_MAX_ENTRIES"]["value"] != "5000000" {
		t.Errorf("history env by default: %v", env)
	}
	if _, ok := env["OKG_CONSOLE_CLUSTER_NAME"]; ok {
		t.Errorf("cluster name set without one given: %v", env["OKG_CONSOLE_CLUSTER_NAME"])
	}
	if v := volumes(objs)["history"]; v == nil || v["emptyDir"] == nil {
		t.Errorf("history volume by default: %v, want an emptyDir", v)
	}

	objs = renderObjects(t, RenderOptions{Target: TargetAgent, ClusterName: "eu-west", ClusterRole: "member"})
	if got := envOf(t, objs)["OKG_CONSOLE_CLUSTER_NAME"]; got == nil || got["value"] != "eu-west" {
		t.Errorf("cluster name from KubeSphere's clusterInfo: %v", got)
	}

	objs = renderObjects(t, RenderOptions{Target: TargetAgent, Values: values("backend.history.persistence.enabled", true)})
	pvcs := byKind(objs, "PersistentVolumeClaim")
	if len(pvcs) != 1 || pvcs[0].GetAnnotations()["helm.sh/resource-policy"] != "keep" {
		t.Fatalf("persistence: PVCs %v", pvcs)
	}
	if claim, _, _ := unstructured.NestedString(volumes(objs)["history"], "persistentVolumeClaim", "claimName"); claim != pvcs[0].GetName() {
		t.Errorf("history volume claims %q, the chart renders %q", claim, pvcs[0].GetName())
	}
	if strategy, _, _ := unstructured.NestedString(byKind(objs, "Deployment")[0].Object, "spec", "strategy", "type"); strategy != "Recreate" {
		t.Errorf("a SQLite file on a ReadWriteOnce claim needs the Recreate strategy, got %q", strategy)
	}

	objs = renderObjects(t, RenderOptions{Target: TargetAgent, Values: mergeMaps(
		values("backend.history.postgres.existingSecret", "okg-history-db"), values("backend.replicaCount", 2))})
	env = envOf(t, objs)
	if ref, _, _ := unstructured.NestedString(env["OKG_CONSOLE_HISTORY_DSN"], "valueFrom", "secretKeyRef", "name"); ref != "okg-history-db" {
		t.Errorf("postgres DSN env %v", env["OKG_CONSOLE_HISTORY_DSN"])
	}
	if _, ok := env["OKG_CONSOLE_HISTORY_DIR"]; ok || volumes(objs)["history"] != nil {
		t.Error("with PostgreSQL the chart still mounts a history volume")
	}

	if _, err := Render(context.Background(), repoOptions(t), RenderOptions{Target: TargetAgent, Values: values("backend.replicaCount", 2)}); err == nil ||
		!strings.Contains(err.Error(), "needs backend.history.postgres.existingSecret") {
		t.Errorf("two replicas on one SQLite file: %v", err)
	}
}

// The backend's ClusterRole holds exactly what the backend does, nothing more.
func TestBackendRBACIsExactlyTheListedRules(t *testing.T) {
	base := []string{
		"game.kruise.io|gameserversets,gameservers||get,list,watch,patch,update",
		"game.kruise.io|gameserversets||create",
		"|pods||get,list,watch,delete",
		"|pods/log||get",
		"|pods/exec||create,get",
		"|events||get,list,watch,create,patch",
		"|nodes||get,list,watch",
		"metrics.k8s.io|pods,nodes||get,list",
		"keda.sh|scaledobjects||get,list,watch,create,update,patch,delete",
		"autoscaling|horizontalpodautoscalers||get",
		"apiextensions.k8s.io|customresourcedefinitions|scaledobjects.keda.sh|get",
		"authorization.k8s.io|subjectaccessreviews||create",
	}
	cases := []struct {
		name   string
		values map[string]any
		want   []string
	}{
		{"default", nil, base},
		{"with token reviews", values("backend.rbac.tokenReviews", true),
			append(append([]string{}, base...), "authentication.k8s.io|tokenreviews||create")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			objs := renderObjects(t, RenderOptions{Target: TargetAgent, Values: tc.values})
			roles := byKind(objs, "ClusterRole")
			if len(roles) != 1 {
				t.Fatalf("want exactly one ClusterRole, got %d", len(roles))
			}
			got := ruleStrings(t, roles[0])
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("ClusterRole rules\n got: %v\nwant: %v", got, tc.want)
			}
			if n := len(byKind(objs, "Role")) + len(byKind(objs, "RoleBinding")); n != 0 {
				t.Errorf("%d namespaced Roles/RoleBindings rendered, want none", n)
			}
			crb := one(t, objs, "ClusterRoleBinding", "okg-console-backend")
			if str(t, crb.Object, "roleRef", "name") != roles[0].GetName() {
				t.Errorf("binding refers to %s", str(t, crb.Object, "roleRef", "name"))
			}
			subjects, _, _ := unstructured.NestedSlice(crb.Object, "subjects")
			dep := PodSpecs(byKind(objs, "Deployment"))[0]
			if len(subjects) != 1 || subjects[0].(map[string]any)["name"] != dep.Spec["serviceAccountName"] ||
				subjects[0].(map[string]any)["namespace"] != testNS || subjects[0].(map[string]any)["kind"] != "ServiceAccount" {
				t.Errorf("binding subjects = %v, want the Deployment's ServiceAccount in %s", subjects, testNS)
			}
		})
	}
}

func ruleStrings(t *testing.T, role *unstructured.Unstructured) []string {
	t.Helper()
	rules, _, _ := unstructured.NestedSlice(role.Object, "rules")
	if role.GetKind() == "RoleTemplate" {
		rules, _, _ = unstructured.NestedSlice(role.Object, "spec", "rules")
	}
	var out []string
	for _, r := range rules {
		m := r.(map[string]any)
		list := func(k string) string {
			s, _, _ := unstructured.NestedStringSlice(m, k)
			return strings.Join(s, ",")
		}
		out = append(out, strings.Join([]string{list("apiGroups"), list("resources"), list("resourceNames"), list("verbs")}, "|"))
	}
	return out
}

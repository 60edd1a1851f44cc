package manifest_test

import (
	"encoding/json"
	"strings"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"

	"github.com/okg-console/okg-console/backend/internal/config"
)

func form() map[string]any {
	return map[string]any{
		"name": "arena", "image": "registry.example.com/arena:2.0", "replicas": 4,
		"labels":         map[string]string{"game.kruise.io/project": "arena"},
		"network":        map[string]any{"type": "Kubernetes-HostPort", "conf": []map[string]string{{"name": "ContainerPorts", "value": "game:7777/UDP"}}},
		"updateStrategy": map[string]any{"partition": 1, "maxUnavailable": "25%", "podUpdatePolicy": "InPlaceIfPossible"},
		"serviceQualities": []map[string]any{{"name": "idle", "containerName": "game", "permanent": false,
			"exec":                 map[string]any{"command": []string{"/bin/sh", "-c", "/idle.sh"}},
			"serviceQualityAction": []map[string]any{{"state": true, "opsState": "WaitToBeDeleted"}}}},
	}
}

func TestCreateFromFormStoresWhatOKGReads(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	var out map[string]any
	if code := do(t, "POST", setsURL(base, ns), form(), &out); code != 201 {
		t.Fatalf("create: %d %v", code, out)
	}
	gss := storedSet(t, ns, "arena")
	if gss == nil {
		t.Fatal("not created")
	}
	s := gss.Spec
	if *s.Replicas != 4 || len(s.GameServerTemplate.Spec.Containers) != 1 || s.GameServerTemplate.Spec.Containers[0].Name != "game" ||
		s.GameServerTemplate.Spec.Containers[0].Image != "registry.example.com/arena:2.0" {
		t.Errorf("replicas/template: %d %+v", *s.Replicas, s.GameServerTemplate.Spec.Containers)
	}
	if s.Network == nil || s.Network.NetworkType != "Kubernetes-HostPort" || len(s.Network.NetworkConf) != 1 || s.Network.NetworkConf[0].Value != "game:7777/UDP" {
		t.Errorf("network: %+v", s.Network)
	}
	ru := s.UpdateStrategy.RollingUpdate
	if s.UpdateStrategy.Type != "RollingUpdate" || ru == nil || *ru.Partition != 1 || ru.MaxUnavailable.String() != "25%" || ru.PodUpdatePolicy != "InPlaceIfPossible" {
		t.Errorf("update strategy: %+v %+v", s.UpdateStrategy, ru)
	}
	if len(s.ServiceQualities) != 1 || s.ServiceQualities[0].Name != "idle" || s.ServiceQualities[0].Exec == nil ||
		s.ServiceQualities[0].ServiceQualityAction[0].OpsState != gamev1alpha1.WaitToDelete {
		t.Errorf("service qualities: %+v", s.ServiceQualities)
	}
	if gss.Labels["game.kruise.io/project"] != "arena" {
		t.Errorf("labels: %v", gss.Labels)
	}
}

const pasted = `# a download of another set, pasted
apiVersion: game.kruise.io/v1alpha1
kind: GameServerSet
metadata:
  name: %s
  resourceVersion: "12345"
  uid: 0b7a1f36-0000-4000-8000-000000000000
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels:
    tier: ranked
spec:
  replicas: 2
  scaleStrategy:
    scaleDownStrategyType: ReserveIds
  reserveGameServerIds: [5]
  gameServerTemplate:
    spec:
      containers:
      - name: game
        image: registry.example.com/ranked:1.0
status:
  replicas: 9
`

func TestCreateFromYAMLAndDryRun(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	// Dry run first: the would-be object comes back, nothing is created.
	code, _, body := raw(t, "POST", setsURL(base, ns)+"?dryRun=true", "application/yaml", strings.Replace(pasted, "%s", "ranked", 1))
	if code != 200 || !strings.Contains(string(body), `"ranked"`) {
		t.Fatalf("dry run: %d %s", code, body)
	}
	if storedSet(t, ns, "ranked") != nil {
		t.Fatal("a dry run created the set")
	}
	code, _, body = raw(t, "POST", setsURL(base, ns), "application/yaml", strings.Replace(pasted, "%s", "ranked", 1))
	if code != 201 {
		t.Fatalf("create: %d %s", code, body)
	}
	gss := storedSet(t, ns, "ranked")
	if gss == nil || *gss.Spec.Replicas != 2 || gss.Spec.ScaleStrategy.ScaleDownStrategyType != gamev1alpha1.ReserveIdsScaleDownStrategyType ||
		len(gss.Spec.ReserveGameServerIds) != 1 || gss.Spec.ReserveGameServerIds[0].IntValue() != 5 || gss.Labels["tier"] != "ranked" ||
		gss.Spec.GameServerTemplate.Spec.Containers[0].Image != "registry.example.com/ranked:1.0" {
		t.Fatalf("stored: %+v", gss)
	}
	if string(gss.UID) == "0b7a1f36-0000-4000-8000-000000000000" || gss.Status.Replicas == 9 {
		t.Errorf("server-set fields of the paste were kept: uid %s status %+v", gss.UID, gss.Status)
	}
	// The same through JSON {"yaml": "..."}.
	var out map[string]any
	if code := do(t, "POST", setsURL(base, ns), map[string]string{"yaml": strings.Replace(pasted, "%s", "ranked-2", 1)}, &out); code != 201 || storedSet(t, ns, "ranked-2") == nil {
		t.Fatalf("create from {yaml}: %d %v", code, out)
	}
	// A form dry run creates nothing either.
	if code := do(t, "POST", setsURL(base, ns)+"?dryRun=true", form(), &out); code != 200 || storedSet(t, ns, "arena") != nil {
		t.Fatalf("form dry run: %d", code)
	}
}

func TestInvalidCreateNamesTheFieldAndCreatesNothing(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	yamlWith := func(from, to string) string {
		return strings.Replace(strings.Replace(pasted, "%s", "bad", 1), from, to, 1)
	}
	formWith := func(k string, v any) map[string]any { f := form(); f["name"] = "bad"; f[k] = v; return f }
	for _, tc := range []struct {
		name        string
		contentType string
		body        any
		code        int
		field       string
	}{
		{"malformed YAML", "application/yaml", "apiVersion: game.kruise.io/v1alpha1\nkind: GameServerSet\nmetadata: {name: bad\n", 400, "yaml"},
		{"duplicate key", "application/yaml", yamlWith("  replicas: 2\n", "  replicas: 2\n  replicas: 3\n"), 400, "yaml"},
		{"two documents", "application/yaml", yamlWith("", "") + "---\n" + yamlWith("", ""), 400, "yaml"},
		{"wrong kind", "application/yaml", yamlWith("kind: GameServerSet", "kind: Deployment"), 422, "kind"},
		{"wrong apiVersion", "application/yaml", yamlWith("game.kruise.io/v1alpha1", "apps/v1"), 422, "apiVersion"},
		{"other namespace", "application/yaml", yamlWith("  name: bad\n", "  name: bad\n  namespace: elsewhere\n"), 422, "metadata.namespace"},
		{"schema: replicas a string", "application/yaml", yamlWith("replicas: 2", "replicas: two"), 422, "spec.replicas"},
		{"schema: unknown field", "application/yaml", yamlWith("  replicas: 2\n", "  replicas: 2\n  replica: 3\n"), 422, "spec.replica"},
		{"form: negative replicas", "", formWith("replicas", -1), 422, "replicas"},
		{"form: bad image", "", formWith("image", "Not An Image!"), 422, "image"},
		{"form: bad name", "", formWith("name", "Arena_1"), 422, "name"},
		{"form: partition > replicas", "", formWith("updateStrategy", map[string]any{"partition": 9}), 422, "updateStrategy.partition"},
		{"form: podUpdatePolicy", "", formWith("updateStrategy", map[string]any{"podUpdatePolicy": "Sometimes"}), 422, "updateStrategy.podUpdatePolicy"},
		{"form: network without type", "", formWith("network", map[string]any{"conf": []any{}}), 422, "network.type"},
		{"form: unknown field", "", formWith("replica", 3), 400, "replica"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var st metav1.Status
			var code int
			if s, ok := tc.body.(string); ok {
				var b []byte
				code, _, b = raw(t, "POST", setsURL(base, ns), tc.contentType, s)
				if err := json.Unmarshal(b, &st); err != nil {
					t.Fatalf("%d %s", code, b)
				}
			} else {
				code = do(t, "POST", setsURL(base, ns), tc.body, &st)
			}
			if code != tc.code || !hasField(st, tc.field) {
				t.Errorf("got %d %v (%s), want %d naming %s", code, causeFields(st), st.Message, tc.code, tc.field)
			}
			if storedSet(t, ns, "bad") != nil {
				t.Fatal("an invalid request created the set")
			}
		})
	}
}

func TestDownloadYAML(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	for _, tc := range []struct{ resource, name, kind string }{
		{"gameserversets", "s", "GameServerSet"},
		{"gameservers", "s-1", "GameServer"},
	} {
		code, h, body := raw(t, "GET", yamlURL(base, ns, tc.resource, tc.name), "", "")
		if code != 200 {
			t.Fatalf("%s: %d %s", tc.resource, code, body)
		}
		if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, tc.name+".") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
			t.Errorf("Content-Type %q", ct)
		}
		var obj map[string]any
		if err := yaml.Unmarshal(body, &obj); err != nil {
			t.Fatal(err)
		}
		md := obj["metadata"].(map[string]any)
		if obj["apiVersion"] != "game.kruise.io/v1alpha1" || obj["kind"] != tc.kind || md["name"] != tc.name || md["resourceVersion"] == nil {
			t.Errorf("%s yaml: %s", tc.resource, body)
		}
		if _, ok := md["managedFields"]; ok || strings.Contains(string(body), "managedFields") {
			t.Errorf("managedFields not stripped: %s", body)
		}
	}
	var st metav1.Status
	if code := do(t, "GET", yamlURL(base, ns, "gameserversets", "ghost"), nil, &st); code != 404 {
		t.Errorf("missing set: %d", code)
	}
}

func TestEditYAMLWithConflictDetection(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig)
	_, _, downloaded := raw(t, "GET", yamlURL(base, ns, "gameserversets", "s"), "", "")
	rv := storedSet(t, ns, "s").ResourceVersion
	edited := strings.Replace(string(downloaded), "replicas: 3\n", "replicas: 5\n", 1)
	if edited == string(downloaded) {
		t.Fatalf("no replicas: 3 in %s", downloaded)
	}
	// Dry run: validated, nothing stored.
	if code, _, b := raw(t, "PUT", yamlURL(base, ns, "gameserversets", "s")+"?dryRun=true", "application/yaml", edited); code != 200 || !strings.Contains(string(b), `"replicas":5`) {
		t.Fatalf("dry run: %d %s", code, b)
	}
	if got := storedSet(t, ns, "s"); got.ResourceVersion != rv || *got.Spec.Replicas != 3 {
		t.Fatalf("dry run changed the set: rv %s replicas %d", got.ResourceVersion, *got.Spec.Replicas)
	}
	for _, tc := range []struct {
		name, body string
		code       int
		field      string
	}{
		{"name differs", strings.Replace(edited, "name: s\n", "name: t\n", 1), 422, "metadata.name"},
		{"namespace differs", strings.Replace(edited, "namespace: "+ns+"\n", "namespace: other\n", 1), 422, "metadata.namespace"},
		{"no resourceVersion", strings.Replace(edited, "  resourceVersion: \""+rv+"\"\n", "", 1), 422, "metadata.resourceVersion"},
		{"malformed", edited + "\n  : : :\n", 400, "yaml"},
		{"schema", strings.Replace(edited, "replicas: 5\n", "replicas: many\n", 1), 422, "spec.replicas"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, b := raw(t, "PUT", yamlURL(base, ns, "gameserversets", "s"), "application/yaml", tc.body)
			var st metav1.Status
			_ = json.Unmarshal(b, &st)
			if code != tc.code || !hasField(st, tc.field) {
				t.Errorf("got %d %v (%s), want %d naming %s", code, causeFields(st), st.Message, tc.code, tc.field)
			}
			if got := storedSet(t, ns, "s").ResourceVersion; got != rv {
				t.Fatalf("a refused edit changed the set: %s -> %s", rv, got)
			}
		})
	}
	// The edit with the downloaded resourceVersion goes through ({"yaml": ...} this time).
	var out map[string]any
	if code := do(t, "PUT", yamlURL(base, ns, "gameserversets", "s"), map[string]string{"yaml": edited}, &out); code != 200 {
		t.Fatalf("edit: %d %v", code, out)
	}
	after := storedSet(t, ns, "s")
	if *after.Spec.Replicas != 5 || after.ResourceVersion == rv {
		t.Fatalf("edit not stored: replicas %d rv %s", *after.Spec.Replicas, after.ResourceVersion)
	}
	// The same YAML again carries a stale resourceVersion now: 409, nothing changes.
	stale := strings.Replace(edited, "replicas: 5\n", "replicas: 1\n", 1)
	code, _, b := raw(t, "PUT", yamlURL(base, ns, "gameserversets", "s"), "application/yaml", stale)
	var st metav1.Status
	_ = json.Unmarshal(b, &st)
	if code != 409 || !strings.Contains(st.Message, "someone changed it") || !strings.Contains(st.Message, after.ResourceVersion) {
		t.Errorf("stale edit: %d %s", code, st.Message)
	}
	if got := storedSet(t, ns, "s"); got.ResourceVersion != after.ResourceVersion || *got.Spec.Replicas != 5 {
		t.Errorf("stale edit changed the set: rv %s replicas %d", got.ResourceVersion, *got.Spec.Replicas)
	}
}

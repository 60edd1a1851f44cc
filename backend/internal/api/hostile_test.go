package api_test

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/kube"
)

// hostileCase is one malformed or hostile body sent to one write endpoint.
type hostileCase struct {
	name        string
	contentType string // default application/json
	body        string
	code        int
	field       string
}

// writeKind is one kind of write the console makes, with bodies that must change nothing.
type writeKind struct {
	method, path string
	cases        []hostileCase
}

func dup(field string) hostileCase {
	return hostileCase{name: "duplicate key", code: 400, field: field}
}

// writeKinds lists every write endpoint with five malformed or hostile bodies each:
// duplicate keys, trailing data, a wrong JSON type, a wrong content type and an
// out-of-range value. Every one must be a 4xx naming the field, and change nothing.
func writeKinds() []writeKind {
	plain := func(body string) hostileCase {
		return hostileCase{name: "text/plain (a cross-site simple request)", contentType: "text/plain", body: body, code: 415, field: "Content-Type"}
	}
	form := func(body string) hostileCase {
		return hostileCase{name: "form post", contentType: "application/x-www-form-urlencoded", body: body, code: 415, field: "Content-Type"}
	}
	trailing := func(body string) hostileCase {
		return hostileCase{name: "trailing data", body: body + ` {"again":true}`, code: 400, field: "body"}
	}
	withBody := func(c hostileCase, body string) hostileCase { c.body = body; return c }
	opBody := `{"targets":{"names":["alpha-0"]},"operation":{"type":"opsState","opsState":"Maintaining"}}`
	return []writeKind{
		{"POST", "/namespaces/ns-a/gameserveroperations", []hostileCase{
			withBody(dup("operation.opsState"), `{"targets":{"names":["alpha-0"]},"operation":{"type":"opsState","opsState":"Bogus","opsState":"Maintaining"}}`),
			trailing(opBody),
			{"wrong type", "", `{"targets":{"names":"alpha-0"},"operation":{"type":"opsState","opsState":"Maintaining"}}`, 400, "targets.names"},
			plain(opBody), form("operation=kill"),
			{"priority beyond int32", "", `{"targets":{"names":["alpha-0"]},"operation":{"type":"updatePriority","priority":2147483648}}`, 422, "operation.priority"},
			{"negative priority", "", `{"targets":{"names":["alpha-0"]},"operation":{"type":"deletionPriority","priority":-5}}`, 422, "operation.priority"},
			{"priority as a string", "", `{"targets":{"names":["alpha-0"]},"operation":{"type":"updatePriority","priority":"10"}}`, 400, "operation.priority"},
		}},
		{"POST", "/namespaces/ns-a/gameservers/alpha-0/operations", []hostileCase{
			withBody(dup("operation.type"), `{"operation":{"type":"opsState","type":"kill"}}`),
			trailing(`{"operation":{"type":"opsState","opsState":"None"}}`),
			{"wrong type", "", `{"operation":{"type":"networkDisabled","networkDisabled":"yes"}}`, 400, "operation.networkDisabled"},
			plain(`{"operation":{"type":"kill"},"confirm":true,"force":true}`),
			{"unknown opsState", "", `{"operation":{"type":"opsState","opsState":"Bogus"}}`, 422, "operation.opsState"},
		}},
		{"POST", "/namespaces/ns-a/gameserversets/alpha/scale", []hostileCase{
			withBody(dup("replicas"), `{"replicas":30,"replicas":2}`),
			trailing(`{"replicas":2}`),
			{"wrong type", "", `{"replicas":"2"}`, 400, "replicas"},
			plain(`{"replicas":0}`),
			{"negative replicas", "", `{"replicas":-1}`, 422, "replicas"},
		}},
		{"PUT", "/namespaces/ns-a/gameserversets/alpha/reserveids", []hostileCase{
			withBody(dup("ids"), `{"ids":"1","ids":"2"}`),
			trailing(`{"ids":"3"}`),
			{"wrong type", "", `{"ids":[1,2]}`, 400, "ids"},
			plain(`{"ids":"0-5"}`),
			{"too many ids", "", `{"ids":"0-99998,100000-199998,200000-299998"}`, 400, "ids"},
		}},
		{"POST", "/namespaces/ns-a/gameserversets/alpha/rollout", []hostileCase{
			withBody(dup("paused"), `{"paused":true,"paused":false}`),
			trailing(`{"paused":true}`),
			{"wrong type", "", `{"partition":"1"}`, 400, "partition"},
			plain(`{"images":{"game":"evil/image:1"}}`),
			{"maxUnavailable above 100%", "", `{"maxUnavailable":"150%"}`, 422, "maxUnavailable"},
			{"maxUnavailable 0%", "", `{"maxUnavailable":"0%"}`, 422, "maxUnavailable"},
			{"maxUnavailable negative", "", `{"maxUnavailable":"-5%"}`, 422, "maxUnavailable"},
		}},
		{"PUT", "/namespaces/ns-a/gameserversets/alpha/autoscaler", []hostileCase{
			withBody(dup("minReplicaCount"), `{"minReplicaCount":1,"minReplicaCount":2,"maxReplicaCount":3}`),
			trailing(`{"minReplicaCount":1,"maxReplicaCount":3}`),
			{"wrong type", "", `{"minReplicaCount":"1","maxReplicaCount":3}`, 400, "minReplicaCount"},
			plain(`{"minReplicaCount":0,"maxReplicaCount":0}`),
			{"min above max", "", `{"minReplicaCount":5,"maxReplicaCount":3}`, 422, "minReplicaCount"},
		}},
		{"POST", "/namespaces/ns-a/gameserversets", []hostileCase{
			withBody(dup("kind"), `{"apiVersion":"game.kruise.io/v1alpha1","kind":"GameServerSet","kind":"Pod","metadata":{"name":"x"}}`),
			trailing(`{"name":"delta","image":"img/delta:1","replicas":1}`),
			{"wrong type", "", `{"name":"delta","image":"img/delta:1","replicas":"1"}`, 400, "replicas"},
			plain(`{"name":"delta","image":"img/delta:1","replicas":1}`),
			{"duplicate YAML key", "application/yaml", "apiVersion: game.kruise.io/v1alpha1\nkind: GameServerSet\nmetadata:\n  name: delta\n  name: epsilon\n", 400, "yaml"},
		}},
		{"PUT", "/namespaces/ns-a/gameserversets/alpha/yaml", []hostileCase{
			withBody(dup("yaml"), `{"yaml":"a: 1","yaml":"b: 2"}`),
			trailing(`{"yaml":"a: 1"}`),
			{"wrong type", "", `{"yaml":true}`, 400, "yaml"},
			plain("apiVersion: game.kruise.io/v1alpha1\nkind: GameServerSet\n"),
			{"renames the set", "application/yaml", "apiVersion: game.kruise.io/v1alpha1\nkind: GameServerSet\nmetadata:\n  name: beta\n  namespace: ns-a\n  resourceVersion: \"1\"\n", 422, "metadata.name"},
		}},
	}
}

// storedVersions snapshots the resourceVersion of every object a write could touch in ns.
func storedVersions(t *testing.T, c *kube.Clients, ns string) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	sets, err := c.Game.GameV1alpha1().GameServerSets(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range sets.Items {
		out["gss/"+o.Name] = o.ResourceVersion
	}
	servers, err := c.Game.GameV1alpha1().GameServers(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range servers.Items {
		out["gs/"+o.Name] = o.ResourceVersion
	}
	pods, err := c.Kube.CoreV1().Pods(ns).List(ctx, metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range pods.Items {
		out["pod/"+o.Name] = o.ResourceVersion
	}
	return out
}

func TestHostileBodiesChangeNothing(t *testing.T) {
	startConsole(t)
	admin, err := kube.NewFactoryFromConfig(env.Config).Clients()
	if err != nil {
		t.Fatal(err)
	}
	before := storedVersions(t, admin, "ns-a")
	n := 0
	for _, k := range writeKinds() {
		for _, tc := range k.cases {
			n++
			t.Run(k.method+" "+k.path+"/"+tc.name, func(t *testing.T) {
				ct := tc.contentType
				if ct == "" {
					ct = "application/json"
				}
				var st metav1.Status
				code := consoletest.Do(t, consoletest.Request{Method: k.method, URL: console.URL + api.Prefix + k.path, Body: tc.body,
					Headers: map[string]string{"Content-Type": ct}}, &st)
				if code != tc.code || st.Kind != "Status" {
					t.Fatalf("got %d %s, want %d", code, st.Message, tc.code)
				}
				if st.Details == nil || len(st.Details.Causes) == 0 || st.Details.Causes[0].Field != tc.field {
					t.Fatalf("want field %q named: %s %+v", tc.field, st.Message, st.Details)
				}
			})
		}
	}
	if n < 40 {
		t.Errorf("only %d hostile cases", n)
	}
	if after := storedVersions(t, admin, "ns-a"); !reflect.DeepEqual(before, after) {
		for k, v := range after {
			if before[k] != v {
				t.Errorf("%s changed: %s → %s", k, before[k], v)
			}
		}
	}
}

// Every path family refuses a namespace or name that cannot be a Kubernetes name with a
// 4xx Status, never a 500.
func TestInvalidNamesInPaths(t *testing.T) {
	startConsole(t)
	families := []struct{ method, path, body string }{
		{"GET", "/namespaces/%s/gameserversets", ""},
		{"GET", "/namespaces/%s/gameserversets/%s", ""},
		{"GET", "/namespaces/%s/gameservers", ""},
		{"GET", "/namespaces/%s/gameservers/%s", ""},
		{"GET", "/namespaces/%s/overview", ""},
		{"GET", "/namespaces/%s/autoscaling/status", ""},
		{"GET", "/namespaces/%s/gameserversets/%s/rollout", ""},
		{"GET", "/namespaces/%s/gameserversets/%s/autoscaler", ""},
		{"GET", "/namespaces/%s/gameserversets/%s/yaml", ""},
		{"GET", "/namespaces/%s/gameservers/%s/yaml", ""},
		{"POST", "/namespaces/%s/gameserveroperations", `{"targets":{"names":["x"]},"operation":{"type":"opsState","opsState":"None"}}`},
		{"POST", "/namespaces/%s/gameservers/%s/operations", `{"operation":{"type":"opsState","opsState":"None"}}`},
		{"POST", "/namespaces/%s/gameserversets/%s/scale", `{"replicas":1}`},
		{"PUT", "/namespaces/%s/gameserversets/%s/reserveids", `{"ids":"1"}`},
		{"POST", "/namespaces/%s/gameserversets/%s/rollout", `{"paused":true}`},
		{"PUT", "/namespaces/%s/gameserversets/%s/autoscaler", `{"minReplicaCount":1,"maxReplicaCount":2}`},
		{"DELETE", "/namespaces/%s/gameserversets/%s/autoscaler", ""},
		{"POST", "/namespaces/%s/gameserversets", `{"name":"x","image":"img/x:1","replicas":1}`},
		{"PUT", "/namespaces/%s/gameserversets/%s/yaml", `{"yaml":"a: 1"}`},
	}
	bad := []struct{ ns, name string }{
		{"..", "alpha"}, {"a%25b", "alpha"}, {"ns-a", ".."}, {"ns-a", "a%25b"}, {"NS-A", "alpha"}, {"ns-a", "Alpha_0"},
		{"ns-a", strings.Repeat("x", 300)}, {"ns-a", "a%2Fb"},
	}
	for _, f := range families {
		for _, b := range bad {
			hasName := strings.Count(f.path, "%s") == 2
			if !hasName && b.ns == "ns-a" {
				continue // the path has no name, and the namespace is fine
			}
			path := fmt.Sprintf(f.path, b.ns)
			if hasName {
				path = fmt.Sprintf(f.path, b.ns, b.name)
			}
			t.Run(f.method+" "+path, func(t *testing.T) {
				req := consoletest.Request{Method: f.method, URL: console.URL + api.Prefix + path}
				if f.body != "" {
					req.Body = f.body
				}
				var st metav1.Status
				code := consoletest.Do(t, req, &st)
				if code < 400 || code >= 500 || st.Kind != "Status" {
					t.Fatalf("got %d %q, want a 4xx Status", code, st.Message)
				}
			})
		}
	}
}

// An ids list selecting far more than the bound is refused before anything is
// allocated for it: quickly, and without the heap growing by the ids' size.
func TestHugeIDListRefusedCheaply(t *testing.T) {
	startConsole(t)
	var ranges []string
	for i := range 1000 {
		ranges = append(ranges, fmt.Sprintf("%d-%d", i*100000, i*100000+99998))
	}
	body := fmt.Sprintf(`{"targets":{"gameServerSet":"alpha","ids":%q},"operation":{"type":"opsState","opsState":"None"}}`, strings.Join(ranges, ","))
	var ms0, ms1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms0)
	start := time.Now()
	var st metav1.Status
	code := consoletest.Do(t, consoletest.Request{Method: http.MethodPost, URL: console.URL + api.Prefix + "/namespaces/ns-a/gameserveroperations", Body: body}, &st)
	took := time.Since(start)
	runtime.ReadMemStats(&ms1)
	if code != 400 || st.Details == nil || st.Details.Causes[0].Field != "targets.ids" {
		t.Fatalf("got %d %+v", code, st)
	}
	if took > 100*time.Millisecond {
		t.Errorf("refused after %s, want well under 100ms", took)
	}
	// The console runs in this process: the request's allocations show here. 99,999,000
	// ids would take gigabytes; the body itself is ~16 KB.
	if grew := ms1.TotalAlloc - ms0.TotalAlloc; grew > 8<<20 {
		t.Errorf("allocated %d bytes to refuse it", grew)
	}
	t.Logf("refused in %s, %d KiB allocated", took, (ms1.TotalAlloc-ms0.TotalAlloc)>>10)
}

package ops_test

import (
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/server"
)

func TestInvalidInputChangesNothing(t *testing.T) {
	ns := fleet(t)
	base := console(t, config.AuthKubeconfig, ns, server.Options{})
	before := versions(t, ns)
	names := map[string]any{"names": []string{"s-0", "s-1"}}
	for _, tc := range []struct {
		name  string
		url   string
		body  any
		code  int
		field string
	}{
		{"unknown opsState", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "opsState", "opsState": "Bogus"}}, 422, "operation.opsState"},
		{"empty opsState", single(base, ns, "s-0"), map[string]any{"operation": map[string]any{"type": "opsState"}}, 422, "operation.opsState"},
		{"priority beyond int32", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "updatePriority", "priority": 2147483648}}, 422, "operation.priority"},
		{"fractional priority", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "deletionPriority", "priority": 1.5}}, 400, "operation.priority"},
		{"negative priority", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "deletionPriority", "priority": -7}}, 422, "operation.priority"},
		{"priority as a string", bulk(base, ns), `{"targets":{"names":["s-0"]},"operation":{"type":"updatePriority","priority":"10"}}`, 400, "operation.priority"},
		{"duplicate key hides an invalid value", bulk(base, ns), `{"targets":{"names":["s-0"]},"operation":{"type":"opsState","opsState":"Bogus","opsState":"Maintaining"}}`, 400, "operation.opsState"},
		{"trailing data", bulk(base, ns), `{"targets":{"names":["s-0"]},"operation":{"type":"opsState","opsState":"None"}} {"x":1}`, 400, "body"},
		{"missing priority", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "deletionPriority"}}, 422, "operation.priority"},
		{"bad image", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "image", "containers": []map[string]string{{"name": "game", "image": "Not An Image!"}}}}, 422, "operation.containers[0].image"},
		{"unknown container", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "image", "containers": []map[string]string{{"name": "sidecar", "image": "img/x:1"}}}}, 422, "operation.containers[0].name"},
		{"request above limit", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "resources", "containers": []map[string]any{{"name": "game",
			"resources": map[string]any{"requests": map[string]string{"cpu": "2"}, "limits": map[string]string{"cpu": "1"}}}}}}, 422, "operation.containers[0].resources.requests.cpu"},
		{"gpu resources", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "resources", "containers": []map[string]any{{"name": "game",
			"resources": map[string]any{"limits": map[string]string{"nvidia.com/gpu": "1"}}}}}}, 422, "operation.containers[0].resources.limits.nvidia.com/gpu"},
		{"malformed ids", bulk(base, ns), map[string]any{"targets": map[string]any{"gameServerSet": "s", "ids": "7-3"}, "operation": map[string]any{"type": "opsState", "opsState": "None"}}, 400, "targets.ids"},
		{"ids without set", bulk(base, ns), map[string]any{"targets": map[string]any{"ids": "1"}, "operation": map[string]any{"type": "opsState", "opsState": "None"}}, 422, "targets.gameServerSet"},
		{"two ways to target", bulk(base, ns), map[string]any{"targets": map[string]any{"names": []string{"s-1"}, "filter": map[string]string{}}, "operation": map[string]any{"type": "opsState", "opsState": "None"}}, 422, "targets"},
		{"bad filter", bulk(base, ns), map[string]any{"targets": map[string]any{"filter": map[string]string{"state": "Sleepy"}}, "operation": map[string]any{"type": "opsState", "opsState": "None"}}, 400, "targets.filter.state"},
		{"nothing matches", bulk(base, ns), map[string]any{"targets": map[string]any{"filter": map[string]string{"node": "nowhere"}}, "operation": map[string]any{"type": "opsState", "opsState": "None"}}, 422, "targets"},
		{"unknown operation", bulk(base, ns), map[string]any{"targets": names, "operation": map[string]any{"type": "reboot"}}, 422, "operation.type"},
		{"unknown field", bulk(base, ns), `{"targets":{"names":["s-0"]},"operation":{"type":"opsState","opsState":"None"},"forse":true}`, 400, "forse"},
		{"not JSON", bulk(base, ns), `opsState=None`, 400, "body"},
		{"bad dryRun", bulk(base, ns) + "?dryRun=maybe", map[string]any{"targets": names, "operation": map[string]any{"type": "opsState", "opsState": "None"}}, 400, "dryRun"},
		{"targets on a single", single(base, ns, "s-0"), map[string]any{"targets": names, "operation": map[string]any{"type": "opsState", "opsState": "None"}}, 422, "targets"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var st metav1.Status
			code := post(t, call{url: tc.url, body: tc.body}, &st)
			if code != tc.code || st.Kind != "Status" {
				t.Fatalf("got %d %+v, want %d", code, st, tc.code)
			}
			if st.Details == nil || len(st.Details.Causes) == 0 || st.Details.Causes[0].Field != tc.field {
				t.Fatalf("want field %q named: %+v", tc.field, st.Details)
			}
		})
	}
	var st metav1.Status
	if code := post(t, call{url: single(base, ns, "s-404"), body: map[string]any{"operation": map[string]any{"type": "opsState", "opsState": "None"}}}, &st); code != 404 {
		t.Errorf("unknown game server: %d %+v", code, st)
	}
	assertUnchanged(t, ns, before)
}

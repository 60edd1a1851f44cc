package realokg_test

import (
	"strings"
	"testing"
)

// TestResourcesNeedANewPod: new resources through the console reach a pod only when it is
// recreated, as the operation's notes say — without recreatePods the pod keeps its UID and
// its resources; with recreatePods the same id comes back on a new pod with them.
func TestResourcesNeedANewPod(t *testing.T) {
	t.Parallel()
	f := newFleet(t, 2, nil)
	before := f.pods()
	change := []map[string]any{{"name": "game", "resources": map[string]any{"requests": map[string]any{"cpu": "250m"}}}}

	res := f.op([]string{"s-0"}, map[string]any{"type": "resources", "containers": change}, nil)
	if !strings.Contains(strings.Join(res.Notes, " "), "recreated") {
		t.Errorf("notes %q do not say resources wait for a recreated pod", res.Notes)
	}
	res = f.op([]string{"s-1"}, map[string]any{"type": "resources", "containers": change, "recreatePods": true}, map[string]any{"force": true})
	if !strings.Contains(strings.Join(res.Notes, " "), "deleted") {
		t.Errorf("notes %q do not say the pod is deleted", res.Notes)
	}
	f.eventually(waitLong, func() bool {
		p := f.pods()["s-1"]
		return p != nil && p.UID != before["s-1"].UID && podReady(p)
	}, func() string { return "s-1 never came back on a new pod" })
	f.waitServers("s-0", "s-1")
	after := f.pods()
	if got := after["s-1"].Spec.Containers[0].Resources.Requests.Cpu().String(); got != "250m" {
		t.Errorf("recreated s-1 requests cpu %s, want 250m", got)
	}
	if after["s-0"].UID != before["s-0"].UID {
		t.Errorf("s-0 was recreated without recreatePods")
	}
	if got := after["s-0"].Spec.Containers[0].Resources.Requests.Cpu(); !got.IsZero() {
		t.Errorf("s-0's running pod requests cpu %s already; want unchanged until recreated", got)
	}
}

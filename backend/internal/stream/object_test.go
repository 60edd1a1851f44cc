package stream_test

import (
	"net/url"
	"slices"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
)

// A watch on one object's path (…/gameservers/{name}?watch=true) streams that object
// only, like a Kubernetes watch with fieldSelector=metadata.name=<name>.
func TestOneObjectSubscription(t *testing.T) {
	ns := seed(t, 4)
	c := startConsole(t, consoleOpts{}, ns, 4)
	one := watch(t, c.wsURL("/namespaces/"+ns+"/gameservers/s-1", url.Values{}), nil)
	set := watch(t, c.wsURL("/namespaces/"+ns+"/gameserversets/s", url.Values{}), nil)
	if items, total := one.state(); total != 1 || len(items) != 1 {
		t.Fatalf("snapshot of one object: %d items, totalItems %d", len(items), total)
	}
	setOpsState(t, ns, "s-2", gamev1alpha1.Maintaining)
	setOpsState(t, ns, "s-1", gamev1alpha1.Allocated)
	eventually(t, 10*time.Second, func() bool { return slices.Contains(one.events(), "MODIFIED "+ns+"/s-1") })
	time.Sleep(300 * time.Millisecond) // give a wrong message for s-2 time to arrive
	for _, e := range one.events() {
		if e != "MODIFIED "+ns+"/s-1" {
			t.Errorf("the one-object stream carried %q", e)
		}
	}
	eventually(t, 10*time.Second, func() bool { return slices.Contains(set.events(), "MODIFIED "+ns+"/s") })
	converges(t, one, c, "/namespaces/"+ns+"/gameservers", url.Values{"fieldSelector": {"metadata.name=s-1"}}, nil)

	// The same selector on the REST list, and refusals for fields it cannot select.
	if got, total := restList(t, c, "/namespaces/"+ns+"/gameservers", url.Values{"fieldSelector": {"metadata.name=s-3"}}, nil); total != 1 || len(got) != 1 {
		t.Errorf("fieldSelector on the list: %v (%d)", got, total)
	}
}

package clusters

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

// A stand-in for ks-apiserver (not KubeSphere): its tenant API lists the clusters each
// user's JWT may see, and it routes /clusters/{c}/kapis/... to that cluster's backend —
// east runs the console, west does not (ks-apiserver's 404), "bad.name" is no DNS label.
func TestKubeSphereDirectoryDiscoversTheUsersClusters(t *testing.T) {
	visible := map[string][]string{
		"Bearer jwt-of-alice": {"host", "east", "west", "bad.name"},
		"Bearer jwt-of-bob":   {"host"},
	}
	var tenantCalls atomic.Int32
	ks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		names, known := visible[r.Header.Get("Authorization")]
		switch {
		case !known:
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"kind":"Status","code":401,"message":"token is invalid"}`))
		case r.URL.Path == TenantClustersPath:
			tenantCalls.Add(1)
			var items []map[string]any
			for _, n := range names {
				items = append(items, map[string]any{"apiVersion": "cluster.kubesphere.io/v1alpha1", "kind": "Cluster",
					"metadata": map[string]any{"name": n}})
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"items": items, "totalItems": len(items)})
		case strings.HasPrefix(r.URL.Path, "/clusters/east/kapis/g/v1/"):
			_ = json.NewEncoder(w).Encode(fleet.List[fleet.GameServerView]{TotalItems: 1,
				Items: []fleet.GameServerView{{Name: "e-0", Namespace: "ns", GameServerSet: "e"}}})
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"kind":"Status","code":404,"message":"404 page not found"}`))
		}
	}))
	defer ks.Close()
	local := NewInProcess("host", true, "/kapis/g/v1", listHandler(0, "h-0", "h-1"), nil)
	dir := NewKubeSphereDirectory(local, ks.URL, "/kapis/g/v1", time.Second, nil)
	as := func(token string) *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.Header.Set("Authorization", token)
		return r
	}

	alice, err := dir.For(context.Background(), as("Bearer jwt-of-alice"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(alice.names(), ","); got != "host,east,west" {
		t.Fatalf("alice's clusters: %s, want host,east,west (the local first, no bad name)", got)
	}
	list, err := alice.ListGameServers(context.Background(), as("Bearer jwt-of-alice"), url.Values{"sortBy": {"name"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range list.Items {
		got = append(got, it.Cluster+"/"+it.Name)
	}
	if fmt.Sprint(got) != "[east/e-0 host/h-0 host/h-1]" || list.TotalItems != 3 {
		t.Errorf("alice's merged list: %v (%d)", got, list.TotalItems)
	}
	if w := list.Clusters[2]; w.Name != "west" || w.OK || w.Code != http.StatusNotFound {
		t.Errorf("west (no console there) reported as %+v, want a 404", w)
	}

	bob, err := dir.For(context.Background(), as("Bearer jwt-of-bob"))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(bob.names(), ","); got != "host" {
		t.Errorf("bob's clusters: %s, want host only", got)
	}
	if _, err := dir.For(context.Background(), as("Bearer forged")); err == nil || !strings.Contains(err.Error(), "token is invalid") {
		t.Errorf("a token ks-apiserver refuses: %v, want its Status", err)
	}
	calls := tenantCalls.Load()
	if _, err := dir.For(context.Background(), as("Bearer jwt-of-alice")); err != nil {
		t.Fatal(err)
	}
	if tenantCalls.Load() != calls {
		t.Error("alice's clusters were asked again within the discovery TTL")
	}
}

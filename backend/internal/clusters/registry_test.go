package clusters

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

// listHandler answers every list with the given game servers (already in the order of
// the request's sortBy=name), after delay.
func listHandler(delay time.Duration, names ...string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		page := fleet.List[fleet.GameServerView]{TotalItems: len(names)}
		for _, n := range names {
			page.Items = append(page.Items, fleet.GameServerView{Name: n, Namespace: "ns", GameServerSet: "s"})
		}
		_ = json.NewEncoder(w).Encode(page)
	})
}

// TestASlowClusterIsCutOffAtTheTimeout: a cluster that answers after the timeout is
// reported 504 naming it, the others are merged, and the request takes about the timeout.
func TestASlowClusterIsCutOffAtTheTimeout(t *testing.T) {
	reg, err := NewRegistry(200*time.Millisecond,
		NewInProcess("a", true, "/p", listHandler(0, "x-1", "x-3"), nil),
		NewInProcess("b", false, "/p", listHandler(0, "x-2"), nil),
		NewInProcess("slow", false, "/p", listHandler(5*time.Second, "x-0"), nil),
	)
	if err != nil {
		t.Fatal(err)
	}
	caller := httptest.NewRequest(http.MethodGet, "/p/multicluster/gameservers", nil)
	began := time.Now()
	list, err := reg.ListGameServers(context.Background(), caller, url.Values{"sortBy": {"name"}})
	took := time.Since(began)
	if err != nil {
		t.Fatal(err)
	}
	if took > time.Second {
		t.Errorf("took %s with a 200ms timeout", took)
	}
	var got []string
	for _, it := range list.Items {
		got = append(got, it.Cluster+"/"+it.Name)
	}
	if strings.Join(got, " ") != "a/x-1 b/x-2 a/x-3" || list.TotalItems != 3 {
		t.Errorf("items %v (total %d)", got, list.TotalItems)
	}
	slow := list.Clusters[2]
	if slow.OK || slow.Code != http.StatusGatewayTimeout || !strings.Contains(slow.Error, "slow") {
		t.Errorf("slow cluster reported as %+v", slow)
	}
}

// TestRegistryRefusesBadNames: names are DNS labels, each once.
func TestRegistryRefusesBadNames(t *testing.T) {
	h := listHandler(0)
	for _, tc := range []struct {
		names []string
		want  string
	}{
		{nil, "at least one"},
		{[]string{"a", "A_b"}, "clusters[1].name"},
		{[]string{"a", "b", "a"}, `clusters[2].name: "a" is named twice`},
	} {
		var ms []Member
		for _, n := range tc.names {
			ms = append(ms, NewInProcess(n, false, "/p", h, nil))
		}
		if _, err := NewRegistry(0, ms...); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.names, err, tc.want)
		}
	}
}

// TestAnUnhealthyMemberDoesNotServeItsCache: while its health check fails the member
// answers 503 with the reason, whatever its handler would say.
func TestAnUnhealthyMemberDoesNotServeItsCache(t *testing.T) {
	m := NewInProcess("down", false, "/p", listHandler(0, "x-0"), func(context.Context) error { return errors.New("connection refused") })
	res := m.Do(context.Background(), httptest.NewRequest(http.MethodGet, "/", nil), Request{Method: http.MethodGet, Path: "/gameservers"})
	st := statusOf(res)
	if st.OK || st.Code != http.StatusServiceUnavailable || !strings.Contains(st.Error, "connection refused") {
		t.Errorf("%+v", st)
	}
}

// TestRemoteMemberGoesThroughKubeSphere: a remote member asks ks-apiserver (here an
// httptest server standing in for it) at /clusters/{c}/kapis/... with the caller's
// Authorization and nothing else of theirs, and reads its Status errors, including
// ks-apiserver's own {"ErrStatus": ...} shape.
func TestRemoteMemberGoesThroughKubeSphere(t *testing.T) {
	var seen *http.Request
	ks := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.Clone(context.Background())
		switch {
		case r.Header.Get("Authorization") != "Bearer jwt-of-alice":
			w.WriteHeader(http.StatusForbidden)
			_, _ = w.Write([]byte(`{"kind":"Status","code":403,"message":"user \"system:anonymous\" cannot get path"}`))
		case strings.HasPrefix(r.URL.Path, "/clusters/down/"):
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(`{"ErrStatus":{"code":503,"message":"service okgconsole is not available"}}`))
		default:
			_ = json.NewEncoder(w).Encode(fleet.List[fleet.GameServerView]{TotalItems: 1, Items: []fleet.GameServerView{{Name: "x-0"}}})
		}
	}))
	defer ks.Close()
	caller := httptest.NewRequest(http.MethodGet, "/", nil)
	caller.Header.Set("Authorization", "Bearer jwt-of-alice")
	caller.Header.Set("X-Remote-User", "mallory")
	caller.Header.Set("Cookie", "secret")

	reg, err := NewRegistry(time.Second, NewRemote("east", ks.URL+"/", "/kapis/g/v1", nil), NewRemote("down", ks.URL, "/kapis/g/v1", nil))
	if err != nil {
		t.Fatal(err)
	}
	list, err := reg.ListGameServers(context.Background(), caller, url.Values{"namespace": {"ns1"}, "sortBy": {"name"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Items) != 1 || list.Items[0].Cluster != "east" || !list.Clusters[0].OK {
		t.Errorf("%+v", list)
	}
	if d := list.Clusters[1]; d.OK || d.Code != http.StatusServiceUnavailable || !strings.Contains(d.Error, "not available") {
		t.Errorf("down: %+v", d)
	}
	m, _ := reg.Get("east")
	res := m.Do(context.Background(), caller, Request{Method: http.MethodGet, Path: "/namespaces/ns1/gameservers", Query: url.Values{"page": {"1"}}})
	if res.Code != http.StatusOK || seen.URL.Path != "/clusters/east/kapis/g/v1/namespaces/ns1/gameservers" || seen.URL.Query().Get("page") != "1" {
		t.Errorf("asked %s: %d", seen.URL, res.Code)
	}
	if seen.Header.Get("X-Remote-User") != "" || seen.Header.Get("Cookie") != "" {
		t.Errorf("forwarded the caller's other headers: %v", seen.Header)
	}
	anonymous := httptest.NewRequest(http.MethodGet, "/", nil)
	if st := statusOf(m.Check(context.Background(), anonymous)); st.OK || st.Code != http.StatusForbidden {
		t.Errorf("without the JWT: %+v", st)
	}
}

// TestMergeK: the k-way merge takes the first n of sorted sources in order.
func TestMergeK(t *testing.T) {
	cmpInt := func(a, b *int) int { return *a - *b }
	for _, tc := range []struct {
		sources [][]int
		n       int
		want    []int
	}{
		{[][]int{{1, 4, 7}, {2, 5}, {3, 6, 8, 9}}, 5, []int{1, 2, 3, 4, 5}},
		{[][]int{{1, 4, 7}, {2, 5}, {3, 6, 8, 9}}, 20, []int{1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{[][]int{{}, {2}}, 3, []int{2}},
		{nil, 3, []int{}},
	} {
		got := mergeK(tc.sources, tc.n, cmpInt)
		if len(got) != len(tc.want) {
			t.Errorf("%v: %v, want %v", tc.sources, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%v: %v, want %v", tc.sources, got, tc.want)
				break
			}
		}
	}
}

// pagedHandler serves n game servers named prefix-0000.. in name order, honouring page
// and limit as a cluster's list does, and counts the requests.
func pagedHandler(prefix string, n int, requests *int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*requests++
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		if limit > fleet.MaxLimit {
			w.WriteHeader(http.StatusBadRequest)
			return
		}
		all := make([]fleet.GameServerView, n)
		for i := range all {
			all[i] = fleet.GameServerView{Name: fmt.Sprintf("%s-%04d", prefix, i), Namespace: "ns"}
		}
		_ = json.NewEncoder(w).Encode(fleet.List[fleet.GameServerView]{Items: fleet.PageOf(all, page, limit), TotalItems: n})
	})
}

// TestDeepPagesAreFetchedInChunks: a page beyond a cluster's list maximum (page×limit
// > 1000) is fetched in chunks of at most 1000 and is still the true page.
func TestDeepPagesAreFetchedInChunks(t *testing.T) {
	var ra, rb int
	reg, err := NewRegistry(5*time.Second,
		NewInProcess("a", true, "/p", pagedHandler("a", 1200, &ra), nil),
		NewInProcess("b", false, "/p", pagedHandler("b", 1200, &rb), nil))
	if err != nil {
		t.Fatal(err)
	}
	list, err := reg.ListGameServers(context.Background(), httptest.NewRequest(http.MethodGet, "/", nil),
		url.Values{"sortBy": {"name"}, "page": {"13"}, "limit": {"100"}})
	if err != nil {
		t.Fatal(err)
	}
	// The union sorted by name is a-0000..a-1199 then b-0000..b-1199; page 13 is items 1200..1299.
	if len(list.Items) != 100 || list.Items[0].Name != "b-0000" || list.Items[99].Name != "b-0099" || list.TotalItems != 2400 {
		t.Errorf("page 13: %d items from %s to %s of %d", len(list.Items), list.Items[0].Name, list.Items[len(list.Items)-1].Name, list.TotalItems)
	}
	if ra != 2 || rb != 2 {
		t.Errorf("requests: a %d, b %d, want 2 each (1000 + the rest)", ra, rb)
	}
}

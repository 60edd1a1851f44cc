package clusters

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
)

// Selected returns the members a request's clusters= parameter names (repeated or
// comma-separated; none: all), in configuration order. An unknown name is a 400 naming
// the parameter.
func (r *Registry) Selected(q url.Values) ([]Member, error) {
	var names []string
	for _, v := range q[ParamClusters] {
		for _, n := range strings.Split(v, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
	if len(names) == 0 {
		return r.members, nil
	}
	for _, n := range names {
		if _, ok := r.byName[n]; !ok {
			return nil, apierror.BadRequest(ParamClusters, "unknown cluster %q; one of %s", n, strings.Join(r.names(), ", "))
		}
	}
	var out []Member
	for _, m := range r.members {
		if slices.Contains(names, m.Name()) {
			out = append(out, m)
		}
	}
	return out, nil
}

func (r *Registry) names() []string {
	out := make([]string, len(r.members))
	for i, m := range r.members {
		out[i] = m.Name()
	}
	return out
}

// ParamWatch is the single-cluster lists' stream switch, which the merged views refuse.
const ParamWatch = "watch"

// namespaceParam validates namespace= (optional), and refuses watch=: the merged views
// do not stream (the page opens one stream per cluster on its prefixed path).
func namespaceParam(q url.Values) (string, error) {
	if q.Has(ParamWatch) {
		return "", apierror.BadRequest(ParamWatch, "the all-clusters views do not stream; open one stream per cluster at /clusters/{cluster}/kapis/... with watch=true")
	}
	ns := q.Get(ParamNamespace)
	if ns == "" {
		return "", nil
	}
	if msgs := validation.IsDNS1123Label(ns); len(msgs) > 0 {
		return "", apierror.BadRequest(ParamNamespace, "%q is not a valid namespace name: %s", ns, strings.Join(msgs, "; "))
	}
	return ns, nil
}

// ListGameServers answers GET /multicluster/gameservers: the true page of the merged,
// sorted union of the selected clusters' game server lists.
func (r *Registry) ListGameServers(ctx context.Context, caller *http.Request, q url.Values) (*GameServerList, error) {
	ns, err := namespaceParam(q)
	if err != nil {
		return nil, err
	}
	parsed, err := fleet.ParseGameServerQuery(ns, q)
	if err != nil {
		return nil, err
	}
	items, total, status, err := mergedList(ctx, r, caller, q, "gameservers", parsed.ListQuery,
		mergedOrder(fleet.GameServerViewOrder(parsed.SortBy, parsed.Ascending)))
	if err != nil {
		return nil, err
	}
	out := &GameServerList{Items: make([]GameServer, len(items)), TotalItems: total, Clusters: status}
	for i, it := range items {
		out.Items[i] = GameServer{Cluster: it.cluster, GameServerView: it.view}
	}
	return out, nil
}

// ListGameServerSets answers GET /multicluster/gameserversets, as ListGameServers.
func (r *Registry) ListGameServerSets(ctx context.Context, caller *http.Request, q url.Values) (*GameServerSetList, error) {
	ns, err := namespaceParam(q)
	if err != nil {
		return nil, err
	}
	parsed, err := fleet.ParseGameServerSetQuery(ns, q)
	if err != nil {
		return nil, err
	}
	items, total, status, err := mergedList(ctx, r, caller, q, "gameserversets", parsed.ListQuery,
		mergedOrder(fleet.GameServerSetViewOrder(parsed.SortBy, parsed.Ascending)))
	if err != nil {
		return nil, err
	}
	out := &GameServerSetList{Items: make([]GameServerSet, len(items)), TotalItems: total, Clusters: status}
	for i, it := range items {
		out.Items[i] = GameServerSet{Cluster: it.cluster, GameServerSetView: it.view}
	}
	return out, nil
}

// item is one listed object and its cluster.
type item[V any] struct {
	cluster string
	view    V
}

// mergedOrder is one cluster's order with the cluster deciding ties of the sort key
// (before namespace and name): each cluster's page is already in this order, so a
// k-way merge of them is the sorted union.
func mergedOrder[V any](byKey, tieBreak func(a, b *V) int) func(a, b *item[V]) int {
	return func(a, b *item[V]) int {
		return cmp.Or(byKey(&a.view, &b.view), cmp.Compare(a.cluster, b.cluster), tieBreak(&a.view, &b.view))
	}
}

// fetchLimit is the most one request to a cluster asks for (its list's maximum).
const fetchLimit = fleet.MaxLimit

// part is one cluster's contribution to a merged list.
type part[V any] struct {
	items  []item[V]
	total  int
	status MemberStatus
	res    Response // the failed answer, when it failed
}

// mergedList fetches, from each selected cluster in parallel (each bounded by the
// cluster timeout), the first page×limit items of its list in its own order (page 1
// with that limit, in chunks of at most fetchLimit), and merges them: the requested
// page of the union is among those, since no item after a cluster's first page×limit
// can precede the page's last item. totalItems is the sum of the clusters' totals.
func mergedList[V any](ctx context.Context, r *Registry, caller *http.Request, q url.Values, resource string,
	lq fleet.ListQuery, order func(a, b *item[V]) int) ([]item[V], int, []MemberStatus, error) {
	members, err := r.Selected(q)
	if err != nil {
		return nil, 0, nil, err
	}
	path := "/" + resource
	if lq.Namespace != "" {
		path = "/namespaces/" + lq.Namespace + path
	}
	need := lq.Page * lq.Limit
	parts := make([]part[V], len(members))
	r.each(ctx, members, func(ctx context.Context, i int, m Member) {
		start := time.Now()
		p := &parts[i]
		p.status.Name = m.Name()
		defer func() { p.status.TookMs = time.Since(start).Milliseconds() }()
		for page := 1; ; page++ {
			chunk := min(need, fetchLimit)
			sub := url.Values{}
			for k, v := range q {
				if k != ParamClusters && k != ParamNamespace && k != fleet.ParamPage && k != fleet.ParamLimit {
					sub[k] = v
				}
			}
			sub.Set(fleet.ParamPage, strconv.Itoa(page))
			sub.Set(fleet.ParamLimit, strconv.Itoa(chunk))
			res := m.Do(ctx, caller, Request{Method: http.MethodGet, Path: path, Query: sub})
			st := statusOf(res)
			if !st.OK {
				p.status.Code, p.status.Error, p.res, p.items = st.Code, st.Error, res, nil
				return
			}
			var list fleet.List[V]
			if err := json.Unmarshal(res.Body, &list); err != nil {
				p.res = Response{Err: fmt.Errorf("cluster %s answered a list that does not decode: %v", m.Name(), err)}
				p.status.Code, p.status.Error, p.items = http.StatusBadGateway, p.res.Err.Error(), nil
				return
			}
			for _, v := range list.Items {
				p.items = append(p.items, item[V]{cluster: m.Name(), view: v})
			}
			p.total = list.TotalItems
			if len(p.items) >= min(need, list.TotalItems) || len(list.Items) < chunk {
				p.status.OK, p.status.Code, p.status.TotalItems = true, st.Code, list.TotalItems
				return
			}
		}
	})
	var firstErr error
	answered := false
	total := 0
	status := make([]MemberStatus, len(parts))
	sources := make([][]item[V], 0, len(parts))
	for i, p := range parts {
		status[i] = p.status
		if !p.status.OK {
			if firstErr == nil {
				firstErr = errorOf(p.status.Name, p.res)
			}
			continue
		}
		answered = true
		total += p.total
		sources = append(sources, p.items)
	}
	if !answered {
		return nil, 0, status, firstErr
	}
	merged := mergeK(sources, need, order)
	from := min((lq.Page-1)*lq.Limit, len(merged))
	return merged[from:], total, status, nil
}

// mergeK merges sorted sources into their first n items in order (a k-way merge over
// the sources' heads; k, the number of clusters, is small).
func mergeK[T any](sources [][]T, n int, order func(a, b *T) int) []T {
	heads := make([]int, len(sources))
	out := make([]T, 0, n)
	for len(out) < n {
		best := -1
		for s, src := range sources {
			if heads[s] >= len(src) {
				continue
			}
			if best < 0 || order(&src[heads[s]], &sources[best][heads[best]]) < 0 {
				best = s
			}
		}
		if best < 0 {
			break
		}
		out = append(out, sources[best][heads[best]])
		heads[best]++
	}
	return out
}

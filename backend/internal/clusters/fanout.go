package clusters

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/scaling"
)

// WriteTimeout bounds one cluster's part of a write. It is longer than the read
// timeout: a bulk operation of thousands of servers takes seconds, and a write cut
// short would leave its outcome unknown.
const WriteTimeout = 2 * time.Minute

// Overview answers GET /multicluster/overview: each selected cluster's overview (of
// namespace= when given, project= passed on) and the totals summed over those that answered.
func (r *Registry) Overview(ctx context.Context, caller *http.Request, q url.Values) (*Overview, error) {
	members, err := r.Selected(q)
	if err != nil {
		return nil, err
	}
	ns, err := namespaceParam(q)
	if err != nil {
		return nil, err
	}
	path := "/overview"
	if ns != "" {
		path = "/namespaces/" + ns + path
	}
	sub := url.Values{}
	if p := q.Get(fleet.ParamProject); p != "" {
		sub.Set(fleet.ParamProject, p)
	}
	parts := make([]ClusterOverview, len(members))
	answers := make([]Response, len(members))
	r.each(ctx, members, func(ctx context.Context, i int, m Member) {
		start := time.Now()
		res := m.Do(ctx, caller, Request{Method: http.MethodGet, Path: path, Query: sub})
		st := statusOf(res)
		parts[i].MemberStatus = MemberStatus{Name: m.Name(), OK: st.OK, Code: st.Code, Error: st.Error, TookMs: time.Since(start).Milliseconds()}
		answers[i] = res
		if !st.OK {
			return
		}
		var ov fleet.Overview
		if err := json.Unmarshal(res.Body, &ov); err != nil {
			answers[i] = Response{Err: fmt.Errorf("cluster %s answered an overview that does not decode: %v", m.Name(), err)}
			parts[i].OK, parts[i].Code, parts[i].Error = false, http.StatusBadGateway, answers[i].Err.Error()
			return
		}
		parts[i].Overview = &ov
		parts[i].TotalItems = ov.Totals.GameServers
	})
	out := &Overview{Totals: fleet.OverviewTotals{Rollup: fleet.NewRollup()}, Clusters: parts}
	var firstErr error
	for i, p := range parts {
		if p.Overview == nil {
			if firstErr == nil {
				firstErr = errorOf(p.Name, answers[i])
			}
			continue
		}
		out.Totals.Rollup.Merge(p.Overview.Totals.Rollup)
		out.Totals.GameServerSets += p.Overview.Totals.GameServerSets
	}
	if firstErr != nil && !anyOK(parts) {
		return nil, firstErr
	}
	return out, nil
}

func anyOK(parts []ClusterOverview) bool {
	for _, p := range parts {
		if p.OK {
			return true
		}
	}
	return false
}

// checkTarget validates one write target's cluster and namespace.
func (r *Registry) checkTarget(i int, cluster, namespace string) error {
	field := fmt.Sprintf("targets[%d]", i)
	if cluster == "" {
		return apierror.Invalid(field+".cluster", "is required; one of %s", strings.Join(r.names(), ", "))
	}
	if _, ok := r.byName[cluster]; !ok {
		return apierror.Invalid(field+".cluster", "unknown cluster %q; one of %s", cluster, strings.Join(r.names(), ", "))
	}
	if msgs := validation.IsDNS1123Label(namespace); len(msgs) > 0 {
		return apierror.Invalid(field+".namespace", "%q is not a valid namespace name: %s", namespace, strings.Join(msgs, "; "))
	}
	return nil
}

// Operate answers POST /multicluster/gameserveroperations: every target goes, in
// parallel, to its cluster's bulk endpoint with the caller's identity; each answer is
// reported as that cluster gave it.
func (r *Registry) Operate(ctx context.Context, caller *http.Request, req *OperationRequest) (*OperationResult, error) {
	if len(req.Targets) == 0 {
		return nil, apierror.Invalid("targets", "at least one target (cluster, namespace and the servers) is required")
	}
	for i, t := range req.Targets {
		if err := r.checkTarget(i, t.Cluster, t.Namespace); err != nil {
			return nil, err
		}
	}
	out := &OperationResult{DryRun: req.DryRun, Clusters: make([]OperationPart, len(req.Targets))}
	r.fanOut(ctx, len(req.Targets), func(ctx context.Context, i int) {
		t := req.Targets[i]
		m, _ := r.Get(t.Cluster)
		part := &out.Clusters[i]
		part.Name, part.Namespace = t.Cluster, t.Namespace
		body, err := json.Marshal(ops.Request{Targets: t.Targets, Operation: req.Operation, Force: req.Force, Confirm: req.Confirm, DryRun: req.DryRun})
		if err != nil {
			part.Code, part.Error = http.StatusInternalServerError, err.Error()
			return
		}
		res := m.Do(ctx, caller, Request{Method: http.MethodPost, Path: "/namespaces/" + t.Namespace + "/gameserveroperations", Body: body})
		st := statusOf(res)
		part.OK, part.Code, part.Error = st.OK, st.Code, st.Error
		if !st.OK {
			return
		}
		var result ops.Result
		if err := json.Unmarshal(res.Body, &result); err != nil {
			part.OK, part.Code, part.Error = false, http.StatusBadGateway, fmt.Sprintf("cluster %s answered a result that does not decode: %v", t.Cluster, err)
			return
		}
		part.Result = &result
	})
	for _, p := range out.Clusters {
		if p.Result == nil {
			out.Summary.Total++
			out.Summary.Failed++
			continue
		}
		out.Summary.Total += p.Result.Total
		out.Summary.Changed += p.Result.Changed
		out.Summary.Unchanged += p.Result.Unchanged
		out.Summary.Failed += p.Result.Failed
	}
	return out, nil
}

// Rollout answers POST /multicluster/rollouts: the same rollout change for every target
// set, each through its cluster's POST .../gameserversets/{name}/rollout.
func (r *Registry) Rollout(ctx context.Context, caller *http.Request, req *RolloutRequest) (*RolloutResult, error) {
	if len(req.Targets) == 0 {
		return nil, apierror.Invalid("targets", "at least one target (cluster, namespace, name) is required")
	}
	for i, t := range req.Targets {
		if err := r.checkTarget(i, t.Cluster, t.Namespace); err != nil {
			return nil, err
		}
		if msgs := validation.IsDNS1123Subdomain(t.Name); len(msgs) > 0 {
			return nil, apierror.Invalid(fmt.Sprintf("targets[%d].name", i), "%q is not a valid object name: %s", t.Name, strings.Join(msgs, "; "))
		}
	}
	body, err := json.Marshal(req.UpdateRequest)
	if err != nil {
		return nil, err
	}
	out := &RolloutResult{DryRun: req.DryRun, Clusters: make([]RolloutPart, len(req.Targets))}
	r.fanOut(ctx, len(req.Targets), func(ctx context.Context, i int) {
		t := req.Targets[i]
		m, _ := r.Get(t.Cluster)
		part := &out.Clusters[i]
		part.Name, part.Namespace, part.GameServerSet = t.Cluster, t.Namespace, t.Name
		res := m.Do(ctx, caller, Request{Method: http.MethodPost, Path: "/namespaces/" + t.Namespace + "/gameserversets/" + t.Name + "/rollout", Body: body})
		st := statusOf(res)
		part.OK, part.Code, part.Error = st.OK, st.Code, st.Error
		if !st.OK {
			return
		}
		var result scaling.Rollout
		if err := json.Unmarshal(res.Body, &result); err != nil {
			part.OK, part.Code, part.Error = false, http.StatusBadGateway, fmt.Sprintf("cluster %s answered a rollout that does not decode: %v", t.Cluster, err)
			return
		}
		part.Result = &result
	})
	for _, p := range out.Clusters {
		out.Summary.Total++
		if p.OK {
			out.Summary.Succeeded++
		} else {
			out.Summary.Failed++
		}
	}
	return out, nil
}

// fanOut runs fn for n write parts in parallel, each bounded by WriteTimeout.
func (r *Registry) fanOut(ctx context.Context, n int, fn func(ctx context.Context, i int)) {
	done := make(chan struct{}, n)
	for i := range n {
		go func() {
			defer func() { done <- struct{}{} }()
			wctx, cancel := context.WithTimeoutCause(ctx, WriteTimeout, &TimeoutError{Cluster: "write", Timeout: WriteTimeout})
			defer cancel()
			fn(wctx, i)
		}()
	}
	for range n {
		<-done
	}
}

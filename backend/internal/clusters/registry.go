package clusters

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/validation"
)

// DefaultTimeout bounds each cluster's part of an all-clusters request.
const DefaultTimeout = 2 * time.Second

// Resource is what a 404 for an unknown cluster names.
var Resource = schema.GroupResource{Group: "okgconsole.kubesphere.io", Resource: "clusters"}

// Registry holds the configured clusters, the local one first.
type Registry struct {
	members []Member
	byName  map[string]Member
	timeout time.Duration
}

// NewRegistry checks the members (at least one, DNS-label names, no duplicates); the
// first is the local cluster. timeout bounds each member's part (0: DefaultTimeout).
func NewRegistry(timeout time.Duration, members ...Member) (*Registry, error) {
	if len(members) == 0 {
		return nil, fmt.Errorf("clusters: at least one cluster is needed")
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	r := &Registry{members: members, byName: make(map[string]Member, len(members)), timeout: timeout}
	for i, m := range members {
		if msgs := validation.IsDNS1123Label(m.Name()); len(msgs) > 0 {
			return nil, fmt.Errorf("clusters[%d].name: %q is not a DNS label: %s", i, m.Name(), strings.Join(msgs, "; "))
		}
		if _, dup := r.byName[m.Name()]; dup {
			return nil, fmt.Errorf("clusters[%d].name: %q is named twice", i, m.Name())
		}
		r.byName[m.Name()] = m
	}
	return r, nil
}

// Members are the clusters, the local one first.
func (r *Registry) Members() []Member { return r.members }

// Timeout bounds each member's part of a request.
func (r *Registry) Timeout() time.Duration { return r.timeout }

// Get returns the member named name.
func (r *Registry) Get(name string) (Member, bool) {
	m, ok := r.byName[name]
	return m, ok
}

// NotFound is the 404 for an unknown cluster.
func NotFound(name string) error {
	return apierrors.NewNotFound(Resource, name)
}

// List answers GET /clusters: every cluster and whether it answers, checked in parallel.
func (r *Registry) List(ctx context.Context, caller *http.Request) ClusterList {
	out := ClusterList{Items: make([]Cluster, len(r.members)), TotalItems: len(r.members)}
	r.each(ctx, r.members, func(ctx context.Context, i int, m Member) {
		st := statusOf(m.Check(ctx, caller))
		out.Items[i] = Cluster{Name: m.Name(), Local: m.Local(), OK: st.OK, Error: st.Error, Code: st.Code}
	})
	return out
}

// each runs fn for every member in parallel, each with a context bounded by the
// timeout, and waits for all (an in-process or remote member returns at its deadline).
func (r *Registry) each(ctx context.Context, members []Member, fn func(ctx context.Context, i int, m Member)) {
	var wg sync.WaitGroup
	for i, m := range members {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mctx, cancel := context.WithTimeoutCause(ctx, r.timeout, &TimeoutError{Cluster: m.Name(), Timeout: r.timeout})
			defer cancel()
			fn(mctx, i, m)
		}()
	}
	wg.Wait()
}

// TimeoutError: a cluster did not answer within the cluster timeout.
type TimeoutError struct {
	Cluster string
	Timeout time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("cluster %s did not answer within %s", e.Cluster, e.Timeout)
}

// memberStatus is how one answer went, in the shape every per-cluster report uses.
type memberStatus struct {
	OK    bool
	Code  int
	Error string
}

// statusOf reads a member's answer: a 2xx is OK; an error answer's Status (or
// ks-apiserver's {"ErrStatus": Status}) gives code and message; no answer is a 503
// (504 when the deadline passed).
func statusOf(res Response) memberStatus {
	if res.Err != nil {
		code := http.StatusServiceUnavailable
		var te *TimeoutError
		if errors.As(res.Err, &te) {
			code = http.StatusGatewayTimeout
		}
		return memberStatus{Code: code, Error: res.Err.Error()}
	}
	if res.Code >= 200 && res.Code < 300 {
		return memberStatus{OK: true, Code: res.Code}
	}
	st := decodeStatus(res)
	return memberStatus{Code: int(st.Code), Error: st.Message}
}

// decodeStatus reads an error answer's Status, whatever shape it came in.
func decodeStatus(res Response) metav1.Status {
	var st metav1.Status
	if err := json.Unmarshal(res.Body, &st); err != nil || st.Message == "" {
		var wrapped struct {
			ErrStatus metav1.Status `json:"ErrStatus"`
		}
		if json.Unmarshal(res.Body, &wrapped) == nil && wrapped.ErrStatus.Message != "" {
			st = wrapped.ErrStatus
		} else {
			msg := strings.TrimSpace(string(res.Body))
			if len(msg) > 200 {
				msg = msg[:200]
			}
			if msg == "" {
				msg = http.StatusText(res.Code)
			}
			st = metav1.Status{Message: msg}
		}
	}
	if st.Code == 0 {
		st.Code = int32(res.Code)
	}
	st.Kind, st.APIVersion, st.Status = "Status", "v1", metav1.StatusFailure
	return st
}

// errorOf is a member's failed answer as an error carrying its Status.
func errorOf(name string, res Response) error {
	if res.Err != nil {
		st := statusOf(res)
		return &apierrors.StatusError{ErrStatus: metav1.Status{Status: metav1.StatusFailure, Code: int32(st.Code),
			Reason: metav1.StatusReasonServiceUnavailable, Message: fmt.Sprintf("cluster %s: %s", name, st.Error)}}
	}
	st := decodeStatus(res)
	st.Message = fmt.Sprintf("cluster %s: %s", name, st.Message)
	return &apierrors.StatusError{ErrStatus: st}
}

// unavailable is the answer of a member that cannot serve (its API server does not
// answer, or its caches have not synced).
func unavailable(name string, err error) Response {
	st := metav1.Status{TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"}, Status: metav1.StatusFailure,
		Code: http.StatusServiceUnavailable, Reason: metav1.StatusReasonServiceUnavailable,
		Message: fmt.Sprintf("cluster %s is unavailable: %v", name, err)}
	raw, _ := json.Marshal(st)
	return Response{Code: http.StatusServiceUnavailable, Body: raw}
}

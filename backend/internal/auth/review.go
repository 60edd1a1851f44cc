package auth

import (
	"context"
	"fmt"
	"sync"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// Access is one permission: a verb on a resource, in a namespace ("" = every namespace).
type Access struct {
	Verb        string
	Resource    schema.GroupResource
	Subresource string // "log", "exec": a pod's subresource; "" for the resource itself
	Namespace   string
}

// Reviewer checks a caller's own rights with SelfSubjectAccessReviews before cached
// data is served to them, and remembers answers per identity for a short TTL.
type Reviewer struct {
	ttl   time.Duration
	mu    sync.Mutex
	cache map[string]reviewAnswer
	names map[string]string // token digest -> user name
}

type reviewAnswer struct {
	allowed bool
	reason  string
	expires time.Time
}

// NewReviewer caches answers for ttl.
func NewReviewer(ttl time.Duration) *Reviewer {
	return &Reviewer{ttl: ttl, cache: map[string]reviewAnswer{}, names: map[string]string{}}
}

// Allow returns nil when id may do every access, or a 403 Status naming the first it may not.
// Identities without a token (kubeconfig, kubesphere modes) are authorised elsewhere.
func (r *Reviewer) Allow(ctx context.Context, id *Identity, accesses ...Access) error {
	if id == nil || id.token == "" {
		return nil
	}
	for _, a := range accesses {
		allowed, reason, err := r.review(ctx, id, a)
		if err != nil {
			return err
		}
		if !allowed {
			what := a.Resource.String()
			if a.Subresource != "" {
				what += "/" + a.Subresource
			}
			msg := fmt.Sprintf("%s cannot %s %s", r.UserName(ctx, id), a.Verb, what)
			if a.Namespace != "" {
				msg += " in namespace " + a.Namespace
			} else {
				msg += " across all namespaces"
			}
			if reason != "" {
				msg += ": " + reason
			}
			return apierrors.NewForbidden(a.Resource, "", fmt.Errorf("%s", msg))
		}
	}
	return nil
}

func (r *Reviewer) review(ctx context.Context, id *Identity, a Access) (bool, string, error) {
	key := digest(id.token) + "|" + a.Verb + "|" + a.Resource.String() + "/" + a.Subresource + "|" + a.Namespace
	now := time.Now()
	r.mu.Lock()
	if ans, ok := r.cache[key]; ok && now.Before(ans.expires) {
		r.mu.Unlock()
		return ans.allowed, ans.reason, nil
	}
	r.mu.Unlock()
	ssar := &authorizationv1.SelfSubjectAccessReview{Spec: authorizationv1.SelfSubjectAccessReviewSpec{
		ResourceAttributes: &authorizationv1.ResourceAttributes{
			Verb: a.Verb, Group: a.Resource.Group, Resource: a.Resource.Resource, Subresource: a.Subresource, Namespace: a.Namespace,
		},
	}}
	res, err := id.Clients.Kube.AuthorizationV1().SelfSubjectAccessReviews().Create(ctx, ssar, metav1.CreateOptions{})
	if err != nil {
		return false, "", err
	}
	r.mu.Lock()
	if len(r.cache) > 50000 {
		r.cache = map[string]reviewAnswer{}
	}
	r.cache[key] = reviewAnswer{allowed: res.Status.Allowed, reason: res.Status.Reason, expires: now.Add(r.ttl)}
	r.mu.Unlock()
	return res.Status.Allowed, res.Status.Reason, nil
}

// UserName returns the caller's Kubernetes user name (learnt once per token with a
// SelfSubjectReview) so audit records name a person, not a token.
func (r *Reviewer) UserName(ctx context.Context, id *Identity) string {
	if id.token == "" {
		return id.User
	}
	key := digest(id.token)
	r.mu.Lock()
	name, ok := r.names[key]
	r.mu.Unlock()
	if ok {
		return name
	}
	res, err := id.Clients.Kube.AuthenticationV1().SelfSubjectReviews().Create(ctx, &authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil || res.Status.UserInfo.Username == "" {
		return id.User
	}
	name = res.Status.UserInfo.Username
	r.mu.Lock()
	if len(r.names) > 10000 {
		r.names = map[string]string{}
	}
	r.names[key] = name
	r.mu.Unlock()
	return name
}

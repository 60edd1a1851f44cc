package testenv

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	authorizationv1 "k8s.io/api/authorization/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

const (
	grantLabel     = "testenv.okg-console.io/grant"
	userAnnotation = "testenv.okg-console.io/user"
	saUserPrefix   = "system:serviceaccount:"
)

// Rules builds policy rules from resources written
// "resource[.group][/subresource]": "pods", "pods/log",
// "gameservers.game.kruise.io", "gameserversets.game.kruise.io/scale",
// "scaledobjects.keda.sh", "*.game.kruise.io", "*".
// A bare "*" means every resource in every group.
func Rules(verbs []string, resources ...string) []rbacv1.PolicyRule {
	byGroup := map[string][]string{}
	for _, r := range resources {
		base, sub, hasSub := strings.Cut(r, "/")
		name, group, _ := strings.Cut(base, ".")
		if base == "*" {
			group = "*"
		}
		if hasSub {
			name += "/" + sub
		}
		byGroup[group] = append(byGroup[group], name)
	}
	groups := make([]string, 0, len(byGroup))
	for g := range byGroup {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	rules := make([]rbacv1.PolicyRule, 0, len(groups))
	for _, g := range groups {
		rules = append(rules, rbacv1.PolicyRule{
			APIGroups: []string{g},
			Resources: byGroup[g],
			Verbs:     append([]string(nil), verbs...),
		})
	}
	return rules
}

// GrantNamespace gives user the verbs on the resources (see Rules) in one
// namespace through a Role and RoleBinding, and waits until the authorizer
// honours it. user is a token user or "system:serviceaccount:<ns>:<name>".
func (e *Env) GrantNamespace(ctx context.Context, user, namespace string, verbs []string, resources ...string) error {
	return e.GrantNamespaceRules(ctx, user, namespace, Rules(verbs, resources...)...)
}

// GrantCluster is GrantNamespace for all namespaces (and cluster-scoped
// resources) through a ClusterRole and ClusterRoleBinding.
func (e *Env) GrantCluster(ctx context.Context, user string, verbs []string, resources ...string) error {
	return e.GrantClusterRules(ctx, user, Rules(verbs, resources...)...)
}

// GrantNamespaceRules binds arbitrary rules to user in namespace.
func (e *Env) GrantNamespaceRules(ctx context.Context, user, namespace string, rules ...rbacv1.PolicyRule) error {
	cs, err := kubernetes.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	meta := grantMeta(user)
	role, err := cs.RbacV1().Roles(namespace).Create(ctx, &rbacv1.Role{ObjectMeta: meta, Rules: rules}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("testenv: create role for %s in %s: %w", user, namespace, err)
	}
	meta.Name, meta.GenerateName = role.Name, ""
	_, err = cs.RbacV1().RoleBindings(namespace).Create(ctx, &rbacv1.RoleBinding{
		ObjectMeta: meta,
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "Role", Name: role.Name},
		Subjects:   []rbacv1.Subject{subjectFor(user)},
	}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("testenv: create role binding for %s in %s: %w", user, namespace, err)
	}
	return waitAllowed(ctx, cs, user, namespace, rules)
}

// GrantClusterRules binds arbitrary rules to user cluster-wide.
func (e *Env) GrantClusterRules(ctx context.Context, user string, rules ...rbacv1.PolicyRule) error {
	cs, err := kubernetes.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	meta := grantMeta(user)
	role, err := cs.RbacV1().ClusterRoles().Create(ctx, &rbacv1.ClusterRole{ObjectMeta: meta, Rules: rules}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("testenv: create cluster role for %s: %w", user, err)
	}
	meta.Name, meta.GenerateName = role.Name, ""
	_, err = cs.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: meta,
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: role.Name},
		Subjects:   []rbacv1.Subject{subjectFor(user)},
	}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("testenv: create cluster role binding for %s: %w", user, err)
	}
	return waitAllowed(ctx, cs, user, "", rules)
}

// RevokeAll deletes every role and binding the Grant helpers created for user.
// It does not wait for the authorizer to notice.
func (e *Env) RevokeAll(ctx context.Context, user string) error {
	cs, err := kubernetes.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	sel := metav1.ListOptions{LabelSelector: grantLabel + "=true"}
	mine := func(m metav1.ObjectMeta) bool { return m.Annotations[userAnnotation] == user }
	rbs, err := cs.RbacV1().RoleBindings("").List(ctx, sel)
	if err != nil {
		return err
	}
	for _, b := range rbs.Items {
		if mine(b.ObjectMeta) {
			if err := cs.RbacV1().RoleBindings(b.Namespace).Delete(ctx, b.Name, metav1.DeleteOptions{}); err != nil {
				return err
			}
			_ = cs.RbacV1().Roles(b.Namespace).Delete(ctx, b.RoleRef.Name, metav1.DeleteOptions{})
		}
	}
	crbs, err := cs.RbacV1().ClusterRoleBindings().List(ctx, sel)
	if err != nil {
		return err
	}
	for _, b := range crbs.Items {
		if mine(b.ObjectMeta) {
			if err := cs.RbacV1().ClusterRoleBindings().Delete(ctx, b.Name, metav1.DeleteOptions{}); err != nil {
				return err
			}
			_ = cs.RbacV1().ClusterRoles().Delete(ctx, b.RoleRef.Name, metav1.DeleteOptions{})
		}
	}
	return nil
}

func grantMeta(user string) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		GenerateName: "testenv-grant-",
		Labels:       map[string]string{grantLabel: "true"},
		Annotations:  map[string]string{userAnnotation: user},
	}
}

func subjectFor(user string) rbacv1.Subject {
	if rest, ok := strings.CutPrefix(user, saUserPrefix); ok {
		if ns, name, ok := strings.Cut(rest, ":"); ok {
			return rbacv1.Subject{Kind: rbacv1.ServiceAccountKind, Namespace: ns, Name: name}
		}
	}
	return rbacv1.Subject{Kind: rbacv1.UserKind, APIGroup: rbacv1.GroupName, Name: user}
}

// waitAllowed polls SubjectAccessReviews until the first resource rule is
// allowed for user: RBAC is evaluated from informer caches, so a fresh
// binding takes a moment to count.
func waitAllowed(ctx context.Context, cs kubernetes.Interface, user, namespace string, rules []rbacv1.PolicyRule) error {
	var attrs *authorizationv1.ResourceAttributes
	for _, r := range rules {
		if len(r.Verbs) == 0 || len(r.Resources) == 0 || len(r.APIGroups) == 0 || len(r.ResourceNames) > 0 {
			continue
		}
		resource, sub, _ := strings.Cut(r.Resources[0], "/")
		attrs = &authorizationv1.ResourceAttributes{
			Namespace:   namespace,
			Verb:        orAny(r.Verbs[0], "get"),
			Group:       orAny(r.APIGroups[0], "testenv.example"),
			Resource:    orAny(resource, "testenv-anything"),
			Subresource: sub,
		}
		break
	}
	if attrs == nil {
		return nil
	}
	deadline := time.Now().Add(15 * time.Second)
	for {
		sar, err := cs.AuthorizationV1().SubjectAccessReviews().Create(ctx, &authorizationv1.SubjectAccessReview{
			Spec: authorizationv1.SubjectAccessReviewSpec{User: user, ResourceAttributes: attrs},
		}, metav1.CreateOptions{})
		if err == nil && sar.Status.Allowed {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("testenv: grant to %s not effective after 15s (%+v, err %v)", user, *attrs, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

func orAny(v, instead string) string {
	if v == "*" {
		return instead
	}
	return v
}

package testenv

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// Token returns the bearer token of a token user (Admin, Alice, Bob, Carol or
// an Options.ExtraUsers name), or "" for an unknown user.
func (e *Env) Token(user string) string { return e.tokens[user] }

// Users returns the names of all token users, sorted.
func (e *Env) Users() []string {
	names := make([]string, 0, len(e.tokens))
	for n := range e.tokens {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// UserConfig returns a new client config for the API server authenticating
// as user with its bearer token. It panics for an unknown user.
func (e *Env) UserConfig(user string) *rest.Config {
	tok, ok := e.tokens[user]
	if !ok {
		panic(fmt.Sprintf("testenv: unknown user %q (known: %v)", user, e.Users()))
	}
	return e.configFor(tok)
}

// TokenConfig returns a client config that authenticates with any bearer
// token, e.g. one minted by ServiceAccountToken.
func (e *Env) TokenConfig(token string) *rest.Config { return e.configFor(token) }

// Clientset returns an admin clientset.
func (e *Env) Clientset() kubernetes.Interface {
	return kubernetes.NewForConfigOrDie(rest.CopyConfig(e.Config))
}

// WriteKubeconfig writes a kubeconfig for user into Dir and returns its path.
func (e *Env) WriteKubeconfig(user string) (string, error) {
	tok, ok := e.tokens[user]
	if !ok {
		return "", fmt.Errorf("testenv: unknown user %q", user)
	}
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters["testenv"] = &clientcmdapi.Cluster{Server: e.Host, CertificateAuthorityData: e.CAData}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{Token: tok}
	cfg.Contexts[user+"@testenv"] = &clientcmdapi.Context{Cluster: "testenv", AuthInfo: user, Namespace: "default"}
	cfg.CurrentContext = user + "@testenv"
	path := filepath.Join(e.Dir, "kubeconfig-"+user)
	if user == Admin {
		path = filepath.Join(e.Dir, "kubeconfig")
	}
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return "", fmt.Errorf("testenv: write kubeconfig: %w", err)
	}
	return path, nil
}

// CreateNamespace creates a namespace (no error if it exists). Without a
// controller-manager a deleted namespace stays Terminating: use fresh names.
func (e *Env) CreateNamespace(ctx context.Context, name string) error {
	cs, err := kubernetes.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	_, err = cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
	if err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("testenv: create namespace %s: %w", name, err)
	}
	return nil
}

// ServiceAccountToken creates the service account namespace/name if needed
// (nothing creates them automatically here) and returns a token for it minted
// through the TokenRequest API. audiences may be empty (the API server's).
func (e *Env) ServiceAccountToken(ctx context.Context, namespace, name string, audiences ...string) (string, error) {
	cs, err := kubernetes.NewForConfig(e.Config)
	if err != nil {
		return "", err
	}
	if err := e.CreateNamespace(ctx, namespace); err != nil {
		return "", err
	}
	sa := &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: namespace}}
	if _, err := cs.CoreV1().ServiceAccounts(namespace).Create(ctx, sa, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return "", fmt.Errorf("testenv: create service account %s/%s: %w", namespace, name, err)
	}
	expiry := int64(24 * 3600)
	tr, err := cs.CoreV1().ServiceAccounts(namespace).CreateToken(ctx, name, &authenticationv1.TokenRequest{
		Spec: authenticationv1.TokenRequestSpec{Audiences: audiences, ExpirationSeconds: &expiry},
	}, metav1.CreateOptions{})
	if err != nil {
		return "", fmt.Errorf("testenv: token for %s/%s: %w", namespace, name, err)
	}
	return tr.Status.Token, nil
}

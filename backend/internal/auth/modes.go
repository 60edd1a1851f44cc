package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/kube"
)

// Headers the front proxy (ks-apiserver) sets after it authenticated the user.
const (
	HeaderRemoteUser       = "X-Remote-User"
	HeaderRemoteGroup      = "X-Remote-Group"
	HeaderRemoteExtraPfx   = "X-Remote-Extra-"
	HeaderProxySecret      = "X-OKG-Console-Proxy-Secret"
	kubeconfigIdentityName = "kubeconfig"
)

// Authenticator resolves the identity of a request.
type Authenticator struct {
	mode        config.AuthMode
	factory     *kube.Factory
	proxySecret string

	base     *kube.Clients
	mu       sync.Mutex
	byToken  map[string]tokenClients // sha256(token) -> clients, so a token's transport is reused
	tokenTTL time.Duration
}

type tokenClients struct {
	clients *kube.Clients
	expires time.Time
}

// NewAuthenticator builds the authenticator for cfg's mode.
func NewAuthenticator(cfg config.Config, factory *kube.Factory) (*Authenticator, error) {
	base, err := factory.Clients()
	if err != nil {
		return nil, err
	}
	return &Authenticator{mode: cfg.AuthMode, factory: factory, proxySecret: cfg.ProxySecret,
		base: base, byToken: map[string]tokenClients{}, tokenTTL: 5 * time.Minute}, nil
}

// Mode is the configured mode.
func (a *Authenticator) Mode() config.AuthMode { return a.mode }

// Authenticate returns the identity of r, or a 401 Status error.
func (a *Authenticator) Authenticate(r *http.Request) (*Identity, error) {
	switch a.mode {
	case config.AuthToken:
		return a.fromToken(r)
	case config.AuthKubeSphere:
		return a.fromFrontProxy(r)
	default:
		return &Identity{User: kubeconfigIdentityName, Clients: a.base}, nil
	}
}

func (a *Authenticator) fromToken(r *http.Request) (*Identity, error) {
	token := BearerToken(r)
	if token == "" {
		return nil, apierrors.NewUnauthorized("a bearer token is required (Authorization: Bearer <token>)")
	}
	clients, err := a.clientsForToken(token)
	if err != nil {
		return nil, err
	}
	// The user's name is learnt from the API server on first use (see Reviewer.whoAmI);
	// until then the token's digest stands in for it in logs.
	return &Identity{User: "token:" + digest(token)[:12], Clients: clients, token: token}, nil
}

// BearerToken reads the caller's token from the Authorization header, or, for
// websocket upgrades that browsers cannot give headers, from the
// "base64url.bearer.authorization.k8s.io.<token>" subprotocol as kubectl does.
func BearerToken(r *http.Request) string {
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return tokenFromSubprotocol(r)
}

func (a *Authenticator) clientsForToken(token string) (*kube.Clients, error) {
	key := digest(token)
	a.mu.Lock()
	defer a.mu.Unlock()
	if tc, ok := a.byToken[key]; ok && time.Now().Before(tc.expires) {
		return tc.clients, nil
	}
	clients, err := a.factory.ForToken(token)
	if err != nil {
		return nil, err
	}
	if len(a.byToken) > 10000 { // bound memory under token churn
		a.byToken = map[string]tokenClients{}
	}
	a.byToken[key] = tokenClients{clients: clients, expires: time.Now().Add(a.tokenTTL)}
	return clients, nil
}

// fromFrontProxy trusts X-Remote-* only from ks-apiserver: never on websocket
// upgrades (ks-apiserver does not rewrite them there). The NetworkPolicy keeps other
// pods from reaching the backend; a shared secret is checked only when configured,
// for a front proxy that can add a header (ks-apiserver cannot).
func (a *Authenticator) fromFrontProxy(r *http.Request) (*Identity, error) {
	if a.proxySecret != "" && subtle.ConstantTimeCompare([]byte(r.Header.Get(HeaderProxySecret)), []byte(a.proxySecret)) != 1 {
		return nil, apierrors.NewUnauthorized("request did not come through the KubeSphere front proxy")
	}
	if IsUpgrade(r) {
		// The path was authorised upstream; the user is unknown here.
		return &Identity{User: "anonymous", Anonymous: true, Clients: a.base}, nil
	}
	user := r.Header.Get(HeaderRemoteUser)
	if user == "" {
		return nil, apierrors.NewUnauthorized(fmt.Sprintf("missing %s from the KubeSphere front proxy", HeaderRemoteUser))
	}
	id := &Identity{User: user, Groups: r.Header.Values(HeaderRemoteGroup), Clients: a.base}
	for name, values := range r.Header {
		if k, ok := strings.CutPrefix(name, HeaderRemoteExtraPfx); ok {
			if id.Extra == nil {
				id.Extra = map[string][]string{}
			}
			id.Extra[strings.ToLower(k)] = values
		}
	}
	// The console writes with its own service account: KubeSphere syncs a user's roles
	// into Kubernetes RBAC for the extension's API group only, never game.kruise.io, so
	// impersonating the user would be refused. ks-apiserver has authorised the path by
	// the user's RoleTemplates; the write path records the user.
	return id, nil
}

// IsUpgrade reports whether r asks to switch protocols (a websocket).
func IsUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket") ||
		strings.Contains(strings.ToLower(r.Header.Get("Connection")), "upgrade")
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

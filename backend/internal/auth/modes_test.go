package auth

import (
	"encoding/base64"
	"net/http/httptest"
	"testing"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/rest"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/kube"
)

// The header rules of each auth mode, without a cluster: building clients does not
// contact the API server.
func TestAuthenticateHeaderRules(t *testing.T) {
	factory := kube.NewFactoryFromConfig(&rest.Config{Host: "https://127.0.0.1:1"})
	wsToken := "base64url.bearer.authorization.k8s.io." + base64.RawURLEncoding.EncodeToString([]byte("tok-ws"))
	cases := []struct {
		name      string
		mode      config.AuthMode
		secret    string
		headers   map[string]string
		wantUser  string // "" with wantErr
		anonymous bool
		wantErr   bool
	}{
		{"kubeconfig: one local user whatever the headers", config.AuthKubeconfig, "", map[string]string{HeaderRemoteUser: "mallory"}, "kubeconfig", false, false},
		{"token: none is 401", config.AuthToken, "", nil, "", false, true},
		{"token: bearer header", config.AuthToken, "", map[string]string{"Authorization": "Bearer tok-a"}, "token:", false, false},
		{"token: lower-case scheme", config.AuthToken, "", map[string]string{"Authorization": "bearer tok-a"}, "token:", false, false},
		{"token: websocket subprotocol", config.AuthToken, "", map[string]string{"Sec-WebSocket-Protocol": "okgconsole.v1, " + wsToken}, "token:", false, false},
		{"token: X-Remote-User is not a token", config.AuthToken, "", map[string]string{HeaderRemoteUser: "admin"}, "", false, true},
		{"kubesphere: the front proxy's user", config.AuthKubeSphere, "", map[string]string{HeaderRemoteUser: "ops-lead", HeaderRemoteGroup: "system:authenticated"}, "ops-lead", false, false},
		{"kubesphere: no user is 401", config.AuthKubeSphere, "", nil, "", false, true},
		{"kubesphere: an upgrade's X-Remote-User is not trusted", config.AuthKubeSphere, "", map[string]string{HeaderRemoteUser: "admin", "Upgrade": "websocket", "Connection": "Upgrade"}, "anonymous", true, false},
		{"kubesphere with secret: missing secret is 401", config.AuthKubeSphere, "s3cret", map[string]string{HeaderRemoteUser: "ops-lead"}, "", false, true},
		{"kubesphere with secret: wrong secret is 401", config.AuthKubeSphere, "s3cret", map[string]string{HeaderRemoteUser: "ops-lead", HeaderProxySecret: "guess"}, "", false, true},
		{"kubesphere with secret: right secret", config.AuthKubeSphere, "s3cret", map[string]string{HeaderRemoteUser: "ops-lead", HeaderProxySecret: "s3cret"}, "ops-lead", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Default()
			cfg.AuthMode, cfg.ProxySecret = tc.mode, tc.secret
			a, err := NewAuthenticator(cfg, factory)
			if err != nil {
				t.Fatal(err)
			}
			r := httptest.NewRequest("GET", "/kapis/x", nil)
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			id, err := a.Authenticate(r)
			if tc.wantErr {
				if !apierrors.IsUnauthorized(err) {
					t.Fatalf("want 401, got %v %+v", err, id)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := id.User; len(got) < len(tc.wantUser) || got[:len(tc.wantUser)] != tc.wantUser {
				t.Errorf("user %q, want %q", got, tc.wantUser)
			}
			if id.Anonymous != tc.anonymous {
				t.Errorf("anonymous %v, want %v", id.Anonymous, tc.anonymous)
			}
		})
	}
}

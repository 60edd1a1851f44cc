package ksstandin

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestParseExtensionPath(t *testing.T) {
	cases := []struct {
		path                            string
		ok                              bool
		cluster, backend, ns, res, name string
	}{
		{"/kapis/okgconsole.kubesphere.io/v1alpha1/gameservers", true, "", "/kapis/okgconsole.kubesphere.io/v1alpha1/gameservers", "", "gameservers", ""},
		{"/clusters/host/kapis/okgconsole.kubesphere.io/v1alpha1/namespaces/game-prod/gameservers/mc-1", true, "host", "/kapis/okgconsole.kubesphere.io/v1alpha1/namespaces/game-prod/gameservers/mc-1", "game-prod", "gameservers", "mc-1"},
		{"/kapis/clusters/host/okgconsole.kubesphere.io/v1alpha1/autoscaling/status", true, "host", "/kapis/okgconsole.kubesphere.io/v1alpha1/autoscaling/status", "", "autoscaling", "status"},
		{"/kapis/okgconsole.kubesphere.io/v1alpha1", true, "", "/kapis/okgconsole.kubesphere.io/v1alpha1", "", "", ""},
		{"/kapis/okgconsole.kubesphere.io/v1alpha10/gameservers", false, "", "", "", "", ""},
		{"/kapis/iam.kubesphere.io/v1beta1/users", false, "", "", "", "", ""},
		{"/clusters//kapis/okgconsole.kubesphere.io/v1alpha1/gameservers", false, "", "", "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.path, func(t *testing.T) {
			got, ok := parseExtensionPath(testAPI, c.path)
			if ok != c.ok {
				t.Fatalf("ok %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			if got.Cluster != c.cluster || got.Path != c.backend || got.Namespace != c.ns || got.Resource != c.res || got.Name != c.name {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	issuer := newTokenIssuer(time.Hour)
	token := issuer.issue("game-dev", "access_token", time.Hour)
	// ks-console's server reads the username from the payload without verifying it.
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil || claims["username"] != "game-dev" || claims["extra"] != nil {
		t.Fatalf("payload %s (%v): want username game-dev and no extra (an initialized user)", payload, err)
	}
	other := newTokenIssuer(time.Hour)
	past := &tokenIssuer{key: issuer.key, ttl: time.Hour, now: func() time.Time { return time.Now().Add(-2 * time.Hour) }}
	cases := []struct {
		name, token, tokenType string
		valid                  bool
	}{
		{"its own access token", token, "access_token", true},
		{"an access token used as refresh token", token, "refresh_token", false},
		{"signed by another key", other.issue("game-dev", "access_token", time.Hour), "access_token", false},
		{"expired", past.issue("game-dev", "access_token", time.Hour), "access_token", false},
		{"tampered payload", strings.Replace(token, strings.Split(token, ".")[1], base64.RawURLEncoding.EncodeToString([]byte(`{"username":"admin","token_type":"access_token","exp":9999999999}`)), 1), "access_token", false},
		{"not a JWT", "abc", "access_token", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := issuer.verify(c.token, c.tokenType)
			if (err == nil) != c.valid {
				t.Fatalf("valid %v, want %v (%v)", err == nil, c.valid, err)
			}
		})
	}
}

func TestLoginGrants(t *testing.T) {
	standin, _, _, _ := newTestStandin(t)
	cases := []struct {
		name string
		form url.Values
		want int
	}{
		{"password", url.Values{"grant_type": {"password"}, "username": {"member"}, "password": {"pw"}, "client_id": {"kubesphere"}}, http.StatusOK},
		{"wrong password", url.Values{"grant_type": {"password"}, "username": {"member"}, "password": {"no"}, "client_id": {"kubesphere"}}, http.StatusUnauthorized},
		{"unknown user", url.Values{"grant_type": {"password"}, "username": {"nobody"}, "password": {"pw"}, "client_id": {"kubesphere"}}, http.StatusUnauthorized},
		{"other client", url.Values{"grant_type": {"password"}, "username": {"member"}, "password": {"pw"}, "client_id": {"other"}}, http.StatusUnauthorized},
		{"bad refresh token", url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"x.y.z"}, "client_id": {"kubesphere"}}, http.StatusUnauthorized},
		{"unknown grant", url.Values{"grant_type": {"client_credentials"}, "client_id": {"kubesphere"}}, http.StatusBadRequest},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := http.PostForm(standin.URL+"/oauth/token", c.form)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != c.want {
				t.Fatalf("status %d, want %d", res.StatusCode, c.want)
			}
		})
	}
}

func TestRoleTemplatesPerUser(t *testing.T) {
	standin, _, _, _ := newTestStandin(t)
	cases := []struct {
		user, query string
		// the extension's templates listed, and one of KubeSphere's own that must be (or not)
		extension []string
		host      string
		hostToo   bool
	}{
		{"member", "scope=namespace&namespace=game-prod", []string{"namespace-view-okg-console"}, "namespace-view-project-settings", true},
		{"member", "scope=namespace&namespace=game-staging", nil, "namespace-view-project-settings", false},
		{"member", "scope=cluster&cluster=host", nil, "cluster-view-nodes", false},
		{"member", "scope=workspace&workspace=ws", nil, "workspace-view-projects", true},
		{"member", "scope=global", nil, "global-manage-clusters", false},
		{"admin", "scope=cluster&cluster=host", nil, "cluster-manage-nodes", true},
		{"admin", "scope=namespace&namespace=game-staging", []string{"namespace-view-okg-console"}, "namespace-manage-project-settings", true},
		{"admin", "scope=global", nil, "global-manage-clusters", true},
	}
	for _, c := range cases {
		t.Run(c.user+" "+c.query, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, standin.URL+"/clusters/host/kapis/iam.kubesphere.io/v1beta1/users/"+c.user+"/roletemplates?"+c.query, nil)
			req.Header.Set("Authorization", "Bearer "+login(t, standin.URL, c.user))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body struct {
				Items []struct {
					Metadata struct{ Name string } `json:"metadata"`
				} `json:"items"`
			}
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			var extension []string
			host := false
			for _, it := range body.Items {
				if strings.HasSuffix(it.Metadata.Name, "-okg-console") {
					extension = append(extension, it.Metadata.Name)
				}
				host = host || it.Metadata.Name == c.host
			}
			if strings.Join(extension, ",") != strings.Join(c.extension, ",") {
				t.Errorf("extension templates %v, want %v", extension, c.extension)
			}
			if host != c.hostToo {
				t.Errorf("%s listed: %v, want %v", c.host, host, c.hostToo)
			}
		})
	}
}

func TestHostAnswersPerUser(t *testing.T) {
	standin, _, _, _ := newTestStandin(t)
	tokens := map[string]string{"admin": login(t, standin.URL, "admin"), "member": login(t, standin.URL, "member"), "anonymous": ""}
	cases := []struct {
		user, path string
		want       int
		// names of the listed items (or of the object), when the answer is 200
		names string
	}{
		{"anonymous", "/kapis/config.kubesphere.io/v1alpha2/configs/oauth", http.StatusOK, ""},
		{"anonymous", "/kapis/iam.kubesphere.io/v1beta1/users/member", http.StatusForbidden, ""},
		{"member", "/kapis/iam.kubesphere.io/v1beta1/users/member", http.StatusOK, "member"},
		{"member", "/kapis/iam.kubesphere.io/v1beta1/users/admin", http.StatusForbidden, ""},
		{"member", "/kapis/iam.kubesphere.io/v1beta1/users", http.StatusOK, "member"},
		{"admin", "/kapis/iam.kubesphere.io/v1beta1/users", http.StatusOK, "admin,member"},
		{"member", "/kapis/tenant.kubesphere.io/v1beta1/workspacetemplates/ws", http.StatusOK, "ws"},
		{"member", "/kapis/resources.kubesphere.io/v1alpha3/workspaces/ws", http.StatusOK, "ws"},
		{"member", "/kapis/tenant.kubesphere.io/v1beta1/workspaces/other", http.StatusForbidden, ""},
		{"member", "/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws/namespaces", http.StatusOK, "game-prod"},
		{"admin", "/kapis/tenant.kubesphere.io/v1beta1/workspaces/ws/namespaces", http.StatusOK, "game-prod,game-staging"},
		{"member", "/clusters/host/api/v1/namespaces/game-staging", http.StatusForbidden, ""},
		{"member", "/clusters/host/api/v1/namespaces/game-prod", http.StatusOK, "game-prod"},
		{"member", "/clusters/other/api/v1/namespaces/game-prod", http.StatusNotFound, ""},
		{"member", "/api/v1/nodes", http.StatusForbidden, ""},
		{"admin", "/api/v1/nodes", http.StatusOK, "node-1"},
		{"admin", "/apis/extensions.kubesphere.io/v1alpha1/jsbundles", http.StatusOK, "okg-console"},
	}
	for _, c := range cases {
		t.Run(c.user+" "+c.path, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, standin.URL+c.path, nil)
			if tok := tokens[c.user]; tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			if res.StatusCode != c.want {
				t.Fatalf("status %d, want %d", res.StatusCode, c.want)
			}
			if c.names == "" {
				return
			}
			var body struct {
				Metadata struct{ Name string } `json:"metadata"`
				Items    []struct {
					Metadata struct{ Name string } `json:"metadata"`
				} `json:"items"`
			}
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, it := range body.Items {
				names = append(names, it.Metadata.Name)
			}
			if body.Items == nil {
				names = []string{body.Metadata.Name}
			}
			if got := strings.Join(names, ","); got != c.names {
				t.Errorf("names %q, want %q", got, c.names)
			}
		})
	}
}

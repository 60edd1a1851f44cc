package testenv

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestRenderedManagerConfig renders the managers' config/ directories from their modules
// as startRealOKG does and checks what the environment relies on: each manager's
// ServiceAccount is bound to its ClusterRole under the names testenv authenticates as,
// every webhook (admission and CRD conversion) points at 127.0.0.1 with our CA, and the
// webhook configurations carry the names the managers look up.
func TestRenderedManagerConfig(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ca := []byte("-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n")
	for _, tc := range []struct {
		bin              Binary
		dir              string
		ns, sa           string
		webhookConfigs   []string
		conversionCRDs   []string
		minClusterRoles  int
		noWebhookConfigs bool
	}{
		{KruiseManagerBinary, "config/default", KruiseNamespace, KruiseSA,
			[]string{"kruise-mutating-webhook-configuration", "kruise-validating-webhook-configuration"},
			[]string{"statefulsets.apps.kruise.io"}, 1, false},
		{KruiseGameManagerBinary, "config/default", KruiseGameNamespace, KruiseGameSA,
			[]string{"kruise-game-mutating-webhook", "kruise-game-validating-webhook"}, nil, 1, false},
		{KWOKBinary, "kustomize/rbac", KWOKNamespace, KWOKSA, nil, nil, 1, true},
	} {
		t.Run(tc.bin.Name, func(t *testing.T) {
			dir, err := toolModuleDir(ctx, tc.bin)
			if err != nil {
				t.Skipf("module not available: %v", err)
			}
			objs, err := renderManagerConfig(dir, tc.dir, 4443, ca)
			if err != nil {
				t.Fatal(err)
			}
			bound := false
			seen := map[string]bool{}
			for _, o := range objs {
				seen[o.GetKind()+"/"+o.GetName()] = true
				if o.GetKind() == "ClusterRoleBinding" {
					subs, _ := o.Object["subjects"].([]any)
					for _, s := range subs {
						m := s.(map[string]any)
						if m["kind"] == "ServiceAccount" && m["name"] == tc.sa && m["namespace"] == tc.ns {
							bound = true
						}
					}
				}
				if strings.HasSuffix(o.GetKind(), "WebhookConfiguration") {
					for _, h := range o.Object["webhooks"].([]any) {
						cc := h.(map[string]any)["clientConfig"].(map[string]any)
						if u, _ := cc["url"].(string); !strings.HasPrefix(u, "https://127.0.0.1:4443/") || cc["service"] != nil || cc["caBundle"] == "" {
							t.Errorf("%s webhook clientConfig %v", o.GetName(), cc)
						}
					}
				}
			}
			if !bound {
				t.Errorf("no ClusterRoleBinding binds ServiceAccount %s/%s", tc.ns, tc.sa)
			}
			if !seen["ServiceAccount/"+tc.sa] {
				t.Errorf("no ServiceAccount %s rendered", tc.sa)
			}
			for _, name := range tc.webhookConfigs {
				if !seen["MutatingWebhookConfiguration/"+name] && !seen["ValidatingWebhookConfiguration/"+name] {
					t.Errorf("no webhook configuration %s; rendered %v", name, seen)
				}
			}
			for _, name := range tc.conversionCRDs {
				for _, o := range objs {
					if o.GetName() == name {
						u, _, _ := nestedString(o.Object, "spec", "conversion", "webhook", "clientConfig", "url")
						if u != "https://127.0.0.1:4443/convert" {
							t.Errorf("%s conversion url %q", name, u)
						}
					}
				}
			}
		})
	}
}

func nestedString(m map[string]any, path ...string) (string, bool, error) {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return "", false, nil
		}
		cur = mm[p]
	}
	s, ok := cur.(string)
	return s, ok, nil
}

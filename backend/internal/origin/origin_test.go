package origin

import (
	"net/http/httptest"
	"testing"
)

func TestCheck(t *testing.T) {
	p, err := NewPolicy([]string{"https://ks.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name    string
		host    string
		site    string
		origin  string
		allowed bool
	}{
		{"not a browser", "console:8080", "", "", true},
		{"same origin by fetch metadata", "backend:8080", "same-origin", "https://ks.other", true},
		{"typed into the address bar", "console:8080", "none", "", true},
		{"cross-site by fetch metadata", "console:8080", "cross-site", "https://evil.example", false},
		{"same-site sibling is another origin", "console:8080", "same-site", "https://a.console", false},
		{"cross-site without origin", "console:8080", "cross-site", "", false},
		{"cross-site but trusted origin", "backend:8080", "cross-site", "https://ks.example.com", true},
		{"old browser, own host", "console:8080", "", "http://console:8080", true},
		{"old browser, host differs in case", "Console:8080", "", "http://console:8080", true},
		{"old browser, other origin", "console:8080", "", "http://evil.example", false},
		{"old browser, other port", "console:8080", "", "http://console:9090", false},
		{"old browser, trusted origin behind a proxy", "backend:8080", "", "https://KS.example.com", true},
		{"null origin (sandboxed frame, file)", "console:8080", "", "null", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "http://"+tc.host+"/kapis/x", nil)
			r.Host = tc.host
			if tc.site != "" {
				r.Header.Set(HeaderSecFetchSite, tc.site)
			}
			if tc.origin != "" {
				r.Header.Set(HeaderOrigin, tc.origin)
			}
			if err := p.Check(r); (err == nil) != tc.allowed {
				t.Errorf("allowed=%v, want %v (err %v)", err == nil, tc.allowed, err)
			}
		})
	}
}

func TestNewPolicyRefusesNonOrigins(t *testing.T) {
	for _, bad := range []string{"ks.example.com", "https://ks.example.com/path", "://x", "https://x?y=1"} {
		if _, err := NewPolicy([]string{bad}); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestIsUnsafe(t *testing.T) {
	cases := []struct {
		method, upgrade string
		unsafe          bool
	}{
		{"GET", "", false}, {"HEAD", "", false}, {"OPTIONS", "", false},
		{"GET", "websocket", true}, {"POST", "", true}, {"PUT", "", true}, {"DELETE", "", true}, {"PATCH", "", true},
	}
	for _, tc := range cases {
		r := httptest.NewRequest(tc.method, "/", nil)
		if tc.upgrade != "" {
			r.Header.Set("Upgrade", tc.upgrade)
		}
		if got := IsUnsafe(r); got != tc.unsafe {
			t.Errorf("%s upgrade=%q: unsafe=%v, want %v", tc.method, tc.upgrade, got, tc.unsafe)
		}
	}
}

package origin

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
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

func TestTickets(t *testing.T) {
	tk := NewTickets()
	now := time.Unix(1_000_000, 0)
	tk.now = func() time.Time { return now }
	issue := func(subject string, headers map[string]string) string {
		r := httptest.NewRequest("GET", "/kapis/x/streamtickets", nil)
		for k, v := range headers {
			r.Header.Set(k, v)
		}
		ticket, exp := tk.Issue(subject, r)
		if !exp.Equal(now.Add(TicketTTL)) {
			t.Fatalf("expires %v", exp)
		}
		return ticket
	}
	fromReferer := issue("alice", map[string]string{"Referer": "https://ks.example.com/clusters/host/okg-overview"})
	fromOrigin := issue("alice", map[string]string{"Origin": "https://ks.example.com"})
	unbound := issue("alice", nil)
	cases := []struct {
		name, subject, ticket, origin string
		later                         time.Duration
		ok                            bool
	}{
		{"bound by Referer, same page", "alice", fromReferer, "https://ks.example.com", 0, true},
		{"bound by Origin, same page", "alice", fromOrigin, "https://ks.example.com", 0, true},
		{"another site", "alice", fromReferer, "https://evil.example", 0, false},
		{"another user", "bob", fromReferer, "https://ks.example.com", 0, false},
		{"expired", "alice", fromReferer, "https://ks.example.com", TicketTTL + time.Second, false},
		{"still valid at the end", "alice", fromReferer, "https://ks.example.com", TicketTTL, true},
		{"unbound origin", "alice", unbound, "https://anything.example", 0, true},
		{"tampered", "alice", fromReferer[:len(fromReferer)-2] + "AA", "https://ks.example.com", 0, false},
		{"no ticket", "alice", "", "https://ks.example.com", 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tk.now = func() time.Time { return now.Add(tc.later) }
			r := httptest.NewRequest("GET", "/kapis/x/gameservers?watch=true", nil)
			r.Header.Set("Origin", tc.origin)
			if tc.ticket != "" {
				r.Header.Set("Sec-WebSocket-Protocol", "okgconsole.v1, "+TicketProtocolPrefix+tc.ticket)
			}
			if err := tk.Verify(tc.subject, r); (err == nil) != tc.ok {
				t.Errorf("ok=%v, want %v (%v)", err == nil, tc.ok, err)
			}
		})
	}
	if other := NewTickets(); other.Verify("alice", func() *http.Request {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Sec-WebSocket-Protocol", TicketProtocolPrefix+unbound)
		return r
	}()) == nil {
		t.Error("another process's key accepted the ticket")
	}
}

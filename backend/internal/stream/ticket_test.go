package stream_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/origin"
	"github.com/okg-console/okg-console/backend/internal/stream"
)

// fakeJWT is shaped like KubeSphere's access token; the console reads only its
// username claim, on handshakes ks-apiserver has already authenticated.
func fakeJWT(user string) string {
	enc := base64.RawURLEncoding.EncodeToString
	claims, _ := json.Marshal(map[string]any{"username": user, "token_type": "access_token"})
	return enc([]byte(`{"alg":"HS256","typ":"JWT"}`)) + "." + enc(claims) + ".c2ln"
}

// Behind ks-apiserver a browser's handshake arrives with the console's Origin, the
// backend's Host, no Sec-Fetch-Site (Chromium sends none on websockets) and no
// trustworthy X-Remote-User: with the chart's defaults (no allowed-origins) the
// console's own page opens streams with a ticket it fetched as the same user, and
// nothing else opens them.
func TestStreamTicketsBehindTheFrontProxy(t *testing.T) {
	ns := seed(t, 2)
	c := startConsole(t, consoleOpts{mode: config.AuthKubeSphere}, ns, 2)
	const consoleOrigin = "https://ks.example.com"
	ticketFor := func(user, referer, site string) string {
		h := http.Header{"X-Remote-User": {user}, "X-Remote-Group": {"system:authenticated"}}
		if referer != "" {
			h.Set("Referer", referer)
		}
		if site != "" {
			h.Set("Sec-Fetch-Site", site)
		}
		var tk origin.StreamTicket
		getJSON(t, c.base+"/namespaces/"+ns+"/streamtickets", h, &tk)
		if !strings.HasPrefix(tk.Protocol, origin.TicketProtocolPrefix) {
			t.Fatalf("ticket %+v", tk)
		}
		return tk.Protocol
	}
	u := c.wsURL("/namespaces/"+ns+"/gameservers", nil)
	handshake := func(user, pageOrigin, ticketProtocol string) (int, string) {
		d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, Subprotocols: []string{stream.Subprotocol}}
		if ticketProtocol != "" {
			d.Subprotocols = append(d.Subprotocols, ticketProtocol)
		}
		h := http.Header{"Origin": {pageOrigin}, "Authorization": {"Bearer " + fakeJWT(user)}}
		conn, resp, err := d.Dial(u, h)
		if err == nil {
			defer conn.Close()
			return http.StatusSwitchingProtocols, ""
		}
		if resp == nil {
			t.Fatal(err)
		}
		var st struct{ Message string }
		_ = json.NewDecoder(resp.Body).Decode(&st)
		return resp.StatusCode, st.Message
	}
	alices := ticketFor("alice", consoleOrigin+"/clusters/host/okg-gameservers", "same-origin")
	for _, tc := range []struct {
		name, user, origin, ticket string
		code                       int
		says                       string
	}{
		{"the console's page with its user's ticket", "alice", consoleOrigin, alices, 101, ""},
		{"no ticket", "alice", consoleOrigin, "", 403, "no stream ticket"},
		{"another user's ticket", "mallory", consoleOrigin, alices, 403, "another user"},
		{"another site's page with a stolen ticket", "alice", "https://evil.example", alices, 403, "page of " + consoleOrigin},
		{"a forged ticket", "alice", consoleOrigin, origin.TicketProtocolPrefix + "eyJzIjoiYWxpY2UiLCJlIjo5OTk5OTk5OTk5fQ.AAAA", 403, "not one this console issued"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, msg := handshake(tc.user, tc.origin, tc.ticket)
			if code != tc.code || !strings.Contains(msg, tc.says) {
				t.Fatalf("got %d %q, want %d saying %q", code, msg, tc.code, tc.says)
			}
		})
	}
	// A page of another site cannot fetch a ticket in the first place.
	h := http.Header{"X-Remote-User": {"alice"}, "Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}}
	req, _ := http.NewRequest(http.MethodGet, c.base+"/namespaces/"+ns+"/streamtickets", nil)
	req.Header = h
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site ticket request: %d", resp.StatusCode)
	}
}

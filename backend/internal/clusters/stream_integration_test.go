package clusters_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/origin"
	"github.com/okg-console/okg-console/backend/internal/stream"
)

// TestOneStreamPerClusterThroughItsPrefix: the page opens a cluster's live list at
// /clusters/{c}/kapis/.../gameservers?watch=true with a ticket fetched from that
// cluster's own prefixed path. The stream carries that cluster's servers; the ticket
// opens no other cluster's stream, and no other site's page opens any.
func TestOneStreamPerClusterThroughItsPrefix(t *testing.T) {
	c := start(t, config.AuthKubeconfig, 5*time.Second)
	project := freshNamespace("ws-project")
	ns := freshNamespace("ws")
	for i := range names {
		seed(t, i, []demo.Set{{Namespace: ns, Name: "s", Project: project, Image: "img/game:1", Servers: idle(1 + i)}})
	}
	waitProject(t, c, project, 6)
	const page = "https://console.example"
	ticket := func(cluster string) string {
		var tk origin.StreamTicket
		code := get(t, clusterAPI(c, cluster)+"/namespaces/"+ns+"/streamtickets", &tk,
			map[string]string{"Sec-Fetch-Site": "same-origin", "Referer": page + "/okg/gameservers"})
		if code != http.StatusOK {
			t.Fatalf("%s's ticket: %d", cluster, code)
		}
		return tk.Protocol
	}
	open := func(cluster, pageOrigin, ticketProtocol string) (*websocket.Conn, int, string) {
		u := "ws" + strings.TrimPrefix(clusterAPI(c, cluster), "http") + "/namespaces/" + ns + "/gameservers?watch=true"
		d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, Subprotocols: []string{stream.Subprotocol, ticketProtocol}}
		conn, resp, err := d.Dial(u, http.Header{"Origin": {pageOrigin}})
		if err == nil {
			return conn, http.StatusSwitchingProtocols, ""
		}
		if resp == nil {
			t.Fatal(err)
		}
		var st struct{ Message string }
		_ = json.NewDecoder(resp.Body).Decode(&st)
		return nil, resp.StatusCode, st.Message
	}

	betas := ticket("beta")
	conn, code, msg := open("beta", page, betas)
	if code != http.StatusSwitchingProtocols {
		t.Fatalf("beta's stream with beta's ticket: %d %s", code, msg)
	}
	defer conn.Close()
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var first struct {
		Type  string `json:"type"`
		Items []struct {
			Name string `json:"name"`
		} `json:"items"`
	}
	if err := conn.ReadJSON(&first); err != nil {
		t.Fatal(err)
	}
	if len(first.Items) != 2 {
		t.Errorf("beta's stream starts with %q of %d servers, want beta's 2", first.Type, len(first.Items))
	}

	if _, code, msg := open("gamma", page, betas); code != http.StatusForbidden {
		t.Errorf("gamma's stream with beta's ticket: %d %s, want 403", code, msg)
	}
	if _, code, msg := open("beta", "https://evil.example", betas); code != http.StatusForbidden {
		t.Errorf("beta's stream from another site with the ticket: %d %s, want 403", code, msg)
	}
	if conn, code, msg := open("gamma", page, ticket("gamma")); code != http.StatusSwitchingProtocols {
		t.Errorf("gamma's stream with gamma's ticket: %d %s", code, msg)
	} else {
		conn.Close()
	}
}

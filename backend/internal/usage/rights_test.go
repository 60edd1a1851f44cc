package usage_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// A set's usage totals are figures of its game servers: in token mode a caller who may
// list game server sets but not game servers gets the sets without them, in the list,
// the single set and the stream of sets, while a caller with both rights gets them on
// the same console, the same query and the same stream group's changes.
func TestSetUsageTotalsNeedGameServerRights(t *testing.T) {
	ns := newSet(t, 2)
	setUsage(t, ns, "s-0", "200m", "64Mi")
	setUsage(t, ns, "s-1", "300m", "96Mi")
	ctx := context.Background()
	verbs := []string{"get", "list", "watch"}
	// Alice: the sets only. Carol: the sets and their game servers.
	if err := env.GrantNamespace(ctx, testenv.Alice, ns, verbs, "gameserversets.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	if err := env.GrantNamespace(ctx, testenv.Carol, ns, verbs, "gameserversets.game.kruise.io", "gameservers.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	cfg.AuthMode = config.AuthToken
	cfg.UsageInterval = 5 * time.Second
	c := consoletest.Start(t, env, cfg, server.Options{})
	as := func(user string) map[string]string {
		return map[string]string{"Authorization": "Bearer " + env.Token(user)}
	}
	setURL := c.API + "/namespaces/" + ns + "/gameserversets/s"
	listURL := c.API + "/namespaces/" + ns + "/gameserversets"

	// Carol sees the totals once metrics-server has figures for both pods.
	eventually(t, 2*time.Minute, func() (bool, string) {
		var d fleet.GameServerSetDetail
		code := consoletest.Do(t, consoletest.Request{URL: setURL, Headers: as(testenv.Carol)}, &d)
		u := d.GameServerSet.Usage
		return code == 200 && u != nil && u.GameServers == 2 && u.MemoryBytes == 160<<20, fmt.Sprintf("%d %+v", code, u)
	})
	var carolList fleet.List[fleet.GameServerSetView]
	if code := consoletest.Do(t, consoletest.Request{URL: listURL, Headers: as(testenv.Carol)}, &carolList); code != 200 ||
		len(carolList.Items) != 1 || carolList.Items[0].Usage == nil {
		t.Fatalf("carol's list %d: %+v", code, carolList)
	}

	// Alice: the same set and list, 200, without usage; her own game server list is refused.
	var d fleet.GameServerSetDetail
	if code := consoletest.Do(t, consoletest.Request{URL: setURL, Headers: as(testenv.Alice)}, &d); code != 200 || d.GameServerSet.Name != "s" {
		t.Fatalf("alice's set: %d %+v", code, d)
	}
	if d.GameServerSet.Usage != nil {
		t.Errorf("alice (no game server rights) got the set's usage totals: %+v", *d.GameServerSet.Usage)
	}
	var raw map[string]any
	consoletest.Do(t, consoletest.Request{URL: setURL, Headers: as(testenv.Alice)}, &raw)
	if u, ok := raw["gameServerSet"].(map[string]any)["usage"]; !ok || u != nil {
		t.Errorf("alice's set: usage %v (present: %v), want null", u, ok)
	}
	var aliceList fleet.List[fleet.GameServerSetView]
	if code := consoletest.Do(t, consoletest.Request{URL: listURL, Headers: as(testenv.Alice)}, &aliceList); code != 200 || len(aliceList.Items) != 1 {
		t.Fatalf("alice's list %d: %+v", code, aliceList)
	}
	if aliceList.Items[0].Usage != nil {
		t.Errorf("alice's list carries usage totals: %+v", *aliceList.Items[0].Usage)
	}
	var status map[string]any
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/namespaces/" + ns + "/gameservers", Headers: as(testenv.Alice)}, &status); code != 403 {
		t.Errorf("alice's game server list: %d %v", code, status)
	}

	// Streams of the same query: Carol's opened first, then Alice's. Each snapshot, and
	// the change that follows a label edit on the set, as their rights say.
	carol := dialSets(t, c.API, ns, testenv.Carol)
	alice := dialSets(t, c.API, ns, testenv.Alice)
	if !readSets(t, carol, stream.TypeSnapshot, true) {
		t.Errorf("carol's stream snapshot: no usage")
	}
	if readSets(t, alice, stream.TypeSnapshot, false) {
		t.Errorf("alice's stream snapshot carries usage totals")
	}
	patch := fmt.Sprintf(`{"metadata":{"labels":{%q:"rights-%d"}}}`, config.DefaultProjectLabel, time.Now().UnixNano())
	if _, err := admin.Game.GameV1alpha1().GameServerSets(ns).Patch(ctx, "s", types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if !readSets(t, carol, stream.TypeModified, true) {
		t.Errorf("carol's stream change: no usage")
	}
	if readSets(t, alice, stream.TypeModified, false) {
		t.Errorf("alice's stream change carries usage totals")
	}
}

// dialSets opens the stream of a namespace's sets as a token user.
func dialSets(t *testing.T, api, ns, user string) *websocket.Conn {
	t.Helper()
	u := "ws" + strings.TrimPrefix(api, "http") + "/namespaces/" + ns + "/gameserversets?watch=true"
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, Subprotocols: []string{stream.Subprotocol,
		"base64url.bearer.authorization.k8s.io." + base64.RawURLEncoding.EncodeToString([]byte(env.Token(user)))}}
	conn, resp, err := d.Dial(u, http.Header{})
	if err != nil {
		t.Fatalf("%s's stream: %v (%v)", user, err, resp)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// readSets reads messages until one of type typ and says whether the set's view in it
// carries usage totals; a message of another type on the way must agree with wantUsage.
func readSets(t *testing.T, conn *websocket.Conn, typ string, wantUsage bool) bool {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		var m struct {
			Type   string                    `json:"type"`
			Items  []fleet.GameServerSetView `json:"items"`
			Object json.RawMessage           `json:"object"`
		}
		if err := conn.ReadJSON(&m); err != nil {
			t.Fatalf("waiting for %s: %v", typ, err)
		}
		views := m.Items
		if len(m.Object) > 0 {
			var v fleet.GameServerSetView
			if err := json.Unmarshal(m.Object, &v); err != nil {
				t.Fatalf("%s object %s: %v", m.Type, m.Object, err)
			}
			views = append(views, v)
		}
		if len(views) != 1 || views[0].Name != "s" {
			if m.Type == typ {
				t.Fatalf("%s: %+v", typ, views)
			}
			continue
		}
		has := views[0].Usage != nil
		if m.Type == typ {
			return has
		}
		if has != wantUsage {
			t.Errorf("%s message on the way to %s: usage %v, want %v", m.Type, typ, has, wantUsage)
		}
	}
}

package write_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/history"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/scaling"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
	"github.com/okg-console/okg-console/backend/internal/write"
)

var (
	env   *testenv.Env
	admin *kube.Clients
)

func TestMain(m *testing.M) {
	os.Exit(consoletest.Main(m, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
}

// auditsOf lists the console's audit Events on one object as "reason by user".
func auditsOf(t *testing.T, ns, kind, name string) []string {
	t.Helper()
	evs, err := admin.Kube.CoreV1().Events(ns).List(context.Background(), metav1.ListOptions{
		FieldSelector: "involvedObject.name=" + name + ",involvedObject.kind=" + kind})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range evs.Items {
		if e.Source.Component == write.AuditSource {
			out = append(out, e.Reason+" by "+e.Annotations[write.AnnotationUser])
		}
	}
	return out
}

// Every kind of write the console makes leaves an audit Event naming the user, in each
// auth mode: the user the mode establishes (kubeconfig, the token's user, the front
// proxy's X-Remote-User).
func TestEveryWriteKindIsAuditedInEveryMode(t *testing.T) {
	modes := []struct {
		mode    config.AuthMode
		user    string
		headers map[string]string
	}{
		{config.AuthKubeconfig, "kubeconfig", nil},
		{config.AuthToken, testenv.Admin, map[string]string{"Authorization": "Bearer " + env.Token(testenv.Admin)}},
		{config.AuthKubeSphere, "ops-lead", map[string]string{"X-Remote-User": "ops-lead", "X-Remote-Group": "system:authenticated"}},
	}
	yaml := func(ns, name string, rv string, replicas int) string {
		return fmt.Sprintf("apiVersion: game.kruise.io/v1alpha1\nkind: GameServerSet\nmetadata:\n  name: %s\n  namespace: %s\n  resourceVersion: %q\nspec:\n  replicas: %d\n  gameServerTemplate:\n    spec:\n      containers:\n      - name: game\n        image: img/game:1\n", name, ns, rv, replicas)
	}
	for _, m := range modes {
		t.Run(string(m.mode), func(t *testing.T) {
			ns := consoletest.IdleSet(t, admin, "audit", 6)
			cfg := config.Default()
			cfg.AuthMode = m.mode
			c := consoletest.Start(t, env, cfg, server.Options{})
			c.WaitSeen(t, ns, 6)
			base := c.API + "/namespaces/" + ns
			do := func(method, path string, body any, ct string) {
				t.Helper()
				h := map[string]string{}
				for k, v := range m.headers {
					h[k] = v
				}
				if ct != "" {
					h["Content-Type"] = ct
				}
				var out map[string]any
				code := consoletest.Do(t, consoletest.Request{Method: method, URL: base + path, Body: body, Headers: h}, &out)
				if code >= 300 {
					t.Fatalf("%s %s: %d %v", method, path, code, out["message"])
				}
			}
			do("POST", "/gameservers/s-0/operations", map[string]any{"operation": map[string]any{"type": "opsState", "opsState": "Maintaining"}}, "")
			do("POST", "/gameserversets/s/scale", map[string]any{"replicas": 5, "remove": map[string]any{"names": []string{"s-2"}}}, "")
			do("PUT", "/gameserversets/s/reserveids", map[string]any{"ids": "9"}, "")
			do("POST", "/gameserversets/s/rollout", map[string]any{"paused": true}, "")
			do("PUT", "/gameserversets/s/autoscaler", map[string]any{"minReplicaCount": 1, "maxReplicaCount": 8, "cpu": map[string]any{"utilization": 60}}, "")
			do("DELETE", "/gameserversets/s/autoscaler", nil, "")
			do("POST", "/gameserversets", map[string]any{"name": "fresh", "image": "img/fresh:1", "replicas": 1}, "")
			fresh, err := admin.Game.GameV1alpha1().GameServerSets(ns).Get(context.Background(), "fresh", metav1.GetOptions{})
			if err != nil {
				t.Fatal(err)
			}
			do("PUT", "/gameserversets/fresh/yaml", yaml(ns, "fresh", fresh.ResourceVersion, 2), "application/yaml")

			want := map[string][]string{ // object → reasons, each by the mode's user
				"GameServer/s-0":      {"OpsStateChanged"},
				"GameServer/s-2":      {scaling.ReasonMarkedForScaleDown},
				"GameServerSet/s":     {scaling.ReasonScaled, scaling.ReasonReservedIDsChanged, scaling.ReasonRolloutChanged, "AutoscalerCreated", "AutoscalerDeleted"},
				"GameServerSet/fresh": {"GameServerSetCreated", "GameServerSetReplaced"},
			}
			for obj, reasons := range want {
				kind, name, _ := strings.Cut(obj, "/")
				got := strings.Join(auditsOf(t, ns, kind, name), ", ")
				for _, r := range reasons {
					if !strings.Contains(got, r+" by "+m.user) {
						t.Errorf("%s: no %q by %s in [%s]", obj, r, m.user, got)
					}
				}
			}
			// The history keeps each write too, with the same user (recorded asynchronously).
			var missing []string
			deadline := time.Now().Add(10 * time.Second)
			for {
				var page history.HistoryPage
				if code := consoletest.Do(t, consoletest.Request{URL: base + "/history?change=write&limit=100", Headers: m.headers}, &page); code != 200 {
					t.Fatalf("history: %d", code)
				}
				missing = missing[:0]
				for obj, reasons := range want {
					kind, name, _ := strings.Cut(obj, "/")
					for _, r := range reasons {
						found := false
						for _, e := range page.Items {
							found = found || e.Kind == kind && e.Name == name && e.Action == r && e.User == m.user && e.Source == history.SourceConsole
						}
						if !found {
							missing = append(missing, obj+" "+r)
						}
					}
				}
				if len(missing) == 0 || time.Now().After(deadline) {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if len(missing) > 0 {
				t.Errorf("history has no write by %s for: %v", m.user, missing)
			}
		})
	}
}

// A scale that marks three servers and then fails on the set (someone changed the
// replicas meanwhile) reports each server's outcome, undoes the marks and leaves the
// replicas as they were.
func TestScaleThatFailsOnTheSetReportsAndUndoesEachMark(t *testing.T) {
	ns := consoletest.IdleSet(t, admin, "scalefail", 8)
	ctx := context.Background()
	interfered := false
	opts := server.Options{BeforeWrite: func(namespace, name string, attempt int) {
		if namespace == ns && name == "s" && !interfered {
			interfered = true // another client scales the set between the marks and our set write
			if _, err := admin.Game.GameV1alpha1().GameServerSets(ns).Patch(ctx, "s", types.MergePatchType,
				[]byte(`{"spec":{"replicas":7}}`), metav1.PatchOptions{}); err != nil {
				t.Error(err)
			}
		}
	}}
	c := consoletest.Start(t, env, config.Default(), opts)
	c.WaitSeen(t, ns, 8)
	var res scaling.ScalePreview
	code := consoletest.Do(t, consoletest.Request{Method: http.MethodPost, URL: c.API + "/namespaces/" + ns + "/gameserversets/s/scale",
		Body: map[string]any{"remove": map[string]any{"names": []string{"s-1", "s-3", "s-4"}}}}, &res)
	if code != 200 {
		t.Fatalf("status %d %+v", code, res)
	}
	type outcome struct {
		kind write.Kind
		name string
		ok   bool
		to   string
	}
	var got []outcome
	for _, r := range res.Results {
		to := fmt.Sprint(r.After["opsState"])
		if r.Kind == write.KindGameServerSet {
			to = fmt.Sprint(r.After["replicas"])
		}
		got = append(got, outcome{r.Kind, r.Name, r.OK, to})
	}
	want := []outcome{
		{write.KindGameServer, "s-4", true, string(gamev1alpha1.WaitToDelete)},
		{write.KindGameServer, "s-3", true, string(gamev1alpha1.WaitToDelete)},
		{write.KindGameServer, "s-1", true, string(gamev1alpha1.WaitToDelete)},
		{write.KindGameServerSet, "s", false, "<nil>"},
		{write.KindGameServer, "s-4", true, string(gamev1alpha1.None)},
		{write.KindGameServer, "s-3", true, string(gamev1alpha1.None)},
		{write.KindGameServer, "s-1", true, string(gamev1alpha1.None)},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("results\n got %v\nwant %v", got, want)
	}
	if res.Failed != 1 || res.Results[3].Code != http.StatusConflict || !strings.Contains(res.Results[3].Error, "replicas are now 7") {
		t.Errorf("the set's failure: failed=%d %+v", res.Failed, res.Results[3])
	}
	for _, name := range []string{"s-1", "s-3", "s-4"} {
		if gs := consoletest.StoredGameServer(t, admin, ns, name); gs.Spec.OpsState != gamev1alpha1.None {
			t.Errorf("%s left %s", name, gs.Spec.OpsState)
		}
		if a := auditsOf(t, ns, "GameServer", name); len(a) != 2 {
			t.Errorf("%s audits: %v (want the mark and its undo)", name, a)
		}
	}
	if gss, _ := admin.Game.GameV1alpha1().GameServerSets(ns).Get(ctx, "s", metav1.GetOptions{}); *gss.Spec.Replicas != 7 {
		t.Errorf("replicas %d, want the other client's 7", *gss.Spec.Replicas)
	}
}

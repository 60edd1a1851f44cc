package bench

import (
	"context"
	"os"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
)

func TestMain(m *testing.M) {
	os.Exit(consoletest.Main(m, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
}

// The storage writer's commits are what the kube-apiserver serves afterwards:
// a watch opened before sees MODIFIED with the new label, a GET returns it, and
// the rest of the object is unchanged.
func TestStorageWriterChangesWhatTheAPIServerServes(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ns := consoletest.IdleSet(t, admin, "bench", 3)
	servers := admin.Game.GameV1alpha1().GameServers(ns)
	before, err := servers.Get(ctx, "s-1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w, err := newStorageWriter(ctx, env.EtcdURL, ns, labelSplice)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.objects) != 3 {
		t.Fatalf("writer read %d stored GameServers, want 3", len(w.objects))
	}
	watcher, err := servers.Watch(ctx, metav1.ListOptions{ResourceVersion: before.ResourceVersion, FieldSelector: "metadata.name=s-1"})
	if err != nil {
		t.Fatal(err)
	}
	defer watcher.Stop()

	if err := w.write(ctx, "s-1", 42); err != nil {
		t.Fatal(err)
	}
	if err := w.write(ctx, "s-9", 1); err == nil {
		t.Fatal("a write to a GameServer the writer never read succeeded")
	}
	select {
	case ev := <-watcher.ResultChan():
		gs, _ := ev.Object.(*gamev1alpha1.GameServer)
		if ev.Type != watch.Modified || gs == nil || gs.Name != "s-1" || gs.Labels[benchLabel] != "42" {
			t.Fatalf("watch event %s %v, want MODIFIED s-1 with %s=42", ev.Type, ev.Object, benchLabel)
		}
	case <-ctx.Done():
		t.Fatal("no watch event for the stored change")
	}
	after, err := servers.Get(ctx, "s-1", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if after.Labels[benchLabel] != "42" || after.ResourceVersion == before.ResourceVersion {
		t.Fatalf("GET after the commit: label %q, resourceVersion %s (before %s)", after.Labels[benchLabel], after.ResourceVersion, before.ResourceVersion)
	}
	if after.Spec.OpsState != before.Spec.OpsState || after.Status.CurrentState != before.Status.CurrentState || after.UID != before.UID {
		t.Fatal("the commit changed more than the bench label")
	}
}

func TestModifiedSeq(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		seq  int
		want bool
	}{
		{`{"type":"MODIFIED","cursor":1,"object":{"name":"a","labels":{"bench.okgconsole.io/seq":"17"}}}`, 17, true},
		{`{"type":"ADDED","cursor":1,"object":{"labels":{"bench.okgconsole.io/seq":"17"}}}`, 0, false},
		{`{"type":"MODIFIED","cursor":1,"object":{"name":"a","labels":{}}}`, 0, false},
		{`{"type":"MODIFIED","object":{"labels":{"bench.okgconsole.io/seq":"x"}}}`, 0, false},
		{`{"type":"MODIFIED","object":{"labels":{"bench.okgconsole.io/seq":"12`, 0, false},
	} {
		seq, ok := modifiedSeq([]byte(tc.msg))
		if seq != tc.seq || ok != tc.want {
			t.Errorf("modifiedSeq(%s) = %d, %v; want %d, %v", tc.msg, seq, ok, tc.seq, tc.want)
		}
	}
}

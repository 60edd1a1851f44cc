package realokg_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
	seq   atomic.Int32
)

// TestMain starts one control plane with the real controllers for the package:
// kruise-manager, kruise-game-manager, kube-scheduler, kube-controller-manager and KWOK.
func TestMain(m *testing.M) {
	os.Exit(consoletest.MainWith(m, testenv.Options{RealOKG: true}, func(e *testenv.Env, a *kube.Clients) { env, admin = e, a }))
}

const (
	waitLong = 90 * time.Second
	image1   = "registry.example/game:1"
)

// fleet is one GameServerSet "s" in its own namespace, created by the test through the
// API server and brought to life by the real controllers, with a console serving it.
type fleet struct {
	t       *testing.T
	ns, set string
	api     string // the console's base URL for the set: .../namespaces/<ns>/gameserversets/s/
	nsAPI   string // .../namespaces/<ns>/
	console *consoletest.Console
}

// newFleet creates set "s" with n servers and waits until OKG reports every one Ready
// and the console's cache has seen them. mutate may change the set before it is created.
// On failure the controllers' logs are printed.
func newFleet(t *testing.T, n int, mutate func(*gamev1alpha1.GameServerSet)) *fleet {
	t.Helper()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("controller logs:\n%s", env.ControllerLogs(40))
		}
	})
	ns := fmt.Sprintf("real-%d", seq.Add(1))
	ctx := context.Background()
	if err := env.CreateNamespace(ctx, ns); err != nil {
		t.Fatal(err)
	}
	replicas := int32(n)
	gss := &gamev1alpha1.GameServerSet{
		ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: ns},
		Spec: gamev1alpha1.GameServerSetSpec{
			Replicas: &replicas,
			GameServerTemplate: gamev1alpha1.GameServerTemplate{
				PodTemplateSpec: corev1.PodTemplateSpec{Spec: corev1.PodSpec{
					Containers: []corev1.Container{{Name: "game", Image: image1}},
				}},
			},
			UpdateStrategy: gamev1alpha1.UpdateStrategy{
				Type: "RollingUpdate",
				RollingUpdate: &gamev1alpha1.RollingUpdateStatefulSetStrategy{
					PodUpdatePolicy: "InPlaceIfPossible",
					MaxUnavailable:  ptrTo(intstr.FromString("100%")),
				},
			},
		},
	}
	if mutate != nil {
		mutate(gss)
	}
	if _, err := admin.Game.GameV1alpha1().GameServerSets(ns).Create(ctx, gss, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	f := &fleet{t: t, ns: ns, set: "s"}
	want := make([]string, n)
	for i := range want {
		want[i] = fmt.Sprintf("s-%d", i)
	}
	f.waitServers(want...)
	f.console = consoletest.Start(t, env, config.Default(), server.Options{})
	f.nsAPI = f.console.API + "/namespaces/" + ns + "/"
	f.api = f.nsAPI + "gameserversets/s/"
	f.waitSeen()
	return f
}

func ptrTo[T any](v T) *T { return &v }

// servers returns the set's GameServers by name, as stored.
func (f *fleet) servers() map[string]*gamev1alpha1.GameServer {
	f.t.Helper()
	list, err := admin.Game.GameV1alpha1().GameServers(f.ns).List(context.Background(), metav1.ListOptions{
		LabelSelector: gamev1alpha1.GameServerOwnerGssKey + "=" + f.set})
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]*gamev1alpha1.GameServer{}
	for i := range list.Items {
		out[list.Items[i].Name] = &list.Items[i]
	}
	return out
}

// pods returns the set's pods by name that are not being deleted.
func (f *fleet) pods() map[string]*corev1.Pod {
	f.t.Helper()
	list, err := admin.Kube.CoreV1().Pods(f.ns).List(context.Background(), metav1.ListOptions{
		LabelSelector: gamev1alpha1.GameServerOwnerGssKey + "=" + f.set})
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]*corev1.Pod{}
	for i := range list.Items {
		if list.Items[i].DeletionTimestamp == nil {
			out[list.Items[i].Name] = &list.Items[i]
		}
	}
	return out
}

func (f *fleet) gss() *gamev1alpha1.GameServerSet {
	f.t.Helper()
	gss, err := admin.Game.GameV1alpha1().GameServerSets(f.ns).Get(context.Background(), f.set, metav1.GetOptions{})
	if err != nil {
		f.t.Fatal(err)
	}
	return gss
}

// waitServers waits until the set's live pods are exactly names, each Ready with its
// GameServer Ready, and the set's status counts them. It fails with what it saw.
func (f *fleet) waitServers(names ...string) {
	f.t.Helper()
	want := slices.Clone(names)
	sort.Strings(want)
	var last string
	f.eventually(waitLong, func() bool {
		pods, gss := f.pods(), f.servers()
		var got []string
		ok := true
		for name, p := range pods {
			got = append(got, name)
			gs := gss[name]
			if !podReady(p) || gs == nil || gs.Status.CurrentState != gamev1alpha1.Ready {
				ok = false
			}
		}
		sort.Strings(got)
		set := f.gss()
		last = fmt.Sprintf("pods %v, set status replicas %d ready %d", got, set.Status.Replicas, set.Status.ReadyReplicas)
		return ok && slices.Equal(got, want) && set.Status.ReadyReplicas == int32(len(want)) && set.Status.Replicas == int32(len(want))
	}, func() string { return fmt.Sprintf("want servers %v; last saw %s", want, last) })
}

// waitSeen waits until the console's cache has the set's servers and pods as stored.
func (f *fleet) waitSeen() {
	f.t.Helper()
	n := len(f.pods())
	f.console.WaitSeen(f.t, f.ns, n)
}

// waitPodLabel waits until the pod of server carries label=value (OKG syncs GameServer
// spec into pod labels, and its scale-down reads the pod).
func (f *fleet) waitPodLabel(server, label, value string) {
	f.t.Helper()
	var got string
	f.eventually(30*time.Second, func() bool {
		p, err := admin.Kube.CoreV1().Pods(f.ns).Get(context.Background(), server, metav1.GetOptions{})
		if err != nil {
			return false
		}
		got = p.Labels[label]
		return got == value
	}, func() string { return fmt.Sprintf("pod %s label %s = %q, want %q", server, label, got, value) })
}

// patchServer sets spec fields of a GameServer directly (test setup, not the console).
func (f *fleet) patchServer(name string, spec map[string]any) {
	f.t.Helper()
	data := mustJSON(f.t, map[string]any{"spec": spec})
	if _, err := admin.Game.GameV1alpha1().GameServers(f.ns).Patch(context.Background(), name, "application/merge-patch+json", data, metav1.PatchOptions{}); err != nil {
		f.t.Fatal(err)
	}
}

// eventually polls cond until timeout, then fails with msg().
func (f *fleet) eventually(timeout time.Duration, cond func() bool, msg func() string) {
	f.t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			f.t.Fatalf("not within %s: %s", timeout, msg())
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func podReady(p *corev1.Pod) bool {
	if p.Status.Phase != corev1.PodRunning {
		return false
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

func names(prefix string, ids ...int) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = fmt.Sprintf("%s-%d", prefix, id)
	}
	return out
}

func without(all []string, drop ...string) []string {
	var out []string
	for _, n := range all {
		if !slices.Contains(drop, n) {
			out = append(out, n)
		}
	}
	return out
}

func isNotFound(err error) bool { return apierrors.IsNotFound(err) }

func join(s []string) string { return strings.Join(s, ",") }

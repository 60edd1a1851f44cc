package consoletest

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/kwokio"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// Main is the body of a package's TestMain: one control plane for the package, handed
// over with admin clients for seeding and asserting on stored objects.
func Main(m *testing.M, set func(env *testenv.Env, admin *kube.Clients)) int {
	return MainWith(m, testenv.Options{}, set)
}

// MainWith is Main on a control plane started with opts (the real controllers, KWOK,
// metrics-server ...).
func MainWith(m *testing.M, opts testenv.Options, set func(env *testenv.Env, admin *kube.Clients)) int {
	return testenv.RunMain(m, opts, func(e *testenv.Env) {
		admin, err := kube.NewFactoryFromConfig(e.Config).Clients()
		if err != nil {
			fmt.Fprintln(os.Stderr, "consoletest: admin clients:", err)
			os.Exit(1)
		}
		set(e, admin)
	})
}

// MainWithKWOKFiles is MainWith on a control plane whose KWOK kubelet serves every pod's
// logs from files, and runs exec'd commands, under a fresh directory (kwokio).
func MainWithKWOKFiles(m *testing.M, opts testenv.Options, set func(env *testenv.Env, admin *kube.Clients, files kwokio.Files)) int {
	dir, err := os.MkdirTemp("", "okg-kwokio-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	files, err := kwokio.New(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	opts.KWOKConfig = files.Config()
	return MainWith(m, opts, func(e *testenv.Env, a *kube.Clients) { set(e, a, files) })
}

var namespaces atomic.Int32

// IdleSet seeds a fresh namespace "<prefix>-<n>" holding GameServerSet "s" with n
// game servers s-0… that are Ready, opsState None, network Ready, with pods.
func IdleSet(t testing.TB, admin *kube.Clients, prefix string, n int) string {
	t.Helper()
	ns := fmt.Sprintf("%s-%d", prefix, namespaces.Add(1))
	servers := make([]demo.Server, n)
	for i := range servers {
		servers[i] = demo.Server{ID: i, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None, NetworkState: gamev1alpha1.NetworkReady}
	}
	if err := demo.Apply(context.Background(), admin, []demo.Set{{Namespace: ns, Name: "s", Image: "img/game:1", Servers: servers}}, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	return ns
}

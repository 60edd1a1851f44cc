package fleet_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// This package's control plane runs OKG v1.0.0's CRDs (from ../shared/fixtures): the
// read path must work for clusters that have not upgraded OKG.
var env *testenv.Env

func TestMain(m *testing.M) {
	dir := filepath.Join(testenv.SharedDir(), "fixtures", "okg-crds", "v1.0.0")
	if _, err := os.Stat(dir); err != nil {
		fmt.Printf("SKIP: OKG v1.0.0 compatibility tests need %s (../shared beside the checkout): %v\n", dir, err)
		// Unit tests in this package still run.
		os.Exit(m.Run())
	}
	os.Exit(testenv.RunMain(m, testenv.Options{OKGCRDDir: dir}, func(e *testenv.Env) { env = e }))
}

func TestReadPathOnOKGv1_0_0CRDs(t *testing.T) {
	if env == nil {
		t.Skip("../shared/fixtures/okg-crds/v1.0.0 is absent")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	clients, err := kube.NewFactoryFromConfig(env.Config).Clients()
	if err != nil {
		t.Fatal(err)
	}
	servers := []demo.Server{
		{ID: 0, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.None, NetworkState: gamev1alpha1.NetworkReady, DeletionPriority: 2},
		{ID: 1, State: gamev1alpha1.Crash, OpsState: gamev1alpha1.Maintaining, NetworkState: gamev1alpha1.NetworkNotReady},
		{ID: 2, State: gamev1alpha1.Ready, OpsState: gamev1alpha1.Allocated, NetworkState: gamev1alpha1.NetworkReady},
	}
	if err := demo.Apply(ctx, clients, []demo.Set{{Namespace: "compat", Name: "old", Project: "legacy", Image: "img/old:1", Servers: servers}}, demo.Options{}); err != nil {
		t.Fatal(err)
	}
	c, err := fleet.NewCache(clients.Kube, clients.Game, "game.kruise.io/project")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Start(ctx); err != nil {
		t.Fatal(err)
	}
	svc := fleet.NewService(c)
	deadline := time.Now().Add(10 * time.Second)
	for c.Sizes()["pods"] < 3 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}

	q, err := fleet.ParseGameServerQuery("compat", url.Values{"opsState": {"Maintaining"}})
	if err != nil {
		t.Fatal(err)
	}
	l := svc.ListGameServers(q)
	if l.TotalItems != 1 || l.Items[0].Name != "old-1" || l.Items[0].State != "Crash" || l.Items[0].Pod == nil {
		t.Fatalf("filtered list on v1.0.0 CRDs: %+v", l)
	}
	d, err := svc.GetGameServerSet("compat", "old", true)
	if err != nil {
		t.Fatal(err)
	}
	if d.GameServerSet.GameServers != 3 || d.GameServerSet.Problems != 1 || d.GameServerSet.ByOpsState["Allocated"] != 1 {
		t.Errorf("summary on v1.0.0 CRDs: %+v", d.GameServerSet)
	}
	ov := svc.Overview("", "legacy")
	if ov.Totals.GameServers != 3 || ov.Totals.GameServerSets != 1 {
		t.Errorf("overview on v1.0.0 CRDs: %+v", ov.Totals)
	}
}

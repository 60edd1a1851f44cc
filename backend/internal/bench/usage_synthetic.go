package bench

import (
	"fmt"
	"sync/atomic"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	gameclient "github.com/openkruise/kruise-game/pkg/client/clientset/versioned"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/usage"
)

// switchedUsage serves one of two snapshots, so the same service is timed with and
// without usage figures in one run.
type switchedUsage struct {
	on        atomic.Bool
	with, off *usage.Snapshot
}

func (s *switchedUsage) Snapshot() *usage.Snapshot {
	if s.on.Load() {
		return s.with
	}
	return s.off
}

// UsageInProcess times fleet.Service.ListGameServers (what the list handler calls) over
// the read model's own informer stores holding n game servers and their pods, with and
// without usage figures for every pod, alternating call by call. The stores are filled
// directly (the informers are never started and the clients point nowhere), so the
// figures are the read model's cost alone, without HTTP or the API server.
func UsageInProcess(n, perSet, calls int) (*Report, error) {
	if n == 0 {
		n = 10000
	}
	if perSet == 0 {
		perSet = 1000
	}
	if calls == 0 {
		calls = 300
	}
	rep := &Report{Title: fmt.Sprintf("Usage columns, in process: game server list at %d GameServers, with and without usage figures", n)}
	nowhere := &rest.Config{Host: "http://127.0.0.1:1"}
	kube, err := kubernetes.NewForConfig(nowhere)
	if err != nil {
		return nil, err
	}
	game, err := gameclient.NewForConfig(nowhere)
	if err != nil {
		return nil, err
	}
	cache, err := fleet.NewCache(kube, game, config.DefaultProjectLabel)
	if err != nil {
		return nil, err
	}
	_, servers, pods := cache.Informers()
	figures := map[string]usage.Usage{}
	states := []gamev1alpha1.OpsState{gamev1alpha1.None, gamev1alpha1.Allocated, gamev1alpha1.Maintaining, gamev1alpha1.WaitToDelete}
	for i := range n {
		set := fmt.Sprintf("fleet-%02d", i/perSet)
		name := fmt.Sprintf("%s-%d", set, i%perSet)
		labels := map[string]string{gamev1alpha1.GameServerOwnerGssKey: set, config.DefaultProjectLabel: fmt.Sprintf("game-%d", i%3)}
		gs := &gamev1alpha1.GameServer{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "bench", Labels: labels},
			Spec:   gamev1alpha1.GameServerSpec{OpsState: states[i%len(states)]},
			Status: gamev1alpha1.GameServerStatus{CurrentState: gamev1alpha1.Ready}}
		pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "bench", Labels: labels},
			Spec: corev1.PodSpec{NodeName: fmt.Sprintf("node-%d", i%20), Containers: []corev1.Container{{Name: "game", Image: "registry.example/game:1",
				Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("500m"),
					corev1.ResourceMemory: resource.MustParse("1Gi")}}}}},
			Status: corev1.PodStatus{Phase: corev1.PodRunning}}
		if err := servers.GetStore().Add(gs); err != nil {
			return nil, err
		}
		if err := pods.GetStore().Add(pod); err != nil {
			return nil, err
		}
		figures["bench/"+name] = usage.Usage{CPUMilli: int64(i*7919) % 2000, MemoryBytes: (int64(i*104729) % 4096) << 20}
	}
	svc := fleet.NewService(cache)
	src := &switchedUsage{
		with: usage.NewSnapshot(usage.Status{State: usage.StateAvailable, UpdatedAt: time.Now()}, figures, nil),
		off:  usage.NewSnapshot(usage.Status{State: usage.StateNotInstalled}, nil, nil),
	}
	svc.SetUsage(src)
	rep.Add("game servers / pods with usage figures", fmt.Sprintf("%d / %d", n, len(figures)))
	query := func(q map[string][]string) fleet.GameServerQuery {
		parsed, err := fleet.ParseGameServerQuery("bench", q)
		if err != nil {
			panic(err)
		}
		return parsed
	}
	type series struct{ off, on []time.Duration }
	run := func(q fleet.GameServerQuery, s *series, withOnly bool) {
		for range 20 {
			svc.ListGameServers(q)
		}
		for range calls {
			if !withOnly {
				src.on.Store(false)
				t0 := time.Now()
				svc.ListGameServers(q)
				s.off = append(s.off, time.Since(t0))
			}
			src.on.Store(true)
			t0 := time.Now()
			svc.ListGameServers(q)
			s.on = append(s.on, time.Since(t0))
		}
	}
	var all, oneSet, filtered, byCPU, top series
	run(query(map[string][]string{"limit": {"50"}, "page": {"3"}}), &all, false)
	run(query(map[string][]string{"gameServerSet": {"fleet-00"}, "limit": {"50"}}), &oneSet, false)
	run(query(map[string][]string{"project": {"game-1"}, "opsState": {"None"}, "sortBy": {"deletionPriority"}, "ascending": {"false"},
		"page": {"2"}, "limit": {"50"}}), &filtered, false)
	run(query(map[string][]string{"sortBy": {"cpuUsage"}, "ascending": {"false"}, "limit": {"50"}}), &byCPU, true)
	run(query(map[string][]string{"gameServerSet": {"fleet-00"}, "sortBy": {"cpuUsage"}, "ascending": {"false"}, "limit": {"20"}}), &top, true)
	check := func(label string, s series) {
		off, on := Percentile(s.off, 50), Percentile(s.on, 50)
		rep.Add(label+" p50 without usage", Ms(off))
		rep.Check(label+" p50 with usage columns", Ms(on), "≤ 1.2 × without", float64(on) <= 1.2*float64(off))
	}
	check(fmt.Sprintf("namespace list (%d servers, page 3 of 50)", n), all)
	check(fmt.Sprintf("one set (%d servers, page of 50)", perSet), oneSet)
	check("project + opsState, sorted by deletionPriority, page 2", filtered)
	rep.Check(fmt.Sprintf("all %d sorted by cpuUsage, page of 50, p50", n), Ms(Percentile(byCPU.on, 50)), "≤ 20 ms", Percentile(byCPU.on, 50) <= 20*time.Millisecond)
	rep.Add(fmt.Sprintf("the 20 hungriest of a set (%d servers) p50", perSet), Ms(Percentile(top.on, 50)))
	return rep, nil
}

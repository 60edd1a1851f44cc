package usage_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/usage"
)

// within reports whether got is within 5% (or 2 units) of want: metrics-server derives
// CPU from two scrapes of KWOK's cumulative counter, so it may be off by rounding.
func within(got, want int64) bool {
	d := got - want
	if d < 0 {
		d = -d
	}
	return d <= 2 || d*20 <= want
}

// The usage KWOK is told to report per pod (by annotation) reaches the console's game
// server list through the real metrics-server and the aggregator; the list sorts and
// filters by it, shows requests and limits beside it, and the set totals it.
func TestUsageFromMetricsServer(t *testing.T) {
	ns := newSet(t, 4)
	want := map[string][2]int64{ // cpu millicores, memory MiB
		"s-0": {100, 64}, "s-1": {400, 300}, "s-2": {250, 128}, "s-3": {50, 32},
	}
	for name, u := range want {
		setUsage(t, ns, name, fmt.Sprintf("%dm", u[0]), fmt.Sprintf("%dMi", u[1]))
	}
	cfg := config.Default()
	cfg.UsageInterval = 5 * time.Second
	c := consoletest.Start(t, env, cfg, server.Options{})
	base := c.API + "/namespaces/" + ns + "/gameservers?gameServerSet=s"

	var list fleet.List[fleet.GameServerView]
	eventually(t, 2*time.Minute, func() (bool, string) {
		list = fleet.List[fleet.GameServerView]{}
		if code := consoletest.Do(t, consoletest.Request{URL: base + "&sortBy=cpuUsage&ascending=false"}, &list); code != 200 {
			return false, fmt.Sprintf("status %d", code)
		}
		var got []string
		ok := len(list.Items) == 4
		for _, it := range list.Items {
			if it.Usage == nil {
				got = append(got, it.Name+"=none")
				ok = false
				continue
			}
			w := want[it.Name]
			got = append(got, fmt.Sprintf("%s=%dm/%dMi", it.Name, it.Usage.CPUMilli, it.Usage.MemoryBytes>>20))
			if !within(it.Usage.CPUMilli, w[0]) || it.Usage.MemoryBytes != w[1]<<20 {
				ok = false
			}
		}
		return ok, "usage " + strings.Join(got, ", ")
	})
	// Hungriest first.
	var order []string
	for _, it := range list.Items {
		order = append(order, it.Name)
	}
	if strings.Join(order, ",") != "s-1,s-2,s-0,s-3" {
		t.Errorf("sortBy=cpuUsage descending: %v, want s-1,s-2,s-0,s-3", order)
	}
	it := list.Items[0]
	if it.Usage.CPURequestMilli != 500 || it.Usage.CPULimitMilli != 1000 || it.Usage.MemoryRequestBytes != 256<<20 || it.Usage.MemoryLimitBytes != 512<<20 {
		t.Errorf("requests and limits beside usage: %+v", *it.Usage)
	}
	// Memory ascending, and the "top n" of the issue: limit=2 descending.
	var byMem fleet.List[fleet.GameServerView]
	consoletest.Do(t, consoletest.Request{URL: base + "&sortBy=memoryUsage&ascending=true"}, &byMem)
	if got := names(byMem); got != "s-3,s-0,s-2,s-1" {
		t.Errorf("sortBy=memoryUsage ascending: %s", got)
	}
	var top fleet.List[fleet.GameServerView]
	consoletest.Do(t, consoletest.Request{URL: base + "&sortBy=cpuUsage&ascending=false&limit=2"}, &top)
	if got := names(top); got != "s-1,s-2" || top.TotalItems != 4 {
		t.Errorf("top 2 by cpu: %s of %d", got, top.TotalItems)
	}
	// Filters: cpuUsage in millicores, memoryUsage in MiB.
	var hungry fleet.List[fleet.GameServerView]
	consoletest.Do(t, consoletest.Request{URL: base + "&cpuUsage=200:&sortBy=name"}, &hungry)
	if got := names(hungry); got != "s-1,s-2" {
		t.Errorf("cpuUsage=200: matched %s", got)
	}
	var small fleet.List[fleet.GameServerView]
	consoletest.Do(t, consoletest.Request{URL: base + "&memoryUsage=:64&sortBy=name"}, &small)
	if got := names(small); got != "s-0,s-3" {
		t.Errorf("memoryUsage=:64 matched %s", got)
	}
	// The set totals its servers.
	var set fleet.GameServerSetDetail
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/namespaces/" + ns + "/gameserversets/s"}, &set); code != 200 {
		t.Fatalf("set: %d", code)
	}
	su := set.GameServerSet.Usage
	if su == nil || su.GameServers != 4 || !within(su.CPUMilli, 800) || su.MemoryBytes != (64+300+128+32)<<20 || su.CPURequestMilli != 2000 {
		t.Errorf("set usage totals: %+v", su)
	}
	// The status says where the figures come from.
	var st usage.Status
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/usage/status"}, &st); code != 200 || st.State != usage.StateAvailable || st.Pods < 4 || st.Nodes < 1 || st.IntervalSeconds != 5 {
		t.Errorf("usage status %d: %+v", code, st)
	}
	// Bad input names the parameter.
	var status map[string]any
	if code := consoletest.Do(t, consoletest.Request{URL: base + "&cpuUsage=lots"}, &status); code != 400 || !strings.Contains(fmt.Sprint(status["message"]), "cpuUsage") {
		t.Errorf("cpuUsage=lots: %d %v", code, status["message"])
	}
}

// Node usage comes through too, and a usage change shows on the next poll.
func TestNodeUsageAndRefresh(t *testing.T) {
	ns := newSet(t, 1)
	setUsage(t, ns, "s-0", "300m", "100Mi")
	p := usage.NewPoller(admin.Kube.Discovery(), usage.Options{Interval: time.Second})
	ctx := context.Background()
	eventually(t, 90*time.Second, func() (bool, string) {
		p.Poll(ctx)
		s := p.Snapshot()
		u, ok := s.Pod(ns, "s-0")
		return ok && within(u.CPUMilli, 300), fmt.Sprintf("%+v %v %+v", s.Status, ok, u)
	})
	pod, err := admin.Kube.CoreV1().Pods(ns).Get(ctx, "s-0", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The node's usage covers at least its pod's (KWOK sums the pods on the node).
	if u, ok := p.Snapshot().Node(pod.Spec.NodeName); !ok || u.MemoryBytes < 100<<20 || u.CPUMilli < 290 {
		t.Errorf("usage of node %s (runs s-0 at 300m/100Mi): %v %+v", pod.Spec.NodeName, ok, u)
	}
	setUsage(t, ns, "s-0", "700m", "200Mi")
	eventually(t, 90*time.Second, func() (bool, string) {
		p.Poll(ctx)
		u, _ := p.Snapshot().Pod(ns, "s-0")
		return u.MemoryBytes == 200<<20, fmt.Sprintf("%+v", u)
	})
}

func names(l fleet.List[fleet.GameServerView]) string {
	out := make([]string, len(l.Items))
	for i, it := range l.Items {
		out[i] = it.Name
	}
	return strings.Join(out, ",")
}

package scaling_test

import (
	"context"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/scaling"
)

// stored is what the API server holds for a namespace's game servers: resourceVersion
// and opsState by name.
type stored map[string][2]string

func storedServers(t *testing.T, ns string) stored {
	t.Helper()
	list, err := admin.Game.GameV1alpha1().GameServers(ns).List(context.Background(), metav1.ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out := stored{}
	for _, gs := range list.Items {
		out[gs.Name] = [2]string{gs.ResourceVersion, string(gs.Spec.OpsState)}
	}
	return out
}

// changed lists the servers whose stored object changed, each with its new opsState.
func changed(before, after stored) map[string]string {
	out := map[string]string{}
	for name, a := range after {
		if before[name][0] != a[0] {
			out[name] = a[1]
		}
	}
	return out
}

// Apply does what the dry run said, on the real API server: the servers it writes are
// exactly the preview's marked ones (each now WaitToBeDeleted), and the set gets the
// previewed replicas and reserved ids. Chosen servers that stay, and duplicates, are
// part of the scenarios.
func TestApplyIsThePreview(t *testing.T) {
	for _, tc := range []struct {
		name     string
		set      string
		body     map[string]any
		marked   []string
		stays    []string
		replicas int32
		reserve  []int
	}{
		{"a duplicate chosen server that stays is not marked", "s",
			map[string]any{"remove": map[string]any{"names": []string{"s-0", "s-0"}}},
			[]string{}, []string{"s-0"}, 9, nil},
		{"only the chosen servers that go are marked, duplicates once", "s",
			map[string]any{"remove": map[string]any{"names": []string{"s-5", "s-0", "s-5"}}, "replicas": 7},
			[]string{"s-5"}, []string{"s-0"}, 7, nil},
		{"ids of an idle set", "t",
			map[string]any{"remove": map[string]any{"ids": "2,5,2"}},
			[]string{"t-5", "t-2"}, []string{}, 4, nil},
		{"Allocated servers with force", "s",
			map[string]any{"remove": map[string]any{"names": []string{"s-9", "s-2"}}, "replicas": 6, "force": true},
			[]string{"s-9", "s-2"}, []string{}, 6, nil},
		{"ReserveIds writes ids, marks nothing", "t",
			map[string]any{"remove": map[string]any{"filter": map[string]string{"ids": "1,4"}}, "method": "ReserveIds"},
			[]string{}, []string{}, 4, []int{1, 4}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base, ns := setup(t)
			url := base + tc.set + "/scale"
			before := storedServers(t, ns)
			setBefore := storedSet(t, ns, tc.set).ResourceVersion
			var preview, applied scaling.ScalePreview
			if code := send(t, "POST", url+"?dryRun=true", tc.body, &preview); code != 200 {
				t.Fatalf("dry run: %d %+v", code, preview)
			}
			if got := changed(before, storedServers(t, ns)); len(got) != 0 || storedSet(t, ns, tc.set).ResourceVersion != setBefore {
				t.Fatalf("the dry run wrote %v", got)
			}
			if !reflect.DeepEqual(preview.Marked, tc.marked) || !reflect.DeepEqual(preview.Stays, tc.stays) || preview.ReplicasAfter != tc.replicas {
				t.Fatalf("preview marked %v stays %v replicas %d", preview.Marked, preview.Stays, preview.ReplicasAfter)
			}
			if code := send(t, "POST", url, tc.body, &applied); code != 200 {
				t.Fatalf("apply: %d %+v", code, applied)
			}
			applied.DryRun = true
			if !reflect.DeepEqual(applied, preview) {
				t.Errorf("apply answered\n%+v\nthe dry run\n%+v", applied, preview)
			}
			// What was written: the marked servers, each WaitToBeDeleted, and nothing else.
			want := map[string]string{}
			for _, n := range preview.Marked {
				want[n] = "WaitToBeDeleted"
			}
			if got := changed(before, storedServers(t, ns)); !reflect.DeepEqual(got, want) {
				t.Errorf("apply changed %v, the preview marked %v", got, preview.Marked)
			}
			gss := storedSet(t, ns, tc.set)
			if *gss.Spec.Replicas != preview.ReplicasAfter {
				t.Errorf("stored replicas %d, previewed %d", *gss.Spec.Replicas, preview.ReplicasAfter)
			}
			var reserve []int
			for _, id := range gss.Spec.ReserveGameServerIds {
				reserve = append(reserve, id.IntValue())
			}
			if !slices.Equal(reserve, tc.reserve) || (tc.reserve != nil && preview.ReserveGameServerIDs != "1,4") {
				t.Errorf("stored reserved ids %v, previewed %q", reserve, preview.ReserveGameServerIDs)
			}
		})
	}
}

// Without force, choosing Allocated servers that would go is a 409 listing each one,
// and nothing is written, not even the servers before them.
func TestAllocatedChosenServersNeedForce(t *testing.T) {
	base, ns := setup(t)
	before := storedServers(t, ns)
	setBefore := storedSet(t, ns, "s").ResourceVersion
	var st metav1.Status
	body := map[string]any{"remove": map[string]any{"names": []string{"s-0", "s-9", "s-2"}}, "replicas": 5}
	if code := send(t, "POST", base+"s/scale", body, &st); code != 409 || len(st.Details.Causes) != 2 ||
		st.Details.Causes[0].Message != "s-9 is Allocated (players on it)" || st.Details.Causes[1].Message != "s-2 is Allocated (players on it)" {
		t.Fatalf("got %d %+v", code, st)
	}
	if got := changed(before, storedServers(t, ns)); len(got) != 0 || storedSet(t, ns, "s").ResourceVersion != setBefore {
		t.Errorf("a refused scale wrote %v", got)
	}
}

// A hostile id list (1,000 ranges of 99,999 ids) is refused by the scale endpoint in
// well under 100 ms, without expanding it: the whole request, server included (the
// console runs in this process), allocates a few MiB at most where expanding the list
// would take gigabytes.
func TestHostileIDListIsRefusedFast(t *testing.T) {
	base, _ := setup(t)
	items := make([]string, 1000)
	for i := range items {
		items[i] = "1-99999"
	}
	body := map[string]any{"remove": map[string]any{"ids": strings.Join(items, ",")}}
	send(t, "POST", base+"s/scale?dryRun=true", map[string]any{"replicas": 9}, nil) // warm the connection
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	var st metav1.Status
	code := send(t, "POST", base+"s/scale?dryRun=true", body, &st)
	took := time.Since(start)
	runtime.ReadMemStats(&after)
	if code != 400 || st.Details == nil || st.Details.Causes[0].Field != "remove.ids" || !strings.Contains(st.Message, "99999000 ids; at most 10000") {
		t.Fatalf("got %d %+v", code, st)
	}
	if took > 100*time.Millisecond {
		t.Errorf("refusing took %v", took)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 4<<20 {
		t.Errorf("the request allocated %d bytes", grew)
	}
}

package stream

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	gamefake "github.com/openkruise/kruise-game/pkg/client/clientset/versioned/fake"
	kubefake "k8s.io/client-go/kubernetes/fake"

	"github.com/okg-console/okg-console/backend/internal/fleet"
)

// A pure unit test of how a recomputed page becomes messages (no cluster: the read
// model's caches are empty and never started, so every object is "not cached").
func TestDiffPage(t *testing.T) {
	cache, err := fleet.NewCache(kubefake.NewClientset(), gamefake.NewSimpleClientset(), "game.kruise.io/project")
	if err != nil {
		t.Fatal(err)
	}
	h := &Hub{fleet: fleet.NewService(cache)}
	v := func(name, state string) view {
		raw, hash := marshal(map[string]string{"name": name, "state": state})
		return view{key: objKey{kindGameServer, "ns", name}, raw: raw, hash: hash}
	}
	page := func(vs ...view) []view { return vs }
	render := func(msgs []Message) string {
		var out []string
		for _, m := range msgs {
			obj, _ := json.Marshal(m.Object)
			total := -1
			if m.TotalItems != nil {
				total = *m.TotalItems
			}
			out = append(out, fmt.Sprintf("%s %s #%d", m.Type, obj, total))
		}
		return strings.Join(out, "; ")
	}
	steps := []struct {
		name  string
		page  []view
		total int
		want  string
	}{
		{"first page: everything added", page(v("a", "Ready"), v("b", "Ready")), 2,
			`ADDED {"name":"a","state":"Ready"} #2; ADDED {"name":"b","state":"Ready"} #2`},
		{"same page: nothing", page(v("a", "Ready"), v("b", "Ready")), 2, ``},
		{"one changed: only it", page(v("a", "Ready"), v("b", "Crash")), 2, `MODIFIED {"name":"b","state":"Crash"} #2`},
		{"one left the page, one joined: delete first", page(v("b", "Crash"), v("c", "Ready")), 2,
			`DELETED {"name":"a","namespace":"ns"} #2; ADDED {"name":"c","state":"Ready"} #2`},
		{"only the count beyond the page changed: a bookmark", page(v("b", "Crash"), v("c", "Ready")), 40, `BOOKMARK null #40`},
		{"left in name order", page(), 0,
			`DELETED {"name":"b","namespace":"ns"} #0; DELETED {"name":"c","namespace":"ns"} #0`},
	}
	g := &group{resource: GameServers, members: map[objKey]uint64{}, servers: fleet.GameServerQuery{ListQuery: fleet.ListQuery{Page: 1, Limit: 10}}}
	for _, s := range steps {
		if got := render(g.diffPage(h, s.page, s.total, nil)); got != s.want {
			t.Fatalf("%s:\n got %s\nwant %s", s.name, got, s.want)
		}
	}
}

package target

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/okg"
)

// memReader is an in-memory read model for the unit tests of Resolve: it looks names
// up and returns a set's servers by ordinal, recording the query it was asked. The
// filtering itself is fleet's, proven against the real control plane in resolve_test.go.
type memReader struct {
	servers []*gamev1alpha1.GameServer
	asked   *fleet.GameServerQuery
}

func (m *memReader) Select(q fleet.GameServerQuery) []*gamev1alpha1.GameServer {
	m.asked = &q
	var out []*gamev1alpha1.GameServer
	for _, gs := range m.servers {
		if gs.Namespace == q.Namespace && (q.GameServerSet == "" || okg.SetOf(gs) == q.GameServerSet) {
			out = append(out, gs)
		}
	}
	return out
}

func (m *memReader) GameServer(namespace, name string) *gamev1alpha1.GameServer {
	for _, gs := range m.servers {
		if gs.Namespace == namespace && gs.Name == name {
			return gs
		}
	}
	return nil
}

func server(ns, set string, id int) *gamev1alpha1.GameServer {
	return &gamev1alpha1.GameServer{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: fmt.Sprintf("%s-%d", set, id),
		Labels: map[string]string{gamev1alpha1.GameServerOwnerGssKey: set}}}
}

// fleetOf builds servers s-0..s-(ns-1) and t-0..t-(nt-1) in namespace "ns".
func fleetOf(ns, nt int) *memReader {
	m := &memReader{}
	for i := range ns {
		m.servers = append(m.servers, server("ns", "s", i))
	}
	for i := range nt {
		m.servers = append(m.servers, server("ns", "t", i))
	}
	return m
}

func names(servers []*gamev1alpha1.GameServer) []string {
	out := []string{}
	for _, gs := range servers {
		out = append(out, gs.Name)
	}
	return out
}

// fieldOf returns the code and the first cause's field of a Status error.
func fieldOf(err error) (int32, string) {
	var se *apierrors.StatusError
	if !errors.As(err, &se) {
		return 0, ""
	}
	if se.ErrStatus.Details == nil || len(se.ErrStatus.Details.Causes) == 0 {
		return se.ErrStatus.Code, ""
	}
	return se.ErrStatus.Code, se.ErrStatus.Details.Causes[0].Field
}

func TestResolve(t *testing.T) {
	remove := Scope{Namespace: "ns", Set: "s", Field: "remove"}
	targets := Scope{Namespace: "ns", Field: "targets"}
	manyNames := make([]string, MaxServers+1)
	for i := range manyNames {
		manyNames[i] = fmt.Sprintf("s-%d", i)
	}
	for _, tc := range []struct {
		name    string
		scope   Scope
		sel     Selector
		found   []string
		missing []Missing
		code    int32
		field   string
		message string
	}{
		{name: "names keep their first order, duplicates once", scope: remove, sel: Selector{Names: []string{"s-3", "s-1", "s-3", "s-1"}},
			found: []string{"s-3", "s-1"}},
		{name: "missing names with the path that named them", scope: remove, sel: Selector{Names: []string{"s-1", "s-9", "s-9"}},
			found: []string{"s-1"}, missing: []Missing{{Name: "s-9", Field: "remove.names[1]"}}},
		{name: "names of any set without a set in scope", scope: targets, sel: Selector{Names: []string{"t-0", "s-0"}},
			found: []string{"t-0", "s-0"}},
		{name: "a name of another set", scope: remove, sel: Selector{Names: []string{"s-0", "t-1"}},
			code: 422, field: "remove.names[1]", message: "t-1 is a game server of set t, not of s"},
		{name: "an empty name", scope: remove, sel: Selector{Names: []string{"s-0", " "}}, code: 422, field: "remove.names[1]"},
		{name: "a name Kubernetes cannot have", scope: targets, sel: Selector{Names: []string{"a%b"}}, code: 422, field: "targets.names[0]"},
		{name: "more names than a request may hold", scope: remove, sel: Selector{Names: manyNames}, code: 422, field: "remove.names",
			message: "10001 names; at most 10000"},
		{name: "ids ascending, once each", scope: remove, sel: Selector{IDs: "4,1-2,2"}, found: []string{"s-1", "s-2", "s-4"}},
		{name: "ids with no server", scope: remove, sel: Selector{IDs: "4-6"},
			found: []string{"s-4"}, missing: []Missing{{Name: "s-5", Field: "remove.ids"}, {Name: "s-6", Field: "remove.ids"}}},
		{name: "ids need a set", scope: targets, sel: Selector{IDs: "1"}, code: 422, field: "targets.gameServerSet"},
		{name: "malformed ids", scope: remove, sel: Selector{IDs: "7-3"}, code: 400, field: "remove.ids"},
		{name: "ids beyond the bound", scope: remove, sel: Selector{IDs: "0-99999,0-99999"}, code: 400, field: "remove.ids",
			message: "200000 ids; at most 10000"},
		{name: "two ways", scope: remove, sel: Selector{Names: []string{"s-1"}, IDs: "1"}, code: 422, field: "remove"},
		{name: "no way", scope: targets, sel: Selector{Names: []string{}}, code: 422, field: "targets"},
		{name: "limit without a filter", scope: remove, sel: Selector{IDs: "1", Limit: 1}, code: 422, field: "remove.limit"},
		{name: "negative limit", scope: remove, sel: Selector{Filter: map[string]string{}, Limit: -1}, code: 422, field: "remove.limit"},
		{name: "an empty filter is the whole set", scope: remove, sel: Selector{Filter: map[string]string{}},
			found: []string{"s-0", "s-1", "s-2", "s-3", "s-4"}},
		{name: "a limit takes the first matches", scope: remove, sel: Selector{Filter: map[string]string{}, Limit: 2},
			found: []string{"s-0", "s-1"}},
		{name: "an unknown filter key", scope: remove, sel: Selector{Filter: map[string]string{"opstate": "None"}}, code: 400, field: "remove.filter.opstate"},
		{name: "paging inside a filter", scope: remove, sel: Selector{Filter: map[string]string{"limit": "5"}}, code: 400, field: "remove.filter.limit"},
		{name: "an invalid filter value", scope: targets, sel: Selector{Filter: map[string]string{"opsState": "Bogus"}}, code: 400, field: "targets.filter.opsState"},
		{name: "a filter naming another set", scope: remove, sel: Selector{Filter: map[string]string{"gameServerSet": "t"}}, code: 422, field: "remove.filter.gameServerSet"},
		{name: "a filter naming the scope's set", scope: remove, sel: Selector{Filter: map[string]string{"gameServerSet": "s"}},
			found: []string{"s-0", "s-1", "s-2", "s-3", "s-4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Resolve(fleetOf(5, 3), tc.scope, tc.sel)
			if tc.code != 0 {
				code, field := fieldOf(err)
				if code != tc.code || field != tc.field || !strings.Contains(fmt.Sprint(err), tc.message) {
					t.Fatalf("error %v (%d, %q), want %d naming %q saying %q", err, code, field, tc.code, tc.field, tc.message)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := names(res.Found); !reflect.DeepEqual(got, tc.found) {
				t.Errorf("found %v, want %v", got, tc.found)
			}
			if !reflect.DeepEqual(res.Missing, tc.missing) {
				t.Errorf("missing %+v, want %+v", res.Missing, tc.missing)
			}
		})
	}
}

func TestFilterRunsInTheScopesSetAndNamespace(t *testing.T) {
	m := fleetOf(2, 2)
	_, err := Resolve(m, Scope{Namespace: "ns", Set: "s", Field: "remove"},
		Selector{Filter: map[string]string{"opsState": "None,Allocated", "sortBy": "deletionPriority", "ascending": "false"}})
	if err != nil {
		t.Fatal(err)
	}
	q := m.asked
	if q.Namespace != "ns" || q.GameServerSet != "s" || !slices.Equal(q.OpsStates, []string{"None", "Allocated"}) || q.SortBy != "deletionPriority" || q.Ascending {
		t.Errorf("query %+v", q)
	}
}

func TestFilterMatchingMoreThanTheBound(t *testing.T) {
	m := &memReader{}
	for i := range MaxServers + 1 {
		m.servers = append(m.servers, server("ns", "s", i))
	}
	scope := Scope{Namespace: "ns", Set: "s", Field: "remove"}
	_, err := Resolve(m, scope, Selector{Filter: map[string]string{}})
	if code, field := fieldOf(err); code != 422 || field != "remove" {
		t.Fatalf("error %v", err)
	}
	res, err := Resolve(m, scope, Selector{Filter: map[string]string{}, Limit: MaxServers})
	if err != nil || len(res.Found) != MaxServers {
		t.Fatalf("with a limit: %v, %d found", err, len(res.Found))
	}
}

func TestMissingNames(t *testing.T) {
	res, err := Resolve(fleetOf(1, 0), Scope{Namespace: "ns", Field: "targets"}, Selector{Names: []string{"x-1", "s-0", "x-2"}})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.MissingNames(); !reflect.DeepEqual(got, []string{"x-1", "x-2"}) {
		t.Errorf("missing %v", got)
	}
	if err := (Selector{IDs: "1"}).Validate(Scope{Field: "targets"}); err == nil {
		t.Error("Validate accepted ids without a set")
	}
}

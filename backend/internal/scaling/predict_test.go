package scaling

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/warning"
)

const (
	none, kill, alloc, maint, wait = gamev1alpha1.None, gamev1alpha1.Kill, gamev1alpha1.Allocated, gamev1alpha1.Maintaining, gamev1alpha1.WaitToDelete
)

// fleetOf builds servers <set>-0.. with the given opsStates and deletion priorities by id.
func fleetOf(set string, ops []gamev1alpha1.OpsState, dp map[int]int) []Server {
	out := make([]Server, len(ops))
	for i, o := range ops {
		out[i] = Server{Name: fmt.Sprintf("%s-%d", set, i), ID: i, State: gamev1alpha1.Ready, OpsState: o, DeletionPriority: dp[i]}
	}
	return out
}

// mixed is set "s": s-1 Kill, s-4 WaitToBeDeleted, s-2 and s-9 Allocated, s-6 Maintaining,
// the rest None with s-7 and s-3 at deletion priorities 9 and 5. OKG's order for it:
// s-1, s-4, s-7, s-3, s-8, s-5, s-0, s-9, s-2, s-6.
func mixed() []Server {
	return fleetOf("s", []gamev1alpha1.OpsState{none, kill, alloc, none, wait, none, maint, none, none, alloc}, map[int]int{3: 5, 7: 9})
}

func idle(set string, n int) []Server {
	return fleetOf(set, slices.Repeat([]gamev1alpha1.OpsState{none}, n), nil)
}

func ids(xs ...int) okg.IDSet {
	s := okg.IDSet{}
	for _, x := range xs {
		s[x] = struct{}{}
	}
	return s
}

func i32(n int32) *int32 { return &n }

func TestPlanScale(t *testing.T) {
	going := idle("t", 6)
	going[5].Going = true
	unknown := fleetOf("x", []gamev1alpha1.OpsState{"Bogus", alloc, none}, nil)
	for _, tc := range []struct {
		name     string
		set      SetState // Name defaults to the servers' set, Replicas to their number
		servers  []Server
		chosen   []string
		method   ScaleDownMethod
		replicas *int32
		force    bool
		selected bool // remove given although nothing is chosen

		removed, marked, stays []string
		kept, added, reserved  string
		warnings               []string // code/name
		write                  SetChange
		code                   int32
		field                  string
		causes                 []string
	}{
		{name: "Kill, then WaitToBeDeleted, then the higher deletion priority", servers: mixed(), replicas: i32(7),
			removed: []string{"s-1", "s-4", "s-7"}, kept: "0,2-3,5-6,8-9", write: SetChange{Replicas: i32(7)}},
		{name: "Allocated and Maintaining last, with warnings", servers: mixed(), replicas: i32(1),
			removed: []string{"s-1", "s-4", "s-7", "s-3", "s-8", "s-5", "s-0", "s-9", "s-2"}, kept: "6",
			warnings: []string{"AllocatedRemoved/s-9", "AllocatedRemoved/s-2"}, write: SetChange{Replicas: i32(1)}},
		{name: "replicas 0 removes every server, Maintaining last", servers: mixed(), replicas: i32(0),
			removed:  []string{"s-1", "s-4", "s-7", "s-3", "s-8", "s-5", "s-0", "s-9", "s-2", "s-6"},
			warnings: []string{"AllocatedRemoved/s-9", "AllocatedRemoved/s-2", "MaintainingRemoved/s-6"}, write: SetChange{Replicas: i32(0)}},
		{name: "an unknown opsState ranks as None, ahead of Allocated", servers: unknown, replicas: i32(1),
			removed: []string{"x-2", "x-0"}, kept: "1", write: SetChange{Replicas: i32(1)}},
		{name: "deletion priority before ordinal", servers: fleetOf("p", []gamev1alpha1.OpsState{none, none, none}, map[int]int{0: 10}), replicas: i32(2),
			removed: []string{"p-0"}, kept: "1-2", write: SetChange{Replicas: i32(2)}},
		{name: "the higher ordinal first, compared as numbers", servers: idle("s", 12), replicas: i32(10),
			removed: []string{"s-11", "s-10"}, kept: "0-9", write: SetChange{Replicas: i32(10)}},
		{name: "chosen servers are marked and removed", servers: idle("t", 6), chosen: []string{"t-2", "t-5"},
			removed: []string{"t-5", "t-2"}, marked: []string{"t-5", "t-2"}, kept: "0-1,3-4", write: SetChange{Replicas: i32(4)}},
		{name: "duplicates are counted once", servers: idle("t", 6), chosen: []string{"t-2", "t-2", "t-5", "t-2"},
			removed: []string{"t-5", "t-2"}, marked: []string{"t-5", "t-2"}, kept: "0-1,3-4", write: SetChange{Replicas: i32(4)}},
		{name: "a chosen server stays when Kill goes first: not marked", servers: mixed(), chosen: []string{"s-0"},
			removed: []string{"s-1"}, stays: []string{"s-0"}, kept: "0,2-9",
			warnings: []string{"ChosenServerStays/s-0"}, write: SetChange{Replicas: i32(9)}},
		{name: "only the chosen servers that go are marked", servers: mixed(), chosen: []string{"s-0", "s-5"}, replicas: i32(7),
			removed: []string{"s-1", "s-5", "s-4"}, marked: []string{"s-5"}, stays: []string{"s-0"}, kept: "0,2-3,6-9",
			warnings: []string{"ChosenServerStays/s-0"}, write: SetChange{Replicas: i32(7)}},
		{name: "a chosen server already WaitToBeDeleted is not written", servers: mixed(), chosen: []string{"s-4"}, replicas: i32(8),
			removed: []string{"s-1", "s-4"}, kept: "0,2-3,5-9", write: SetChange{Replicas: i32(8)}},
		{name: "a chosen Kill server is not moved back to WaitToBeDeleted", servers: mixed(), chosen: []string{"s-1"},
			removed: []string{"s-1"}, kept: "0,2-9", write: SetChange{Replicas: i32(9)}},
		{name: "Allocated chosen servers need force: 409 listing each that would go", servers: mixed(), chosen: []string{"s-2", "s-9"}, replicas: i32(6),
			code: 409, field: "remove", causes: []string{"s-9 is Allocated (players on it)", "s-2 is Allocated (players on it)"}},
		{name: "Allocated chosen servers with force", servers: mixed(), chosen: []string{"s-2", "s-9"}, replicas: i32(6), force: true,
			removed: []string{"s-1", "s-9", "s-4", "s-2"}, marked: []string{"s-9", "s-2"}, kept: "0,3,5-8",
			warnings: []string{"AllocatedRemoved/s-9", "AllocatedRemoved/s-2"}, write: SetChange{Replicas: i32(6)}},
		{name: "an Allocated chosen server that stays needs no force", servers: mixed(), chosen: []string{"s-2"},
			removed: []string{"s-1"}, stays: []string{"s-2"}, kept: "0,2-9",
			warnings: []string{"ChosenServerStays/s-2"}, write: SetChange{Replicas: i32(9)}},
		{name: "ReserveIds: the chosen ids are reserved and removed", servers: idle("t", 6), chosen: []string{"t-1", "t-4"}, method: ReserveIDs,
			removed: []string{"t-4", "t-1"}, kept: "0,2-3,5", reserved: "1,4",
			write: SetChange{Replicas: i32(4), ReserveGameServerIDs: []int{1, 4}, ScaleDownStrategyType: gamev1alpha1.ReserveIdsScaleDownStrategyType}},
		{name: "ReserveIds keeps the ids already reserved", set: SetState{ReservedIDs: ids(9)}, servers: idle("t", 6), chosen: []string{"t-0"}, method: ReserveIDs,
			removed: []string{"t-0"}, kept: "1-5", reserved: "0,9",
			write: SetChange{Replicas: i32(5), ReserveGameServerIDs: []int{0, 9}, ScaleDownStrategyType: gamev1alpha1.ReserveIdsScaleDownStrategyType}},
		{name: "switching to ReserveIds also stores the gaps earlier scale-downs left", servers: slices.Delete(idle("t", 5), 1, 2),
			set: SetState{Replicas: 4}, chosen: []string{"t-3"}, method: ReserveIDs,
			removed: []string{"t-3"}, kept: "0,2,4", reserved: "1,3",
			write: SetChange{Replicas: i32(3), ReserveGameServerIDs: []int{3}, ScaleDownStrategyType: gamev1alpha1.ReserveIdsScaleDownStrategyType}},
		{name: "a set already in ReserveIds has no gaps to move", servers: slices.Delete(idle("t", 5), 1, 2),
			set: SetState{Replicas: 4, ScaleDownStrategyType: gamev1alpha1.ReserveIdsScaleDownStrategyType}, chosen: []string{"t-3"}, method: ReserveIDs,
			removed: []string{"t-3"}, kept: "0,2,4", reserved: "3",
			write: SetChange{Replicas: i32(3), ReserveGameServerIDs: []int{3}, ScaleDownStrategyType: gamev1alpha1.ReserveIdsScaleDownStrategyType}},
		{name: "ReserveIds on an Allocated server needs force", servers: mixed(), chosen: []string{"s-2"}, method: ReserveIDs,
			code: 409, field: "remove", causes: []string{"s-2 is Allocated (players on it)"}},
		{name: "a reserved id still running goes whatever the replicas; a new server replaces it",
			set: SetState{ReservedIDs: ids(3)}, servers: idle("t", 6), replicas: i32(6),
			removed: []string{"t-3"}, kept: "0-2,4-5", added: "6", reserved: "3",
			warnings: []string{"ReservedIDsSkipped/"}, write: SetChange{Replicas: i32(6)}},
		{name: "scale up skips reserved ids", set: SetState{ReservedIDs: ids(6, 7)}, servers: idle("t", 6), replicas: i32(9),
			kept: "0-5", added: "8-10", reserved: "6-7", warnings: []string{"ReservedIDsSkipped/"}, write: SetChange{Replicas: i32(9)}},
		{name: "scale up without reserved ids", servers: mixed(), replicas: i32(12),
			kept: "0-9", added: "10-11", write: SetChange{Replicas: i32(12)}},
		{name: "under ReserveIds OKG reserves what it removes", set: SetState{ScaleDownStrategyType: gamev1alpha1.ReserveIdsScaleDownStrategyType},
			servers: idle("t", 6), replicas: i32(2),
			removed: []string{"t-5", "t-4", "t-3", "t-2"}, kept: "0-1", reserved: "2-5", write: SetChange{Replicas: i32(2)}},
		{name: "a server already going is neither counted nor removed", set: SetState{Replicas: 6}, servers: going, replicas: i32(4),
			removed: []string{"t-4"}, kept: "0-3", write: SetChange{Replicas: i32(4)}},
		{name: "choosing a server already going", set: SetState{Replicas: 6}, servers: going, chosen: []string{"t-5"},
			code: 409, field: "remove", causes: []string{"t-5 is already being deleted"}},
		{name: "replicas or servers are required", servers: idle("t", 2), code: 422, field: "replicas"},
		{name: "a selection that chose nothing", servers: idle("t", 2), selected: true, code: 422, field: "remove"},
		{name: "negative replicas", servers: idle("t", 2), replicas: i32(-1), code: 422, field: "replicas"},
		{name: "replicas above the console's limit", servers: idle("t", 2), replicas: i32(MaxReplicas + 1), code: 422, field: "replicas"},
		{name: "replicas that keep a chosen server", servers: idle("t", 6), chosen: []string{"t-1"}, replicas: i32(6), code: 422, field: "replicas"},
		{name: "an unknown method", servers: idle("t", 2), replicas: i32(1), method: "Random", code: 422, field: "method"},
		{name: "a chosen name that is not a server of the set", servers: idle("t", 2), chosen: []string{"u-1"}, code: 422, field: "remove"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			set := tc.set
			if set.Name == "" {
				set.Name = "set"
			}
			if set.Replicas == 0 {
				set.Replicas = int32(len(tc.servers))
			}
			in := ScaleInput{Set: set, Servers: tc.servers, Chosen: tc.chosen, Selected: tc.selected || len(tc.chosen) > 0,
				Method: tc.method, Replicas: tc.replicas, Force: tc.force}
			plan, err := PlanScale(in)
			if tc.code != 0 {
				var se *apierrors.StatusError
				if !errors.As(err, &se) || se.ErrStatus.Code != tc.code || se.ErrStatus.Details.Causes[0].Field != tc.field {
					t.Fatalf("error %v, want %d naming %s", err, tc.code, tc.field)
				}
				if tc.causes != nil {
					var got []string
					for _, c := range se.ErrStatus.Details.Causes {
						got = append(got, c.Message)
					}
					if !reflect.DeepEqual(got, tc.causes) {
						t.Errorf("causes %v, want %v", got, tc.causes)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := plan.Preview
			want := func(xs []string) []string { return append([]string{}, xs...) }
			for _, c := range []struct {
				what      string
				got, want any
			}{
				{"removed", memberNames(p.Removed), want(tc.removed)},
				{"marked", p.Marked, want(tc.marked)},
				{"stays", p.Stays, want(tc.stays)},
				{"kept", p.KeptIDs, tc.kept},
				{"added", p.AddedIDs, tc.added},
				{"reserved", p.ReserveGameServerIDs, tc.reserved},
				{"warnings", warningKeys(p.Warnings), want(tc.warnings)},
				{"write", plan.Set, tc.write},
			} {
				if !reflect.DeepEqual(c.got, c.want) {
					t.Errorf("%s = %#v, want %#v", c.what, c.got, c.want)
				}
			}
			checkInvariants(t, in, plan)
		})
	}
}

// checkInvariants holds for every plan: what apply marks is what the preview says it
// marks, only chosen servers are marked, a chosen server either goes or stays (never
// both), and the replicas written are the replicas previewed.
func checkInvariants(t *testing.T, in ScaleInput, plan *ScalePlan) {
	t.Helper()
	p := plan.Preview
	removed := memberNames(p.Removed)
	for _, m := range p.Marked {
		if !slices.Contains(p.Chosen, m) || !slices.Contains(removed, m) || slices.Contains(p.Stays, m) {
			t.Errorf("marked %s: chosen %v removed %v stays %v", m, p.Chosen, removed, p.Stays)
		}
	}
	for _, c := range p.Chosen {
		if slices.Contains(removed, c) == slices.Contains(p.Stays, c) {
			t.Errorf("chosen %s is neither (or both) removed and staying", c)
		}
	}
	if plan.Set.Replicas == nil || *plan.Set.Replicas != p.ReplicasAfter || p.ReplicasBefore != in.Set.Replicas {
		t.Errorf("replicas written %v, previewed %d -> %d", plan.Set.Replicas, p.ReplicasBefore, p.ReplicasAfter)
	}
	if in.Method == ReserveIDs && len(p.Marked) > 0 {
		t.Errorf("ReserveIds marked %v", p.Marked)
	}
}

func memberNames(ms []Member) []string {
	out := []string{}
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return out
}

func warningKeys(ws []warning.Warning) []string {
	out := []string{}
	for _, w := range ws {
		out = append(out, string(w.Code)+"/"+w.Name)
	}
	return out
}

func TestPlanScaleReasonsAndRankedOpsState(t *testing.T) {
	plan, err := PlanScale(ScaleInput{Set: SetState{Name: "s", Replicas: 10, ReservedIDs: ids(8)}, Servers: mixed(),
		Chosen: []string{"s-0"}, Selected: true, Replicas: i32(6)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range plan.Preview.Removed {
		got = append(got, fmt.Sprintf("%s %s %s<-%s", m.Name, m.Reason, m.OpsState, m.CurrentOpsState))
	}
	want := []string{"s-8 Reserved None<-None", "s-1 ScaleDown Kill<-Kill", "s-4 ScaleDown WaitToBeDeleted<-WaitToBeDeleted",
		"s-0 ScaleDown WaitToBeDeleted<-None"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("removed %v, want %v", got, want)
	}
	if !reflect.DeepEqual(plan.Preview.Marked, []string{"s-0"}) || !reflect.DeepEqual(plan.Preview.Stays, []string{}) {
		t.Errorf("marked %v stays %v", plan.Preview.Marked, plan.Preview.Stays)
	}
}

func TestPlanReserve(t *testing.T) {
	for _, tc := range []struct {
		name      string
		set       SetState
		servers   []Server
		ids       okg.IDSet
		strategy  gamev1alpha1.ScaleDownStrategyType
		affected  []string
		added     string
		warnings  []string
		writeIDs  []int
		writeType gamev1alpha1.ScaleDownStrategyType
		field     string
	}{
		{name: "reserving running ids removes them and OKG starts others", set: SetState{Replicas: 10}, servers: mixed(), ids: ids(2, 5, 6),
			affected: []string{"s-5", "s-2", "s-6"}, added: "10-12", warnings: []string{"AllocatedRemoved/s-2"},
			writeIDs: []int{2, 5, 6}, writeType: gamev1alpha1.GeneralScaleDownStrategyType},
		{name: "reserving free ids affects nobody", set: SetState{Replicas: 6}, servers: idle("t", 6), ids: ids(6, 7), strategy: gamev1alpha1.ReserveIdsScaleDownStrategyType,
			affected: []string{}, writeIDs: []int{6, 7}, writeType: gamev1alpha1.ReserveIdsScaleDownStrategyType},
		{name: "clearing keeps the set's strategy", set: SetState{Replicas: 6, ReservedIDs: ids(7), ScaleDownStrategyType: gamev1alpha1.ReserveIdsScaleDownStrategyType},
			servers: idle("t", 6), affected: []string{}, writeIDs: []int{}, writeType: gamev1alpha1.ReserveIdsScaleDownStrategyType},
		{name: "an unknown strategy", set: SetState{Replicas: 6}, servers: idle("t", 6), strategy: "Sometimes", field: "scaleDownStrategyType"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := PlanReserve(ReserveInput{Set: tc.set, Servers: tc.servers, IDs: tc.ids, ScaleDownStrategyType: tc.strategy})
			if tc.field != "" {
				var se *apierrors.StatusError
				if !errors.As(err, &se) || se.ErrStatus.Code != 422 || se.ErrStatus.Details.Causes[0].Field != tc.field {
					t.Fatalf("error %v, want 422 naming %s", err, tc.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := plan.Preview
			if got := memberNames(p.Affected); !reflect.DeepEqual(got, tc.affected) || p.AddedIDs != tc.added ||
				!reflect.DeepEqual(warningKeys(p.Warnings), append([]string{}, tc.warnings...)) {
				t.Errorf("affected %v added %q warnings %v", got, p.AddedIDs, p.Warnings)
			}
			if !reflect.DeepEqual(plan.Set.ReserveGameServerIDs, tc.writeIDs) || plan.Set.ScaleDownStrategyType != tc.writeType || plan.Set.Replicas != nil {
				t.Errorf("write %+v", plan.Set)
			}
		})
	}
}

func TestParseMaxUnavailable(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" = refused with 422 naming maxUnavailable
	}{
		{"1", "1"}, {"2", "2"}, {"100000", "100000"}, {"1%", "1%"}, {"20%", "20%"}, {"100%", "100%"}, {"05%", "5%"},
		{"0", ""}, {"-1", ""}, {"100001", ""}, {"0%", ""}, {"150%", ""}, {"101%", ""}, {"-5%", ""}, {"1.5%", ""},
		{"2.5", ""}, {"abc", ""}, {"", ""}, {"%", ""}, {" 5", ""}, {"+5", ""}, {"5%%", ""}, {"99999999999999999999", ""},
	} {
		got, err := ParseMaxUnavailable(tc.in)
		if tc.want == "" {
			var se *apierrors.StatusError
			if !errors.As(err, &se) || se.ErrStatus.Code != 422 || se.ErrStatus.Details.Causes[0].Field != "maxUnavailable" {
				t.Errorf("%q: got %v, %v; want a 422 naming maxUnavailable", tc.in, got.String(), err)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("%q: got %q, %v; want %q", tc.in, got.String(), err, tc.want)
		}
	}
}

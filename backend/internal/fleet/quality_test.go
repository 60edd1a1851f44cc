package fleet

import (
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
)

func TestOpsStateFromProbe(t *testing.T) {
	gss := &gamev1alpha1.GameServerSet{Spec: gamev1alpha1.GameServerSetSpec{ServiceQualities: []gamev1alpha1.ServiceQuality{{
		Name:          "idle",
		ContainerName: "game",
		Probe:         corev1.Probe{ProbeHandler: corev1.ProbeHandler{Exec: &corev1.ExecAction{Command: []string{"bash", "./idle.sh"}}}, PeriodSeconds: 5},
		ServiceQualityAction: []gamev1alpha1.ServiceQualityAction{
			{State: true, GameServerSpec: gamev1alpha1.GameServerSpec{OpsState: gamev1alpha1.WaitToDelete}},
			{State: false, Result: "busy", GameServerSpec: gamev1alpha1.GameServerSpec{OpsState: gamev1alpha1.Allocated}},
		},
	}}}}
	gs := func(ops gamev1alpha1.OpsState, status, result string) *gamev1alpha1.GameServer {
		g := &gamev1alpha1.GameServer{Spec: gamev1alpha1.GameServerSpec{OpsState: ops}}
		if status != "" {
			g.Status.ServiceQualitiesCondition = []gamev1alpha1.ServiceQualityCondition{{Name: "idle", Status: status, Result: result}}
		}
		return g
	}
	for _, tc := range []struct {
		name string
		gs   *gamev1alpha1.GameServer
		want string
	}{
		{"probe true set WaitToBeDeleted", gs(gamev1alpha1.WaitToDelete, "True", ""), "idle"},
		{"probe false with result set Allocated", gs(gamev1alpha1.Allocated, "False", "busy"), "idle"},
		{"result differs", gs(gamev1alpha1.Allocated, "False", "other"), ""},
		{"set by hand", gs(gamev1alpha1.Maintaining, "True", ""), ""},
		{"no probe results", gs(gamev1alpha1.WaitToDelete, "", ""), ""},
	} {
		if got := opsStateFromProbe(tc.gs, gss); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	defs := qualityDefinitions(gss)
	if len(defs) != 1 || defs[0].Probe != "exec: bash ./idle.sh" || len(defs[0].Actions) != 2 || defs[0].Actions[1].OpsState != "Allocated" || defs[0].PeriodSeconds != 5 {
		t.Errorf("definitions: %+v", defs)
	}
}

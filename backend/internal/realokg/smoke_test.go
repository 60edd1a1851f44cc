package realokg_test

import (
	"testing"
)

// TestControllersRunASet: a GameServerSet created through the API server gets an Advanced
// StatefulSet (kruise-manager), pods bound by kube-scheduler to KWOK nodes and Ready there,
// and GameServers Ready (kruise-game-manager).
func TestControllersRunASet(t *testing.T) {
	f := newFleet(t, 3, nil)
	for name, p := range f.pods() {
		if p.Spec.NodeName == "" {
			t.Errorf("pod %s not scheduled", name)
		}
	}
}

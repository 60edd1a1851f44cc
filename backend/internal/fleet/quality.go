package fleet

import (
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/okg"
)

// QualityDefinition is one serviceQualities probe of a GameServerSet and what it does.
type QualityDefinition struct {
	Name          string          `json:"name"`
	ContainerName string          `json:"containerName"`
	Permanent     bool            `json:"permanent"`
	Probe         string          `json:"probe"` // exec: <command> | httpGet: <path:port> | tcpSocket: <port>
	PeriodSeconds int32           `json:"periodSeconds"`
	Actions       []QualityAction `json:"actions"`
}

// QualityAction is what OKG sets when the probe reports State (and Result, when given).
type QualityAction struct {
	State            bool   `json:"state"`
	Result           string `json:"result,omitempty"`
	OpsState         string `json:"opsState,omitempty"`
	UpdatePriority   string `json:"updatePriority,omitempty"`
	DeletionPriority string `json:"deletionPriority,omitempty"`
	NetworkDisabled  *bool  `json:"networkDisabled,omitempty"`
}

func qualityDefinitions(gss *gamev1alpha1.GameServerSet) []QualityDefinition {
	out := make([]QualityDefinition, 0, len(gss.Spec.ServiceQualities))
	for _, q := range gss.Spec.ServiceQualities {
		d := QualityDefinition{Name: q.Name, ContainerName: q.ContainerName, Permanent: q.Permanent,
			Probe: probeText(q.Probe), PeriodSeconds: q.PeriodSeconds, Actions: []QualityAction{}}
		for _, a := range q.ServiceQualityAction {
			qa := QualityAction{State: a.State, Result: a.Result, OpsState: string(a.OpsState), NetworkDisabled: a.NetworkDisabled}
			if a.UpdatePriority != nil {
				qa.UpdatePriority = a.UpdatePriority.String()
			}
			if a.DeletionPriority != nil {
				qa.DeletionPriority = a.DeletionPriority.String()
			}
			d.Actions = append(d.Actions, qa)
		}
		out = append(out, d)
	}
	return out
}

func probeText(p corev1.Probe) string {
	switch {
	case p.Exec != nil:
		return "exec: " + joinArgs(p.Exec.Command)
	case p.HTTPGet != nil:
		return "httpGet: " + p.HTTPGet.Path + ":" + p.HTTPGet.Port.String()
	case p.TCPSocket != nil:
		return "tcpSocket: " + p.TCPSocket.Port.String()
	case p.GRPC != nil:
		return "grpc"
	}
	return ""
}

func joinArgs(args []string) string {
	out := ""
	for i, a := range args {
		if i > 0 {
			out += " "
		}
		out += a
	}
	return out
}

// opsStateFromProbe names the service quality whose action set the game server's
// current opsState, or "" when no probe result explains it (a person set it).
func opsStateFromProbe(gs *gamev1alpha1.GameServer, gss *gamev1alpha1.GameServerSet) string {
	if gss == nil || len(gs.Status.ServiceQualitiesCondition) == 0 {
		return ""
	}
	current := okg.OpsStateOf(gs)
	for _, cond := range gs.Status.ServiceQualitiesCondition {
		for _, q := range gss.Spec.ServiceQualities {
			if q.Name != cond.Name {
				continue
			}
			for _, a := range q.ServiceQualityAction {
				if a.OpsState == "" || a.OpsState != current {
					continue
				}
				if (cond.Status == string(corev1.ConditionTrue)) == a.State && (a.Result == "" || a.Result == cond.Result) {
					return q.Name
				}
			}
		}
	}
	return ""
}

package ops

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// AuditSource is the component name on every audit Event.
const AuditSource = "okg-console"

// audit records a change as an Event on the GameServer (shown on its detail page) and
// as a structured log line. Failing to record never undoes the change; it is logged.
func (s *Service) audit(ctx context.Context, actor Actor, reason string, gs *gamev1alpha1.GameServer, before, after map[string]any) {
	msg := fmt.Sprintf("%s changed %s → %s via okg-console", actor.User, compact(before), compact(after))
	s.opts.Log.Info("audit", "user", actor.User, "reason", reason, "namespace", gs.Namespace,
		"gameServer", gs.Name, "before", before, "after", after)
	if s.opts.Audit == nil {
		return
	}
	now := metav1.NewTime(time.Now())
	ev := &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{GenerateName: gs.Name + ".", Namespace: gs.Namespace,
			Annotations: map[string]string{"okgconsole.kubesphere.io/user": actor.User}},
		InvolvedObject: corev1.ObjectReference{APIVersion: gamev1alpha1.SchemeGroupVersion.String(), Kind: "GameServer",
			Namespace: gs.Namespace, Name: gs.Name, UID: gs.UID, ResourceVersion: gs.ResourceVersion},
		Reason: reason, Message: msg, Type: corev1.EventTypeNormal,
		Source:         corev1.EventSource{Component: AuditSource},
		FirstTimestamp: now, LastTimestamp: now, Count: 1,
		ReportingController: AuditSource, ReportingInstance: AuditSource,
	}
	if _, err := s.opts.Audit.Kube.CoreV1().Events(gs.Namespace).Create(ctx, ev, metav1.CreateOptions{}); err != nil {
		s.opts.Log.Error("audit event not recorded", "namespace", gs.Namespace, "gameServer", gs.Name, "error", err)
	}
}

func compact(m map[string]any) string {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Sprint(m)
	}
	return string(b)
}

package write

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

// AnnotationUser on an audit Event names the user who made the change, for tools
// that read Events rather than their message.
const AnnotationUser = "okgconsole.kubesphere.io/user"

// Audit records a change as an Event on the object (shown on its detail page) and as
// a structured log line. Failing to record never undoes the change; it is logged.
// Changes to a pod or a ScaledObject are recorded on the GameServer or
// GameServerSet they belong to: ref names that owner.
func (w *Writer) Audit(ctx context.Context, actor Actor, reason string, ref Ref, before, after map[string]any) {
	msg := fmt.Sprintf("%s changed %s → %s via okg-console", actor.User, compact(before), compact(after))
	w.opts.Log.Info("audit", "user", actor.User, "reason", reason, "kind", ref.Kind, "namespace", ref.Namespace,
		"name", ref.Name, "before", before, "after", after)
	w.journal(actor, reason, ref, before, after, "")
	if w.opts.Audit == nil {
		return
	}
	now := metav1.NewTime(time.Now())
	ev := &corev1.Event{
		ObjectMeta: metav1.ObjectMeta{GenerateName: ref.Name + ".", Namespace: ref.Namespace,
			Annotations: map[string]string{AnnotationUser: actor.User}},
		InvolvedObject: corev1.ObjectReference{APIVersion: gamev1alpha1.SchemeGroupVersion.String(), Kind: string(ref.Kind),
			Namespace: ref.Namespace, Name: ref.Name, UID: ref.UID, ResourceVersion: ref.ResourceVersion},
		Reason: reason, Message: msg, Type: corev1.EventTypeNormal,
		Source:         corev1.EventSource{Component: AuditSource},
		FirstTimestamp: now, LastTimestamp: now, Count: 1,
		ReportingController: AuditSource, ReportingInstance: AuditSource,
	}
	if _, err := w.opts.Audit.Kube.CoreV1().Events(ref.Namespace).Create(ctx, ev, metav1.CreateOptions{}); err != nil {
		w.opts.Log.Error("audit event not recorded", "kind", ref.Kind, "namespace", ref.Namespace, "name", ref.Name, "error", err)
	}
}

func compact(m map[string]any) string {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Sprint(m)
	}
	return string(b)
}

// Journal keeps the console's writes: the history records each with its user.
type Journal interface {
	Written(Written)
}

// Written is one write made (or tried and failed) through the console.
type Written struct {
	Time          time.Time
	User, Reason  string
	Ref           Ref
	Before, After map[string]any
	Error         string // why it failed; "" when it was made
}

func (w *Writer) journal(actor Actor, reason string, ref Ref, before, after map[string]any, errMsg string) {
	if w.opts.Journal == nil {
		return
	}
	w.opts.Journal.Written(Written{Time: time.Now(), User: actor.User, Reason: reason, Ref: ref,
		Before: before, After: after, Error: errMsg})
}

// Compact renders a before/after state as the compact JSON the audit trail shows.
func Compact(m map[string]any) string { return compact(m) }

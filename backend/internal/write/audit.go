package write

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
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
	w.event(ctx, actor, reason, ref, msg)
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

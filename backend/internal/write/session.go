package write

import (
	"context"
	"fmt"
	"strings"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Reasons of the audit records a terminal session leaves: one when it opens, one when it
// ends (so a session cut short by a crash of the console still left a trace).
const (
	ReasonTerminalOpened = "TerminalOpened"
	ReasonTerminalClosed = "TerminalClosed"
)

// Session is one terminal session into a container of a game server's pod. It changes
// nothing the console manages, but it is as consequential as any write, so it goes
// through the same audit: an Event on the GameServer, a log line and the history.
type Session struct {
	Container string
	Command   []string
	Start     time.Time
	End       time.Time // zero while the session is open
	ExitCode  *int      // nil: open, or ended without an exit status (disconnect, idle timeout)
	Ending    string    // why it ended: "exit", "disconnected", "idle timeout", an error
}

// Fields are the session as the audit trail shows it.
func (s Session) Fields() map[string]any {
	f := map[string]any{"container": s.Container, "command": strings.Join(s.Command, " "),
		"start": s.Start.UTC().Format(time.RFC3339)}
	if !s.End.IsZero() {
		f["end"] = s.End.UTC().Format(time.RFC3339)
		f["ended"] = s.Ending
		if s.ExitCode != nil {
			f["exit"] = *s.ExitCode
		}
	}
	return f
}

// AuditSession records a terminal session of actor in ref (a GameServer; the pod has its
// name) opening (s.End zero) or ending.
func (w *Writer) AuditSession(ctx context.Context, actor Actor, ref Ref, s Session) {
	reason, msg := ReasonTerminalOpened, fmt.Sprintf("%s opened a terminal in container %s (%s) via okg-console",
		actor.User, s.Container, strings.Join(s.Command, " "))
	if !s.End.IsZero() {
		reason = ReasonTerminalClosed
		exit := "no exit status"
		if s.ExitCode != nil {
			exit = fmt.Sprintf("exit %d", *s.ExitCode)
		}
		msg = fmt.Sprintf("%s closed the terminal in container %s (%s) after %s: %s, %s, via okg-console",
			actor.User, s.Container, strings.Join(s.Command, " "), s.End.Sub(s.Start).Round(time.Second), s.Ending, exit)
	}
	fields := s.Fields()
	fields["pod"] = ref.Name // a game server's pod has its name
	w.opts.Log.Info("audit", "user", actor.User, "reason", reason, "kind", ref.Kind, "namespace", ref.Namespace,
		"name", ref.Name, "session", fields)
	w.journal(actor, reason, ref, nil, fields, "")
	w.event(ctx, actor, reason, ref, msg)
}

// event records msg as an audit Event on ref's object with the console's own clients.
func (w *Writer) event(ctx context.Context, actor Actor, reason string, ref Ref, msg string) {
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

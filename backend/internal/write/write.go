// Package write is the console's one write path. Every change the console makes to
// the cluster goes through it: as the actor's clients, guarded by the resourceVersion
// the change was decided on, retried with fresh reads only while the intent still
// holds, with one field manager, the API server's dry-run for previews, and an audit
// record (an Event on the changed GameServer or GameServerSet plus a structured log
// line) for each object actually changed. Callers get one Result per object.
package write

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/kube"
)

// FieldManager names the console in managedFields on every object it writes.
const FieldManager = "okg-console"

// MaxAttempts bounds conflict retries per object.
const MaxAttempts = 5

// Kind names the kinds the console writes.
type Kind string

// The kinds of object an audit record can be about.
const (
	KindGameServer    Kind = "GameServer"
	KindGameServerSet Kind = "GameServerSet"
	KindPod           Kind = "Pod"
	KindScaledObject  Kind = "ScaledObject"
)

// Actor is who makes a change: the name recorded in the audit trail and the
// clients the writes go through (the caller's own in token mode).
type Actor struct {
	User    string
	Clients *kube.Clients
}

// Result is the outcome for one object.
type Result struct {
	Kind      Kind           `json:"kind"`
	Name      string         `json:"name"`
	Namespace string         `json:"namespace"`
	OK        bool           `json:"ok"`
	Changed   bool           `json:"changed"`
	Error     string         `json:"error,omitempty"`
	Code      int32          `json:"code,omitempty"`
	Attempts  int            `json:"attempts"`
	Before    map[string]any `json:"before"`
	After     map[string]any `json:"after"`
}

// Fail records err on r with its Status code.
func (r *Result) Fail(err error) {
	st := apierror.ToStatus(err)
	r.OK, r.Error, r.Code = false, st.Message, st.Code
}

// Options configure a Writer.
type Options struct {
	// Audit writes the Events with these clients (the console's own identity), so the
	// trail does not depend on the caller's right to create Events. Nil: log only.
	Audit *kube.Clients
	Log   *slog.Logger
	// BeforeWrite, when set, runs before every write attempt (tests inject conflicts with it).
	BeforeWrite func(namespace, name string, attempt int)
	// Journal, when set, keeps every write (and every failed one) in the history.
	Journal Journal
}

// Writer performs and records writes.
type Writer struct {
	opts Options
	own  ownWrites
}

// New builds the write path.
func New(opts Options) *Writer {
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	return &Writer{opts: opts}
}

// DryRunOption is the API server's dry-run option for a preview, nil for a real write.
func DryRunOption(dryRun bool) []string {
	if dryRun {
		return []string{metav1.DryRunAll}
	}
	return nil
}

// Intent is a change to one object of type T, stated so that it can be re-decided
// on a fresh read after a conflict.
type Intent[T metav1.Object] struct {
	Reason string
	// State is what the result (and the audit record) shows as before and after.
	State func(T) map[string]any
	// Spec returns the spec fields to merge, or nil when the object already has them.
	// An error means the intent no longer holds on this read (nothing is written).
	Spec func(T) (map[string]any, error)
}

// Object is one object to patch, with how to read it fresh and how to patch it.
type Object[T metav1.Object] struct {
	Kind   Kind
	Cached T
	Get    func(ctx context.Context) (T, error)
	Patch  func(ctx context.Context, body []byte, opts metav1.PatchOptions) (T, error)
}

// Patch applies intent to obj as actor: a JSON merge patch of spec fields carrying the
// resourceVersion it was decided on, so a concurrent change makes it fail with 409;
// on 409 the object is read again and the intent decided again, up to MaxAttempts.
func Patch[T metav1.Object](ctx context.Context, w *Writer, actor Actor, obj Object[T], intent Intent[T], dryRun bool) Result {
	cur := obj.Cached
	r := Result{Kind: obj.Kind, Name: cur.GetName(), Namespace: cur.GetNamespace()}
	for r.Attempts = 1; r.Attempts <= MaxAttempts; r.Attempts++ {
		if r.Attempts > 1 {
			fresh, err := obj.Get(ctx)
			if err != nil {
				r.Fail(err)
				return r
			}
			cur = fresh
		}
		r.Before = intent.State(cur)
		spec, err := intent.Spec(cur)
		if err != nil {
			r.Fail(err)
			return r
		}
		if spec == nil {
			r.OK, r.After = true, r.Before
			return r
		}
		body, err := json.Marshal(map[string]any{
			"metadata": map[string]any{"resourceVersion": cur.GetResourceVersion()},
			"spec":     spec,
		})
		if err != nil {
			r.Fail(err)
			return r
		}
		if w.opts.BeforeWrite != nil {
			w.opts.BeforeWrite(cur.GetNamespace(), cur.GetName(), r.Attempts)
		}
		updated, err := obj.Patch(ctx, body, metav1.PatchOptions{DryRun: DryRunOption(dryRun), FieldManager: FieldManager})
		if apierrors.IsConflict(err) {
			continue
		}
		if err != nil {
			r.Fail(err)
			if !dryRun {
				w.journal(actor, intent.Reason, RefOf(obj.Kind, cur), r.Before, r.Before, r.Error)
			}
			return r
		}
		r.OK, r.Changed, r.After = true, true, intent.State(updated)
		if !dryRun {
			w.own.remember(RefOf(obj.Kind, updated))
			w.Audit(ctx, actor, intent.Reason, RefOf(obj.Kind, updated), r.Before, r.After)
		}
		return r
	}
	r.Attempts = MaxAttempts
	r.Error = fmt.Sprintf("gave up after %d conflicting concurrent changes", MaxAttempts)
	r.Code = http.StatusConflict
	if !dryRun {
		w.journal(actor, intent.Reason, RefOf(obj.Kind, cur), r.Before, r.Before, r.Error)
	}
	return r
}

// Ref names the object an audit record is about.
type Ref struct {
	Kind            Kind
	Namespace, Name string
	UID             types.UID
	ResourceVersion string
}

// RefOf is the reference of a stored object.
func RefOf(kind Kind, o metav1.Object) Ref {
	return Ref{Kind: kind, Namespace: o.GetNamespace(), Name: o.GetName(), UID: o.GetUID(), ResourceVersion: o.GetResourceVersion()}
}

// Summary counts results.
type Summary struct {
	Total     int `json:"total"`
	Changed   int `json:"changed"`
	Unchanged int `json:"unchanged"`
	Failed    int `json:"failed"`
}

// Summarize counts what happened to each object.
func Summarize(results []Result) Summary {
	s := Summary{Total: len(results)}
	for _, r := range results {
		switch {
		case !r.OK:
			s.Failed++
		case r.Changed:
			s.Changed++
		default:
			s.Unchanged++
		}
	}
	return s
}

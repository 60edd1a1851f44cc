package history

import (
	"context"
	"strconv"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	kubeinformers "k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"

	"github.com/okg-console/okg-console/backend/internal/write"
)

// WatchEvents feeds the Events about game servers, their pods and sets to the
// recorder until ctx ends: one informer for OKG's kinds and one for pods, each
// narrowed by a field selector so the rest of the cluster's Events are not held.
// It returns once both have listed.
func (r *Recorder) WatchEvents(ctx context.Context, kube kubernetes.Interface) error {
	selectors := []fields.Selector{
		fields.OneTermEqualSelector("involvedObject.apiVersion", gamev1alpha1.SchemeGroupVersion.String()),
		fields.OneTermEqualSelector("involvedObject.kind", "Pod"),
	}
	var synced []cache.InformerSynced
	for _, sel := range selectors {
		factory := kubeinformers.NewSharedInformerFactoryWithOptions(kube, 0,
			kubeinformers.WithTweakListOptions(func(o *metav1.ListOptions) { o.FieldSelector = sel.String() }),
			kubeinformers.WithTransform(stripManagedFields))
		inf := factory.Core().V1().Events().Informer()
		handler := func(obj any) {
			if ev, ok := obj.(*corev1.Event); ok {
				r.eventChanged(ev)
			}
		}
		if _, err := inf.AddEventHandler(cache.ResourceEventHandlerFuncs{
			AddFunc: handler, UpdateFunc: func(_, obj any) { handler(obj) },
		}); err != nil {
			return err
		}
		factory.Start(ctx.Done())
		synced = append(synced, inf.HasSynced)
		go func() { <-ctx.Done(); factory.Shutdown() }()
	}
	if !cache.WaitForCacheSync(ctx.Done(), synced...) {
		return context.Cause(ctx)
	}
	return nil
}

func stripManagedFields(obj any) (any, error) {
	if ev, ok := obj.(*corev1.Event); ok {
		ev.ManagedFields = nil
	}
	return obj, nil
}

// eventEntry records one occurrence of an Event (each count once), about a game
// server, its pod or a set. The console's own audit Events are left out: its writes
// are recorded from the write path, with more detail.
func (r *Recorder) eventEntry(entries []HistoryEntry, ev *corev1.Event) []HistoryEntry {
	if ev.Source.Component == write.AuditSource || ev.ReportingController == write.AuditSource {
		return entries
	}
	kind := KindGameServer
	set := ""
	switch ev.InvolvedObject.Kind {
	case KindGameServerSet:
		kind, set = KindGameServerSet, ev.InvolvedObject.Name
	case KindGameServer, "Pod":
		t := r.states[objectKey{KindGameServer, ev.InvolvedObject.Namespace, ev.InvolvedObject.Name}]
		if t == nil {
			if ev.InvolvedObject.Kind == "Pod" {
				return entries // not a game server's pod
			}
		} else {
			set = t.set
		}
	default:
		return entries
	}
	count := ev.Count
	if ev.Series != nil && ev.Series.Count > count {
		count = ev.Series.Count
	}
	at := ev.LastTimestamp.Time
	if ev.Series != nil && !ev.Series.LastObservedTime.IsZero() {
		at = ev.Series.LastObservedTime.Time
	}
	if at.IsZero() {
		at = ev.EventTime.Time
	}
	if at.IsZero() {
		at = ev.CreationTimestamp.Time
	}
	if at.IsZero() {
		at = time.Now()
	}
	e := r.entry(kind, ev.InvolvedObject.Namespace, ev.InvolvedObject.Name, set, at, ChangeEvent, SourceEvent)
	e.Action, e.Message, e.Warning = ev.Reason, ev.Message, ev.Type == corev1.EventTypeWarning
	e.Field = ev.InvolvedObject.Kind // GameServer, Pod or GameServerSet: whom the Event was about
	e.dedup = dedup(r.opts.Cluster, "event", string(ev.UID), strconv.Itoa(int(count)))
	return append(entries, e)
}

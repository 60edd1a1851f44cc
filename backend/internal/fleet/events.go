package fleet

import (
	"context"
	"slices"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
)

// EventView is one Kubernetes Event about a game server or its pod.
type EventView struct {
	Type           string    `json:"type"`
	Reason         string    `json:"reason"`
	Message        string    `json:"message"`
	Object         string    `json:"object"`
	Count          int       `json:"count"`
	Source         string    `json:"source"`
	FirstTimestamp time.Time `json:"firstTimestamp"`
	LastTimestamp  time.Time `json:"lastTimestamp"`
}

// events lists the Events whose involved object is called name (the GameServer and
// its pod share the name), newest first.
func (s *Service) events(ctx context.Context, namespace, name string) ([]EventView, error) {
	list, err := s.kube.CoreV1().Events(namespace).List(ctx, metav1.ListOptions{
		FieldSelector: fields.OneTermEqualSelector("involvedObject.name", name).String(),
	})
	if err != nil {
		return nil, err
	}
	out := make([]EventView, 0, len(list.Items))
	for _, e := range list.Items {
		out = append(out, newEventView(&e))
	}
	slices.SortFunc(out, func(a, b EventView) int { return b.LastTimestamp.Compare(a.LastTimestamp) })
	return out, nil
}

func newEventView(e *corev1.Event) EventView {
	last := e.LastTimestamp.Time
	if last.IsZero() {
		last = e.EventTime.Time
	}
	if last.IsZero() {
		last = e.CreationTimestamp.Time
	}
	first := e.FirstTimestamp.Time
	if first.IsZero() {
		first = last
	}
	source := e.Source.Component
	if source == "" {
		source = e.ReportingController
	}
	count := int(e.Count)
	if count == 0 {
		count = 1
	}
	return EventView{
		Type: e.Type, Reason: e.Reason, Message: e.Message,
		Object: e.InvolvedObject.Kind + "/" + e.InvolvedObject.Name,
		Count:  count, Source: source,
		FirstTimestamp: first.UTC(), LastTimestamp: last.UTC(),
	}
}

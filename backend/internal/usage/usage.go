// Package usage keeps the CPU and memory usage of game server pods and nodes from the
// metrics API (metrics.k8s.io/v1beta1, served by metrics-server). The metrics API
// cannot be watched, so one Poller per cluster lists PodMetrics and NodeMetrics on an
// interval and publishes an immutable Snapshot; list requests read the snapshot and
// never call the metrics API themselves.
package usage

import (
	"time"
)

// State says whether usage figures are available.
type State string

// The states of the metrics API as the poller last found it.
const (
	// StatePending: the first poll has not finished yet.
	StatePending State = "Pending"
	// StateAvailable: the last poll succeeded.
	StateAvailable State = "Available"
	// StateNotInstalled: the metrics.k8s.io group is not served (no metrics-server).
	StateNotInstalled State = "NotInstalled"
	// StateUnavailable: the group is registered but the last poll failed (Reason says why).
	StateUnavailable State = "Unavailable"
)

// Usage is what one pod or node uses: CPU in millicores, memory in bytes.
type Usage struct {
	CPUMilli    int64 `json:"cpuMillicores"`
	MemoryBytes int64 `json:"memoryBytes"`
}

// Add returns the sum of two usages.
func (u Usage) Add(o Usage) Usage {
	return Usage{CPUMilli: u.CPUMilli + o.CPUMilli, MemoryBytes: u.MemoryBytes + o.MemoryBytes}
}

// Status is the metrics API's state for the API and the UI.
type Status struct {
	State State `json:"state"`
	// Reason explains NotInstalled and Unavailable ("" otherwise).
	Reason string `json:"reason,omitempty"`
	// UpdatedAt is when the figures were read (zero before the first success).
	UpdatedAt time.Time `json:"updatedAt,omitzero"`
	// Interval is how often the poller reads the metrics API.
	IntervalSeconds float64 `json:"intervalSeconds"`
	// Pods and Nodes count the figures held.
	Pods  int `json:"pods"`
	Nodes int `json:"nodes"`
}

// Snapshot is one poll's result. It is never modified after it is published.
type Snapshot struct {
	Status Status
	pods   map[string]Usage // "<namespace>/<name>"
	nodes  map[string]Usage
}

// Pod returns the usage of a pod, and whether there is one.
func (s *Snapshot) Pod(namespace, name string) (Usage, bool) {
	if s == nil || s.pods == nil {
		return Usage{}, false
	}
	u, ok := s.pods[namespace+"/"+name]
	return u, ok
}

// Node returns the usage of a node, and whether there is one.
func (s *Snapshot) Node(name string) (Usage, bool) {
	if s == nil || s.nodes == nil {
		return Usage{}, false
	}
	u, ok := s.nodes[name]
	return u, ok
}

// NewSnapshot builds a snapshot from figures (for tests and synthetic benchmarks).
func NewSnapshot(status Status, pods map[string]Usage, nodes map[string]Usage) *Snapshot {
	status.Pods, status.Nodes = len(pods), len(nodes)
	return &Snapshot{Status: status, pods: pods, nodes: nodes}
}

// Source is what readers need: the latest snapshot (never nil).
type Source interface {
	Snapshot() *Snapshot
}

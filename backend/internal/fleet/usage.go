package fleet

import (
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/usage"
)

// Usage sort keys and filters: CPU in millicores, memory filtered in MiB (a range
// parameter is an int32) and sorted in bytes.
const (
	SortCPUUsage     = "cpuUsage"
	SortMemoryUsage  = "memoryUsage"
	ParamCPUUsage    = "cpuUsage"    // millicores, N / A:B / A: / :B
	ParamMemoryUsage = "memoryUsage" // MiB, N / A:B / A: / :B
)

const mib = 1 << 20

// UsageView is what a game server's pod uses, with its requests and limits (summed over
// its containers; 0 = not set), so the UI shows usage against them.
type UsageView struct {
	usage.Usage
	CPURequestMilli    int64 `json:"cpuRequestMillicores"`
	CPULimitMilli      int64 `json:"cpuLimitMillicores"`
	MemoryRequestBytes int64 `json:"memoryRequestBytes"`
	MemoryLimitBytes   int64 `json:"memoryLimitBytes"`
}

// SetUsageView totals the usage of a set's game servers that have figures.
type SetUsageView struct {
	usage.Usage
	CPURequestMilli    int64 `json:"cpuRequestMillicores"`
	MemoryRequestBytes int64 `json:"memoryRequestBytes"`
	// GameServers counts the servers summed (those with figures).
	GameServers int `json:"gameServers"`
}

// SetUsage makes the service read usage figures from src (nil: none).
func (s *Service) SetUsage(src usage.Source) { s.usage = src }

// UsageStatus is the state of the metrics API as last polled.
func (s *Service) UsageStatus() usage.Status {
	if s.usage == nil {
		return usage.Status{State: usage.StateNotInstalled, Reason: "usage polling is off in this console"}
	}
	return s.usage.Snapshot().Status
}

func (s *Service) snapshot() *usage.Snapshot {
	if s.usage == nil {
		return nil
	}
	return s.usage.Snapshot()
}

// usageView is nil when there are no figures for the pod.
func usageView(snap *usage.Snapshot, gs *gamev1alpha1.GameServer, pod *corev1.Pod) *UsageView {
	u, ok := snap.Pod(gs.Namespace, gs.Name)
	if !ok {
		return nil
	}
	v := &UsageView{Usage: u}
	if pod != nil {
		for _, c := range pod.Spec.Containers {
			v.CPURequestMilli += c.Resources.Requests.Cpu().MilliValue()
			v.CPULimitMilli += c.Resources.Limits.Cpu().MilliValue()
			v.MemoryRequestBytes += c.Resources.Requests.Memory().Value()
			v.MemoryLimitBytes += c.Resources.Limits.Memory().Value()
		}
	}
	return v
}

func (s *Service) setUsage(snap *usage.Snapshot, servers []*gamev1alpha1.GameServer) *SetUsageView {
	if snap == nil || snap.Status.State != usage.StateAvailable {
		return nil
	}
	total := &SetUsageView{}
	for _, gs := range servers {
		v := usageView(snap, gs, s.cache.pod(gs.Namespace, gs.Name))
		if v == nil {
			continue
		}
		total.Usage = total.Usage.Add(v.Usage)
		total.CPURequestMilli += v.CPURequestMilli
		total.MemoryRequestBytes += v.MemoryRequestBytes
		total.GameServers++
	}
	return total
}

// usageKey is a candidate's figure for a usage sort; servers without figures are -1,
// so they come last when the hungriest come first.
func usageKey(c *candidate, sortBy string) int64 {
	if !c.hasUse {
		return -1
	}
	if sortBy == SortMemoryUsage {
		return c.use.MemoryBytes
	}
	return c.use.CPUMilli
}

// matchesUsage applies the usage filters; a server without figures matches none.
func matchesUsage(q *GameServerQuery, c *candidate) bool {
	if q.CPUUsage == nil && q.MemoryUsage == nil {
		return true
	}
	if !c.hasUse {
		return false
	}
	if q.CPUUsage != nil && !q.CPUUsage.Contains64(c.use.CPUMilli) {
		return false
	}
	return q.MemoryUsage == nil || q.MemoryUsage.Contains64(c.use.MemoryBytes/mib)
}

// Contains64 reports whether n is within the range.
func (r *IntRange) Contains64(n int64) bool {
	return (r.Min == nil || n >= int64(*r.Min)) && (r.Max == nil || n <= int64(*r.Max))
}

// UsageSnapshot is the latest usage snapshot (nil when usage is off).
func (s *Service) UsageSnapshot() *usage.Snapshot { return s.snapshot() }

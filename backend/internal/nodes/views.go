package nodes

import (
	"cmp"
	"net/url"
	"slices"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/usage"
)

// Node sort keys.
const (
	SortName        = "name"
	SortGameServers = "gameServers"
	SortCPUUsage    = "cpuUsage"
	SortMemoryUsage = "memoryUsage"
	SortAge         = "age"
)

// SortKeys are the keys a node list can be sorted by.
var SortKeys = []string{SortName, SortGameServers, SortCPUUsage, SortMemoryUsage, SortAge}

// ParamName filters nodes by a substring of their name.
const ParamName = "name"

// Query selects, orders and pages nodes.
type Query struct {
	fleet.ListQuery
	Name string // lower-cased substring
}

// ParseQuery validates a node list's query string (the one list contract).
func ParseQuery(q url.Values) (Query, error) {
	lq, err := fleet.ParseListQuery("", q, SortKeys, SortName)
	if err != nil {
		return Query{}, err
	}
	if lq.Fields != nil || lq.Project != "" {
		return Query{}, apierror.BadRequest(fleet.ParamFieldSelector, "nodes are selected by labelSelector and name only")
	}
	return Query{ListQuery: lq, Name: strings.ToLower(q.Get(ParamName))}, nil
}

// View is one node as the console shows it.
type View struct {
	Name          string            `json:"name"`
	Labels        map[string]string `json:"labels"`
	CreatedAt     time.Time         `json:"createdAt"`
	Ready         bool              `json:"ready"`
	Unschedulable bool              `json:"unschedulable"`
	// Pressure lists the pressure conditions that are True (MemoryPressure, DiskPressure, PIDPressure).
	Pressure    []string        `json:"pressure"`
	Conditions  []ConditionView `json:"conditions"`
	Allocatable ResourcesView   `json:"allocatable"`
	// Usage is the node's usage from the metrics API; null without figures.
	Usage       *usage.Usage `json:"usage"`
	GameServers fleet.Rollup `json:"gameServers"`
	InternalIP  string       `json:"internalIP"`
}

// ConditionView is one node condition.
type ConditionView struct {
	Type    string `json:"type"`
	Status  string `json:"status"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// ResourcesView is CPU, memory and pods of a node.
type ResourcesView struct {
	CPUMilli    int64 `json:"cpuMillicores"`
	MemoryBytes int64 `json:"memoryBytes"`
	Pods        int64 `json:"pods"`
}

func newView(n *corev1.Node, r *fleet.Rollup, snap *usage.Snapshot) View {
	v := View{Name: n.Name, Labels: n.Labels, CreatedAt: n.CreationTimestamp.UTC(), Unschedulable: n.Spec.Unschedulable,
		Pressure: []string{}, Conditions: make([]ConditionView, 0, len(n.Status.Conditions)),
		Allocatable: ResourcesView{CPUMilli: n.Status.Allocatable.Cpu().MilliValue(),
			MemoryBytes: n.Status.Allocatable.Memory().Value(), Pods: n.Status.Allocatable.Pods().Value()}}
	if v.Labels == nil {
		v.Labels = map[string]string{}
	}
	for _, c := range n.Status.Conditions {
		v.Conditions = append(v.Conditions, ConditionView{Type: string(c.Type), Status: string(c.Status), Reason: c.Reason, Message: c.Message})
		switch c.Type {
		case corev1.NodeReady:
			v.Ready = c.Status == corev1.ConditionTrue
		case corev1.NodeMemoryPressure, corev1.NodeDiskPressure, corev1.NodePIDPressure:
			if c.Status == corev1.ConditionTrue {
				v.Pressure = append(v.Pressure, string(c.Type))
			}
		}
	}
	for _, a := range n.Status.Addresses {
		if a.Type == corev1.NodeInternalIP {
			v.InternalIP = a.Address
			break
		}
	}
	if u, ok := snap.Node(n.Name); ok {
		v.Usage = &u
	}
	if r != nil {
		v.GameServers = *r
	} else {
		v.GameServers = fleet.NewRollup()
	}
	return v
}

// List filters, sorts and pages the nodes, each with its game servers' rollup.
func (s *Service) List(q Query) (fleet.List[View], error) {
	if err := s.ready(); err != nil {
		return fleet.List[View]{}, err
	}
	rollups := s.rollups("")
	snap := s.fleet.UsageSnapshot()
	views := make([]View, 0)
	for _, n := range s.nodes() {
		if q.Selector != nil && !q.Selector.Matches(labels.Set(n.Labels)) {
			continue
		}
		if q.Name != "" && !strings.Contains(strings.ToLower(n.Name), q.Name) {
			continue
		}
		views = append(views, newView(n, rollups[n.Name], snap))
	}
	slices.SortFunc(views, order(q.SortBy, q.Ascending))
	page := fleet.PageOf(views, q.Page, q.Limit)
	if page == nil {
		page = []View{}
	}
	return fleet.List[View]{Items: page, TotalItems: len(views)}, nil
}

// Get returns one node's view.
func (s *Service) Get(name string) (*View, error) {
	if err := s.ready(); err != nil {
		return nil, err
	}
	n := s.node(name)
	if n == nil {
		return nil, apierror.NotFound(Resource, name)
	}
	v := newView(n, s.rollups(name)[name], s.fleet.UsageSnapshot())
	return &v, nil
}

func usageOr(u *usage.Usage, memory bool) int64 {
	if u == nil {
		return -1
	}
	if memory {
		return u.MemoryBytes
	}
	return u.CPUMilli
}

func order(sortBy string, ascending bool) func(a, b View) int {
	primary := func(a, b View) int {
		switch sortBy {
		case SortGameServers:
			return cmp.Compare(a.GameServers.GameServers, b.GameServers.GameServers)
		case SortCPUUsage:
			return cmp.Compare(usageOr(a.Usage, false), usageOr(b.Usage, false))
		case SortMemoryUsage:
			return cmp.Compare(usageOr(a.Usage, true), usageOr(b.Usage, true))
		case SortAge: // youngest first when ascending
			return b.CreatedAt.Compare(a.CreatedAt)
		}
		return cmp.Compare(a.Name, b.Name)
	}
	return func(a, b View) int {
		r := primary(a, b)
		if !ascending {
			r = -r
		}
		return cmp.Or(r, cmp.Compare(a.Name, b.Name))
	}
}

package usage

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/url"
	"sync/atomic"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	"k8s.io/client-go/discovery"
)

// GroupVersion is the metrics API the poller reads.
const GroupVersion = "metrics.k8s.io/v1beta1"

const (
	podsPath  = "/apis/" + GroupVersion + "/pods"
	nodesPath = "/apis/" + GroupVersion + "/nodes"
)

// Options configure a Poller.
type Options struct {
	// Interval between polls (metrics-server itself scrapes every 15 s by default).
	Interval time.Duration
	// PodSelector narrows the PodMetrics listed (the game servers' pods); "" = all.
	PodSelector string
	Log         *slog.Logger
}

// Poller reads the metrics API on an interval. Snapshot is safe from any goroutine.
type Poller struct {
	disco discovery.DiscoveryInterface
	opts  Options
	snap  atomic.Pointer[Snapshot]
}

// NewPoller builds a poller over the cluster's discovery client (its REST client
// reaches the aggregated metrics API).
func NewPoller(disco discovery.DiscoveryInterface, opts Options) *Poller {
	if opts.Interval <= 0 {
		opts.Interval = 15 * time.Second
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	p := &Poller{disco: disco, opts: opts}
	p.snap.Store(NewSnapshot(Status{State: StatePending, IntervalSeconds: opts.Interval.Seconds()}, nil, nil))
	return p
}

// Snapshot returns the latest figures and status.
func (p *Poller) Snapshot() *Snapshot { return p.snap.Load() }

// Run polls at once and then every interval until ctx ends.
func (p *Poller) Run(ctx context.Context) {
	t := time.NewTicker(p.opts.Interval)
	defer t.Stop()
	for {
		p.Poll(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Poll reads the metrics API once and publishes the result.
func (p *Poller) Poll(ctx context.Context) {
	status := Status{IntervalSeconds: p.opts.Interval.Seconds()}
	pods, nodes, err := p.read(ctx)
	prev := p.snap.Load()
	switch {
	case err == nil:
		status.State, status.UpdatedAt = StateAvailable, time.Now().UTC()
		p.snap.Store(NewSnapshot(status, pods, nodes))
		return
	case apierrors.IsNotFound(err):
		status.State, status.Reason = StateNotInstalled, "the metrics.k8s.io API is not served in this cluster: install metrics-server"
	default:
		status.State, status.Reason = StateUnavailable, err.Error()
	}
	if prev.Status.State != status.State || prev.Status.Reason != status.Reason {
		p.opts.Log.Warn("usage: metrics unavailable", "state", status.State, "reason", status.Reason)
	}
	// No figures rather than stale ones: a list shows "unavailable", never old numbers.
	p.snap.Store(NewSnapshot(status, nil, nil))
}

func (p *Poller) read(ctx context.Context) (map[string]Usage, map[string]Usage, error) {
	if _, err := p.disco.ServerResourcesForGroupVersion(GroupVersion); err != nil {
		return nil, nil, err
	}
	var podList podMetricsList
	path := podsPath
	if p.opts.PodSelector != "" {
		path += "?labelSelector=" + url.QueryEscape(p.opts.PodSelector)
	}
	if err := p.get(ctx, path, &podList); err != nil {
		return nil, nil, err
	}
	var nodeList nodeMetricsList
	if err := p.get(ctx, nodesPath, &nodeList); err != nil {
		return nil, nil, err
	}
	pods := make(map[string]Usage, len(podList.Items))
	for _, pm := range podList.Items {
		var sum Usage
		for _, c := range pm.Containers {
			sum = sum.Add(usageOf(c.Usage))
		}
		pods[pm.Metadata.Namespace+"/"+pm.Metadata.Name] = sum
	}
	nodes := make(map[string]Usage, len(nodeList.Items))
	for _, nm := range nodeList.Items {
		nodes[nm.Metadata.Name] = usageOf(nm.Usage)
	}
	return pods, nodes, nil
}

func (p *Poller) get(ctx context.Context, absPath string, into any) error {
	u, err := url.Parse(absPath)
	if err != nil {
		return err
	}
	req := p.disco.RESTClient().Get().AbsPath(u.Path)
	for k, vs := range u.Query() {
		for _, v := range vs {
			req = req.Param(k, v)
		}
	}
	raw, err := req.DoRaw(ctx)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(raw, into); err != nil {
		return fmt.Errorf("decode %s: %w", u.Path, err)
	}
	return nil
}

// The parts of PodMetrics and NodeMetrics the poller reads.
type objectMeta struct {
	Name      string `json:"name"`
	Namespace string `json:"namespace"`
}

type podMetricsList struct {
	Items []struct {
		Metadata   objectMeta `json:"metadata"`
		Containers []struct {
			Usage map[string]resource.Quantity `json:"usage"`
		} `json:"containers"`
	} `json:"items"`
}

type nodeMetricsList struct {
	Items []struct {
		Metadata objectMeta                   `json:"metadata"`
		Usage    map[string]resource.Quantity `json:"usage"`
	} `json:"items"`
}

func usageOf(m map[string]resource.Quantity) Usage {
	var u Usage
	if q, ok := m["cpu"]; ok {
		u.CPUMilli = q.MilliValue()
	}
	if q, ok := m["memory"]; ok {
		u.MemoryBytes = q.Value()
	}
	return u
}

package scaling

import (
	"context"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/target"
	"github.com/okg-console/okg-console/backend/internal/warning"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// MaxReplicas bounds what the console lets one set be scaled to.
const MaxReplicas = 100000

// ScaleDownMethod says how chosen servers are taken out.
type ScaleDownMethod string

const (
	// MarkWaitToBeDeleted sets the chosen servers' opsState to WaitToBeDeleted, which
	// OKG removes before any None, Allocated or Maintaining server.
	MarkWaitToBeDeleted ScaleDownMethod = "WaitToBeDeleted"
	// ReserveIDs adds the chosen ids to reserveGameServerIds with the ReserveIds
	// scale-down strategy: OKG removes them and does not reuse their ids.
	ReserveIDs ScaleDownMethod = "ReserveIds"
)

// ScaleRequest sets a set's replicas, optionally choosing which servers go.
type ScaleRequest struct {
	Replicas *int32          `json:"replicas,omitempty"`
	Remove   *Selection      `json:"remove,omitempty"`
	Method   ScaleDownMethod `json:"method,omitempty"`
	// Force lets a scale take out chosen servers that are Allocated (players on them).
	Force  bool `json:"force,omitempty"`
	DryRun bool `json:"dryRun,omitempty"`
}

// Selection chooses game servers of the set: by names, ids ("1,3,7-9") or list
// filters with a limit, exactly one way (the one target selector).
type Selection = target.Selector

// ScalePreview is what a scale does, predicted from OKG's scale-down order.
type ScalePreview struct {
	DryRun         bool            `json:"dryRun"`
	ReplicasBefore int32           `json:"replicasBefore"`
	ReplicasAfter  int32           `json:"replicasAfter"`
	Method         ScaleDownMethod `json:"method,omitempty"`
	// Marked are the servers apply sets to WaitToBeDeleted, in removal order: exactly
	// the chosen servers that are removed and not already WaitToBeDeleted or Kill.
	Marked []string `json:"marked"`
	// Chosen are the servers the request chose, each once, as given.
	Chosen []string `json:"chosen"`
	// Stays are chosen servers OKG keeps at these replicas; they are not marked.
	Stays   []string `json:"stays"`
	Removed []Member `json:"removed"`
	KeptIDs string   `json:"keptIds"`
	// AddedIDs are the ids new servers get when the replicas grow.
	AddedIDs string `json:"addedIds"`
	// ReserveGameServerIDs are the set's reserved ids afterwards.
	ReserveGameServerIDs  string            `json:"reserveGameServerIds"`
	ScaleDownStrategyType string            `json:"scaleDownStrategyType"`
	Warnings              []warning.Warning `json:"warnings"`
	// Results are what each write did (or, with dryRun, would do), in order: the marks,
	// then the set, then any mark undone because the set write failed.
	Results []write.Result `json:"results"`
	write.Summary
}

// Service scales sets.
type Service struct {
	fleet  *fleet.Service
	writer *write.Writer
}

// NewService builds the scaling service over the read model; w is the one write path.
func NewService(f *fleet.Service, w *write.Writer) *Service {
	if w == nil {
		w = write.New(write.Options{})
	}
	return &Service{fleet: f, writer: w}
}

// OwnWriteWait bounds how long a plan waits for the cache to see this console's own
// last write to the set (a scale right after a scale), so it is planned from it.
var OwnWriteWait = 3 * time.Second

func (s *Service) set(ctx context.Context, namespace, name string) (*gamev1alpha1.GameServerSet, error) {
	s.writer.AwaitOwnWrite(ctx, write.KindGameServerSet, namespace, name, func() string {
		if gss := s.fleet.GameServerSetObject(namespace, name); gss != nil {
			return gss.ResourceVersion
		}
		return ""
	}, OwnWriteWait)
	gss := s.fleet.GameServerSetObject(namespace, name)
	if gss == nil {
		return nil, apierror.NotFound(gamev1alpha1.SchemeGroupVersion.WithResource("gameserversets").GroupResource(), name)
	}
	return gss, nil
}

// Scale previews (DryRun, validated by the API server's own dry-run) or performs a
// scale: validate, build the prediction's inputs from the cache, plan, apply the plan.
func (s *Service) Scale(ctx context.Context, actor write.Actor, namespace, name string, req *ScaleRequest) (*ScalePreview, error) {
	gss, err := s.set(ctx, namespace, name)
	if err != nil {
		return nil, err
	}
	in, objs, err := s.scaleInput(gss, req)
	if err != nil {
		return nil, err
	}
	plan, err := PlanScale(in)
	if err != nil {
		return nil, err
	}
	plan.Preview.DryRun = req.DryRun
	results := s.applyScale(ctx, actor, gss, objs, plan, req.DryRun)
	if err := onlyFailure(results); err != nil {
		return nil, err
	}
	plan.Preview.Results, plan.Preview.Summary = results, write.Summarize(results)
	return &plan.Preview, nil
}

// scaleInput reads what the prediction needs from the cache: the set, its servers and
// the chosen ones (resolved by the one target selector; a chosen name or id with no
// server of the set is a 422 naming it). objs are the cached servers by name, whose
// resourceVersions guard apply's writes.
func (s *Service) scaleInput(gss *gamev1alpha1.GameServerSet, req *ScaleRequest) (ScaleInput, map[string]*gamev1alpha1.GameServer, error) {
	in := ScaleInput{Method: req.Method, Replicas: req.Replicas, Force: req.Force, Selected: req.Remove != nil}
	servers := s.fleet.Select(setQuery(gss.Namespace, gss.Name))
	if req.Remove != nil {
		res, err := target.Resolve(s.fleet, target.Scope{Namespace: gss.Namespace, Set: gss.Name, Field: "remove"}, *req.Remove)
		if err != nil {
			return in, nil, err
		}
		if len(res.Missing) > 0 {
			m := res.Missing[0]
			return in, nil, apierror.Invalid(m.Field, "%s is not a game server of %s", m.Name, gss.Name)
		}
		for _, gs := range res.Found {
			in.Chosen = append(in.Chosen, gs.Name)
		}
	}
	set, err := setStateOf(gss, len(servers))
	if err != nil {
		return in, nil, err
	}
	in.Set = set
	objs := make(map[string]*gamev1alpha1.GameServer, len(servers))
	for _, gs := range servers {
		objs[gs.Name] = gs
		in.Servers = append(in.Servers, serverOf(gs, s.fleet.Pod(gs.Namespace, gs.Name)))
	}
	return in, objs, nil
}

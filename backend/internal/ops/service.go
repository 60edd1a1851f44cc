package ops

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/target"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// MaxTargets bounds one request; larger changes are split by the caller.
const MaxTargets = target.MaxServers

// Options configures the operations service.
type Options struct {
	Concurrency int
	Writer      *write.Writer // the one write path
}

// Service runs operations.
type Service struct {
	fleet *fleet.Service
	opts  Options
}

// NewService builds the operations service over the read model.
func NewService(f *fleet.Service, opts Options) *Service {
	if opts.Concurrency <= 0 {
		opts.Concurrency = 16
	}
	if opts.Writer == nil {
		opts.Writer = write.New(write.Options{})
	}
	return &Service{fleet: f, opts: opts}
}

// Actor is who runs an operation: the name recorded in the audit trail, and the
// clients the writes go through.
type Actor = write.Actor

// Execute validates req, resolves its targets in namespace, applies the guard rails
// and runs it (or previews it with the API server's dry-run). Invalid requests
// change nothing and return a Status error.
func (s *Service) Execute(ctx context.Context, actor Actor, namespace string, req *Request) (*Result, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	sel, scope := req.Targets.selector(namespace)
	chosen, err := target.Resolve(s.fleet, scope, sel)
	if err != nil {
		return nil, err
	}
	targets, missing := chosen.Found, chosen.MissingNames()
	if len(targets)+len(missing) == 0 && req.Operation.Type == OpDrain {
		return &Result{DryRun: req.DryRun, Operation: OpDrain, User: actor.User, Notes: notesFor(req), Items: []ItemResult{}}, nil
	}
	if len(targets)+len(missing) == 0 {
		return nil, apierror.Invalid("targets", "no game server in namespace %s matches", namespace)
	}
	if err := s.checkContainers(req, targets); err != nil {
		return nil, err
	}
	if err := guardAllocated(req, targets); err != nil {
		return nil, err
	}
	res := &Result{DryRun: req.DryRun, Operation: req.Operation.Type, User: actor.User, Notes: notesFor(req)}
	res.Items = make([]ItemResult, len(targets), len(targets)+len(missing))
	p := planFor(&req.Operation)
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(s.opts.Concurrency, len(targets)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				res.Items[i] = s.runItem(ctx, actor, req, p, targets[i])
			}
		}()
	}
	for i := range targets {
		work <- i
	}
	close(work)
	wg.Wait()
	for _, name := range missing {
		res.Items = append(res.Items, ItemResult{Kind: write.KindGameServer, Name: name, Namespace: namespace, Code: http.StatusNotFound,
			Error: fmt.Sprintf("game server %q not found in namespace %s", name, namespace)})
	}
	res.Summary = write.Summarize(res.Items)
	return res, nil
}

// checkContainers refuses image and resource changes naming a container a target lacks.
func (s *Service) checkContainers(req *Request, targets []*gamev1alpha1.GameServer) error {
	if req.Operation.Type != OpImage && req.Operation.Type != OpResources {
		return nil
	}
	for _, gs := range targets {
		have := s.containerNames(gs)
		for i, c := range req.Operation.Containers {
			if !have[c.Name] {
				return apierror.Invalid(fmt.Sprintf("operation.containers[%d].name", i),
					"game server %s has no container %q (it has %s)", gs.Name, c.Name, joinKeys(have))
			}
		}
	}
	return nil
}

// containerNames are the pod's containers, or the set template's before a pod exists.
func (s *Service) containerNames(gs *gamev1alpha1.GameServer) map[string]bool {
	names := map[string]bool{}
	if pod := s.fleet.Pod(gs.Namespace, gs.Name); pod != nil {
		for _, c := range pod.Spec.Containers {
			names[c.Name] = true
		}
		return names
	}
	if gss := s.fleet.GameServerSetObject(gs.Namespace, okg.SetOf(gs)); gss != nil {
		for _, c := range gss.Spec.GameServerTemplate.Spec.Containers {
			names[c.Name] = true
		}
	}
	return names
}

func joinKeys(m map[string]bool) string {
	var keys []string
	for k := range m {
		keys = append(keys, fmt.Sprintf("%q", k))
	}
	if len(keys) == 0 {
		return "none"
	}
	return strings.Join(keys, ", ")
}

// guardAllocated refuses operations that would disconnect players, listing every
// Allocated target, unless the request is forced (apierror.PlayersConnected, the rule
// set rollouts follow too).
func guardAllocated(req *Request, targets []*gamev1alpha1.GameServer) error {
	if req.Force || !req.touchesPlayers() {
		return nil
	}
	var names []string
	for _, gs := range targets {
		if okg.OpsStateOf(gs) == gamev1alpha1.Allocated {
			names = append(names, gs.Name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return apierror.PlayersConnected("targets", string(req.Operation.Type), names)
}

// resetNote: a GameServer is owned by its pod, so deleting the pod garbage-collects it
// and OKG creates it again with defaults (seen with the real controllers).
const resetNote = " The game server comes back with OKG's defaults: opsState None (allocatable to players again), update and deletion priority 0, no per-server image or resources."

func notesFor(req *Request) []string {
	notes := []string{}
	switch req.Operation.Type {
	case OpResources:
		if req.Operation.RecreatePods {
			notes = append(notes, "OKG applies resources only to a new pod: each changed game server's pod is deleted and OKG recreates it with the same id, disconnecting its players."+resetNote)
		} else {
			notes = append(notes, "OKG applies resources only when a pod is recreated: running pods keep their current resources until then (use recreatePods to recreate them now).")
		}
	case OpDelete:
		notes = append(notes, "Each game server's pod is deleted; OKG recreates it with the same name and id, and the game server goes through Deleting and Creating back to Ready. Players on it are disconnected."+resetNote)
	case OpKill:
		notes = append(notes, "opsState becomes Kill: OKG deletes these game servers first and lowers the set's replicas by one for each.")
	case OpDrain:
		notes = append(notes, DrainNote)
	case OpImage:
		notes = append(notes, "OKG updates the container image of each pod in place where possible (only the image changes).")
	}
	return notes
}

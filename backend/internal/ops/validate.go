package ops

import (
	"fmt"
	"slices"
	"strings"

	"github.com/distribution/reference"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/okg"
)

// validate checks everything that does not depend on the targets. Errors are 422s
// naming the field, or 400 for the confirmation that is missing.
func (r *Request) validate() error {
	op := &r.Operation
	if !slices.Contains(operationTypes, op.Type) {
		names := make([]string, len(operationTypes))
		for i, t := range operationTypes {
			names[i] = string(t)
		}
		return apierror.Invalid("operation.type", "unknown operation %q; one of %s", op.Type, strings.Join(names, ", "))
	}
	switch op.Type {
	case OpOpsState:
		if !okg.IsKnownOpsState(op.OpsState) {
			return apierror.Invalid("operation.opsState", "%q is not an OKG opsState; one of None, Allocated, Maintaining, WaitToBeDeleted, Kill", op.OpsState)
		}
	case OpUpdatePriority, OpDeletionPriority:
		if _, err := int32Priority(op.Priority); err != nil {
			return apierror.Invalid("operation.priority", "%v", err)
		}
	case OpNetworkDisabled:
		if op.NetworkDisabled == nil {
			return apierror.Invalid("operation.networkDisabled", "is required (true or false)")
		}
	case OpImage:
		if err := validateImages(op.Containers); err != nil {
			return err
		}
	case OpResources:
		if err := validateResources(op.Containers); err != nil {
			return err
		}
	case OpDelete, OpKill:
		if !r.Confirm && !r.DryRun {
			return apierror.BadRequest("confirm", "must be true to %s game servers; preview with dryRun=true first", op.Type)
		}
	}
	return r.Targets.validate()
}

func (t *Targets) validate() error {
	sel, scope := t.selector("")
	if len(t.Names) > 0 && t.GameServerSet != "" {
		return apierror.Invalid("targets.gameServerSet", "goes with ids or a filter, not with names")
	}
	return sel.Validate(scope)
}

func validateImages(cs []ContainerChange) error {
	if len(cs) == 0 {
		return apierror.Invalid("operation.containers", "name at least one container and its new image")
	}
	seen := map[string]bool{}
	for i, c := range cs {
		field := fmt.Sprintf("operation.containers[%d]", i)
		if c.Name == "" {
			return apierror.Invalid(field+".name", "is required")
		}
		if seen[c.Name] {
			return apierror.Invalid(field+".name", "container %q is listed twice", c.Name)
		}
		seen[c.Name] = true
		if _, err := reference.ParseNormalizedNamed(c.Image); err != nil {
			return apierror.Invalid(field+".image", "%q is not an image reference: %v", c.Image, err)
		}
	}
	return nil
}

// validateResources allows CPU and memory requests and limits, each request no
// larger than its limit; OKG copies them to the pod, which the API server would
// otherwise refuse only when the pod is recreated.
func validateResources(cs []ContainerChange) error {
	if len(cs) == 0 {
		return apierror.Invalid("operation.containers", "name at least one container and its resources")
	}
	for i, c := range cs {
		field := fmt.Sprintf("operation.containers[%d]", i)
		if c.Name == "" {
			return apierror.Invalid(field+".name", "is required")
		}
		if c.Resources == nil || (len(c.Resources.Requests) == 0 && len(c.Resources.Limits) == 0) {
			return apierror.Invalid(field+".resources", "set requests or limits")
		}
		for kind, list := range map[string]corev1.ResourceList{"requests": c.Resources.Requests, "limits": c.Resources.Limits} {
			for name, q := range list {
				if name != corev1.ResourceCPU && name != corev1.ResourceMemory {
					return apierror.Invalid(fmt.Sprintf("%s.resources.%s.%s", field, kind, name), "only cpu and memory can be changed here")
				}
				if q.Sign() <= 0 {
					return apierror.Invalid(fmt.Sprintf("%s.resources.%s.%s", field, kind, name), "must be positive")
				}
			}
		}
		for name, req := range c.Resources.Requests {
			if lim, ok := c.Resources.Limits[name]; ok && req.Cmp(lim) > 0 {
				return apierror.Invalid(fmt.Sprintf("%s.resources.requests.%s", field, name),
					"%s is above the limit %s", req.String(), lim.String())
			}
		}
	}
	return nil
}

// touchesPlayers reports whether the operation can interrupt a running match:
// those are refused on Allocated servers unless forced.
func (r *Request) touchesPlayers() bool {
	switch r.Operation.Type {
	case OpDelete, OpKill, OpImage:
		return true
	case OpResources:
		return r.Operation.RecreatePods
	case OpOpsState:
		return r.Operation.OpsState == "Kill"
	}
	return false
}

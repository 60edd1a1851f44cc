package contract

import (
	"encoding/json"
	"reflect"
	"time"

	kruisev1beta1 "github.com/openkruise/kruise-api/apps/v1beta1"
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/okg-console/okg-console/backend/internal/autoscale"
	"github.com/okg-console/okg-console/backend/internal/clusters"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/history"
	"github.com/okg-console/okg-console/backend/internal/manifest"
	"github.com/okg-console/okg-console/backend/internal/nodes"
	"github.com/okg-console/okg-console/backend/internal/okg"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/scaling"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/usage"
	"github.com/okg-console/okg-console/backend/internal/warning"
)

// typeNames names the components whose Go name is ambiguous (two packages' Form),
// generic (fleet.List[T]) or better known to API users by another name.
var typeNames = map[reflect.Type]string{
	reflect.TypeFor[clusters.GameServerList]():             "MultiClusterGameServerList",
	reflect.TypeFor[clusters.GameServerSetList]():          "MultiClusterGameServerSetList",
	reflect.TypeFor[clusters.GameServer]():                 "MultiClusterGameServer",
	reflect.TypeFor[clusters.GameServerSet]():              "MultiClusterGameServerSet",
	reflect.TypeFor[clusters.Overview]():                   "MultiClusterOverview",
	reflect.TypeFor[clusters.OperationRequest]():           "MultiClusterOperationRequest",
	reflect.TypeFor[clusters.OperationResult]():            "MultiClusterOperationResult",
	reflect.TypeFor[clusters.OperationTarget]():            "MultiClusterOperationTarget",
	reflect.TypeFor[clusters.OperationPart]():              "MultiClusterOperationPart",
	reflect.TypeFor[clusters.RolloutRequest]():             "MultiClusterRolloutRequest",
	reflect.TypeFor[clusters.RolloutResult]():              "MultiClusterRolloutResult",
	reflect.TypeFor[clusters.RolloutTarget]():              "MultiClusterRolloutTarget",
	reflect.TypeFor[clusters.RolloutPart]():                "MultiClusterRolloutPart",
	reflect.TypeFor[clusters.RolloutSummary]():             "MultiClusterRolloutSummary",
	reflect.TypeFor[clusters.MemberStatus]():               "ClusterStatus",
	reflect.TypeFor[ops.Request]():                         "OperationRequest",
	reflect.TypeFor[ops.Result]():                          "OperationResult",
	reflect.TypeFor[ops.Targets]():                         "OperationTargets",
	reflect.TypeFor[warning.Warning]():                     "PreviewWarning",
	reflect.TypeFor[autoscale.Form]():                      "AutoscalerForm",
	reflect.TypeFor[autoscale.View]():                      "Autoscaler",
	reflect.TypeFor[autoscale.Status]():                    "AutoscalingStatus",
	reflect.TypeFor[autoscale.Policy]():                    "ScaleDownPolicy",
	reflect.TypeFor[autoscale.ScaleDown]():                 "AutoscalerScaleDown",
	reflect.TypeFor[manifest.Form]():                       "GameServerSetForm",
	reflect.TypeFor[fleet.List[fleet.GameServerView]]():    "GameServerList",
	reflect.TypeFor[fleet.List[fleet.GameServerSetView]](): "GameServerSetList",
	reflect.TypeFor[stream.Message]():                      "StreamMessage",
	reflect.TypeFor[fleet.List[nodes.View]]():              "NodeList",
	reflect.TypeFor[nodes.View]():                          "NodeView",
	reflect.TypeFor[nodes.ConditionView]():                 "NodeCondition",
	reflect.TypeFor[nodes.ResourcesView]():                 "NodeResources",
	reflect.TypeFor[usage.Status]():                        "UsageStatus",
	reflect.TypeFor[usage.Usage]():                         "Usage",
	reflect.TypeFor[yamlBody]():                            "YAMLBody",
}

// qualifiedNames rename types by import path, for packages the contract does not
// import itself (the write path's per-object result reaches it through ops).
var qualifiedNames = map[string]string{
	"github.com/okg-console/okg-console/backend/internal/write.Result": "ObjectResult",
}

// yamlBody is the JSON wrapper a YAML create or replace may be sent in, {"yaml": "..."}
// (api.objectFromBody reads it without a Go type of its own).
type yamlBody struct {
	YAML string `json:"yaml"`
}

const kubeObjectSchema = "KubeObject"

// kubeObject is the one schema of every whole Kubernetes object the API passes through.
func kubeObject() *Schema {
	obj := &Schema{Type: "object", AdditionalProperties: &Schema{}}
	return &Schema{Type: "object", Description: "A Kubernetes object as the API server stores it (managedFields removed).",
		Properties: map[string]*Schema{
			"apiVersion": {Type: "string"}, "kind": {Type: "string"},
			"metadata": obj, "spec": obj, "status": obj,
		}, AdditionalProperties: &Schema{}}
}

// opaqueTypes are described by a hand-made component instead of by reflection.
var opaqueTypes = map[reflect.Type]string{
	reflect.TypeFor[unstructured.Unstructured](): kubeObjectSchema,
}

// special covers the types that write their own JSON.
func special(t reflect.Type) (*Schema, bool) {
	switch t {
	case reflect.TypeFor[time.Time](), reflect.TypeFor[metav1.Time]():
		return &Schema{Type: "string", Format: "date-time"}, true
	case reflect.TypeFor[json.Number]():
		return &Schema{Type: "number"}, true
	case reflect.TypeFor[intstr.IntOrString]():
		return &Schema{IntOrString: true, OneOf: []*Schema{{Type: "integer"}, {Type: "string"}}}, true
	case reflect.TypeFor[resource.Quantity]():
		return &Schema{Type: "string", Description: "A Kubernetes quantity: 500m, 2, 1Gi."}, true
	case reflect.TypeFor[autoscale.NumString]():
		// Accepted as a JSON number or a string; written as a string.
		return &Schema{OneOf: []*Schema{{Type: "number"}, {Type: "string"}}}, true
	}
	return nil, false
}

// alwaysNullable are struct types encoding/json writes as null when zero.
var alwaysNullable = map[reflect.Type]bool{reflect.TypeFor[metav1.Time](): true}

// enumTypes are typed strings whose values are an enum component.
var enumTypes = map[reflect.Type]string{}

// enum is one named list of allowed string values, taken from Go constants.
type enum struct {
	Name        string
	Description string
	Values      []string
	Type        reflect.Type // the typed string carrying these values, if there is one
}

func strs[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// enums are the API's enumerations. The lists that the owning packages keep
// unexported (operation types, scale-down methods, warning codes, pod update and
// select policies) are assembled here from their exported constants: keep them in step.
func enums() []enum {
	return []enum{
		{Name: "OperationType", Description: "What an operation on game servers changes.", Type: reflect.TypeFor[ops.OperationType](),
			Values: strs(ops.OpOpsState, ops.OpUpdatePriority, ops.OpDeletionPriority, ops.OpNetworkDisabled,
				ops.OpImage, ops.OpResources, ops.OpDelete, ops.OpKill, ops.OpDrain)},
		{Name: "OpsState", Description: "OKG's opsStates (the CRD does not restrict them; the console does).",
			Type: reflect.TypeFor[gamev1alpha1.OpsState](), Values: strs(okg.OpsStates...)},
		{Name: "GameServerState", Description: "OKG's game server states.", Type: reflect.TypeFor[gamev1alpha1.GameServerState](),
			Values: strs(okg.States...)},
		{Name: "NetworkState", Description: "OKG's network states.", Type: reflect.TypeFor[gamev1alpha1.NetworkState](),
			Values: strs(okg.NetworkStates...)},
		{Name: "ScaleDownMethod", Description: "How the servers chosen in a scale-down are taken out.",
			Type: reflect.TypeFor[scaling.ScaleDownMethod](), Values: strs(scaling.MarkWaitToBeDeleted, scaling.ReserveIDs)},
		{Name: "ScaleDownStrategyType", Description: "OKG's scale-down strategy of a GameServerSet.",
			Type:   reflect.TypeFor[gamev1alpha1.ScaleDownStrategyType](),
			Values: strs(gamev1alpha1.GeneralScaleDownStrategyType, gamev1alpha1.ReserveIdsScaleDownStrategyType)},
		{Name: "PodUpdatePolicy", Description: "How kruise updates a game server's pod.",
			Type: reflect.TypeFor[kruisev1beta1.PodUpdateStrategyType](),
			Values: strs(kruisev1beta1.RecreatePodUpdateStrategyType, kruisev1beta1.InPlaceIfPossiblePodUpdateStrategyType,
				kruisev1beta1.InPlaceOnlyPodUpdateStrategyType)},
		{Name: "SelectPolicy", Description: "Which scale-down policy the HPA applies.", Type: reflect.TypeFor[autoscalingv2.ScalingPolicySelect](),
			Values: strs(autoscalingv2.MaxChangePolicySelect, autoscalingv2.MinChangePolicySelect, autoscalingv2.DisabledPolicySelect)},
		{Name: "ScalingPolicyType", Description: "What a scale-down policy's value counts.", Type: reflect.TypeFor[autoscalingv2.HPAScalingPolicyType](),
			Values: []string{autoscale.PolicyPercent, autoscale.PolicyPods}},
		{Name: "WarningCode", Description: "A preview warning's stable code (the UI translates it).", Type: reflect.TypeFor[warning.Code](),
			Values: strs(warning.AllocatedRemoved, warning.MaintainingRemoved, warning.ChosenServerStays, warning.ReservedIDsSkipped,
				warning.ScaledObjectNameMismatch, warning.NoScalerAddress)},
		{Name: "GameServerSortKey", Description: "The keys a game server list sorts by.", Values: fleet.GameServerSortKeys},
		{Name: "GameServerSetSortKey", Description: "The keys a game server set list sorts by.", Values: fleet.GameServerSetSortKeys},
		{Name: "NodeSortKey", Description: "The keys a node list sorts by.", Values: nodes.SortKeys},
		{Name: "UsageState", Description: "Whether the metrics API (metrics-server) has usage figures.", Type: reflect.TypeFor[usage.State](),
			Values: strs(usage.StatePending, usage.StateAvailable, usage.StateNotInstalled, usage.StateUnavailable)},
		{Name: "StreamMessageType", Description: "The kind of a live-update message.",
			Values: []string{stream.TypeSnapshot, stream.TypeAdded, stream.TypeModified, stream.TypeDeleted, stream.TypeBookmark, stream.TypeResumed}},
		{Name: "StreamResource", Description: "A resource whose list (or one object) can be watched.",
			Type: reflect.TypeFor[stream.Resource](), Values: strs(stream.GameServers, stream.GameServerSets, stream.Overview, stream.History)},
		{Name: "HistoryChange", Description: "What a history entry records: a field that changed, a creation or deletion, a console write or an Event.",
			Type: reflect.TypeFor[history.Change](), Values: strs(history.Changes...)},
		{Name: "HistorySource", Description: "How a history entry was learnt.",
			Type: reflect.TypeFor[history.Source](), Values: strs(history.Sources...)},
	}
}

func init() {
	for _, e := range enums() {
		if e.Type != nil {
			enumTypes[e.Type] = e.Name
		}
	}
}

// fieldRules narrow plain-string fields to their enum and carry the server's bounds.
func fieldRules() map[fieldKey]fieldRule {
	return map[fieldKey]fieldRule{
		key[ops.Operation]("opsState"): {Ref: "OpsState"},
		// The single-server path names its server; the body leaves targets out.
		key[ops.Request]("targets"):                          {Optional: true},
		key[ops.Targets]("names"):                            {MaxItems: int64p(ops.MaxTargets)},
		key[scaling.ScaleRequest]("replicas"):                {Min: int64p(0), Max: int64p(scaling.MaxReplicas)},
		key[scaling.ReserveRequest]("scaleDownStrategyType"): {Ref: "ScaleDownStrategyType"},
		key[scaling.UpdateRequest]("podUpdatePolicy"):        {Ref: "PodUpdatePolicy"},
		key[manifest.UpdateStrategyForm]("podUpdatePolicy"):  {Ref: "PodUpdatePolicy"},
		key[manifest.Form]("replicas"):                       {Min: int64p(0), Max: int64p(scaling.MaxReplicas)},
		key[autoscale.ScaleDown]("selectPolicy"):             {Ref: "SelectPolicy"},
		key[autoscale.Policy]("type"):                        {Ref: "ScalingPolicyType"},
		key[autoscale.View]("object"):                        {Ref: kubeObjectSchema},
		key[stream.Message]("type"):                          {Ref: "StreamMessageType"},
	}
}

func key[T any](json string) fieldKey { return fieldKey{qualified(reflect.TypeFor[T]()), json} }

// looseRules apply to types the contract reaches only through other packages (the
// per-object result of a write); they are not required to match a field.
func looseRules() map[fieldKey]fieldRule {
	const writeResult = "github.com/okg-console/okg-console/backend/internal/write.Result"
	const itemResult = "github.com/okg-console/okg-console/backend/internal/ops.ItemResult"
	// A failed object's before/after state is null when it could not be read.
	return map[fieldKey]fieldRule{
		{writeResult, "before"}: {Nullable: true}, {writeResult, "after"}: {Nullable: true},
		{itemResult, "before"}: {Nullable: true}, {itemResult, "after"}: {Nullable: true},
	}
}

// limits are the bounds the server enforces, published as x-okg-limits and as TypeScript constants.
func limits() map[string]int64 {
	return map[string]int64{
		"maxTargets":       ops.MaxTargets,
		"maxReplicas":      scaling.MaxReplicas,
		"maxIds":           okg.MaxIDs,
		"maxIdItems":       okg.MaxIDItems,
		"maxIdListLength":  okg.MaxIDListLength,
		"maxPriority":      ops.MaxPriority,
		"maxListLimit":     fleet.MaxLimit,
		"defaultListLimit": fleet.DefaultLimit,
	}
}

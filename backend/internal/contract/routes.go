package contract

import (
	"net/http"
	"reflect"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/okg-console/okg-console/backend/internal/autoscale"
	"github.com/okg-console/okg-console/backend/internal/clusters"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/history"
	"github.com/okg-console/okg-console/backend/internal/logs"
	"github.com/okg-console/okg-console/backend/internal/manifest"
	"github.com/okg-console/okg-console/backend/internal/nodes"
	"github.com/okg-console/okg-console/backend/internal/ops"
	"github.com/okg-console/okg-console/backend/internal/origin"
	"github.com/okg-console/okg-console/backend/internal/scaling"
	"github.com/okg-console/okg-console/backend/internal/stream"
	"github.com/okg-console/okg-console/backend/internal/usage"
)

// Route is one method on one path of the API, as api.NewRouter registers it
// (the path in Gin's syntax, relative to the API prefix).
type Route struct {
	Method, Path string
	ID, Summary  string
	Tag          string
	Query        []*Parameter
	Body         *Body
	// OK is the success status and its body type; Created also answers 201 (a create).
	OK      int
	Result  reflect.Type
	Created bool
	// NoContent, when set, says when the route answers 204 with no body instead.
	NoContent string
	// YAML: the success body is application/yaml text, not JSON.
	YAML bool
	// Text: the success body is text/plain (a container log).
	Text bool
	// Watch: ?watch=true upgrades the request to a websocket stream of StreamMessage.
	Watch bool
	// Public: no identity needed (the document itself).
	Public bool
	Errors []int
}

// Body is a write's request body: a JSON type, or a choice of JSON types, and
// whether YAML text is accepted too.
type Body struct {
	JSON []reflect.Type
	YAML bool
}

func body(ts ...reflect.Type) *Body { return &Body{JSON: ts} }

func query(name, description string, s *Schema) *Parameter {
	return &Parameter{Name: name, In: "query", Description: description, Schema: s}
}

func listOf(enumName string) *Schema {
	return &Schema{Type: "array", Items: ref(enumName)}
}

// listParams are the one list contract every list speaks (fleet's parameter names and bounds).
func listParams(sortKeys string) []*Parameter {
	return []*Parameter{
		query(fleet.ParamPage, "1-based page number.", &Schema{Type: "integer", Minimum: int64p(1), Default: 1}),
		query(fleet.ParamLimit, "Page size.", &Schema{Type: "integer", Minimum: int64p(1), Maximum: int64p(fleet.MaxLimit), Default: fleet.DefaultLimit}),
		query(fleet.ParamSortBy, "Sort key.", ref(sortKeys)),
		query(fleet.ParamAscending, "Sort order (default true).", &Schema{Type: "boolean"}),
		query(fleet.ParamLabelSelector, "A Kubernetes label selector.", &Schema{Type: "string"}),
		query(fleet.ParamProject, "Value of the configured project label.", &Schema{Type: "string"}),
		query(fleet.ParamFieldSelector, "metadata.name and metadata.namespace (=, ==, !=).", &Schema{Type: "string"}),
	}
}

// commaList is an enum filter that may repeat and hold comma-separated values.
func commaList(name, description, enumName string) *Parameter {
	p := query(name, description, listOf(enumName))
	p.Style, p.Explode = "form", new(bool)
	return p
}

func gameServerFilters() []*Parameter {
	return append(listParams("GameServerSortKey"),
		query(fleet.ParamGameServerSet, "Only this set's game servers.", &Schema{Type: "string"}),
		commaList(fleet.ParamState, "States (several, comma-separated).", "GameServerState"),
		commaList(fleet.ParamOpsState, "OpsStates (several, comma-separated).", "OpsState"),
		commaList(fleet.ParamNetworkState, "Network states (several, comma-separated).", "NetworkState"),
		query(fleet.ParamImage, "Substring of any container image.", &Schema{Type: "string"}),
		query(fleet.ParamNode, "Node name.", &Schema{Type: "string"}),
		query(fleet.ParamName, "Case-insensitive substring of the name.", &Schema{Type: "string"}),
		query(fleet.ParamIDs, "Ordinals: 1,3,7-9.", &Schema{Type: "string"}),
		query(fleet.ParamUpdatePriority, "Range N, A:B, A: or :B.", &Schema{Type: "string"}),
		query(fleet.ParamDeletionPriority, "Range N, A:B, A: or :B.", &Schema{Type: "string"}),
		query(fleet.ParamCPUUsage, "CPU usage in millicores: N, A:B, A: or :B (servers without figures never match).", &Schema{Type: "string"}),
		query(fleet.ParamMemoryUsage, "Memory usage in MiB: N, A:B, A: or :B (servers without figures never match).", &Schema{Type: "string"}),
	)
}

func gameServerSetFilters() []*Parameter {
	return append(listParams("GameServerSetSortKey"),
		query(fleet.ParamName, "Case-insensitive substring of the name.", &Schema{Type: "string"}))
}

func nodeFilters() []*Parameter {
	params := listParams("NodeSortKey")
	out := []*Parameter{}
	for _, p := range params { // nodes are cluster-scoped: no project or field selector
		if p.Name != fleet.ParamProject && p.Name != fleet.ParamFieldSelector {
			out = append(out, p)
		}
	}
	return append(out, query(nodes.ParamName, "Case-insensitive substring of the name.", &Schema{Type: "string"}))
}

func watchParams() []*Parameter {
	return []*Parameter{
		query(stream.ParamWatch, "true: upgrade to a websocket stream of this query (subprotocol "+stream.Subprotocol+").", &Schema{Type: "boolean"}),
		query(stream.ParamResume, "With watch: the cursor of the last message received.", &Schema{Type: "string"}),
	}
}

func historyParams() []*Parameter {
	return append([]*Parameter{
		query(fleet.ParamPage, "1-based page number.", &Schema{Type: "integer", Minimum: int64p(1), Default: 1}),
		query(fleet.ParamLimit, "Page size.", &Schema{Type: "integer", Minimum: int64p(1), Maximum: int64p(fleet.MaxLimit), Default: fleet.DefaultLimit}),
		query(fleet.ParamAscending, "Oldest first (default: newest first).", &Schema{Type: "boolean"}),
		commaList(history.ParamChange, "Kinds of change (several, comma-separated).", "HistoryChange"),
		commaList(history.ParamSource, "Sources (several, comma-separated).", "HistorySource"),
		query(history.ParamUser, "Only console writes by this user.", &Schema{Type: "string"}),
		query(history.ParamSince, "From this time (RFC 3339, inclusive).", &Schema{Type: "string", Format: "date-time"}),
		query(history.ParamUntil, "Before this time (RFC 3339).", &Schema{Type: "string", Format: "date-time"}),
		query(history.ParamKind, "GameServer or GameServerSet.", &Schema{Type: "string", Enum: []string{history.KindGameServer, history.KindGameServerSet}}),
		query(history.ParamWarning, "true: only warnings (crashes, restarts, failed writes, Warning Events).", &Schema{Type: "boolean"}),
		query(history.ParamGameServerSet, "Only this set and its game servers.", &Schema{Type: "string"}),
		query(history.ParamName, "Substring of the object's name.", &Schema{Type: "string"}),
		query("format", "csv: download every match (up to 100,000) as CSV instead of a page.", &Schema{Type: "string", Enum: []string{"csv"}}),
	}, watchParams()...)
}

// multiClusterParams are what the all-clusters reads add: which clusters, and one namespace.
func multiClusterParams() []*Parameter {
	return []*Parameter{
		query(clusters.ParamClusters, "Clusters to include, comma-separated (default: all).", &Schema{Type: "string"}),
		query(clusters.ParamNamespace, "Only this namespace of each cluster (its /namespaces/{ns}/... list).", &Schema{Type: "string"}),
	}
}

func overviewParams() []*Parameter {
	return []*Parameter{query(fleet.ParamProject, "Value of the configured project label.", &Schema{Type: "string"})}
}

var dryRun = query("dryRun", "true (or All): preview through the API server's dry-run; nothing is stored.", &Schema{Type: "string"})

// Error codes by kind of route; every error body is a Status.
var (
	readErrors  = []int{400, 401, 403, 503}
	getErrors   = []int{400, 401, 403, 404, 503}
	writeErrors = []int{400, 401, 403, 404, 409, 415, 422, 503}
)

// Routes is the API as api.NewRouter serves it. A test compares the two.
func Routes() []Route {
	t := reflect.TypeFor[fleet.List[fleet.GameServerView]]
	sets := reflect.TypeFor[fleet.List[fleet.GameServerSetView]]
	hist := reflect.TypeFor[history.HistoryPage]()
	return []Route{
		{Method: http.MethodGet, Path: "/history", ID: "listHistory", Summary: "Recent changes of every namespace, newest first.",
			Tag: "history", Query: historyParams(), OK: 200, Result: hist, Watch: true, Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/history", ID: "listNamespacedHistory",
			Summary: "Recent changes of a namespace, newest first.", Tag: "history", Query: historyParams(), OK: 200, Result: hist, Watch: true, Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameservers/:name/history", ID: "getGameServerHistory",
			Summary: "One game server's timeline (also after it was deleted).", Tag: "history", Query: historyParams(), OK: 200, Result: hist, Watch: true, Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameserversets/:name/history", ID: "getGameServerSetHistory",
			Summary: "One set's timeline: the set's changes and its game servers'.", Tag: "history", Query: historyParams(), OK: 200, Result: hist, Watch: true, Errors: readErrors},
		{Method: http.MethodGet, Path: "/clusters", ID: "listClusters",
			Summary: "The clusters this console serves (each also at /clusters/{c}/kapis/...), and whether each answers.",
			Tag:     "clusters", OK: 200, Result: reflect.TypeFor[clusters.ClusterList](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/multicluster/gameservers", ID: "listMultiClusterGameServers",
			Summary: "Game servers of every (or the chosen) cluster: the true page of the merged, sorted union, each with its cluster.",
			Tag:     "clusters", Query: append(gameServerFilters(), multiClusterParams()...), OK: 200,
			Result: reflect.TypeFor[clusters.GameServerList](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/multicluster/gameserversets", ID: "listMultiClusterGameServerSets",
			Summary: "Game server sets of every (or the chosen) cluster, merged and paged as one list.",
			Tag:     "clusters", Query: append(gameServerSetFilters(), multiClusterParams()...), OK: 200,
			Result: reflect.TypeFor[clusters.GameServerSetList](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/multicluster/overview", ID: "getMultiClusterOverview",
			Summary: "Each cluster's overview and the totals summed.", Tag: "clusters",
			Query: append(overviewParams(), multiClusterParams()...), OK: 200, Result: reflect.TypeFor[clusters.Overview](), Errors: readErrors},
		{Method: http.MethodPost, Path: "/multicluster/gameserveroperations", ID: "operateMultiClusterGameServers",
			Summary: "One operation on game servers of several clusters: each target through its cluster's bulk operation, answered per cluster and per server.",
			Tag:     "clusters", Query: []*Parameter{dryRun}, Body: body(reflect.TypeFor[clusters.OperationRequest]()), OK: 200,
			Result: reflect.TypeFor[clusters.OperationResult](), Errors: writeErrors},
		{Method: http.MethodPost, Path: "/multicluster/rollouts", ID: "updateMultiClusterRollouts",
			Summary: "One rollout change for game server sets of several clusters, answered per set.",
			Tag:     "clusters", Query: []*Parameter{dryRun}, Body: body(reflect.TypeFor[clusters.RolloutRequest]()), OK: 200,
			Result: reflect.TypeFor[clusters.RolloutResult](), Errors: writeErrors},
		{Method: http.MethodGet, Path: "/openapi.json", ID: "getOpenAPI", Summary: "This document.", Tag: "meta",
			OK: 200, Result: reflect.TypeFor[map[string]any](), Public: true},

		{Method: http.MethodGet, Path: "/gameserversets", ID: "listGameServerSets", Summary: "Game server sets of all namespaces.",
			Tag: "read", Query: gameServerSetFilters(), OK: 200, Result: sets(), Watch: true, Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameserversets", ID: "listNamespacedGameServerSets",
			Summary: "Game server sets of a namespace.", Tag: "read", Query: gameServerSetFilters(), OK: 200, Result: sets(), Watch: true, Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameserversets/:name", ID: "getGameServerSet",
			Summary: "One game server set with its object.", Tag: "read", OK: 200, Result: reflect.TypeFor[fleet.GameServerSetDetail](), Watch: true, Errors: getErrors},
		{Method: http.MethodGet, Path: "/gameservers", ID: "listGameServers", Summary: "Game servers of all namespaces.",
			Tag: "read", Query: gameServerFilters(), OK: 200, Result: t(), Watch: true, Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameservers", ID: "listNamespacedGameServers",
			Summary: "Game servers of a namespace.", Tag: "read", Query: gameServerFilters(), OK: 200, Result: t(), Watch: true, Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameservers/:name", ID: "getGameServer",
			Summary: "One game server with its object, pod and events.", Tag: "read", OK: 200, Result: reflect.TypeFor[fleet.GameServerDetail](), Watch: true, Errors: getErrors},
		{Method: http.MethodGet, Path: "/overview", ID: "getOverview", Summary: "Roll-ups of every namespace.", Tag: "read",
			Query: overviewParams(), OK: 200, Result: reflect.TypeFor[fleet.Overview](), Watch: true, Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/overview", ID: "getNamespacedOverview", Summary: "Roll-ups of a namespace.",
			Tag: "read", Query: overviewParams(), OK: 200, Result: reflect.TypeFor[fleet.Overview](), Watch: true, Errors: readErrors},

		{Method: http.MethodPost, Path: "/namespaces/:namespace/gameserveroperations", ID: "operateGameServers",
			Summary: "An operation on the game servers the targets choose.", Tag: "operations", Query: []*Parameter{dryRun},
			Body: body(reflect.TypeFor[ops.Request]()), OK: 200, Result: reflect.TypeFor[ops.Result](), Errors: writeErrors},
		{Method: http.MethodPost, Path: "/namespaces/:namespace/gameservers/:name/operations", ID: "operateGameServer",
			Summary: "An operation on one game server (leave targets out).", Tag: "operations", Query: []*Parameter{dryRun},
			Body: body(reflect.TypeFor[ops.Request]()), OK: 200, Result: reflect.TypeFor[ops.Result](), Errors: writeErrors},

		{Method: http.MethodPost, Path: "/namespaces/:namespace/gameserversets/:name/scale", ID: "scaleGameServerSet",
			Summary: "Set replicas, optionally choosing which servers go.", Tag: "scaling", Query: []*Parameter{dryRun},
			Body: body(reflect.TypeFor[scaling.ScaleRequest]()), OK: 200, Result: reflect.TypeFor[scaling.ScalePreview](), Errors: writeErrors},
		{Method: http.MethodPut, Path: "/namespaces/:namespace/gameserversets/:name/reserveids", ID: "setReservedIds",
			Summary: "Replace the set's reserved ids.", Tag: "scaling", Query: []*Parameter{dryRun},
			Body: body(reflect.TypeFor[scaling.ReserveRequest]()), OK: 200, Result: reflect.TypeFor[scaling.ReservePreview](), Errors: writeErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameserversets/:name/rollout", ID: "getRollout",
			Summary: "Update progress and the servers still on another image.", Tag: "scaling", OK: 200, Result: reflect.TypeFor[scaling.Rollout](), Errors: getErrors},
		{Method: http.MethodPost, Path: "/namespaces/:namespace/gameserversets/:name/rollout", ID: "updateRollout",
			Summary: "Change images, partition, maxUnavailable, pod update policy or pause.", Tag: "scaling", Query: []*Parameter{dryRun},
			Body: body(reflect.TypeFor[scaling.UpdateRequest]()), OK: 200, Result: reflect.TypeFor[scaling.Rollout](), Errors: writeErrors},

		{Method: http.MethodGet, Path: "/streamtickets", ID: "getStreamTicket",
			Summary: "A ticket the console's page offers as the websocket subprotocol to open a stream (60 s, this user, this page's origin).",
			Tag:     "streams", OK: 200, Result: reflect.TypeFor[origin.StreamTicket](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/streamtickets", ID: "getNamespacedStreamTicket",
			Summary: "A stream ticket (for callers without cluster-wide rights).",
			Tag:     "streams", OK: 200, Result: reflect.TypeFor[origin.StreamTicket](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/usage/status", ID: "getUsageStatus",
			Summary: "Whether CPU and memory usage figures are available (metrics-server), and why not.",
			Tag:     "usage", OK: 200, Result: reflect.TypeFor[usage.Status](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/usage/status", ID: "getNamespacedUsageStatus",
			Summary: "Whether usage figures are available (for callers without cluster-wide rights).",
			Tag:     "usage", OK: 200, Result: reflect.TypeFor[usage.Status](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/nodes", ID: "listNodes", Summary: "Nodes with their game servers by state, conditions, allocatable and usage.",
			Tag: "nodes", Query: nodeFilters(), OK: 200, Result: reflect.TypeFor[fleet.List[nodes.View]](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/nodes/:name", ID: "getNode", Summary: "One node's view.",
			Tag: "nodes", OK: 200, Result: reflect.TypeFor[nodes.View](), Errors: getErrors},
		{Method: http.MethodPost, Path: "/nodes/:name/drain", ID: "drainNode",
			Summary: "Drain a node: its Allocated game servers become Maintaining, the others WaitToBeDeleted (every namespace).",
			Tag:     "nodes", Query: []*Parameter{dryRun}, OK: 200, Result: reflect.TypeFor[ops.Result](), Errors: writeErrors},
		{Method: http.MethodGet, Path: "/autoscaling/status", ID: "getAutoscalingStatus", Summary: "Whether KEDA is installed.",
			Tag: "autoscaling", OK: 200, Result: reflect.TypeFor[autoscale.Status](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/autoscaling/status", ID: "getNamespacedAutoscalingStatus",
			Summary: "Whether KEDA is installed (for callers without cluster-wide rights).", Tag: "autoscaling",
			OK: 200, Result: reflect.TypeFor[autoscale.Status](), Errors: readErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameserversets/:name/autoscaler", ID: "getAutoscaler",
			Summary: "The set's KEDA ScaledObject.", Tag: "autoscaling", OK: 200, Result: reflect.TypeFor[autoscale.View](),
			NoContent: "No ScaledObject targets the set (it has no autoscaler).", Errors: getErrors},
		{Method: http.MethodPut, Path: "/namespaces/:namespace/gameserversets/:name/autoscaler", ID: "putAutoscaler",
			Summary: "Create or update the set's ScaledObject from the form.", Tag: "autoscaling", Query: []*Parameter{dryRun},
			Body: body(reflect.TypeFor[autoscale.Form]()), OK: 200, Created: true, Result: reflect.TypeFor[autoscale.View](), Errors: writeErrors},
		{Method: http.MethodDelete, Path: "/namespaces/:namespace/gameserversets/:name/autoscaler", ID: "deleteAutoscaler",
			Summary: "Delete the set's ScaledObject.", Tag: "autoscaling",
			Query: []*Parameter{dryRun, query("resourceVersion", "Delete only this version (409 otherwise).", &Schema{Type: "string"})},
			OK:    200, Result: reflect.TypeFor[autoscale.View](), Errors: writeErrors},

		{Method: http.MethodPost, Path: "/namespaces/:namespace/gameserversets", ID: "createGameServerSet",
			Summary: "Create a set from the form, a GameServerSet object, or YAML.", Tag: "manifests", Query: []*Parameter{dryRun},
			Body: &Body{JSON: []reflect.Type{reflect.TypeFor[manifest.Form](), reflect.TypeFor[unstructured.Unstructured](), reflect.TypeFor[yamlBody]()}, YAML: true},
			OK:   200, Created: true, Result: reflect.TypeFor[unstructured.Unstructured](), Errors: writeErrors},
		{Method: http.MethodPut, Path: "/namespaces/:namespace/gameserversets/:name/yaml", ID: "replaceGameServerSetYAML",
			Summary: "Replace the set from edited YAML (409 when it changed since it was read).", Tag: "manifests", Query: []*Parameter{dryRun},
			Body: &Body{JSON: []reflect.Type{reflect.TypeFor[unstructured.Unstructured](), reflect.TypeFor[yamlBody]()}, YAML: true},
			OK:   200, Result: reflect.TypeFor[unstructured.Unstructured](), Errors: writeErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameserversets/:name/yaml", ID: "getGameServerSetYAML",
			Summary: "The set as clean YAML (a download).", Tag: "manifests", OK: 200, YAML: true, Errors: getErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameservers/:name/yaml", ID: "getGameServerYAML",
			Summary: "The game server as clean YAML (a download).", Tag: "manifests", OK: 200, YAML: true, Errors: getErrors},

		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameservers/:name/logs", ID: "getGameServerLogs",
			Summary: "A container's log of the game server's pod, streamed as text (follow=true keeps it open). X-Okg-Log-Container and X-Okg-Log-Previous say what was chosen.",
			Tag:     "logs", Query: logParams(), OK: 200, Text: true, Errors: getErrors},
		{Method: http.MethodPost, Path: "/namespaces/:namespace/gameservers/:name/exec/tickets", ID: "createExecTicket",
			Summary: "A ticket (60 s, this user, this server) that opens the terminal websocket; only for callers who may exec (403 otherwise).",
			Tag:     "terminal", OK: 200, Result: reflect.TypeFor[origin.StreamTicket](), Errors: getErrors},
		{Method: http.MethodGet, Path: "/namespaces/:namespace/gameservers/:name/exec", ID: "execGameServer",
			Summary: "A terminal in a container of the game server's pod: a websocket with subprotocol okgconsole.terminal.v1 (docs/API.md) and, behind KubeSphere, the exec ticket's.",
			Tag:     "terminal", Query: []*Parameter{
				query(logs.ParamContainer, "Container (default: the pod's default, else its first).", &Schema{Type: "string"}),
				query("command", "The command, one argument per repetition (default /bin/sh).", &Schema{Type: "array", Items: &Schema{Type: "string"}}),
			}, OK: 101, Errors: getErrors},
	}
}

func logParams() []*Parameter {
	b := &Schema{Type: "boolean"}
	n := &Schema{Type: "integer", Format: "int64"}
	return []*Parameter{
		query(logs.ParamContainer, "Container (default: the pod's default, else its first).", &Schema{Type: "string"}),
		query(logs.ParamTailLines, "Last lines only (default: the configured tail when no since is given).", n),
		query(logs.ParamPrevious, "The previous (crashed) container's log; default true when the server is in Crash or the container restarted and follow is off.", b),
		query(logs.ParamSinceTime, "Only lines after this RFC 3339 time.", &Schema{Type: "string", Format: "date-time"}),
		query(logs.ParamSinceSeconds, "Only lines of the last so many seconds.", n),
		query(logs.ParamLimitBytes, "At most this many bytes (default and bound: the configured logs-max-bytes, unless following).", n),
		query(logs.ParamTimestamps, "Prefix each line with its RFC 3339 time.", b),
		query(logs.ParamFollow, "Keep the response open and stream new lines.", b),
		query(logs.ParamDownload, "Answer as an attachment (Content-Disposition).", b),
	}
}

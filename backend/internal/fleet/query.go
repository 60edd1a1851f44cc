package fleet

import (
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/okg"
)

// Query parameters of the one list contract every list speaks.
const (
	ParamPage          = "page"
	ParamLimit         = "limit"
	ParamSortBy        = "sortBy"
	ParamAscending     = "ascending"
	ParamLabelSelector = "labelSelector"
	ParamProject       = "project"
	ParamFieldSelector = "fieldSelector"

	ParamGameServerSet    = "gameServerSet"
	ParamState            = "state"
	ParamOpsState         = "opsState"
	ParamNetworkState     = "networkState"
	ParamImage            = "image"
	ParamNode             = "node"
	ParamName             = "name"
	ParamIDs              = "ids"
	ParamUpdatePriority   = "updatePriority"
	ParamDeletionPriority = "deletionPriority"
)

// Paging limits.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// ListQuery is the part of the contract shared by every list.
type ListQuery struct {
	Namespace string // from the path; "" = all namespaces
	Page      int    // 1-based
	Limit     int
	SortBy    string
	Ascending bool
	Selector  labels.Selector // nil = everything
	Fields    fields.Selector // metadata.name / metadata.namespace; nil = everything
	Project   string
}

// fieldsOf is what a fieldSelector can match: the name and namespace, as Kubernetes
// lets every resource be selected by them (a watch of one object uses metadata.name).
func fieldsOf(name, namespace string) fields.Set {
	return fields.Set{"metadata.name": name, "metadata.namespace": namespace}
}

// GameServerQuery selects, orders and pages game servers.
type GameServerQuery struct {
	ListQuery
	GameServerSet    string
	States           []string
	OpsStates        []string
	NetworkStates    []string
	Image            string
	Node             string
	Name             string // lower-cased
	IDs              okg.IDSet
	UpdatePriority   *IntRange
	DeletionPriority *IntRange
	CPUUsage         *IntRange // millicores
	MemoryUsage      *IntRange // MiB
}

// GameServerSetQuery selects, orders and pages game server sets.
type GameServerSetQuery struct {
	ListQuery
	Name string // lower-cased substring
	// WithoutUsage leaves out the usage totals: they are figures of the set's game
	// servers, which a caller who may list sets but not game servers must not see.
	// Set by the caller's rights, never by a query parameter.
	WithoutUsage bool
}

// IntRange is an inclusive range; a nil bound is open.
type IntRange struct{ Min, Max *int }

// Contains reports whether n is within the range.
func (r *IntRange) Contains(n int) bool {
	return (r.Min == nil || n >= *r.Min) && (r.Max == nil || n <= *r.Max)
}

// ParseListQuery validates the shared part of a list's query string (for lists
// outside this package, such as nodes).
func ParseListQuery(namespace string, q url.Values, sortKeys []string, defaultSort string) (ListQuery, error) {
	return parseListQuery(namespace, q, sortKeys, defaultSort)
}

func parseListQuery(namespace string, q url.Values, sortKeys []string, defaultSort string) (ListQuery, error) {
	lq := ListQuery{Namespace: namespace, Page: 1, Limit: DefaultLimit, SortBy: defaultSort, Ascending: true}
	var err error
	if lq.Page, err = intParam(q, ParamPage, 1, 1, 1<<30); err != nil {
		return lq, err
	}
	if lq.Limit, err = intParam(q, ParamLimit, DefaultLimit, 1, MaxLimit); err != nil {
		return lq, err
	}
	if s := q.Get(ParamSortBy); s != "" {
		if !slices.Contains(sortKeys, s) {
			return lq, apierror.BadRequest(ParamSortBy, "unknown sort key %q; one of %s", s, strings.Join(sortKeys, ", "))
		}
		lq.SortBy = s
	}
	if s := q.Get(ParamAscending); s != "" {
		b, perr := strconv.ParseBool(s)
		if perr != nil {
			return lq, apierror.BadRequest(ParamAscending, "%q is not true or false", s)
		}
		lq.Ascending = b
	}
	if s := q.Get(ParamLabelSelector); s != "" {
		sel, perr := labels.Parse(s)
		if perr != nil {
			return lq, apierror.BadRequest(ParamLabelSelector, "%v", perr)
		}
		lq.Selector = sel
	}
	if s := q.Get(ParamFieldSelector); s != "" {
		sel, perr := fields.ParseSelector(s)
		if perr != nil {
			return lq, apierror.BadRequest(ParamFieldSelector, "%v", perr)
		}
		for _, r := range sel.Requirements() {
			if r.Field != "metadata.name" && r.Field != "metadata.namespace" {
				return lq, apierror.BadRequest(ParamFieldSelector, "%q is not a supported field; use metadata.name or metadata.namespace", r.Field)
			}
		}
		lq.Fields = sel
	}
	lq.Project = q.Get(ParamProject)
	return lq, nil
}

func intParam(q url.Values, name string, def, min, max int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, apierror.BadRequest(name, "%q is not a whole number", s)
	}
	if n < min || n > max {
		return 0, apierror.BadRequest(name, "%d is outside %d..%d", n, min, max)
	}
	return n, nil
}

// Game server sort keys.
const (
	SortID               = "id"
	SortName             = "name"
	SortNamespace        = "namespace"
	SortGameServerSet    = "gameServerSet"
	SortState            = "state"
	SortOpsState         = "opsState"
	SortNetworkState     = "networkState"
	SortUpdatePriority   = "updatePriority"
	SortDeletionPriority = "deletionPriority"
	SortNode             = "node"
	SortRestarts         = "restarts"
	SortAge              = "age"
	SortReplicas         = "replicas"
	SortReadyReplicas    = "readyReplicas"
)

// GameServerSortKeys are the keys a game server list can be sorted by.
var GameServerSortKeys = []string{SortID, SortName, SortNamespace, SortGameServerSet, SortState, SortOpsState,
	SortNetworkState, SortUpdatePriority, SortDeletionPriority, SortNode, SortRestarts, SortAge, SortCPUUsage, SortMemoryUsage}

// GameServerSetSortKeys are the keys a game server set list can be sorted by.
var GameServerSetSortKeys = []string{SortName, SortNamespace, SortReplicas, SortReadyReplicas, SortAge}

// ParseGameServerQuery validates the query string of a game server list.
func ParseGameServerQuery(namespace string, q url.Values) (GameServerQuery, error) {
	lq, err := parseListQuery(namespace, q, GameServerSortKeys, SortID)
	if err != nil {
		return GameServerQuery{}, err
	}
	gq := GameServerQuery{ListQuery: lq, GameServerSet: q.Get(ParamGameServerSet), Image: q.Get(ParamImage),
		Node: q.Get(ParamNode), Name: strings.ToLower(q.Get(ParamName))}
	if gq.States, err = enumParam(q, ParamState, okg.States); err != nil {
		return gq, err
	}
	if gq.OpsStates, err = enumParam(q, ParamOpsState, okg.OpsStates); err != nil {
		return gq, err
	}
	if gq.NetworkStates, err = enumParam(q, ParamNetworkState, okg.NetworkStates); err != nil {
		return gq, err
	}
	if s := q.Get(ParamIDs); s != "" {
		if gq.IDs, err = okg.ParseIDs(s); err != nil {
			return gq, apierror.BadRequest(ParamIDs, "%v", err)
		}
	}
	if gq.UpdatePriority, err = rangeParam(q, ParamUpdatePriority); err != nil {
		return gq, err
	}
	if gq.DeletionPriority, err = rangeParam(q, ParamDeletionPriority); err != nil {
		return gq, err
	}
	if gq.CPUUsage, err = rangeParam(q, ParamCPUUsage); err != nil {
		return gq, err
	}
	if gq.MemoryUsage, err = rangeParam(q, ParamMemoryUsage); err != nil {
		return gq, err
	}
	return gq, nil
}

// ParseGameServerSetQuery validates the query string of a game server set list.
func ParseGameServerSetQuery(namespace string, q url.Values) (GameServerSetQuery, error) {
	lq, err := parseListQuery(namespace, q, GameServerSetSortKeys, SortName)
	if err != nil {
		return GameServerSetQuery{}, err
	}
	return GameServerSetQuery{ListQuery: lq, Name: strings.ToLower(q.Get(ParamName))}, nil
}

// enumParam reads a parameter that may repeat and hold comma-separated values,
// each of which must be one of allowed.
func enumParam[T ~string](q url.Values, name string, allowed []T) ([]string, error) {
	var out []string
	for _, raw := range q[name] {
		for _, v := range strings.Split(raw, ",") {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			if !slices.Contains(allowed, T(v)) {
				names := make([]string, len(allowed))
				for i, a := range allowed {
					names[i] = string(a)
				}
				return nil, apierror.BadRequest(name, "unknown value %q; one of %s", v, strings.Join(names, ", "))
			}
			out = append(out, v)
		}
	}
	return out, nil
}

var rangePattern = regexp.MustCompile(`^\s*(-?\d+)?\s*(:)?\s*(-?\d+)?\s*$`)

// rangeParam reads "N", "A:B", "A:" or ":B" (priorities may be negative, so the
// separator is a colon, not a dash).
func rangeParam(q url.Values, name string) (*IntRange, error) {
	s := q.Get(name)
	if s == "" {
		return nil, nil
	}
	m := rangePattern.FindStringSubmatch(s)
	if m == nil || (m[1] == "" && m[3] == "") || (m[2] == "" && m[3] != "") {
		return nil, apierror.BadRequest(name, "%q is not N, A:B, A: or :B", s)
	}
	r := &IntRange{}
	for i, p := range []**int{&r.Min, &r.Max} {
		if m[1+2*i] == "" {
			continue
		}
		n, err := strconv.ParseInt(m[1+2*i], 10, 32)
		if err != nil {
			return nil, apierror.BadRequest(name, "%q is outside the int32 range", m[1+2*i])
		}
		v := int(n)
		*p = &v
	}
	if m[2] == "" { // a single number is an exact match
		r.Max = r.Min
	}
	if r.Min != nil && r.Max != nil && *r.Max < *r.Min {
		return nil, apierror.BadRequest(name, "%q: the upper bound is below the lower one", s)
	}
	return r, nil
}

// Package target is the one way a write request chooses game servers: by names, by
// ordinal ids of one set, or by the list API's filters (with a limit), exactly one of
// them. Operations and scaling both resolve their targets here, against the read model,
// so a name listed twice is one server, a typo in a filter is an error rather than
// "every server", and every error names the JSON path of the field it is about.
package target

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/okg"
)

// MaxServers bounds the game servers one selector may choose: the same bound as an
// id list's, so names, ids and filters all stop at the same number.
const MaxServers = okg.MaxIDs

// Selector chooses game servers in exactly one way. An empty, non-nil Filter is a way
// of its own: every server in scope (all of a set, when the scope names one).
type Selector struct {
	Names []string `json:"names,omitempty"`
	// IDs are ordinals ("1,3,7-9") of the scope's set.
	IDs string `json:"ids,omitempty"`
	// Filter holds the game server list's query parameters (state, opsState, sortBy, ...).
	Filter map[string]string `json:"filter,omitempty"`
	// Limit takes only the first n of a filter's matches, in the filter's sort order
	// (e.g. sortBy=deletionPriority, ascending=false: the highest priorities first).
	Limit int `json:"limit,omitempty"`
}

// Scope is where a selector resolves and how its errors are named.
type Scope struct {
	Namespace string
	// Set, when not empty, is the set every chosen server must belong to; ids need it.
	Set string
	// Field is the selector's JSON path ("targets", "remove"); errors name paths below
	// it. Empty: its fields are at the top level, and the selector itself is "targets".
	Field string
}

// Missing is a chosen name (or id) with no game server behind it.
type Missing struct {
	Name string
	// Field is the JSON path that named it ("remove.names[2]", "targets.ids").
	Field string
}

// Result is what a selector resolved to: the servers found, each once, in a stable
// order (names as first given, ids ascending, a filter in its sort order), and the
// names that do not exist. What to do with missing names is the caller's choice.
type Result struct {
	Found   []*gamev1alpha1.GameServer
	Missing []Missing
}

// MissingNames lists the names that do not exist.
func (r *Result) MissingNames() []string {
	out := make([]string, len(r.Missing))
	for i, m := range r.Missing {
		out[i] = m.Name
	}
	return out
}

// Reader is the part of the read model a selector resolves against (fleet.Service).
type Reader interface {
	Select(q fleet.GameServerQuery) []*gamev1alpha1.GameServer
	GameServer(namespace, name string) *gamev1alpha1.GameServer
}

// filterKeys are the list parameters a filter may use. Paging keys are not among them
// (a selection is not paged; Limit bounds it), and an unknown key is an error: a typo
// must not widen a write to every server.
var filterKeys = []string{
	fleet.ParamGameServerSet, fleet.ParamState, fleet.ParamOpsState, fleet.ParamNetworkState, fleet.ParamImage,
	fleet.ParamNode, fleet.ParamName, fleet.ParamIDs, fleet.ParamUpdatePriority, fleet.ParamDeletionPriority,
	fleet.ParamLabelSelector, fleet.ParamFieldSelector, fleet.ParamProject, fleet.ParamSortBy, fleet.ParamAscending,
}

// Resolve validates sel and resolves it in scope. Invalid selectors are 400 (syntax:
// ids, filter values) or 422 (a way that cannot be, a name of another set), naming the
// field; nothing is resolved then.
func Resolve(r Reader, scope Scope, sel Selector) (*Result, error) {
	plan, err := sel.parse(scope)
	if err != nil {
		return nil, err
	}
	return plan.resolve(r, scope)
}

// Validate checks sel without resolving it (what Resolve checks first).
func (sel Selector) Validate(scope Scope) error {
	_, err := sel.parse(scope)
	return err
}

// parsed is a validated selector: the names to look up, or the query to run.
type parsed struct {
	names  []named
	query  *fleet.GameServerQuery
	limit  int
	byName bool
}

// named is one name to look up with the path that named it.
type named struct{ name, field string }

func (sel Selector) parse(scope Scope) (*parsed, error) {
	at := func(sub string) string {
		if scope.Field == "" {
			return sub
		}
		return scope.Field + "." + sub
	}
	ways := 0
	for _, chosen := range []bool{len(sel.Names) > 0, sel.IDs != "", sel.Filter != nil} {
		if chosen {
			ways++
		}
	}
	if ways != 1 {
		return nil, apierror.Invalid(orRoot(scope.Field), "choose game servers one way: names, ids or filter")
	}
	if sel.Limit < 0 {
		return nil, apierror.Invalid(at("limit"), "must not be negative, got %d", sel.Limit)
	}
	if sel.Limit > 0 && sel.Filter == nil {
		return nil, apierror.Invalid(at("limit"), "applies to a filter only")
	}
	switch {
	case len(sel.Names) > 0:
		return parseNames(sel.Names, at("names"))
	case sel.IDs != "":
		return parseIDs(sel.IDs, scope, at)
	default:
		return parseFilter(sel.Filter, sel.Limit, scope, at)
	}
}

func orRoot(field string) string {
	if field == "" {
		return "targets"
	}
	return field
}

// parseNames checks every name and removes duplicates, keeping the first.
func parseNames(names []string, field string) (*parsed, error) {
	if len(names) > MaxServers {
		return nil, apierror.Invalid(field, "%d names; at most %d per request", len(names), MaxServers)
	}
	p := &parsed{byName: true, names: make([]named, 0, len(names))}
	seen := make(map[string]bool, len(names))
	for i, n := range names {
		at := fmt.Sprintf("%s[%d]", field, i)
		if strings.TrimSpace(n) == "" {
			return nil, apierror.Invalid(at, "must not be empty")
		}
		if errs := validation.IsDNS1123Subdomain(n); len(errs) > 0 {
			return nil, apierror.Invalid(at, "%q is not a game server name: %s", n, strings.Join(errs, "; "))
		}
		if seen[n] {
			continue
		}
		seen[n] = true
		p.names = append(p.names, named{name: n, field: at})
	}
	return p, nil
}

// parseIDs turns ordinals of the scope's set into names "<set>-<id>", ascending.
func parseIDs(ids string, scope Scope, at func(string) string) (*parsed, error) {
	if scope.Set == "" {
		return nil, apierror.Invalid(at(fleet.ParamGameServerSet), "is required with %s: ids are ordinals within one GameServerSet", at("ids"))
	}
	set, err := okg.ParseIDs(ids)
	if err != nil {
		return nil, apierror.BadRequest(at("ids"), "%v", err)
	}
	p := &parsed{byName: true, names: make([]named, 0, len(set))}
	for _, id := range set.Sorted() {
		p.names = append(p.names, named{name: fmt.Sprintf("%s-%d", scope.Set, id), field: at("ids")})
	}
	return p, nil
}

// parseFilter validates a filter as the list API would, within the scope's set.
func parseFilter(filter map[string]string, limit int, scope Scope, at func(string) string) (*parsed, error) {
	values := url.Values{}
	keys := make([]string, 0, len(filter))
	for k := range filter {
		keys = append(keys, k)
	}
	slices.Sort(keys) // report the same unknown key every time
	for _, k := range keys {
		if !slices.Contains(filterKeys, k) {
			return nil, apierror.BadRequest(at("filter."+k), "not a filter of game servers; one of %s", strings.Join(filterKeys, ", "))
		}
		values.Set(k, filter[k])
	}
	if scope.Set != "" {
		if s, ok := filter[fleet.ParamGameServerSet]; ok && s != scope.Set {
			return nil, apierror.Invalid(at("filter."+fleet.ParamGameServerSet), "must be %s or absent, got %q", scope.Set, s)
		}
		values.Set(fleet.ParamGameServerSet, scope.Set)
	}
	q, err := fleet.ParseGameServerQuery(scope.Namespace, values)
	if err != nil {
		return nil, prefixCause(err, at("filter."))
	}
	return &parsed{query: &q, limit: limit}, nil
}

func (p *parsed) resolve(r Reader, scope Scope) (*Result, error) {
	res := &Result{}
	if !p.byName {
		found := r.Select(*p.query)
		if p.limit > 0 && len(found) > p.limit {
			found = found[:p.limit]
		}
		if len(found) > MaxServers {
			return nil, apierror.Invalid(orRoot(scope.Field), "%d game servers match; at most %d per request (narrow the filter or set a limit)", len(found), MaxServers)
		}
		res.Found = found
		return res, nil
	}
	for _, n := range p.names {
		gs := r.GameServer(scope.Namespace, n.name)
		switch {
		case gs == nil:
			res.Missing = append(res.Missing, Missing{Name: n.name, Field: n.field})
		case scope.Set != "" && okg.SetOf(gs) != scope.Set:
			return nil, apierror.Invalid(n.field, "%s is a game server of %s, not of %s", n.name, setName(gs), scope.Set)
		default:
			res.Found = append(res.Found, gs)
		}
	}
	return res, nil
}

// prefixCause places a list-query error under the filter's path, keeping its code.
func prefixCause(err error, prefix string) error {
	var se *apierrors.StatusError
	if !errors.As(err, &se) || se.ErrStatus.Details == nil || len(se.ErrStatus.Details.Causes) == 0 {
		return err
	}
	c := se.ErrStatus.Details.Causes[0]
	if se.ErrStatus.Code == http.StatusUnprocessableEntity {
		return apierror.Invalid(prefix+c.Field, "%s", c.Message)
	}
	return apierror.BadRequest(prefix+c.Field, "%s", c.Message)
}

func setName(gs *gamev1alpha1.GameServer) string {
	if s := okg.SetOf(gs); s != "" {
		return "set " + s
	}
	return "no set"
}

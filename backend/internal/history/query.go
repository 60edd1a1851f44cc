package history

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
)

// Query parameters of the history lists besides the list contract's page, limit and ascending.
const (
	ParamChange        = "change"  // comma-separated Changes
	ParamSource        = "source"  // comma-separated Sources
	ParamUser          = "user"    // who made console writes
	ParamSince         = "since"   // RFC 3339, inclusive
	ParamUntil         = "until"   // RFC 3339, exclusive
	ParamKind          = "kind"    // GameServer or GameServerSet
	ParamWarning       = "warning" // true: only warnings (crashes, restarts, failed writes, Warning Events)
	ParamGameServerSet = fleet.ParamGameServerSet
	ParamName          = fleet.ParamName // substring of the object's name
)

// Query selects entries. The path decides Namespace and, for one object's timeline,
// Kind+Name or GameServerSet; the query string the rest.
type Query struct {
	Cluster       string
	Namespace     string // "" = every namespace
	Kind          string
	Name          string // exact: one object's timeline
	NameContains  string
	GameServerSet string // a set's timeline: the set's entries and its servers'
	Changes       []Change
	Sources       []Source
	User          string
	Since, Until  time.Time
	WarningsOnly  bool
	Page, Limit   int
	Ascending     bool
}

// ParseQuery reads a history list's query string; errors name the parameter.
func ParseQuery(q url.Values) (Query, error) {
	out := Query{Page: 1, Limit: fleet.DefaultLimit}
	for p := range q {
		switch p {
		case fleet.ParamPage, fleet.ParamLimit, fleet.ParamAscending, ParamChange, ParamSource, ParamUser,
			ParamSince, ParamUntil, ParamKind, ParamWarning, ParamGameServerSet, ParamName, "watch", "resume", "format":
		default:
			return Query{}, apierror.BadRequest(p, "is not a history query parameter")
		}
	}
	var err error
	if out.Page, err = intParam(q, fleet.ParamPage, 1, 1, 1<<20); err != nil {
		return Query{}, err
	}
	if out.Limit, err = intParam(q, fleet.ParamLimit, fleet.DefaultLimit, 1, fleet.MaxLimit); err != nil {
		return Query{}, err
	}
	if s := q.Get(fleet.ParamAscending); s != "" {
		if out.Ascending, err = strconv.ParseBool(s); err != nil {
			return Query{}, apierror.BadRequest(fleet.ParamAscending, "%q is not true or false", s)
		}
	}
	if s := q.Get(ParamWarning); s != "" {
		if out.WarningsOnly, err = strconv.ParseBool(s); err != nil {
			return Query{}, apierror.BadRequest(ParamWarning, "%q is not true or false", s)
		}
	}
	for _, c := range list(q.Get(ParamChange)) {
		if !slices.Contains(Changes, Change(c)) {
			return Query{}, apierror.BadRequest(ParamChange, "%q is not one of %s", c, join(Changes))
		}
		out.Changes = append(out.Changes, Change(c))
	}
	for _, s := range list(q.Get(ParamSource)) {
		if !slices.Contains(Sources, Source(s)) {
			return Query{}, apierror.BadRequest(ParamSource, "%q is not one of %s", s, join(Sources))
		}
		out.Sources = append(out.Sources, Source(s))
	}
	switch k := q.Get(ParamKind); k {
	case "", KindGameServer, KindGameServerSet:
		out.Kind = k
	default:
		return Query{}, apierror.BadRequest(ParamKind, "%q is not GameServer or GameServerSet", k)
	}
	if out.Since, err = timeParam(q, ParamSince); err != nil {
		return Query{}, err
	}
	if out.Until, err = timeParam(q, ParamUntil); err != nil {
		return Query{}, err
	}
	if !out.Since.IsZero() && !out.Until.IsZero() && !out.Until.After(out.Since) {
		return Query{}, apierror.BadRequest(ParamUntil, "must be after since")
	}
	for _, p := range []struct {
		name string
		dst  *string
	}{{ParamUser, &out.User}, {ParamGameServerSet, &out.GameServerSet}, {ParamName, &out.NameContains}} {
		v := q.Get(p.name)
		if len(v) > 253 {
			return Query{}, apierror.BadRequest(p.name, "is longer than 253 characters")
		}
		*p.dst = v
	}
	return out, nil
}

func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, apierror.BadRequest(name, "%q is not a whole number within %d..%d", s, lo, hi)
	}
	return n, nil
}

func timeParam(q url.Values, name string) (time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, apierror.BadRequest(name, "%q is not an RFC 3339 time (e.g. 2026-11-30T08:00:00Z)", s)
	}
	return t, nil
}

func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func join[T ~string](vs []T) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}

// Matches reports whether e is selected by q (paging aside): how live updates are
// filtered with the same meaning as the store's queries.
func (q *Query) Matches(e *HistoryEntry) bool {
	switch {
	case q.Cluster != "" && e.Cluster != q.Cluster,
		q.Namespace != "" && e.Namespace != q.Namespace,
		q.Kind != "" && e.Kind != q.Kind,
		q.Name != "" && e.Name != q.Name,
		q.NameContains != "" && !strings.Contains(e.Name, q.NameContains),
		q.GameServerSet != "" && e.GameServerSet != q.GameServerSet,
		len(q.Changes) > 0 && !slices.Contains(q.Changes, e.Change),
		len(q.Sources) > 0 && !slices.Contains(q.Sources, e.Source),
		q.User != "" && e.User != q.User,
		!q.Since.IsZero() && e.Time.Before(q.Since),
		!q.Until.IsZero() && !e.Time.Before(q.Until),
		q.WarningsOnly && !e.Warning:
		return false
	}
	return true
}

package history

import (
	"context"
	"time"
)

// Store keeps entries and the last recorded state of each object.
type Store interface {
	// Append records entries (one per dedup key: a key already stored is skipped) and
	// the objects' new recorded states in one transaction. It returns the entries
	// actually added, with their IDs.
	Append(ctx context.Context, entries []HistoryEntry, states []ObjectState, gone []ObjectRef) ([]HistoryEntry, error)
	// States returns the last recorded state of every object of a cluster.
	States(ctx context.Context, cluster string) ([]ObjectState, error)
	// Query returns one page of the entries a query selects, newest first unless Ascending.
	Query(ctx context.Context, q Query) (HistoryPage, error)
	// Export calls fn for every entry the query selects (no paging), up to max entries.
	Export(ctx context.Context, q Query, max int, fn func(HistoryEntry) error) error
	// Prune deletes entries older than before and then the oldest beyond maxEntries
	// (0: no size bound); it returns how many went.
	Prune(ctx context.Context, before time.Time, maxEntries int64) (int64, error)
	// Count is the number of stored entries.
	Count(ctx context.Context) (int64, error)
	Close() error
}

// ObjectRef names an object in a cluster.
type ObjectRef struct {
	Cluster, Kind, Namespace, Name string
}

// ObjectState is the last recorded state of one object.
type ObjectState struct {
	ObjectRef
	UID    string   `json:"uid"`
	Set    string   `json:"set"`
	Fields fieldSet `json:"fields"`
}

// HistoryPage is one page of entries in the list contract's shape.
type HistoryPage struct {
	Items []HistoryEntry `json:"items"`
	// TotalItems counts every match, up to MaxCount.
	TotalItems int `json:"totalItems"`
	// TotalIsLowerBound: there are more than MaxCount matches.
	TotalIsLowerBound bool `json:"totalIsLowerBound,omitempty"`
}

// MaxCount bounds how far a query counts its matches, so a feed over millions of
// entries stays fast; beyond it the total is a lower bound.
const MaxCount = 100000

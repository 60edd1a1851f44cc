// Package stream is the websocket hub: it turns informer events into typed messages
// for subscribers of a list query (game servers, game server sets) or of the overview.
//
// A subscription is a list query. Subscribers with the same query share one group,
// whose changes are computed and serialised once per batch and fanned out to every
// member's bounded queue. Each connection has one writer goroutine; a client whose
// queue fills is disconnected rather than waited on. Changes are coalesced per object
// (at most one message per object per interval, the first without delay), and every
// message carries a cursor, so a client that reconnects with resume=<cursor> gets the
// messages it missed from its group's ring buffer, or a fresh snapshot.
package stream

import "encoding/json"

// Message types (docs/API.md, "Live updates").
const (
	TypeSnapshot = "SNAPSHOT" // the subscription's current state; replaces what the client had
	TypeAdded    = "ADDED"    // an object entered the subscription's result (or page)
	TypeModified = "MODIFIED" // an object in the result changed; for overview, a fresh overview
	TypeDeleted  = "DELETED"  // an object left the result: deleted, or no longer matching
	TypeBookmark = "BOOKMARK" // nothing on the page changed, but totalItems did
	TypeResumed  = "RESUMED"  // sent after the missed messages of a successful resume
)

// Message is one websocket text frame, JSON encoded.
type Message struct {
	Type string `json:"type"`
	// Cursor is the hub's sequence number of this message. It increases across the
	// hub's life (it starts at the hub's start time in microseconds), so a cursor from
	// an earlier process is always older than anything this one has sent.
	Cursor int64 `json:"cursor"`
	// ResourceVersion is the object's metadata.resourceVersion (object events).
	ResourceVersion string `json:"resourceVersion,omitempty"`
	// Object is the item view (GameServerView, GameServerSetView) or, for the
	// overview, the Overview.
	Object any `json:"object,omitempty"`
	// Items is the snapshot of a list subscription: the REST list's page.
	Items any `json:"items,omitempty"`
	// TotalItems counts every match before paging, after this message applied.
	TotalItems *int `json:"totalItems,omitempty"`
}

// Resource names a subscribable resource.
type Resource string

// Subscribable resources; the path segment of each.
const (
	GameServers    Resource = "gameservers"
	GameServerSets Resource = "gameserversets"
	Overview       Resource = "overview"
)

func encode(m Message) []byte {
	b, err := json.Marshal(m)
	if err != nil { // views are plain data; this cannot happen
		panic(err)
	}
	return b
}

// Close codes and reasons the hub uses.
const (
	CloseGoingAway    = 1001 // server shutting down
	CloseSlowConsumer = 4000 // the client did not keep up with its messages
)

// Disconnect reasons (the "reason" label of the disconnects metric).
const (
	ReasonSlow     = "slow_consumer"
	ReasonShutdown = "shutdown"
	ReasonClient   = "client_closed"
	ReasonTimeout  = "ping_timeout"
	ReasonWrite    = "write_error"
)

// Package history keeps every change and state transition of game servers and game
// server sets: what the console observes through the fleet's change feed, every write
// made through the one write path (with its user), and the Kubernetes Events about
// these objects. Entries go to a store (SQLite in a file by default, PostgreSQL by
// DSN) with retention by age and size, are read back as timelines and feeds with the
// list contract, and are published live to the websocket hub.
package history

import "time"

// Change says what an entry is about. Observed transitions name the field that
// changed; the rest are creations, deletions, console writes and Events.
type Change string

// Changes of a game server (GS), a set (GSS) or either.
const (
	ChangeState            Change = "state"            // GS: OKG's current state
	ChangeOpsState         Change = "opsState"         // GS
	ChangeNetwork          Change = "network"          // GS: current network state
	ChangeNetworkDisabled  Change = "networkDisabled"  // GS
	ChangeUpdatePriority   Change = "updatePriority"   // GS
	ChangeDeletionPriority Change = "deletionPriority" // GS
	ChangeServiceQuality   Change = "serviceQuality"   // GS: a probe's result (Field names the probe)
	ChangeImage            Change = "image"            // GS (the pod's) and GSS (the template's); Field names the container
	ChangeNode             Change = "node"             // GS: the pod's node
	ChangeRestart          Change = "restart"          // GS: the pod's container restarts went up
	ChangePod              Change = "pod"              // GS: a new pod (uid) took over
	ChangeReplicas         Change = "replicas"         // GSS
	ChangePartition        Change = "partition"        // GSS
	ChangePaused           Change = "paused"           // GSS
	ChangeReservedIDs      Change = "reservedIds"      // GSS
	ChangeCreated          Change = "created"
	ChangeDeleted          Change = "deleted"
	ChangeWrite            Change = "write" // a write made through the console
	ChangeEvent            Change = "event" // a Kubernetes Event (OKG's, the kubelet's, ...)
)

// Changes lists every Change, the values the change filter accepts.
var Changes = []Change{ChangeState, ChangeOpsState, ChangeNetwork, ChangeNetworkDisabled, ChangeUpdatePriority,
	ChangeDeletionPriority, ChangeServiceQuality, ChangeImage, ChangeNode, ChangeRestart, ChangePod, ChangeReplicas,
	ChangePartition, ChangePaused, ChangeReservedIDs, ChangeCreated, ChangeDeleted, ChangeWrite, ChangeEvent}

// Source says how an entry was learnt.
type Source string

// Sources of entries.
const (
	// SourceObserved: seen on the change feed as it happened.
	SourceObserved Source = "observed"
	// SourceReconciled: happened while no console was recording; found on start by
	// comparing the objects with the last recorded state. Its time is OKG's
	// last-changed annotation where there is one, else when it was found.
	SourceReconciled Source = "reconciled"
	// SourceConsole: a write made through the console (User says who).
	SourceConsole Source = "console"
	// SourceEvent: a Kubernetes Event.
	SourceEvent Source = "event"
)

// Sources lists every Source, the values the source filter accepts.
var Sources = []Source{SourceObserved, SourceReconciled, SourceConsole, SourceEvent}

// Kinds of object entries are about.
const (
	KindGameServer    = "GameServer"
	KindGameServerSet = "GameServerSet"
)

// HistoryEntry is one recorded change.
type HistoryEntry struct {
	ID        int64     `json:"id"`
	Time      time.Time `json:"time"`
	Cluster   string    `json:"cluster"`
	Namespace string    `json:"namespace"`
	Kind      string    `json:"kind"`
	Name      string    `json:"name"`
	// GameServerSet is the set a game server belongs to, or the set itself.
	GameServerSet string `json:"gameServerSet"`
	Change        Change `json:"change"`
	// Field narrows the change: the container of an image, the probe of a service quality.
	Field  string `json:"field,omitempty"`
	Old    string `json:"old"`
	New    string `json:"new"`
	Source Source `json:"source"`
	// User made a console write.
	User string `json:"user,omitempty"`
	// Action is a write's reason (e.g. OpsStateChanged) or an Event's reason.
	Action string `json:"action,omitempty"`
	// Error is why a console write failed ("" when it succeeded).
	Error string `json:"error,omitempty"`
	// Message is an Event's message or a restart's termination reason.
	Message string `json:"message,omitempty"`
	// Warning marks Warning Events, failed writes, crashes and restarts.
	Warning bool `json:"warning"`

	dedup int64 // one entry per key: a second replica seeing the same transition adds nothing
}

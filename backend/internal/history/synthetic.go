package history

import (
	"fmt"
	"strconv"
	"time"
)

// SyntheticEntries makes n entries for servers game servers (named <set>-<i>) of one
// namespace, spread evenly over [from, to) and rotating through the kinds of change a
// busy fleet records: for benchmarks that need a store of realistic size quickly.
func SyntheticEntries(cluster, namespace, set string, servers, n int, from, to time.Time, seed int64) []HistoryEntry {
	out := make([]HistoryEntry, n)
	step := to.Sub(from) / time.Duration(max(n, 1))
	states := []string{"Ready", "NotReady", "Crash", "Ready"}
	for i := range out {
		e := HistoryEntry{Time: from.Add(time.Duration(i) * step).UTC(), Cluster: cluster, Namespace: namespace, Kind: KindGameServer,
			Name: fmt.Sprintf("%s-%d", set, i%servers), GameServerSet: set, Source: SourceObserved, dedup: seed + int64(i)}
		switch i % 6 {
		case 0, 1:
			e.Change, e.Old, e.New = ChangeState, states[i%4], states[(i+1)%4]
			e.Warning = e.New == "Crash"
		case 2:
			e.Change, e.Old, e.New = ChangeOpsState, "None", "Maintaining"
		case 3:
			e.Change, e.Old, e.New, e.Warning, e.Message = ChangeRestart, strconv.Itoa(i/6), strconv.Itoa(i/6+1), true, "game: Error, exit code 1"
		case 4:
			e.Change, e.Source, e.Action, e.Message, e.Field = ChangeEvent, SourceEvent, "GsStateChanged", "State turn from Ready to NotReady", "GameServer"
		default:
			e.Change, e.Source, e.User, e.Action = ChangeWrite, SourceConsole, "ops-lead", "DeletionPriorityChanged"
			e.Old, e.New = `{"deletionPriority":0}`, `{"deletionPriority":10}`
		}
		out[i] = e
	}
	return out
}

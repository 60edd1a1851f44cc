package history

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"

	"github.com/okg-console/okg-console/backend/internal/okg"
)

// fieldSet is the part of an object the history tracks: "<change>" or
// "<change>/<field>" -> value. A game server's set holds its pod's fields too.
type fieldSet map[string]string

func key(c Change, field string) string {
	if field == "" {
		return string(c)
	}
	return string(c) + "/" + field
}

func splitKey(k string) (Change, string) {
	c, f, _ := strings.Cut(k, "/")
	return Change(c), f
}

// podOwned tells the fields a game server's pod decides from those of the GameServer.
func podOwned(k string) bool {
	switch c, _ := splitKey(k); c {
	case ChangeNode, ChangeRestart, ChangePod, ChangeImage:
		return true
	}
	return false
}

func gameServerOwned(k string) bool { return !podOwned(k) }

func gameServerFields(gs *gamev1alpha1.GameServer) fieldSet {
	f := fieldSet{
		key(ChangeState, ""):            string(okg.StateOf(gs)),
		key(ChangeOpsState, ""):         string(okg.OpsStateOf(gs)),
		key(ChangeNetwork, ""):          string(okg.NetworkStateOf(gs)),
		key(ChangeNetworkDisabled, ""):  strconv.FormatBool(gs.Spec.NetworkDisabled != nil && *gs.Spec.NetworkDisabled),
		key(ChangeUpdatePriority, ""):   strconv.Itoa(okg.UpdatePriorityOf(gs)),
		key(ChangeDeletionPriority, ""): strconv.Itoa(okg.DeletionPriorityOf(gs)),
	}
	for _, q := range gs.Status.ServiceQualitiesCondition {
		f[key(ChangeServiceQuality, q.Name)] = q.Result
	}
	return f
}

func podFields(pod *corev1.Pod) fieldSet {
	restarts := 0
	for _, cs := range pod.Status.ContainerStatuses {
		restarts += int(cs.RestartCount)
	}
	f := fieldSet{
		key(ChangeNode, ""):    pod.Spec.NodeName,
		key(ChangeRestart, ""): strconv.Itoa(restarts),
		key(ChangePod, ""):     string(pod.UID),
	}
	for _, c := range pod.Spec.Containers {
		f[key(ChangeImage, c.Name)] = c.Image
	}
	return f
}

func setFields(gss *gamev1alpha1.GameServerSet) fieldSet {
	f := fieldSet{key(ChangeReplicas, ""): "0", key(ChangePartition, ""): "0", key(ChangePaused, ""): "false"}
	if gss.Spec.Replicas != nil {
		f[key(ChangeReplicas, "")] = strconv.Itoa(int(*gss.Spec.Replicas))
	}
	if ru := gss.Spec.UpdateStrategy.RollingUpdate; ru != nil {
		if ru.Partition != nil {
			f[key(ChangePartition, "")] = strconv.Itoa(int(*ru.Partition))
		}
		f[key(ChangePaused, "")] = strconv.FormatBool(ru.Paused)
	}
	if ids, err := okg.ReserveIDs(gss.Spec.ReserveGameServerIds); err == nil {
		f[key(ChangeReservedIDs, "")] = okg.FormatIDs(ids.Sorted())
	} else {
		f[key(ChangeReservedIDs, "")] = fmt.Sprint(gss.Spec.ReserveGameServerIds)
	}
	for _, c := range gss.Spec.GameServerTemplate.Spec.Containers {
		f[key(ChangeImage, c.Name)] = c.Image
	}
	return f
}

// transition is one field's change between two recorded states.
type transition struct {
	change         Change
	field          string
	old, new       string
	message        string
	warning        bool
	annotationTime string // OKG's last-changed annotation on the pod, for reconciled entries
}

// diff lists the owned fields that differ between old and cur, in a stable order.
// A field absent from cur is left alone (not known now). Restarts are recorded only
// when they go up (a new pod counts from 0); a first pod is news for its node, not
// for its identity or images.
func diff(old, cur fieldSet, owned func(string) bool, pod *corev1.Pod) []transition {
	var out []transition
	for _, k := range sortedKeys(cur) {
		if !owned(k) {
			continue
		}
		was, had := old[k]
		now := cur[k]
		if had && was == now {
			continue
		}
		c, field := splitKey(k)
		t := transition{change: c, field: field, old: was, new: now}
		switch c {
		case ChangePod:
			if !had || was == "" {
				continue // the first pod is not news; its node, images are
			}
		case ChangeRestart:
			o, _ := strconv.Atoi(was)
			n, _ := strconv.Atoi(now)
			if old[key(ChangePod, "")] != cur[key(ChangePod, "")] {
				o = 0 // a new pod counts from 0
			}
			if n <= o {
				continue
			}
			t.old, t.warning, t.message = strconv.Itoa(o), true, lastTermination(pod)
		case ChangeImage:
			if pod != nil && old[key(ChangePod, "")] == "" {
				continue // the first pod's images are what was asked for, not a change
			}
		case ChangeState:
			t.warning = now == string(gamev1alpha1.Crash)
			t.annotationTime = annotation(pod, gamev1alpha1.GameServerStateLastChangedTime)
		case ChangeOpsState:
			t.annotationTime = annotation(pod, gamev1alpha1.GameServerOpsStateLastChangedTime)
		case ChangeNode:
			if now == "" {
				continue // unscheduled again only while a pod is replaced; the new node is the news
			}
		}
		out = append(out, t)
	}
	return out
}

func sortedKeys(f fieldSet) []string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func annotation(pod *corev1.Pod, key string) string {
	if pod == nil {
		return ""
	}
	return pod.Annotations[key]
}

// lastTermination says why a container last stopped: "game: Error, exit code 1".
func lastTermination(pod *corev1.Pod) string {
	if pod == nil {
		return ""
	}
	var parts []string
	for _, cs := range pod.Status.ContainerStatuses {
		if t := cs.LastTerminationState.Terminated; t != nil {
			parts = append(parts, fmt.Sprintf("%s: %s, exit code %d", cs.Name, t.Reason, t.ExitCode))
		}
	}
	return strings.Join(parts, "; ")
}

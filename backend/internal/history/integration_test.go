package history_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/history"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/stream"
)

func admin(t *testing.T) *kube.Clients {
	t.Helper()
	c, err := kube.NewFactoryFromConfig(history.ControlPlane().Config).Clients()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// start runs a console recording into dir (SQLite) or dsn (PostgreSQL).
func start(t *testing.T, dir, dsn string) *consoletest.Console {
	t.Helper()
	cfg := config.Default()
	cfg.HistoryDir, cfg.HistoryDSN, cfg.ClusterName = dir, dsn, "test"
	return consoletest.Start(t, history.ControlPlane(), cfg, server.Options{})
}

// idle waits until the console's recorder has stored everything it was handed.
func idle(t *testing.T, c *consoletest.Console) {
	t.Helper()
	consoletest.WaitFor(t, func() bool { return c.Server.Recorder().Idle() })
}

func timeline(t *testing.T, c *consoletest.Console, path string, q url.Values) history.HistoryPage {
	t.Helper()
	var page history.HistoryPage
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + path + "?" + q.Encode()}, &page); code != 200 {
		t.Fatalf("GET %s?%s: %d", path, q.Encode(), code)
	}
	return page
}

// waitEntries polls a timeline until want(entries) holds.
func waitEntries(t *testing.T, c *consoletest.Console, path string, q url.Values, want func([]history.HistoryEntry) bool) []history.HistoryEntry {
	t.Helper()
	var last []history.HistoryEntry
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		last = timeline(t, c, path, q).Items
		if want(last) {
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("timeline %s?%s never as wanted; last:\n%s", path, q.Encode(), dump(last))
	return nil
}

func dump(es []history.HistoryEntry) string {
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "  %s %s/%s %s %s %q→%q src=%s user=%s action=%s msg=%q warn=%v\n", e.Time.Format(time.RFC3339Nano),
			e.Kind, e.Name, e.Change, e.Field, e.Old, e.New, e.Source, e.User, e.Action, e.Message, e.Warning)
	}
	return b.String()
}

// find returns the entries of one change (and, when given, one source).
func find(es []history.HistoryEntry, c history.Change, src history.Source) []history.HistoryEntry {
	var out []history.HistoryEntry
	for _, e := range es {
		if e.Change == c && (src == "" || e.Source == src) {
			out = append(out, e)
		}
	}
	return out
}

func has(c history.Change, src history.Source, old, new string) func([]history.HistoryEntry) bool {
	return func(es []history.HistoryEntry) bool {
		for _, e := range find(es, c, src) {
			if e.Old == old && e.New == new {
				return true
			}
		}
		return false
	}
}

func all(fns ...func([]history.HistoryEntry) bool) func([]history.HistoryEntry) bool {
	return func(es []history.HistoryEntry) bool {
		for _, f := range fns {
			if !f(es) {
				return false
			}
		}
		return true
	}
}

func patchGS(t *testing.T, a *kube.Clients, ns, name, body string, status bool) {
	t.Helper()
	var sub []string
	if status {
		sub = []string{"status"}
	}
	if _, err := a.Game.GameV1alpha1().GameServers(ns).Patch(context.Background(), name, types.MergePatchType, []byte(body), metav1.PatchOptions{}, sub...); err != nil {
		t.Fatal(err)
	}
}

func patchPodStatus(t *testing.T, a *kube.Clients, ns, name, body string) {
	t.Helper()
	if _, err := a.Kube.CoreV1().Pods(ns).Patch(context.Background(), name, types.StrategicMergePatchType, []byte(body), metav1.PatchOptions{}, "status"); err != nil {
		t.Fatal(err)
	}
}

// crash makes a game server's container restart after exiting with an error, as the
// kubelet and OKG would report it: restartCount up, the last state terminated.
func crash(t *testing.T, a *kube.Clients, ns, name string, restarts int) {
	t.Helper()
	patchPodStatus(t, a, ns, name, fmt.Sprintf(`{"status":{"containerStatuses":[{"name":"game","image":"img/game:1","imageID":"","ready":false,"restartCount":%d,
		"lastState":{"terminated":{"exitCode":1,"reason":"Error","startedAt":"2026-11-30T08:00:00Z","finishedAt":"2026-11-30T08:00:01Z"}},
		"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}`, restarts))
}

// Changes made by another client (not the console) are recorded as observed: state,
// opsState, priorities, restarts with their reason, and OKG's Events.
func TestTransitionsMadeByAnotherClientAppear(t *testing.T) {
	a := admin(t)
	ns := consoletest.IdleSet(t, a, "hist", 3)
	c := start(t, t.TempDir(), "")
	c.WaitSeen(t, ns, 3)
	idle(t, c)
	// The informers list from the API server's watch cache, which may trail the seeding
	// by a moment; what the test changes comes after this.
	time.Sleep(500 * time.Millisecond)
	idle(t, c)
	// Events carry whole seconds: start on a second boundary.
	boundary := time.Now().Truncate(time.Second).Add(time.Second)
	time.Sleep(time.Until(boundary))
	after := url.Values{"since": {boundary.UTC().Format(time.RFC3339)}}

	patchGS(t, a, ns, "s-0", `{"spec":{"opsState":"Maintaining","deletionPriority":7}}`, false)
	patchGS(t, a, ns, "s-0", `{"status":{"currentState":"Crash"}}`, true)
	crash(t, a, ns, "s-0", 1)
	crash(t, a, ns, "s-0", 2)
	now := metav1.Now()
	if _, err := a.Kube.CoreV1().Events(ns).Create(context.Background(), &corev1.Event{
		ObjectMeta:     metav1.ObjectMeta{GenerateName: "s-0.", Namespace: ns},
		InvolvedObject: corev1.ObjectReference{APIVersion: gamev1alpha1.SchemeGroupVersion.String(), Kind: "GameServer", Namespace: ns, Name: "s-0"},
		Reason:         "GsStateChanged", Message: "State turn from Ready to Crash ", Type: corev1.EventTypeWarning,
		Source: corev1.EventSource{Component: "gameserver-controller"}, FirstTimestamp: now, LastTimestamp: now, Count: 1,
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	path := "/namespaces/" + ns + "/gameservers/s-0/history"
	es := waitEntries(t, c, path, after, all(
		has(history.ChangeOpsState, history.SourceObserved, "None", "Maintaining"),
		has(history.ChangeDeletionPriority, history.SourceObserved, "0", "7"),
		has(history.ChangeState, history.SourceObserved, "Ready", "Crash"),
		has(history.ChangeRestart, history.SourceObserved, "0", "1"),
		has(history.ChangeRestart, history.SourceObserved, "1", "2"),
		func(es []history.HistoryEntry) bool {
			return len(find(es, history.ChangeEvent, history.SourceEvent)) == 1
		},
	))
	for _, e := range find(es, history.ChangeRestart, "") {
		if !e.Warning || e.Message != "game: Error, exit code 1" || e.GameServerSet != "s" || e.Cluster != "test" {
			t.Errorf("restart entry %+v: want a warning naming the exit, set s, cluster test", e)
		}
	}
	if ev := find(es, history.ChangeEvent, "")[0]; ev.Action != "GsStateChanged" || !ev.Warning || ev.Field != "GameServer" {
		t.Errorf("event entry %+v", ev)
	}
	// Crash loops at a glance: only the warnings.
	warn := timeline(t, c, path, url.Values{"warning": {"true"}, "since": after["since"]}).Items
	if len(warn) != 4 { // the crash, two restarts, the Warning Event
		t.Errorf("warnings: %d entries, want 4:\n%s", len(warn), dump(warn))
	}
	// The other servers' timelines are their own.
	if other := timeline(t, c, "/namespaces/"+ns+"/gameservers/s-1/history", after); other.TotalItems != 0 {
		t.Errorf("s-1 has %d entries:\n%s", other.TotalItems, dump(other.Items))
	}
	// The set's timeline holds its servers' entries; the namespace feed too.
	if set := timeline(t, c, "/namespaces/"+ns+"/gameserversets/s/history", after); set.TotalItems != len(es) {
		t.Errorf("set timeline %d entries, server's %d", set.TotalItems, len(es))
	}
	if feed := timeline(t, c, "/namespaces/"+ns+"/history", url.Values{"change": {"opsState"}, "since": after["since"]}); feed.TotalItems != 1 {
		t.Errorf("feed filtered to opsState: %d entries", feed.TotalItems)
	}
}

// A set's own changes: replicas, image, reserved ids.
func TestSetChangesAppear(t *testing.T) {
	a := admin(t)
	ns := consoletest.IdleSet(t, a, "histset", 2)
	c := start(t, t.TempDir(), "")
	c.WaitSeen(t, ns, 2)
	idle(t, c)
	if _, err := a.Game.GameV1alpha1().GameServerSets(ns).Patch(context.Background(), "s", types.MergePatchType,
		[]byte(`{"spec":{"replicas":4,"reserveGameServerIds":[7,8,9],"gameServerTemplate":{"spec":{"containers":[{"name":"game","image":"img/game:2"}]}}}}`),
		metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	waitEntries(t, c, "/namespaces/"+ns+"/gameserversets/s/history", url.Values{"kind": {"GameServerSet"}}, all(
		has(history.ChangeReplicas, history.SourceObserved, "2", "4"),
		has(history.ChangeReservedIDs, history.SourceObserved, "", "7-9"),
		has(history.ChangeImage, history.SourceObserved, "img/game:1", "img/game:2"),
	))
}

// A write through the console is recorded with its user and action, and so is a write
// that failed.
func TestConsoleWritesAppearWithTheirUser(t *testing.T) {
	a := admin(t)
	ns := consoletest.IdleSet(t, a, "histw", 2)
	c := start(t, t.TempDir(), "")
	c.WaitSeen(t, ns, 2)
	op := func(name, body string) int {
		return consoletest.Do(t, consoletest.Request{Method: http.MethodPost, URL: c.API + "/namespaces/" + ns + "/gameservers/" + name + "/operations", Body: body}, nil)
	}
	if code := op("s-0", `{"operation":{"type":"opsState","opsState":"Maintaining"}}`); code != 200 {
		t.Fatalf("operation: %d", code)
	}
	es := waitEntries(t, c, "/namespaces/"+ns+"/gameservers/s-0/history", nil, all(
		func(es []history.HistoryEntry) bool {
			return len(find(es, history.ChangeWrite, history.SourceConsole)) == 1
		},
		has(history.ChangeOpsState, history.SourceObserved, "None", "Maintaining"),
	))
	w := find(es, history.ChangeWrite, "")[0]
	if w.User != "kubeconfig" || w.Action != "OpsStateChanged" || !strings.Contains(w.Old, "None") || !strings.Contains(w.New, "Maintaining") || w.Error != "" || w.GameServerSet != "s" {
		t.Errorf("write entry %+v", w)
	}
	// The console's own audit Event is not recorded twice.
	if evs := find(es, history.ChangeEvent, ""); len(evs) != 0 {
		t.Errorf("the audit Event is in the history as well:\n%s", dump(evs))
	}
	// Dry runs are not writes.
	consoletest.Do(t, consoletest.Request{Method: http.MethodPost, URL: c.API + "/namespaces/" + ns + "/gameservers/s-1/operations?dryRun=true",
		Body: `{"operation":{"type":"opsState","opsState":"Maintaining"}}`}, nil)
	idle(t, c)
	if n := timeline(t, c, "/namespaces/"+ns+"/gameservers/s-1/history", nil).TotalItems; n != 0 {
		t.Errorf("a dry run left %d entries", n)
	}
	// By user.
	if n := timeline(t, c, "/namespaces/"+ns+"/history", url.Values{"user": {"kubeconfig"}}).TotalItems; n != 1 {
		t.Errorf("user filter: %d", n)
	}
}

// A restart keeps what was recorded; what happened while no console was running is
// found on start, marked reconciled, timed by OKG's last-changed annotation.
func TestRestartKeepsHistoryAndReconcilesTheGap(t *testing.T) {
	a := admin(t)
	ctx := context.Background()
	ns := consoletest.IdleSet(t, a, "histgap", 3)
	dir := t.TempDir()
	c := start(t, dir, "")
	c.WaitSeen(t, ns, 3)
	patchGS(t, a, ns, "s-0", `{"spec":{"updatePriority":3}}`, false)
	waitEntries(t, c, "/namespaces/"+ns+"/gameservers/s-0/history", nil, has(history.ChangeUpdatePriority, history.SourceObserved, "0", "3"))
	c.Stop()

	// While down: s-1 goes Maintaining (OKG stamps the pod), s-2 is deleted, s-5 appears.
	changedAt := time.Now().Add(-time.Minute).UTC().Truncate(time.Second)
	patchGS(t, a, ns, "s-1", `{"spec":{"opsState":"Maintaining"}}`, false)
	if _, err := a.Kube.CoreV1().Pods(ns).Patch(ctx, "s-1", types.MergePatchType, []byte(fmt.Sprintf(
		`{"metadata":{"annotations":{%q:%q}}}`, gamev1alpha1.GameServerOpsStateLastChangedTime, changedAt.Format(time.RFC3339))), metav1.PatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := a.Game.GameV1alpha1().GameServers(ns).Delete(ctx, "s-2", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	gs5 := &gamev1alpha1.GameServer{ObjectMeta: metav1.ObjectMeta{Name: "s-5", Namespace: ns,
		Labels: map[string]string{gamev1alpha1.GameServerOwnerGssKey: "s"}}}
	if _, err := a.Game.GameV1alpha1().GameServers(ns).Create(ctx, gs5, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}

	c2 := start(t, dir, "")
	idle(t, c2)
	// Kept across the restart.
	waitEntries(t, c2, "/namespaces/"+ns+"/gameservers/s-0/history", nil, has(history.ChangeUpdatePriority, history.SourceObserved, "0", "3"))
	es := waitEntries(t, c2, "/namespaces/"+ns+"/gameservers/s-1/history", nil, has(history.ChangeOpsState, history.SourceReconciled, "None", "Maintaining"))
	if e := find(es, history.ChangeOpsState, "")[0]; !e.Time.Equal(changedAt) {
		t.Errorf("reconciled opsState at %v, want OKG's annotation %v", e.Time, changedAt)
	}
	waitEntries(t, c2, "/namespaces/"+ns+"/gameservers/s-2/history", nil, func(es []history.HistoryEntry) bool {
		return len(find(es, history.ChangeDeleted, history.SourceReconciled)) == 1
	})
	waitEntries(t, c2, "/namespaces/"+ns+"/gameservers/s-5/history", nil, func(es []history.HistoryEntry) bool {
		return len(find(es, history.ChangeCreated, history.SourceReconciled)) == 1
	})
	// Nothing else was invented: the untouched server has no entries.
	if n := timeline(t, c2, "/namespaces/"+ns+"/gameservers/s-0/history", nil).TotalItems; n != 1 {
		t.Errorf("s-0 has %d entries after the restart, want its 1", n)
	}
	// A third start finds nothing new.
	c2.Stop()
	c3 := start(t, dir, "")
	idle(t, c3)
	if n := timeline(t, c3, "/namespaces/"+ns+"/history", nil).TotalItems; n != 4 {
		t.Errorf("after a quiet restart the namespace has %d entries, want 4:\n%s", n, dump(timeline(t, c3, "/namespaces/"+ns+"/history", nil).Items))
	}
}

// Two consoles (replicas) recording into one PostgreSQL store each transition once.
func TestTwoConsolesOnOnePostgresRecordEachTransitionOnce(t *testing.T) {
	a := admin(t)
	ns := consoletest.IdleSet(t, a, "histpg", 4)
	dsn, err := history.Postgres().CreateDatabase(context.Background(), "twoconsoles")
	if err != nil {
		t.Fatal(err)
	}
	c1, c2 := start(t, "", dsn), start(t, "", dsn)
	c1.WaitSeen(t, ns, 4)
	c2.WaitSeen(t, ns, 4)
	for i := range 4 {
		patchGS(t, a, ns, fmt.Sprintf("s-%d", i), `{"spec":{"opsState":"Maintaining"}}`, false)
		crash(t, a, ns, fmt.Sprintf("s-%d", i), 1)
	}
	patchGS(t, a, ns, "s-0", `{"spec":{"opsState":"None"}}`, false)
	for _, c := range []*consoletest.Console{c1, c2} {
		waitEntries(t, c, "/namespaces/"+ns+"/history", url.Values{"change": {"opsState"}}, func(es []history.HistoryEntry) bool { return len(es) >= 5 })
	}
	idle(t, c1)
	idle(t, c2)
	es := timeline(t, c1, "/namespaces/"+ns+"/history", url.Values{"limit": {"1000"}}).Items
	count := map[string]int{}
	for _, e := range es {
		count[fmt.Sprintf("%s %s %s→%s", e.Name, e.Change, e.Old, e.New)]++
	}
	want := map[string]int{"s-0 opsState None→Maintaining": 1, "s-0 opsState Maintaining→None": 1, "s-1 opsState None→Maintaining": 1,
		"s-2 opsState None→Maintaining": 1, "s-3 opsState None→Maintaining": 1, "s-0 restart 0→1": 1, "s-3 restart 0→1": 1}
	for k, n := range want {
		if count[k] != n {
			t.Errorf("%q recorded %d times, want %d", k, count[k], n)
		}
	}
	for k, n := range count {
		if n != 1 {
			t.Errorf("%q recorded %d times:\n%s", k, n, dump(es))
		}
	}
	// Both consoles read the same history.
	if n1, n2 := timeline(t, c1, "/namespaces/"+ns+"/history", nil).TotalItems, timeline(t, c2, "/namespaces/"+ns+"/history", nil).TotalItems; n1 != n2 {
		t.Errorf("console 1 sees %d entries, console 2 %d", n1, n2)
	}
}

// Retention deletes what is older than the configured age when the console starts
// (and every minute after).
func TestRetentionDeletesWhatIsOld(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := history.OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := history.AppendForTest(ctx, s, "test", "old-ns", time.Now().Add(-20*24*time.Hour), 50); err != nil {
		t.Fatal(err)
	}
	if err := history.AppendForTest(ctx, s, "test", "old-ns", time.Now().Add(-2*24*time.Hour), 30); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	c := start(t, dir, "") // the default retention is 14 days
	consoletest.WaitFor(t, func() bool {
		return timeline(t, c, "/namespaces/old-ns/history", nil).TotalItems == 30
	})
	if oldest := timeline(t, c, "/namespaces/old-ns/history", url.Values{"ascending": {"true"}, "limit": {"1"}}).Items[0]; time.Since(oldest.Time) > 14*24*time.Hour {
		t.Errorf("an entry of %v survived", oldest.Time)
	}
}

// Bad queries are refused with the parameter named; nothing else happens.
func TestBadHistoryQueriesNameTheParameter(t *testing.T) {
	c := start(t, t.TempDir(), "")
	for _, tc := range []struct{ query, field string }{
		{"change=bogus", "change"}, {"source=rumour", "source"}, {"since=yesterday", "since"},
		{"since=2026-11-30T10:00:00Z&until=2026-11-30T09:00:00Z", "until"}, {"limit=0", "limit"}, {"limit=1001", "limit"},
		{"page=-1", "page"}, {"kind=Pod", "kind"}, {"warning=maybe", "warning"}, {"format=xml", "format"}, {"sortBy=name", "sortBy"},
		{"user=" + strings.Repeat("u", 300), "user"},
	} {
		var st metav1.Status
		code := consoletest.Do(t, consoletest.Request{URL: c.API + "/namespaces/default/history?" + tc.query}, &st)
		if code != 400 || st.Details == nil || len(st.Details.Causes) == 0 || st.Details.Causes[0].Field != tc.field {
			t.Errorf("%s: %d %+v, want 400 naming %s", tc.query, code, st, tc.field)
		}
	}
}

// With history off the routes say so.
func TestHistoryOffAnswers503(t *testing.T) {
	cfg := config.Default()
	cfg.History = false
	c := consoletest.Start(t, history.ControlPlane(), cfg, server.Options{})
	var st metav1.Status
	if code := consoletest.Do(t, consoletest.Request{URL: c.API + "/history"}, &st); code != 503 || !strings.Contains(st.Message, "disabled") {
		t.Errorf("history off: %d %q", code, st.Message)
	}
}

// The CSV download holds what the list holds.
func TestCSVDownload(t *testing.T) {
	a := admin(t)
	ns := consoletest.IdleSet(t, a, "histcsv", 2)
	c := start(t, t.TempDir(), "")
	c.WaitSeen(t, ns, 2)
	patchGS(t, a, ns, "s-1", `{"spec":{"opsState":"Allocated"}}`, false)
	waitEntries(t, c, "/namespaces/"+ns+"/history", nil, func(es []history.HistoryEntry) bool { return len(es) == 1 })
	resp, err := http.Get(c.API + "/namespaces/" + ns + "/history?format=csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body strings.Builder
	_, _ = fmt.Fprint(&body, readAll(t, resp))
	lines := strings.Split(strings.TrimSpace(body.String()), "\n")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "attachment") || len(lines) != 2 ||
		!strings.Contains(lines[1], ",s-1,s,opsState,,None,Allocated,observed,") {
		t.Errorf("csv %d %q %q:\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), body.String())
	}
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// A watch of a history feed gets its snapshot, then each new entry as it is stored.
func TestHistoryStreamsNewEntries(t *testing.T) {
	a := admin(t)
	ns := consoletest.IdleSet(t, a, "histlive", 2)
	c := start(t, t.TempDir(), "")
	c.WaitSeen(t, ns, 2)
	idle(t, c)
	u := "ws" + strings.TrimPrefix(c.API, "http") + "/namespaces/" + ns + "/gameservers/s-0/history?watch=true"
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second, Subprotocols: []string{stream.Subprotocol}}
	conn, resp, err := d.Dial(u, nil)
	if err != nil {
		t.Fatalf("dial: %v (%v)", err, resp)
	}
	defer conn.Close()
	var snap struct {
		Type       string                 `json:"type"`
		Items      []history.HistoryEntry `json:"items"`
		TotalItems *int                   `json:"totalItems"`
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	if err := conn.ReadJSON(&snap); err != nil || snap.Type != stream.TypeSnapshot || len(snap.Items) != 0 {
		t.Fatalf("snapshot %+v, %v", snap, err)
	}
	patchGS(t, a, ns, "s-0", `{"spec":{"opsState":"Kill"}}`, false)
	patchGS(t, a, ns, "s-1", `{"spec":{"opsState":"Kill"}}`, false) // not this stream's
	var added struct {
		Type       string               `json:"type"`
		Object     history.HistoryEntry `json:"object"`
		TotalItems *int                 `json:"totalItems"`
	}
	if err := conn.ReadJSON(&added); err != nil || added.Type != stream.TypeAdded || added.Object.Name != "s-0" ||
		added.Object.Change != history.ChangeOpsState || added.Object.New != "Kill" || added.TotalItems == nil || *added.TotalItems != 1 {
		t.Fatalf("added %+v, %v", added, err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(time.Second))
	var more map[string]any
	if err := conn.ReadJSON(&more); err == nil {
		t.Errorf("another server's entry reached this stream: %v", more)
	}
}

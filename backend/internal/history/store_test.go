package history

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)

func sample(i int, mut func(*HistoryEntry)) HistoryEntry {
	e := HistoryEntry{Time: t0.Add(time.Duration(i) * time.Second), Cluster: "c1", Namespace: "ns", Kind: KindGameServer,
		Name: fmt.Sprintf("gs-%d", i%3), GameServerSet: "gs", Change: ChangeState, Old: "Ready", New: "Crash",
		Source: SourceObserved, dedup: int64(i + 1)}
	if mut != nil {
		mut(&e)
	}
	return e
}

func TestStoreAppendQueryAndDedup(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			var batch []HistoryEntry
			for i := range 30 {
				batch = append(batch, sample(i, func(e *HistoryEntry) {
					switch {
					case i%10 == 0:
						e.Change, e.Source, e.User, e.Action, e.Warning = ChangeWrite, SourceConsole, "ops-lead", "OpsStateChanged", false
					case i%5 == 0:
						e.Warning, e.Change = true, ChangeRestart
					}
					if i == 29 {
						e.Namespace, e.Name = "other", "50%_off"
					}
				}))
			}
			added, err := s.Append(ctx, batch, nil, nil)
			if err != nil || len(added) != 30 {
				t.Fatalf("append: %d added, %v", len(added), err)
			}
			if added[0].ID == 0 || added[1].ID <= added[0].ID {
				t.Errorf("ids not assigned in order: %d, %d", added[0].ID, added[1].ID)
			}
			// The same transitions again (another replica, or a restart) add nothing.
			again, err := s.Append(ctx, batch[:5], nil, nil)
			if err != nil || len(again) != 0 {
				t.Fatalf("duplicate append: %d added, %v", len(again), err)
			}
			for _, tc := range []struct {
				name  string
				q     Query
				total int
				first string // name of the first item
			}{
				{"everything, newest first", Query{}, 30, "50%_off"},
				{"one namespace", Query{Namespace: "ns"}, 29, "gs-1"},
				{"one object", Query{Namespace: "ns", Kind: KindGameServer, Name: "gs-0"}, 10, "gs-0"},
				{"one set", Query{Namespace: "ns", GameServerSet: "gs"}, 29, "gs-1"},
				{"changes", Query{Changes: []Change{ChangeWrite, ChangeRestart}}, 6, "gs-1"},
				{"source", Query{Sources: []Source{SourceConsole}}, 3, "gs-2"},
				{"user", Query{User: "ops-lead"}, 3, "gs-2"},
				{"warnings", Query{WarningsOnly: true}, 3, "gs-1"},
				{"since/until", Query{Since: t0.Add(10 * time.Second), Until: t0.Add(12 * time.Second)}, 2, "gs-2"},
				{"name with LIKE metacharacters", Query{NameContains: "50%_"}, 1, "50%_off"},
				{"a % is not a wildcard", Query{NameContains: "%"}, 1, "50%_off"},
				{"other cluster", Query{Cluster: "c2"}, 0, ""},
				{"oldest first", Query{Ascending: true}, 30, "gs-0"},
			} {
				t.Run(tc.name, func(t *testing.T) {
					q := tc.q
					q.Page, q.Limit = 1, 5
					page, err := s.Query(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if page.TotalItems != tc.total {
						t.Errorf("total %d, want %d", page.TotalItems, tc.total)
					}
					if want := min(5, tc.total); len(page.Items) != want {
						t.Fatalf("%d items, want %d", len(page.Items), want)
					}
					if tc.total > 0 && page.Items[0].Name != tc.first {
						t.Errorf("first %s, want %s", page.Items[0].Name, tc.first)
					}
					for _, e := range page.Items {
						if !q.Matches(&e) {
							t.Errorf("store returned %+v, which Query.Matches refuses", e)
						}
					}
				})
			}
			// Paging: the pages partition the result in order.
			seen := map[int64]bool{}
			var last time.Time
			for p := 1; p <= 7; p++ {
				page, err := s.Query(ctx, Query{Page: p, Limit: 5, Ascending: true})
				if err != nil {
					t.Fatal(err)
				}
				if p == 7 && len(page.Items) != 0 {
					t.Errorf("page 7 has %d items", len(page.Items))
				}
				for _, e := range page.Items {
					if seen[e.ID] || e.Time.Before(last) {
						t.Errorf("page %d: entry %d repeated or out of order", p, e.ID)
					}
					seen[e.ID], last = true, e.Time
				}
			}
			if len(seen) != 30 {
				t.Errorf("pages held %d entries, want 30", len(seen))
			}
			// The stored entry reads back as written.
			page, _ := s.Query(ctx, Query{User: "ops-lead", Ascending: true, Page: 1, Limit: 1})
			got, want := page.Items[0], batch[0]
			got.ID, want.dedup = 0, 0
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("read back\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

func TestStoreStatesAndGone(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			st := ObjectState{ObjectRef: ObjectRef{Cluster: "c1", Kind: KindGameServer, Namespace: "ns", Name: "gs-0"},
				UID: "u1", Set: "gs", Fields: fieldSet{"state": "Ready"}}
			other := st
			other.Cluster = "c2"
			if _, err := s.Append(ctx, nil, []ObjectState{st, other}, nil); err != nil {
				t.Fatal(err)
			}
			st.Fields = fieldSet{"state": "Crash", "opsState": "Maintaining"}
			if _, err := s.Append(ctx, nil, []ObjectState{st}, nil); err != nil {
				t.Fatal(err)
			}
			got, err := s.States(ctx, "c1")
			if err != nil || len(got) != 1 || got[0].Fields["state"] != "Crash" || got[0].Fields["opsState"] != "Maintaining" || got[0].UID != "u1" {
				t.Fatalf("states %+v, %v", got, err)
			}
			if _, err := s.Append(ctx, nil, nil, []ObjectRef{st.ObjectRef}); err != nil {
				t.Fatal(err)
			}
			if got, _ := s.States(ctx, "c1"); len(got) != 0 {
				t.Errorf("gone object still has a state: %+v", got)
			}
			if got, _ := s.States(ctx, "c2"); len(got) != 1 {
				t.Errorf("the other cluster's state went too: %+v", got)
			}
		})
	}
}

func TestStorePruneByAgeAndSize(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			var batch []HistoryEntry
			for i := range 12000 { // more than one prune batch
				batch = append(batch, sample(i, nil))
			}
			if _, err := s.Append(ctx, batch, nil, nil); err != nil {
				t.Fatal(err)
			}
			n, err := s.Prune(ctx, t0.Add(6000*time.Second), 0)
			if err != nil || n != 6000 {
				t.Fatalf("age prune deleted %d, %v; want 6000", n, err)
			}
			n, err = s.Prune(ctx, t0, 1000)
			if err != nil || n != 5000 {
				t.Fatalf("size prune deleted %d, %v; want 5000", n, err)
			}
			page, _ := s.Query(ctx, Query{Page: 1, Limit: 1, Ascending: true})
			if page.TotalItems != 1000 || !page.Items[0].Time.Equal(t0.Add(11000*time.Second)) {
				t.Errorf("after pruning: %d left, oldest %v; want 1000 from %v", page.TotalItems, page.Items[0].Time, t0.Add(11000*time.Second))
			}
		})
	}
}

func TestCSVExportDefusesFormulas(t *testing.T) {
	ctx := context.Background()
	for name, s := range stores(t) {
		t.Run(name, func(t *testing.T) {
			if _, err := s.Append(ctx, []HistoryEntry{sample(1, func(e *HistoryEntry) {
				e.Change, e.Message = ChangeEvent, `=HYPERLINK("http://evil","x"), "quoted"`
			})}, nil, nil); err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteCSV(ctx, &buf, s, Query{}); err != nil {
				t.Fatal(err)
			}
			rows, err := csv.NewReader(&buf).ReadAll()
			if err != nil || len(rows) != 2 {
				t.Fatalf("csv rows %d, %v", len(rows), err)
			}
			if strings.Join(rows[0], ",") != strings.Join(csvHeader, ",") {
				t.Errorf("header %v", rows[0])
			}
			if msg := rows[1][14]; !strings.HasPrefix(msg, "'=") {
				t.Errorf("formula not defused: %q", msg)
			}
		})
	}
}

func TestSQLiteKeepsEverythingAcrossReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, []HistoryEntry{sample(1, nil)}, []ObjectState{{ObjectRef: ObjectRef{Cluster: "c1", Kind: KindGameServer,
		Namespace: "ns", Name: "gs-1"}, UID: "u", Fields: fieldSet{"state": "Ready"}}}, nil); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	s, err = OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, _ := s.Query(ctx, Query{Page: 1, Limit: 10})
	states, _ := s.States(ctx, "c1")
	if page.TotalItems != 1 || len(states) != 1 {
		t.Errorf("after reopening: %d entries, %d states; want 1 and 1", page.TotalItems, len(states))
	}
}

func TestNewerSchemaIsRefused(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := OpenSQLite(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.(*sqlStore).db.Exec(`INSERT INTO history_schema (version, applied_at) VALUES (99, 0)`); err != nil {
		t.Fatal(err)
	}
	_ = s.Close()
	if _, err := OpenSQLite(ctx, dir); err == nil || !strings.Contains(err.Error(), "newer than this console knows") {
		t.Errorf("opening a newer schema: %v", err)
	}
}

// Consoles starting together on one SQLite file (parallel tests, a quick restart) migrate once.
func TestSQLiteConcurrentOpensMigrateOnce(t *testing.T) {
	dir := t.TempDir()
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s, err := OpenSQLite(context.Background(), dir)
			if err == nil {
				err = s.Close()
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

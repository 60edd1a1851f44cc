package history

import "strings"

// dialect is what differs between SQLite and PostgreSQL for this store.
type dialect struct {
	name string
	// migrations, in order; version i+1 is migrations[i]. Never edit an applied one: add.
	migrations []string
}

// schema is the store's schema, one version per step, for both databases: only the
// entry id's column differs ({{id}}). Times are Unix microseconds; dedup is a 64-bit
// hash of what identifies a transition (object uid, resourceVersion, field), so two
// consoles recording the same cluster into one database store it once.
var schema = []string{`
CREATE TABLE history_entries (
  {{id}},
  dedup BIGINT NOT NULL UNIQUE,
  at BIGINT NOT NULL,
  cluster TEXT NOT NULL, namespace TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
  game_server_set TEXT NOT NULL, change TEXT NOT NULL, field TEXT NOT NULL,
  old_value TEXT NOT NULL, new_value TEXT NOT NULL, source TEXT NOT NULL, username TEXT NOT NULL,
  action TEXT NOT NULL, error TEXT NOT NULL, message TEXT NOT NULL, warning SMALLINT NOT NULL
);
CREATE INDEX history_by_object ON history_entries (namespace, name, at);
CREATE INDEX history_by_set ON history_entries (namespace, game_server_set, at);
CREATE INDEX history_by_time ON history_entries (at);
CREATE TABLE history_objects (
  cluster TEXT NOT NULL, kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
  uid TEXT NOT NULL, game_server_set TEXT NOT NULL, fields TEXT NOT NULL, updated_at BIGINT NOT NULL,
  PRIMARY KEY (cluster, kind, namespace, name)
);`, `
-- v2: every query filters by cluster: lead each index with it, so counting a feed
-- reads only the index (no row lookups).
DROP INDEX history_by_object;
DROP INDEX history_by_set;
DROP INDEX history_by_time;
CREATE INDEX history_by_object ON history_entries (cluster, namespace, name, at);
CREATE INDEX history_by_set ON history_entries (cluster, namespace, game_server_set, at);
CREATE INDEX history_by_namespace ON history_entries (cluster, namespace, at);
CREATE INDEX history_by_time ON history_entries (at);
CREATE INDEX history_by_cluster ON history_entries (cluster, at);`}

var (
	sqliteDialect   = newDialect("sqlite", "id INTEGER PRIMARY KEY")
	postgresDialect = newDialect("postgres", "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
)

func newDialect(name, idColumn string) dialect {
	d := dialect{name: name}
	for _, m := range schema {
		d.migrations = append(d.migrations, strings.ReplaceAll(m, "{{id}}", idColumn))
	}
	return d
}

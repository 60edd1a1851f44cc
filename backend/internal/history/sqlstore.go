package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "modernc.org/sqlite"             // database/sql driver "sqlite", pure Go
)

// SQLiteFile is the database's file name inside the history directory.
const SQLiteFile = "history.db"

// sqlStore is the Store on database/sql; SQLite and PostgreSQL share its SQL.
type sqlStore struct {
	db *sql.DB
	d  dialect
}

// OpenSQLite opens (creating) the store in dir/history.db and migrates it.
func OpenSQLite(ctx context.Context, dir string) (Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("history directory: %w", err)
	}
	path := filepath.Join(dir, SQLiteFile)
	// WAL lets readers go on while the recorder writes; NORMAL sync is safe with WAL
	// (a power cut can lose the last transactions, never corrupt).
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)&_pragma=busy_timeout(10000)&_pragma=cache_size(-65536)&_pragma=temp_store(MEMORY)"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(4)
	s := &sqlStore{db: db, d: sqliteDialect}
	if err := s.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("history store %s: %w", path, err)
	}
	return s, nil
}

// OpenPostgres connects to dsn (a libpq URL or key=value string) and migrates the
// schema under an advisory lock, so replicas starting together migrate once.
func OpenPostgres(ctx context.Context, dsn string) (Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(8)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("history store (postgres): %w", err)
	}
	s := &sqlStore{db: db, d: postgresDialect}
	if err := s.migrate(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("history store (postgres): %w", err)
	}
	return s, nil
}

// migrationLock is the PostgreSQL advisory lock key held while migrating.
const migrationLock = 0x6f6b67686973 // "okghis"

func (s *sqlStore) migrate(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Consoles starting together (replicas, parallel tests) migrate once: PostgreSQL under
	// an advisory lock, SQLite inside one write transaction taken before reading the version.
	if s.d.name == "postgres" {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
			return err
		}
		defer func() {
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
		}()
	} else {
		if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
			return err
		}
		committed := false
		defer func() {
			if !committed {
				_, _ = conn.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`)
			}
		}()
		if err := s.migrateSteps(ctx, conn, false); err != nil {
			return err
		}
		if _, err := conn.ExecContext(ctx, `COMMIT`); err != nil {
			return err
		}
		committed = true
		return nil
	}
	return s.migrateSteps(ctx, conn, true)
}

// migrateSteps applies the missing schema versions on conn, each in a transaction of
// its own when perStep (else the caller holds one).
func (s *sqlStore) migrateSteps(ctx context.Context, conn *sql.Conn, perStep bool) error {
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS history_schema (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return err
	}
	var current int
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM history_schema`).Scan(&current); err != nil {
		return err
	}
	if current > len(s.d.migrations) {
		return fmt.Errorf("the database has schema version %d, newer than this console knows (%d): upgrade the console", current, len(s.d.migrations))
	}
	for v := current + 1; v <= len(s.d.migrations); v++ {
		exec := func(q string, args ...any) error { _, err := conn.ExecContext(ctx, q, args...); return err }
		var tx *sql.Tx
		if perStep {
			var err error
			if tx, err = conn.BeginTx(ctx, nil); err != nil {
				return err
			}
			exec = func(q string, args ...any) error { _, err := tx.ExecContext(ctx, q, args...); return err }
		}
		for _, stmt := range strings.Split(s.d.migrations[v-1], ";\n") {
			if strings.TrimSpace(stmt) == "" {
				continue
			}
			if err := exec(stmt); err != nil {
				if tx != nil {
					_ = tx.Rollback()
				}
				return fmt.Errorf("schema version %d: %w", v, err)
			}
		}
		if err := exec(`INSERT INTO history_schema (version, applied_at) VALUES ($1, $2)`, v, time.Now().UnixMicro()); err != nil {
			if tx != nil {
				_ = tx.Rollback()
			}
			return err
		}
		if tx != nil {
			if err := tx.Commit(); err != nil {
				return err
			}
		}
	}
	return nil
}

const entryColumns = `at, cluster, namespace, kind, name, game_server_set, change, field, old_value, new_value, source, username, action, error, message, warning`

// appendChunk bounds the rows of one multi-row INSERT (17 parameters each; SQLite
// allows 32,766 per statement, PostgreSQL 65,535).
const appendChunk = 500

func (s *sqlStore) Append(ctx context.Context, entries []HistoryEntry, states []ObjectState, gone []ObjectRef) ([]HistoryEntry, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer func() { _ = tx.Rollback() }()
	added := make([]HistoryEntry, 0, len(entries))
	for start := 0; start < len(entries); start += appendChunk {
		chunk := entries[start:min(start+appendChunk, len(entries))]
		if added, err = s.insertEntries(ctx, tx, chunk, added); err != nil {
			return nil, err
		}
	}
	now := time.Now().UnixMicro()
	for start := 0; start < len(states); start += appendChunk {
		if err := s.upsertStates(ctx, tx, states[start:min(start+appendChunk, len(states))], now); err != nil {
			return nil, err
		}
	}
	for _, g := range gone {
		if _, err := tx.ExecContext(ctx, `DELETE FROM history_objects WHERE cluster = $1 AND kind = $2 AND namespace = $3 AND name = $4`,
			g.Cluster, g.Kind, g.Namespace, g.Name); err != nil {
			return nil, err
		}
	}
	return added, tx.Commit()
}

// placeholder is the n-th (1-based) parameter: PostgreSQL numbers them; SQLite gets
// plain "?" (numbered or named ones cost it a linear lookup each, quadratic per statement).
func (s *sqlStore) placeholder(n int) string {
	if s.d.name == "sqlite" {
		return "?"
	}
	return "$" + strconv.Itoa(n)
}

// values renders "($1, ..., $n), ($n+1, ...)" for rows of cols parameters.
func (s *sqlStore) values(rows, cols int) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteString(s.placeholder(r*cols + c + 1))
		}
		b.WriteByte(')')
	}
	return b.String()
}

// insertEntries adds a chunk in one statement; entries whose dedup key is stored
// already are skipped (another replica, or a restart, recorded them).
func (s *sqlStore) insertEntries(ctx context.Context, tx *sql.Tx, chunk []HistoryEntry, added []HistoryEntry) ([]HistoryEntry, error) {
	args := make([]any, 0, len(chunk)*17)
	byKey := make(map[int64]int, len(chunk))
	for i, e := range chunk {
		byKey[e.dedup] = i
		args = append(args, e.dedup, e.Time.UnixMicro(), e.Cluster, e.Namespace, e.Kind, e.Name, e.GameServerSet,
			string(e.Change), e.Field, e.Old, e.New, string(e.Source), e.User, e.Action, e.Error, e.Message, boolInt(e.Warning))
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO history_entries (dedup, `+entryColumns+`) VALUES `+s.values(len(chunk), 17)+
		` ON CONFLICT (dedup) DO NOTHING RETURNING id, dedup`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make(map[int]int64, len(chunk))
	for rows.Next() {
		var id, key int64
		if err := rows.Scan(&id, &key); err != nil {
			return nil, err
		}
		if i, ok := byKey[key]; ok {
			ids[i] = id
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, e := range chunk { // in the order given, which is the order observed
		if id, ok := ids[i]; ok {
			e.ID = id
			added = append(added, e)
		}
	}
	return added, nil
}

func (s *sqlStore) upsertStates(ctx context.Context, tx *sql.Tx, chunk []ObjectState, now int64) error {
	args := make([]any, 0, len(chunk)*8)
	for _, st := range chunk {
		fields, err := json.Marshal(st.Fields)
		if err != nil {
			return err
		}
		args = append(args, st.Cluster, st.Kind, st.Namespace, st.Name, st.UID, st.Set, string(fields), now)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO history_objects (cluster, kind, namespace, name, uid, game_server_set, fields, updated_at)
VALUES `+s.values(len(chunk), 8)+`
ON CONFLICT (cluster, kind, namespace, name) DO UPDATE SET uid = excluded.uid, game_server_set = excluded.game_server_set,
  fields = excluded.fields, updated_at = excluded.updated_at`, args...)
	return err
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (s *sqlStore) States(ctx context.Context, cluster string) ([]ObjectState, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, namespace, name, uid, game_server_set, fields FROM history_objects WHERE cluster = $1`, cluster)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ObjectState
	for rows.Next() {
		st := ObjectState{ObjectRef: ObjectRef{Cluster: cluster}}
		var fields string
		if err := rows.Scan(&st.Kind, &st.Namespace, &st.Name, &st.UID, &st.Set, &fields); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(fields), &st.Fields); err != nil {
			return nil, fmt.Errorf("recorded state of %s %s/%s: %w", st.Kind, st.Namespace, st.Name, err)
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// pruneBatch bounds one DELETE, so pruning never holds the database for long.
const pruneBatch = 5000

func (s *sqlStore) Prune(ctx context.Context, before time.Time, maxEntries int64) (int64, error) {
	var deleted int64
	for {
		res, err := s.db.ExecContext(ctx, `DELETE FROM history_entries WHERE id IN
  (SELECT id FROM history_entries WHERE at < $1 ORDER BY at LIMIT $2)`, before.UnixMicro(), pruneBatch)
		if err != nil {
			return deleted, err
		}
		n, _ := res.RowsAffected()
		deleted += n
		if n < pruneBatch {
			break
		}
	}
	if maxEntries <= 0 {
		return deleted, nil
	}
	count, err := s.Count(ctx)
	if err != nil {
		return deleted, err
	}
	for excess := count - maxEntries; excess > 0; {
		n := min(excess, pruneBatch)
		res, err := s.db.ExecContext(ctx, `DELETE FROM history_entries WHERE id IN
  (SELECT id FROM history_entries ORDER BY at, id LIMIT $1)`, n)
		if err != nil {
			return deleted, err
		}
		got, _ := res.RowsAffected()
		deleted += got
		excess -= got
		if got == 0 {
			break
		}
	}
	return deleted, nil
}

func (s *sqlStore) Count(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM history_entries`).Scan(&n)
	return n, err
}

func (s *sqlStore) Close() error { return s.db.Close() }

// PostgresSize is the size of the history's tables with their indexes in the
// database dsn names, in bytes (for sizing a database).
func PostgresSize(ctx context.Context, dsn string) (int64, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int64
	err = db.QueryRowContext(ctx, `SELECT pg_total_relation_size('history_entries') + pg_total_relation_size('history_objects')`).Scan(&n)
	return n, err
}

package history

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Reading the store: the filters of a Query as SQL, pages and the CSV export's rows.

// where renders q's filters as a WHERE clause with its arguments in order.
func (s *sqlStore) where(q Query) (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, vals ...any) {
		for _, v := range vals {
			args = append(args, v)
			cond = strings.Replace(cond, "?", s.placeholder(len(args)), 1)
		}
		conds = append(conds, cond)
	}
	if q.Cluster != "" {
		add("cluster = ?", q.Cluster)
	}
	if q.Namespace != "" {
		add("namespace = ?", q.Namespace)
	}
	if q.Kind != "" {
		add("kind = ?", q.Kind)
	}
	if q.Name != "" {
		add("name = ?", q.Name)
	}
	if q.NameContains != "" {
		add(`name LIKE ? ESCAPE '\'`, "%"+likeEscape(q.NameContains)+"%")
	}
	if q.GameServerSet != "" {
		add("game_server_set = ?", q.GameServerSet)
	}
	if len(q.Changes) > 0 {
		vals := make([]any, len(q.Changes))
		for i, c := range q.Changes {
			vals[i] = string(c)
		}
		add("change IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")", vals...)
	}
	if len(q.Sources) > 0 {
		vals := make([]any, len(q.Sources))
		for i, c := range q.Sources {
			vals[i] = string(c)
		}
		add("source IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")", vals...)
	}
	if q.User != "" {
		add("username = ?", q.User)
	}
	if !q.Since.IsZero() {
		add("at >= ?", q.Since.UnixMicro())
	}
	if !q.Until.IsZero() {
		add("at < ?", q.Until.UnixMicro())
	}
	if q.WarningsOnly {
		add("warning = 1")
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func order(q Query) string {
	if q.Ascending {
		return " ORDER BY at ASC, id ASC"
	}
	return " ORDER BY at DESC, id DESC"
}

func (s *sqlStore) Query(ctx context.Context, q Query) (HistoryPage, error) {
	cond, args := s.where(q)
	var total int
	// Counting stops at MaxCount+1 rows, so a broad feed over millions stays fast.
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM history_entries`+cond+
		fmt.Sprintf(" LIMIT %d) AS matches", MaxCount+1), args...).Scan(&total); err != nil {
		return HistoryPage{}, err
	}
	page := HistoryPage{Items: []HistoryEntry{}, TotalItems: min(total, MaxCount), TotalIsLowerBound: total > MaxCount}
	offset := (q.Page - 1) * q.Limit
	if offset >= total {
		return page, nil
	}
	err := s.scan(ctx, `SELECT id, `+entryColumns+` FROM history_entries`+cond+order(q)+
		fmt.Sprintf(" LIMIT %d OFFSET %d", q.Limit, offset), args, func(e HistoryEntry) error {
		page.Items = append(page.Items, e)
		return nil
	})
	return page, err
}

func (s *sqlStore) Export(ctx context.Context, q Query, max int, fn func(HistoryEntry) error) error {
	cond, args := s.where(q)
	return s.scan(ctx, `SELECT id, `+entryColumns+` FROM history_entries`+cond+order(q)+fmt.Sprintf(" LIMIT %d", max), args, fn)
}

func (s *sqlStore) scan(ctx context.Context, query string, args []any, fn func(HistoryEntry) error) error {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var e HistoryEntry
		var at int64
		var change, source string
		var warning int
		if err := rows.Scan(&e.ID, &at, &e.Cluster, &e.Namespace, &e.Kind, &e.Name, &e.GameServerSet, &change, &e.Field,
			&e.Old, &e.New, &source, &e.User, &e.Action, &e.Error, &e.Message, &warning); err != nil {
			return err
		}
		e.Time, e.Change, e.Source, e.Warning = time.UnixMicro(at).UTC(), Change(change), Source(source), warning != 0
		if err := fn(e); err != nil {
			return err
		}
	}
	return rows.Err()
}

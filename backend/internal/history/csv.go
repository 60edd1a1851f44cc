package history

import (
	"context"
	"encoding/csv"
	"io"
	"strconv"
	"time"
)

// MaxExport bounds one CSV export.
const MaxExport = 100000

var csvHeader = []string{"time", "cluster", "namespace", "kind", "name", "gameServerSet", "change", "field",
	"old", "new", "source", "user", "action", "error", "message", "warning"}

// WriteCSV writes the entries q selects (up to MaxExport, in q's order) as CSV.
// Cells that a spreadsheet would run as a formula are prefixed with a quote.
func WriteCSV(ctx context.Context, w io.Writer, s Store, q Query) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	err := s.Export(ctx, q, MaxExport, func(e HistoryEntry) error {
		return cw.Write([]string{e.Time.Format(time.RFC3339Nano), e.Cluster, e.Namespace, e.Kind, e.Name,
			e.GameServerSet, string(e.Change), cell(e.Field), cell(e.Old), cell(e.New), string(e.Source), cell(e.User),
			cell(e.Action), cell(e.Error), cell(e.Message), strconv.FormatBool(e.Warning)})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// cell defuses spreadsheet formulas (CSV injection): values come from the cluster.
func cell(s string) string {
	if s != "" {
		switch s[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + s
		}
	}
	return s
}

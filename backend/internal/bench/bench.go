// Package bench measures the console the way `make bench` reports it: real control
// plane, real fleet sizes, the real okg-console binary as a separate process.
package bench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Row is one line of the report: what was measured, the figure, the target.
type Row struct {
	Metric string
	Value  string
	Target string
	OK     *bool // nil when there is no target
}

// Report collects rows and prints them as a Markdown table.
type Report struct {
	Title string
	Rows  []Row
}

// Add records a measured figure without a target.
func (r *Report) Add(metric, value string) {
	r.Rows = append(r.Rows, Row{Metric: metric, Value: value})
}

// Check records a figure with its target and whether it was met.
func (r *Report) Check(metric, value, target string, ok bool) {
	r.Rows = append(r.Rows, Row{Metric: metric, Value: value, Target: target, OK: &ok})
}

// Print writes the table.
func (r *Report) Print(w io.Writer) {
	fmt.Fprintf(w, "\n### %s\n\n| metric | value | target |\n| --- | --- | --- |\n", r.Title)
	for _, row := range r.Rows {
		target := row.Target
		if row.OK != nil {
			mark := "met"
			if !*row.OK {
				mark = "MISSED"
			}
			target += " (" + mark + ")"
		}
		fmt.Fprintf(w, "| %s | %s | %s |\n", row.Metric, row.Value, target)
	}
}

// Percentile returns the p-th percentile (0..100) of ds by nearest rank.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(float64(len(s))*p/100+0.5) - 1
	return s[max(0, min(i, len(s)-1))]
}

// Ms formats a duration in milliseconds with one decimal.
func Ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// RSS returns a process's resident set size in bytes, from /proc.
func RSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, fmt.Errorf("no VmRSS for pid %d", pid)
}

// CPUSeconds returns a process's user+system CPU time, from /proc.
func CPUSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// Fields after the command name (which may hold spaces) start after the last ')'.
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	utime, _ := strconv.ParseFloat(fields[11], 64)
	stime, _ := strconv.ParseFloat(fields[12], 64)
	return (utime + stime) / 100, nil // USER_HZ is 100 on Linux
}

package kube

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// The writer finishes long before the consumer reads: the body was read ahead.
func TestDrainedBodyReadsAheadAndKeepsOrder(t *testing.T) {
	pr, pw := io.Pipe()
	body := newDrainedBody(pr, 1<<20)
	want := bytes.Repeat([]byte("0123456789abcdef"), 20_000) // 320 KB, many pump reads
	wrote := make(chan struct{})
	go func() {
		for i := 0; i < len(want); i += 1000 {
			_, _ = pw.Write(want[i:min(i+1000, len(want))])
		}
		_ = pw.Close()
		close(wrote)
	}()
	select {
	case <-wrote:
	case <-time.After(5 * time.Second):
		t.Fatal("the writer blocked: the body was not read ahead")
	}
	got, err := io.ReadAll(body)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read %d bytes (err %v), want the %d written in order", len(got), err, len(want))
	}
	if n := WatchBufferedBytes(); n != 0 {
		t.Errorf("buffered gauge %d after reading everything, want 0", n)
	}
}

// With the buffer full the pump stops reading, so the server sees backpressure again.
func TestDrainedBodyBoundsWhatItHolds(t *testing.T) {
	pr, pw := io.Pipe()
	body := newDrainedBody(pr, 4<<10)
	wrote := make(chan struct{})
	go func() {
		for range 64 {
			_, _ = pw.Write(make([]byte, 1<<10))
		}
		_ = pw.Close()
		close(wrote)
	}()
	select {
	case <-wrote:
		t.Fatal("64 KB were taken by a body bounded at 4 KB with no reader")
	case <-time.After(300 * time.Millisecond):
	}
	if held := WatchBufferedBytes(); held < 4<<10 || held > 5<<10 {
		t.Errorf("held %d bytes, want the 4 KB bound (one read over at most)", held)
	}
	got, err := io.ReadAll(body)
	if err != nil || len(got) != 64<<10 {
		t.Fatalf("read %d (err %v), want 64 KB once the reader drains", len(got), err)
	}
	<-wrote
}

func TestDrainedBodyCloseStopsThePump(t *testing.T) {
	pr, pw := io.Pipe()
	body := newDrainedBody(pr, 1<<20)
	_, _ = pw.Write([]byte("held"))
	if err := body.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := pw.Write([]byte("more")); !errors.Is(err, io.ErrClosedPipe) {
		t.Errorf("writing after Close: %v, want the source closed", err)
	}
	if _, err := body.Read(make([]byte, 8)); err == nil {
		t.Error("Read after Close succeeded")
	}
	if n := WatchBufferedBytes(); n != 0 {
		t.Errorf("buffered gauge %d after Close, want 0", n)
	}
}

func TestOnlyWatchResponsesAreDrained(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("fail") != "" {
			http.Error(w, "no", http.StatusForbidden)
			return
		}
		_, _ = w.Write([]byte(`{"type":"ADDED"}`))
	}))
	defer srv.Close()
	rt := drainWatches(http.DefaultTransport, 1<<20)
	for _, tc := range []struct {
		method, query string
		drained       bool
	}{
		{"GET", "?watch=true", true},
		{"GET", "?watch=1&resourceVersion=5", true},
		{"GET", "?limit=500", false},
		{"GET", "?watch=false", false},
		{"GET", "?watch=true&fail=1", false}, // an error body is read as is
		{"POST", "?watch=true", false},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.query, nil)
		resp, err := rt.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		_, drained := resp.Body.(*drainedBody)
		if drained != tc.drained {
			t.Errorf("%s %s: drained %v, want %v", tc.method, tc.query, drained, tc.drained)
		}
		if b, _ := io.ReadAll(resp.Body); len(b) == 0 {
			t.Errorf("%s %s: empty body", tc.method, tc.query)
		}
		resp.Body.Close()
	}
}

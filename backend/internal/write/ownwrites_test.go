package write

import (
	"context"
	"testing"
	"time"
)

func TestAwaitOwnWrite(t *testing.T) {
	cases := []struct {
		name     string
		written  string // "" = never written by this console
		cached   []string
		caughtUp bool
	}{
		{"never written: no wait", "", []string{"5"}, true},
		{"cache already past the write", "10", []string{"12"}, true},
		{"cache at the write", "10", []string{"10"}, true},
		{"cache catches up on the third look", "10", []string{"8", "9", "10"}, true},
		{"cache never catches up", "10", []string{"9"}, false},
		{"unordered versions are not waited on", "abc", []string{"1"}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := New(Options{})
			if c.written != "" {
				w.own.remember(Ref{Kind: KindGameServerSet, Namespace: "ns", Name: "s", ResourceVersion: c.written})
			}
			looks := 0
			cached := func() string {
				v := c.cached[min(looks, len(c.cached)-1)]
				looks++
				return v
			}
			got := w.AwaitOwnWrite(context.Background(), KindGameServerSet, "ns", "s", cached, 200*time.Millisecond)
			if got != c.caughtUp {
				t.Fatalf("caught up = %v, want %v (after %d looks)", got, c.caughtUp, looks)
			}
		})
	}
}

package stream

import (
	"bytes"
	"net"
	"strings"
	"testing"
)

// countingConn records each write that reaches the socket.
type countingConn struct {
	net.Conn
	writes [][]byte
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.writes = append(c.writes, bytes.Clone(p))
	return len(p), nil
}

func TestCorkConn(t *testing.T) {
	big := strings.Repeat("x", maxCorked)
	for _, tc := range []struct {
		name       string
		corked     bool
		frames     []string
		wantWrites int
	}{
		{"uncorked writes go straight through", false, []string{"a", "b", "c"}, 3},
		{"corked writes leave in one write", true, []string{"a", "b", "c"}, 1},
		{"a burst beyond the bound is split", true, []string{big, "tail"}, 2},
		{"an empty cork writes nothing", true, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			under := &countingConn{}
			c := &corkConn{Conn: under}
			if tc.corked {
				c.cork()
			}
			for _, f := range tc.frames {
				if n, err := c.Write([]byte(f)); err != nil || n != len(f) {
					t.Fatalf("Write(%d bytes) = %d, %v", len(f), n, err)
				}
			}
			if tc.corked {
				if err := c.uncork(); err != nil {
					t.Fatal(err)
				}
			}
			if len(under.writes) != tc.wantWrites {
				t.Fatalf("%d writes reached the socket, want %d", len(under.writes), tc.wantWrites)
			}
			if got, want := string(bytes.Join(under.writes, nil)), strings.Join(tc.frames, ""); got != want {
				t.Fatalf("bytes on the socket differ from what was written (%d vs %d bytes)", len(got), len(want))
			}
			// After uncork, writes pass through again.
			if _, err := c.Write([]byte("after")); err != nil || string(under.writes[len(under.writes)-1]) != "after" {
				t.Fatalf("write after uncork did not reach the socket at once")
			}
		})
	}
}

package terminal

import (
	"context"
	"errors"
	"testing"

	"k8s.io/client-go/tools/remotecommand"
)

func TestExitStatusInMessage(t *testing.T) {
	for _, tc := range []struct {
		msg  string
		code int
		ok   bool
	}{
		{"Internal error occurred: error executing command in container: cmd wait: /bin/sh : exit status 3", 3, true},
		{"command terminated with non-zero exit code: exit status 127\n", 127, true},
		{"connection refused", 0, false},
		{"exit status 3 and more", 0, false},
	} {
		code, ok := exitStatusInMessage(errors.New(tc.msg))
		if code != tc.code || ok != tc.ok {
			t.Errorf("%q: %d %v, want %d %v", tc.msg, code, ok, tc.code, tc.ok)
		}
	}
}

func TestSizeQueueKeepsTheNewest(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	q := &sizeQueue{ch: make(chan remotecommand.TerminalSize, 1), ctx: ctx}
	q.push(remotecommand.TerminalSize{Width: 80, Height: 24})
	q.push(remotecommand.TerminalSize{Width: 120, Height: 40}) // the exec had not taken the first
	if s := q.Next(); s == nil || s.Width != 120 || s.Height != 40 {
		t.Fatalf("next size %+v, want the newest 120x40", s)
	}
	cancel()
	if s := q.Next(); s != nil {
		t.Fatalf("after the session: %+v, want nil", s)
	}
}

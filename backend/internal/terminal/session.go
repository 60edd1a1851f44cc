package terminal

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"k8s.io/client-go/tools/remotecommand"

	"github.com/okg-console/okg-console/backend/internal/write"
)

// Subprotocol is the browser protocol of a terminal websocket:
//   - browser → console, text frames of JSON: {"type":"stdin","data":"ls\r"} and
//     {"type":"resize","cols":120,"rows":40};
//   - console → browser: binary frames of terminal output, then one text frame
//     {"type":"exit","code":0,"reason":"exit"} before the close (code absent when the
//     session ended without an exit status: "idle", "disconnected", "error").
const Subprotocol = "okgconsole.terminal.v1"

// Message types and end reasons of the protocol.
const (
	MsgStdin  = "stdin"
	MsgResize = "resize"
	MsgExit   = "exit"

	EndExit         = "exit"
	EndIdle         = "idle"
	EndDisconnected = "disconnected"
	EndError        = "error"
)

const (
	maxMessage = 64 << 10
	pingEvery  = 25 * time.Second
	pongWait   = 60 * time.Second
	writeWait  = 10 * time.Second
	outQueue   = 64
)

// ClientMessage is one message from the browser.
type ClientMessage struct {
	Type string `json:"type"`
	Data string `json:"data,omitempty"`
	Cols uint16 `json:"cols,omitempty"`
	Rows uint16 `json:"rows,omitempty"`
}

// ExitMessage is the last message of a session.
type ExitMessage struct {
	Type    string `json:"type"`
	Code    *int   `json:"code,omitempty"`
	Reason  string `json:"reason"`
	Message string `json:"message,omitempty"`
}

// Options configure the Service.
type Options struct {
	IdleTimeout time.Duration
	Writer      *write.Writer // audits every session
	Exec        Executor      // default PodExec
	Log         *slog.Logger
}

// Service bridges browser websockets to exec sessions.
type Service struct {
	opts     Options
	upgrader websocket.Upgrader
}

// NewService builds the terminal service.
func NewService(opts Options) *Service {
	if opts.Exec == nil {
		opts.Exec = PodExec{}
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	return &Service{opts: opts, upgrader: websocket.Upgrader{
		Subprotocols: []string{Subprotocol},
		// The router's origin rule (and, behind ks-apiserver, the exec ticket) has decided.
		CheckOrigin: func(*http.Request) bool { return true },
	}}
}

// Request is one session: who (the audit's user and the clients the exec goes through),
// on which game server, in which container.
type Request struct {
	Actor  write.Actor
	Ref    write.Ref
	Target Target
}

// Serve upgrades the request and runs the session until the command exits, the browser
// goes away or the session is idle for the configured time.
func (s *Service) Serve(w http.ResponseWriter, r *http.Request, req Request) {
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader answered the error
	}
	defer conn.Close()
	ctx, cancel := context.WithCancel(context.WithoutCancel(r.Context()))
	defer cancel()
	sess := write.Session{Container: req.Target.Container, Command: req.Target.Command, Start: time.Now()}
	s.opts.Writer.AuditSession(ctx, req.Actor, req.Ref, sess)

	out := newOutbox(conn)
	go out.run(ctx)
	var ending endReason
	idle := time.AfterFunc(s.opts.IdleTimeout, func() { ending.set(EndIdle); cancel() })
	defer idle.Stop()

	stdinR, stdinW := io.Pipe()
	sizes := &sizeQueue{ch: make(chan remotecommand.TerminalSize, 1), ctx: ctx}
	go func() {
		defer cancel()
		defer stdinW.Close()
		s.readLoop(ctx, conn, stdinW, sizes, idle)
		ending.set(EndDisconnected)
	}()

	code, err := s.opts.Exec.Exec(ctx, req.Actor.Clients, req.Target, IO{Stdin: stdinR, Stdout: out, Sizes: sizes})
	msg := ExitMessage{Type: MsgExit, Code: code}
	switch {
	case code != nil:
		ending.set(EndExit)
	case err != nil && ctx.Err() == nil:
		ending.set(EndError)
		msg.Message = err.Error()
	}
	msg.Reason = ending.get()
	sess.End, sess.ExitCode, sess.Ending = time.Now(), code, msg.Reason
	if msg.Message != "" {
		sess.Ending += ": " + msg.Message
	}
	s.opts.Writer.AuditSession(context.WithoutCancel(ctx), req.Actor, req.Ref, sess)
	out.finish(msg)
}

// readLoop feeds the exec's stdin and sizes from the browser until it goes away.
func (s *Service) readLoop(ctx context.Context, conn *websocket.Conn, stdin io.Writer, sizes *sizeQueue, idle *time.Timer) {
	conn.SetReadLimit(maxMessage)
	_ = conn.SetReadDeadline(time.Now().Add(pongWait))
	conn.SetPongHandler(func(string) error { return conn.SetReadDeadline(time.Now().Add(pongWait)) })
	for ctx.Err() == nil {
		kind, data, err := conn.ReadMessage()
		if err != nil {
			return
		}
		_ = conn.SetReadDeadline(time.Now().Add(pongWait))
		var m ClientMessage
		if kind != websocket.TextMessage || json.Unmarshal(data, &m) != nil {
			continue
		}
		switch m.Type {
		case MsgStdin:
			idle.Reset(s.opts.IdleTimeout)
			if _, err := stdin.Write([]byte(m.Data)); err != nil {
				return
			}
		case MsgResize:
			if m.Cols > 0 && m.Rows > 0 {
				sizes.push(remotecommand.TerminalSize{Width: m.Cols, Height: m.Rows})
			}
		}
	}
}

// endReason keeps the first reason a session ended for.
type endReason struct {
	mu     sync.Mutex
	reason string
}

func (e *endReason) set(r string) {
	e.mu.Lock()
	if e.reason == "" {
		e.reason = r
	}
	e.mu.Unlock()
}

func (e *endReason) get() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.reason == "" {
		return EndDisconnected
	}
	return e.reason
}

// sizeQueue hands the exec the newest terminal size (remotecommand.TerminalSizeQueue).
type sizeQueue struct {
	ch  chan remotecommand.TerminalSize
	ctx context.Context
}

func (q *sizeQueue) push(s remotecommand.TerminalSize) {
	select {
	case <-q.ch: // drop a size the exec has not taken yet: only the newest matters
	default:
	}
	q.ch <- s
}

// Next blocks until a new size or the end of the session (nil).
func (q *sizeQueue) Next() *remotecommand.TerminalSize {
	select {
	case s := <-q.ch:
		return &s
	case <-q.ctx.Done():
		return nil
	}
}

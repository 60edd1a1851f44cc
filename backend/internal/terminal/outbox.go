package terminal

import (
	"context"
	"encoding/json"
	"time"

	"github.com/gorilla/websocket"
)

// outbox is the one writer of a terminal websocket: output frames (bounded queue; the
// exec waits when the browser is slow, a terminal must not lose bytes), pings, and the
// final exit message and close.
type outbox struct {
	conn  *websocket.Conn
	queue chan []byte
	done  chan struct{} // closed when run has returned
	last  chan []byte   // the exit message
}

func newOutbox(conn *websocket.Conn) *outbox {
	return &outbox{conn: conn, queue: make(chan []byte, outQueue), done: make(chan struct{}), last: make(chan []byte, 1)}
}

// Write queues terminal output (io.Writer for the exec's stdout).
func (o *outbox) Write(p []byte) (int, error) {
	b := append([]byte(nil), p...)
	select {
	case o.queue <- b:
		return len(p), nil
	case <-o.done:
		return 0, websocket.ErrCloseSent
	}
}

// finish sends the exit message after the output queued so far, closes the socket and
// waits for the writer.
func (o *outbox) finish(m ExitMessage) {
	data, _ := json.Marshal(m)
	o.last <- data
	select {
	case <-o.done:
	case <-time.After(writeWait):
	}
}

func (o *outbox) run(ctx context.Context) {
	defer close(o.done)
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	write := func(kind int, data []byte) bool {
		_ = o.conn.SetWriteDeadline(time.Now().Add(writeWait))
		return o.conn.WriteMessage(kind, data) == nil
	}
	for {
		select {
		case b := <-o.queue:
			if !write(websocket.BinaryMessage, b) {
				return
			}
		case <-ping.C:
			if !write(websocket.PingMessage, nil) {
				return
			}
		case exit := <-o.last:
			for drained := false; !drained; {
				select {
				case b := <-o.queue:
					if !write(websocket.BinaryMessage, b) {
						return
					}
				default:
					drained = true
				}
			}
			write(websocket.TextMessage, exit)
			write(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "session ended"))
			return
		case <-ctx.Done():
			// The exec is ending; keep writing until finish hands over the exit message.
			ctx = context.Background()
		}
	}
}

package stream

import (
	"errors"
	"net"
	"sync"
	"time"

	"github.com/gorilla/websocket"
)

// client is one websocket connection with one subscription. The hub queues frames
// without ever blocking; one writer goroutine drains the queue.
type client struct {
	hub      *Hub
	conn     *websocket.Conn
	cork     *corkConn // the conn's transport, to batch frames; nil: one write per frame
	group    *group
	resource Resource
	queue    chan frame

	once   sync.Once
	done   chan struct{} // closed when the client is being disconnected
	reason string
}

func newClient(h *Hub, conn *websocket.Conn, cork *corkConn, res Resource) *client {
	return &client{hub: h, conn: conn, cork: cork, resource: res, queue: make(chan frame, h.opts.QueueSize), done: make(chan struct{})}
}

// send queues f; a full queue disconnects the client (the caller holds gmu and
// must not wait for a slow network).
func (c *client) send(f frame) {
	select {
	case <-c.done:
		return
	default:
	}
	select {
	case c.queue <- f:
	default:
		c.hub.metrics.drops.Inc()
		c.kick(ReasonSlow, CloseSlowConsumer, "slow consumer: more than the queue's messages behind; reconnect with resume")
	}
}

// kick disconnects the client once: a close frame with code and text (best effort,
// bounded), then the connection is closed, which ends the reader and the writer.
func (c *client) kick(reason string, code int, text string) {
	c.once.Do(func() {
		c.reason = reason
		close(c.done)
		go func() {
			_ = c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
			// Give a well-behaved peer a moment to answer the close before the socket goes.
			time.AfterFunc(200*time.Millisecond, func() { _ = c.conn.Close() })
		}()
	})
}

// writer is the connection's only writer of data frames.
func (c *client) writer(wg *sync.WaitGroup) {
	defer wg.Done()
	ping := time.NewTicker(c.hub.opts.PingInterval)
	defer ping.Stop()
	for {
		select {
		case <-c.done:
			return
		case f := <-c.queue:
			if err := c.writeQueued(f); err != nil {
				c.kick(ReasonWrite, websocket.CloseAbnormalClosure, "write failed")
				return
			}
		case <-ping.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(c.hub.opts.WriteWait)); err != nil {
				c.kick(ReasonWrite, websocket.CloseAbnormalClosure, "ping failed")
				return
			}
		}
	}
}

// maxFramesPerWrite bounds how many queued frames one write batches.
const maxFramesPerWrite = 64

// writeQueued writes f and whatever else is already queued (up to
// maxFramesPerWrite frames) with as few writes to the socket as it can.
func (c *client) writeQueued(f frame) error {
	_ = c.conn.SetWriteDeadline(time.Now().Add(c.hub.opts.WriteWait))
	if c.cork != nil {
		c.cork.cork()
	}
	err := c.writeFrame(f)
drain:
	for n := 1; err == nil && n < maxFramesPerWrite; n++ {
		select {
		case f = <-c.queue:
			err = c.writeFrame(f)
		default:
			break drain // nothing else queued
		}
	}
	if c.cork != nil {
		if uerr := c.cork.uncork(); err == nil {
			err = uerr
		}
	}
	return err
}

func (c *client) writeFrame(f frame) error {
	if err := c.conn.WriteMessage(websocket.TextMessage, f.data); err != nil {
		return err
	}
	c.hub.metrics.sent.WithLabelValues(f.typ).Inc()
	return nil
}

// reader reads (and discards) what the client sends, answering pings and noting
// pongs; it returns when the connection ends, with the reason.
func (c *client) reader() {
	c.conn.SetReadLimit(4096)
	wait := c.hub.opts.PongWait
	_ = c.conn.SetReadDeadline(time.Now().Add(wait))
	c.conn.SetPongHandler(func(string) error { return c.conn.SetReadDeadline(time.Now().Add(wait)) })
	for {
		if _, _, err := c.conn.ReadMessage(); err != nil {
			var ne net.Error
			switch {
			case errors.As(err, &ne) && ne.Timeout():
				c.kick(ReasonTimeout, websocket.CloseGoingAway, "no pong within "+wait.String())
			default:
				c.kick(ReasonClient, websocket.CloseNormalClosure, "")
			}
			return
		}
		_ = c.conn.SetReadDeadline(time.Now().Add(wait))
	}
}

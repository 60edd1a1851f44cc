package stream

import (
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/history"
)

// Query parameters of a watch besides the list's own.
const (
	ParamWatch  = "watch"
	ParamResume = "resume"
)

// Subprotocol is what a browser offers (next to the bearer-token subprotocol) so the
// server has a protocol to select: browsers refuse an upgrade that selects none.
const Subprotocol = "okgconsole.v1"

var streamResource = schema.GroupResource{Group: "okgconsole.kubesphere.io", Resource: "streams"}

// Subscription is a validated watch request, ready to upgrade.
type Subscription struct {
	Resource  Resource
	Namespace string
	key       string
	servers   fleet.GameServerQuery
	sets      fleet.GameServerSetQuery
	project   string
	history   history.Query
	resume    int64
	hasResume bool
}

// IsWatch reports whether a request asks for a stream rather than a list.
func IsWatch(r *http.Request) bool {
	v, _ := strconv.ParseBool(r.URL.Query().Get(ParamWatch))
	return v
}

// Prepare checks a watch request before the upgrade, so refusals are plain HTTP
// answers with a Status body: 400 for a bad query, 503 while shutting down. Which
// pages may open streams is the router's rule (package origin), checked before this.
func (h *Hub) Prepare(r *http.Request, res Resource, namespace string) (*Subscription, error) {
	h.gmu.Lock()
	closed := h.closed
	h.gmu.Unlock()
	if closed {
		return nil, apierrors.NewServiceUnavailable("okg-console is shutting down")
	}
	q := r.URL.Query()
	sub := &Subscription{Resource: res, Namespace: namespace}
	if s := q.Get(ParamResume); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return nil, apierror.BadRequest(ParamResume, "%q is not a cursor", s)
		}
		sub.resume, sub.hasResume = n, true
	}
	q.Del(ParamWatch)
	q.Del(ParamResume)
	var err error
	switch res {
	case GameServers:
		sub.servers, err = fleet.ParseGameServerQuery(namespace, q)
	case GameServerSets:
		sub.sets, err = fleet.ParseGameServerSetQuery(namespace, q)
	case Overview:
		sub.project = q.Get(fleet.ParamProject)
		q = url.Values{fleet.ParamProject: {sub.project}}
	default:
		err = apierror.BadRequest("resource", "%q cannot be watched", res)
	}
	if err != nil {
		return nil, err
	}
	sub.key = string(res) + "|" + namespace + "|" + q.Encode()
	return sub, nil
}

// WithoutUsage leaves the usage totals out of a set stream's views (for a caller who
// may not list the game servers they are figures of); such subscribers share a group of
// their own, so no message of a group with usage reaches them.
func (s *Subscription) WithoutUsage() {
	if s.Resource != GameServerSets || s.sets.WithoutUsage {
		return
	}
	s.sets.WithoutUsage = true
	s.key += "|without-usage"
}

var upgrader = websocket.Upgrader{
	HandshakeTimeout: 10 * time.Second,
	ReadBufferSize:   1024,
	WriteBufferSize:  8192,
	WriteBufferPool:  &sync.Pool{},
	Subprotocols:     []string{Subprotocol},
	CheckOrigin:      func(*http.Request) bool { return true }, // checked by the router first, with a clear refusal
}

// Serve upgrades the connection and streams the subscription until either side
// ends it. It returns when the connection is closed.
func (h *Hub) Serve(w http.ResponseWriter, r *http.Request, sub *Subscription) {
	cw := &corkingWriter{ResponseWriter: w}
	conn, err := upgrader.Upgrade(cw, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	c := newClient(h, conn, cw.conn, sub.Resource)
	if !h.attach(c, sub) {
		_ = conn.WriteControl(websocket.CloseMessage,
			websocket.FormatCloseMessage(CloseGoingAway, "okg-console is shutting down"), time.Now().Add(time.Second))
		_ = conn.Close()
		return
	}
	defer h.conns.Done()
	var wg sync.WaitGroup
	wg.Add(1)
	go c.writer(&wg)
	c.reader()
	wg.Wait()
	_ = conn.Close()
	h.detach(c)
}

// attach joins the client to its query's group and queues its first messages: the
// missed ones when it resumes from a buffered cursor, else a snapshot.
func (h *Hub) attach(c *client, sub *Subscription) bool {
	h.gmu.Lock()
	defer h.gmu.Unlock()
	if h.closed {
		return false
	}
	h.conns.Add(1)
	g := h.groups[sub.key]
	resumed := false
	if g != nil && sub.hasResume {
		current := h.seq.Load()
		if missed, ok := g.missedSince(sub.resume, current); ok && len(missed) < h.opts.QueueSize/2 {
			for _, f := range missed {
				c.queue <- f
			}
			c.queue <- frame{cursor: current, typ: TypeResumed, data: encode(Message{Type: TypeResumed, Cursor: current})}
			resumed = true
		}
	}
	if !resumed {
		if g == nil {
			g = &group{key: sub.key, resource: sub.Resource, ns: sub.Namespace, servers: sub.servers,
				sets: sub.sets, project: sub.project, history: sub.history, clients: map[*client]struct{}{}}
			h.groups[sub.key] = g
			h.metrics.groups.Set(float64(len(h.groups)))
		}
		snap := g.refresh(h)
		if g.since == 0 {
			g.since = snap.Cursor
		}
		c.queue <- frame{cursor: snap.Cursor, typ: TypeSnapshot, data: encode(snap)}
	}
	c.group = g
	g.clients[c] = struct{}{}
	h.clients[c] = struct{}{}
	h.metrics.clients.Inc()
	h.metrics.subscriptions.WithLabelValues(string(sub.Resource)).Inc()
	return true
}

func (h *Hub) detach(c *client) {
	h.gmu.Lock()
	defer h.gmu.Unlock()
	delete(h.clients, c)
	delete(c.group.clients, c)
	if len(c.group.clients) == 0 {
		c.group.idleSince = time.Now()
	}
	h.metrics.clients.Dec()
	h.metrics.subscriptions.WithLabelValues(string(c.resource)).Dec()
	h.metrics.disconnects.WithLabelValues(c.reason).Inc()
}

package stream

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/history"
)

// History is the resource of history feeds: append-only, so a subscription of the
// newest page gets each new matching entry as ADDED (newest first, the client keeps
// its page size); other pages get BOOKMARKs with the new total.
const History Resource = "history"

// HistorySource pages the history for snapshots.
type HistorySource interface {
	Query(ctx context.Context, q history.Query) (history.HistoryPage, error)
}

// snapshotTimeout bounds the store query a joining client's snapshot makes.
const snapshotTimeout = 5 * time.Second

// SetHistory gives the hub the history to stream; nil (the default) turns history watches away.
func (h *Hub) SetHistory(src HistorySource) {
	h.gmu.Lock()
	h.history = src
	h.gmu.Unlock()
}

// PrepareHistory checks a history watch (the query already parsed and scoped by the
// router) before the upgrade.
func (h *Hub) PrepareHistory(r *http.Request, q history.Query) (*Subscription, error) {
	h.gmu.Lock()
	closed, src := h.closed, h.history
	h.gmu.Unlock()
	if closed {
		return nil, apierrors.NewServiceUnavailable("okg-console is shutting down")
	}
	if src == nil {
		return nil, apierrors.NewServiceUnavailable("the history is not recorded by this console (history is disabled)")
	}
	sub := &Subscription{Resource: History, Namespace: q.Namespace, history: q}
	if s := r.URL.Query().Get(ParamResume); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return nil, apierror.BadRequest(ParamResume, "%q is not a cursor", s)
		}
		sub.resume, sub.hasResume = n, true
	}
	key, err := json.Marshal(q)
	if err != nil {
		return nil, err
	}
	sub.key = string(History) + "|" + string(key)
	return sub, nil
}

// PublishHistory hands newly stored entries to the history subscriptions.
func (h *Hub) PublishHistory(entries []history.HistoryEntry) {
	h.mu.Lock()
	h.historyPending = append(h.historyPending, entries...)
	h.mu.Unlock()
	select {
	case h.notify <- struct{}{}:
	default:
	}
}

func (h *Hub) takeHistory() []history.HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.historyPending
	h.historyPending = nil
	return out
}

// historySnapshot is a joining client's first page.
func (g *group) historySnapshot(h *Hub) Message {
	m := Message{Type: TypeSnapshot}
	ctx, cancel := context.WithTimeout(context.Background(), snapshotTimeout)
	defer cancel()
	page, err := h.history.Query(ctx, g.history)
	if err != nil {
		h.opts.Log.Error("history snapshot", "error", err)
		page = history.HistoryPage{Items: []history.HistoryEntry{}}
	}
	g.total = page.TotalItems
	m.Items, m.TotalItems = page.Items, &page.TotalItems
	m.Cursor = h.seq.Load()
	return m
}

// appendHistory sends the group's clients the new entries it selects.
func (g *group) appendHistory(h *Hub, entries []history.HistoryEntry) {
	newest := g.history.Page == 1 && !g.history.Ascending
	added := 0
	for i := range entries {
		e := &entries[i]
		if !g.history.Matches(e) {
			continue
		}
		added++
		if newest {
			g.total++
			t := g.total
			g.broadcast(h, Message{Type: TypeAdded, Object: e, TotalItems: &t})
		}
	}
	if added > 0 && !newest {
		g.total += added
		t := g.total
		g.broadcast(h, Message{Type: TypeBookmark, TotalItems: &t})
	}
}

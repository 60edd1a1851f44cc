package api

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"

	"github.com/okg-console/okg-console/backend/internal/apierror"
	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/fleet"
	"github.com/okg-console/okg-console/backend/internal/logs"
	"github.com/okg-console/okg-console/backend/internal/origin"
	"github.com/okg-console/okg-console/backend/internal/terminal"
	"github.com/okg-console/okg-console/backend/internal/write"
)

// execPath is the terminal websocket's route; its handshake needs an exec ticket.
const execPath = Prefix + "/namespaces/:namespace/gameservers/:name/exec"

// ParamCommand is the command a terminal runs (repeated: argv), default /bin/sh.
const ParamCommand = "command"

var (
	podsResource  = corev1.Resource("pods")
	execResource  = schema.GroupResource{Group: Group, Resource: "gameservers/exec"}
	podExecAccess = func(ns string) auth.Access {
		return auth.Access{Verb: "create", Resource: podsResource, Subresource: "exec", Namespace: ns}
	}
	refusedExecTitle = "opening a terminal needs the right to exec into the game server's pod"
)

type terminalHandler struct {
	fleet    *fleet.Service
	auth     *auth.Authenticator
	reviewer *auth.Reviewer
	tickets  *origin.Tickets
	service  *terminal.Service
}

// ExecTicket is what POST .../gameservers/{name}/exec/tickets answers: a ticket the page
// offers as a subprotocol of the terminal websocket, with the terminal's own.
type ExecTicket = origin.StreamTicket

// issue: POST namespaces/{ns}/gameservers/{name}/exec/tickets. Behind ks-apiserver this
// plain request is what KubeSphere authorises ("create" on gameservers/exec, granted by
// the exec RoleTemplate only); in token mode the caller's own create pods/exec right is
// checked. The ticket opens a terminal on this server only, for 60 s.
func (h *terminalHandler) issue(c *gin.Context) {
	ns, name := c.Param("namespace"), c.Param("name")
	if h.fleet.GameServer(ns, name) == nil {
		writeError(c, apierror.NotFound(gameServersResource, name))
		return
	}
	if err := h.reviewer.Allow(c.Request.Context(), auth.FromGin(c), podExecAccess(ns)); err != nil {
		writeError(c, refusedExec(err))
		return
	}
	subject := h.auth.StreamSubject(c.Request)
	if subject == "" {
		writeError(c, apierrors.NewForbidden(execResource, name, fmt.Errorf("this request names no user to issue a terminal ticket to")))
		return
	}
	t, exp := h.tickets.IssueScoped(subject, origin.ExecScope(ns, name), c.Request)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, ExecTicket{Ticket: t, Protocol: origin.TicketProtocolPrefix + t, ExpiresAt: exp.UTC().Format(time.RFC3339)})
}

// serve: GET namespaces/{ns}/gameservers/{name}/exec?container=&command= as a websocket
// (terminal.Subprotocol). Who may: kubesphere mode, the holder of an exec ticket for this
// server (the handshake carries no identity); token mode, a caller who may create
// pods/exec, and the exec goes with their credentials; kubeconfig mode, the local user.
func (h *terminalHandler) serve(c *gin.Context) {
	if !auth.IsUpgrade(c.Request) {
		writeError(c, apierror.BadRequest("Upgrade", "a terminal is a websocket: connect with the %s subprotocol", terminal.Subprotocol))
		return
	}
	ns, name := c.Param("namespace"), c.Param("name")
	q := c.Request.URL.Query()
	p := logs.Params{Container: q.Get(logs.ParamContainer)}
	plan, err := logs.Resolve(p, logs.Limits{}, h.fleet.GameServer(ns, name), h.fleet.Pod(ns, name))
	if err != nil {
		writeError(c, err)
		return
	}
	command := q[ParamCommand]
	if len(command) == 0 {
		command = terminal.DefaultCommand
	}
	for _, arg := range command {
		if arg == "" || len(arg) > 1024 || strings.ContainsRune(arg, 0) {
			writeError(c, apierror.BadRequest(ParamCommand, "each argument must be 1..1024 bytes without NUL"))
			return
		}
	}
	id := auth.FromGin(c)
	user := id.User
	switch h.auth.Mode() {
	case config.AuthKubeSphere:
		user = h.auth.StreamSubject(c.Request)
		if err := h.tickets.VerifyScoped(user, origin.ExecScope(ns, name), c.Request); err != nil || user == "" {
			writeError(c, refusedExec(apierrors.NewForbidden(execResource, name, fmt.Errorf("no valid terminal ticket: %v", err))))
			return
		}
	case config.AuthToken:
		if err := h.reviewer.Allow(c.Request.Context(), id, podExecAccess(ns)); err != nil {
			writeError(c, refusedExec(err))
			return
		}
		user = h.reviewer.UserName(c.Request.Context(), id)
	}
	ref := write.Ref{Kind: write.KindGameServer, Namespace: ns, Name: name}
	if gs := h.fleet.GameServer(ns, name); gs != nil {
		ref = write.RefOf(write.KindGameServer, gs)
	}
	c.Abort() // the connection is the session's from here on
	h.service.Serve(c.Writer, c.Request, terminal.Request{
		Actor:  write.Actor{User: user, Clients: id.Clients},
		Ref:    ref,
		Target: terminal.Target{Namespace: ns, Pod: name, Container: plan.Container, Command: command},
	})
}

// refusedExec prefixes a 403 with what the terminal needs, so the page can say it plainly.
func refusedExec(err error) error {
	var se *apierrors.StatusError
	if st, ok := err.(*apierrors.StatusError); ok && st.ErrStatus.Code == http.StatusForbidden {
		se = st
		se.ErrStatus.Message = refusedExecTitle + ": " + se.ErrStatus.Message
		return se
	}
	return err
}

// unavailable answers 503 for a capability this console was built without.
func unavailable(what string) gin.HandlerFunc {
	return func(c *gin.Context) {
		writeError(c, apierrors.NewServiceUnavailable(what+" is not available in this console"))
	}
}

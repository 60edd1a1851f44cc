package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	apierrors "k8s.io/apimachinery/pkg/api/errors"

	"github.com/okg-console/okg-console/backend/internal/auth"
	"github.com/okg-console/okg-console/backend/internal/origin"
)

type ticketHandler struct {
	tickets *origin.Tickets
	origins *origin.Policy
	auth    *auth.Authenticator
}

// issue: GET [namespaces/{ns}/]streamtickets. Refused to another site's page even
// though it is a GET: the ticket is what lets a page open streams.
func (h *ticketHandler) issue(c *gin.Context) {
	if err := h.origins.Check(c.Request); err != nil {
		writeError(c, apierrors.NewForbidden(streamTicketsResource, "", fmt.Errorf("cross-site request refused: %v", err)))
		return
	}
	subject := h.auth.StreamSubject(c.Request)
	if subject == "" {
		writeError(c, apierrors.NewForbidden(streamTicketsResource, "", fmt.Errorf("this request names no user to issue a stream ticket to")))
		return
	}
	t, exp := h.tickets.Issue(subject, c.Request)
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, origin.StreamTicket{Ticket: t, Protocol: origin.TicketProtocolPrefix + t, ExpiresAt: exp.UTC().Format(time.RFC3339)})
}

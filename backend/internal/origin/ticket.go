package origin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// TicketProtocolPrefix carries a stream ticket in Sec-WebSocket-Protocol.
const TicketProtocolPrefix = "okgconsole.ticket."

// TicketTTL is how long a ticket opens streams.
const TicketTTL = 60 * time.Second

// Tickets let the console's own pages open streams where the browser gives the server
// no way to recognise them: Chromium sends no Sec-Fetch-Site on websocket handshakes,
// and behind ks-apiserver the handshake's Host is the backend's, so its Origin cannot
// be compared with it. A page first fetches a ticket with a plain request — which the
// rule above checks, and whose answer a page of another site cannot read (the console
// grants no CORS) — and offers it as a websocket subprotocol. A ticket is signed, lives
// TicketTTL, and is bound to the user who fetched it and, when the browser said it, to
// the page's origin: another user's or another site's handshake cannot use it.
type Tickets struct {
	key []byte
	now func() time.Time
}

// NewTickets makes a ticket issuer with a key of its own (tickets do not outlive the process).
func NewTickets() *Tickets {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // the system's randomness is gone: nothing is safe to sign
	}
	return &Tickets{key: key, now: time.Now}
}

// StreamTicket is what GET [namespaces/{ns}/]streamtickets answers: a ticket the page
// offers as the websocket subprotocol Protocol ("okgconsole.ticket.<ticket>").
type StreamTicket struct {
	Ticket    string `json:"ticket"`
	Protocol  string `json:"protocol"`
	ExpiresAt string `json:"expiresAt"`
}

type ticketClaims struct {
	Subject string `json:"s"`
	// Scope narrows what a ticket opens: "" a stream, "exec:<ns>/<name>" a terminal on
	// one game server (issued only to a request authorised to exec there).
	Scope   string `json:"p,omitempty"`
	Origin  string `json:"o,omitempty"` // "" binds to no origin (the browser did not say it)
	Expires int64  `json:"e"`
}

// Issue returns a ticket for subject, bound to the origin of r's page when r says it.
func (t *Tickets) Issue(subject string, r *http.Request) (string, time.Time) {
	return t.IssueScoped(subject, "", r)
}

// IssueScoped returns a ticket that opens only what scope names (see ticketClaims.Scope).
func (t *Tickets) IssueScoped(subject, scope string, r *http.Request) (string, time.Time) {
	exp := t.now().Add(TicketTTL)
	payload, _ := json.Marshal(ticketClaims{Subject: subject, Scope: scope, Origin: pageOrigin(r), Expires: exp.Unix()})
	body := base64.RawURLEncoding.EncodeToString(payload)
	return body + "." + base64.RawURLEncoding.EncodeToString(t.sign(body)), exp
}

// Verify checks the ticket r offers: signed here, not expired, for subject, and for
// the page's origin when it was bound to one.
func (t *Tickets) Verify(subject string, r *http.Request) error {
	return t.VerifyScoped(subject, "", r)
}

// VerifyScoped is Verify for a ticket issued with IssueScoped(subject, scope, ...): a
// ticket of another scope (a stream ticket offered to a terminal) is refused.
func (t *Tickets) VerifyScoped(subject, scope string, r *http.Request) error {
	ticket := offeredTicket(r)
	if ticket == "" {
		return errors.New("no stream ticket offered")
	}
	body, sig, ok := strings.Cut(ticket, ".")
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if !ok || err != nil || !hmac.Equal(got, t.sign(body)) {
		return errors.New("the stream ticket is not one this console issued")
	}
	raw, err := base64.RawURLEncoding.DecodeString(body)
	var c ticketClaims
	if err != nil || json.Unmarshal(raw, &c) != nil {
		return errors.New("the stream ticket is malformed")
	}
	switch {
	case t.now().Unix() > c.Expires:
		return errors.New("the stream ticket has expired")
	case c.Subject != subject:
		return errors.New("the stream ticket was issued to another user")
	case c.Scope != scope:
		return fmt.Errorf("the ticket opens %s, not %s", scopeName(c.Scope), scopeName(scope))
	case c.Origin != "" && !strings.EqualFold(c.Origin, r.Header.Get(HeaderOrigin)):
		return fmt.Errorf("the stream ticket was issued to a page of %s", c.Origin)
	}
	return nil
}

func (t *Tickets) sign(body string) []byte {
	m := hmac.New(sha256.New, t.key)
	m.Write([]byte(body))
	return m.Sum(nil)
}

// pageOrigin is the origin of the page that sent r: Origin, else the Referer's origin
// (browsers send no Origin on a same-origin GET), else "".
func pageOrigin(r *http.Request) string {
	if o := r.Header.Get(HeaderOrigin); o != "" && o != "null" {
		return o
	}
	if u, err := url.Parse(r.Header.Get("Referer")); err == nil && u.Scheme != "" && u.Host != "" {
		return u.Scheme + "://" + u.Host
	}
	return ""
}

func offeredTicket(r *http.Request) string {
	for _, header := range r.Header.Values("Sec-WebSocket-Protocol") {
		for _, p := range strings.Split(header, ",") {
			if t, ok := strings.CutPrefix(strings.TrimSpace(p), TicketProtocolPrefix); ok {
				return t
			}
		}
	}
	return ""
}

func scopeName(scope string) string {
	if scope == "" {
		return "streams"
	}
	return scope
}

// ExecScope is the scope of a terminal ticket for one game server.
func ExecScope(namespace, name string) string { return "exec:" + namespace + "/" + name }

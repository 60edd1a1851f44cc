package auth

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/okg-console/okg-console/backend/internal/config"
)

// StreamSubject names who a request comes from, for binding a stream ticket to its
// user: the same name on the plain request that fetches a ticket and on the websocket
// handshake that offers it. In kubesphere mode the handshake carries no trustworthy
// X-Remote-User, but ks-apiserver forwards the user's token, which it has just
// verified to authorise the path: its username claim names the user.
func (a *Authenticator) StreamSubject(r *http.Request) string {
	switch a.mode {
	case config.AuthToken:
		if t := BearerToken(r); t != "" {
			return "token:" + digest(t)
		}
		return ""
	case config.AuthKubeSphere:
		if IsUpgrade(r) {
			return jwtUsername(r.Header.Get("Authorization"))
		}
		return r.Header.Get(HeaderRemoteUser)
	default:
		return kubeconfigIdentityName
	}
}

// jwtUsername reads the username (else sub) claim of a bearer JWT without verifying
// it: only ever used on a request ks-apiserver has authenticated.
func jwtUsername(authorization string) string {
	token, ok := strings.CutPrefix(authorization, "Bearer ")
	if !ok {
		return ""
	}
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return ""
	}
	var claims struct {
		Username string `json:"username"`
		Subject  string `json:"sub"`
	}
	if json.Unmarshal(raw, &claims) != nil {
		return ""
	}
	if claims.Username != "" {
		return claims.Username
	}
	return claims.Subject
}

package auth

import (
	"encoding/base64"
	"net/http"
	"strings"
)

// bearerProtocolPrefix carries a token in Sec-WebSocket-Protocol, the convention
// the Kubernetes API server itself accepts for websocket clients.
const bearerProtocolPrefix = "base64url.bearer.authorization.k8s.io."

func tokenFromSubprotocol(r *http.Request) string {
	for _, header := range r.Header.Values("Sec-WebSocket-Protocol") {
		for _, p := range strings.Split(header, ",") {
			if enc, ok := strings.CutPrefix(strings.TrimSpace(p), bearerProtocolPrefix); ok {
				if b, err := base64.RawURLEncoding.DecodeString(enc); err == nil {
					return string(b)
				}
			}
		}
	}
	return ""
}

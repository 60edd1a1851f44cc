package ksstandin

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"
)

// Anonymous is who a request without a valid token is, as in KubeSphere.
const Anonymous = "system:anonymous"

// GroupAuthenticated is the one group ks-apiserver sends for a logged-in user.
const GroupAuthenticated = "system:authenticated"

// User is a KubeSphere user of the stand-in.
type User struct {
	Name     string
	Password string
	Email    string
	// Lang is spec.lang, the language the console shows for this user.
	Lang string
	// GlobalRole is the iam.kubesphere.io/globalrole annotation: platform-admin or
	// platform-regular.
	GlobalRole string
	// Workspace is the workspace the user's projects belong to ("" for none).
	Workspace string
	// Bindings are the RoleTemplates granted to the user, each at cluster scope
	// (Namespace "") or in one project's namespace.
	Bindings []Binding
}

// Binding grants the rules of a RoleTemplate, cluster-wide or in one namespace.
type Binding struct {
	Template  string
	Namespace string
}

// PlatformAdmin reports whether the user administers the whole platform.
func (u *User) PlatformAdmin() bool { return u.GlobalRole == "platform-admin" }

// Namespaces are the projects the user is a member of.
func (u *User) Namespaces() []string {
	var out []string
	seen := map[string]bool{}
	for _, b := range u.Bindings {
		if b.Namespace != "" && !seen[b.Namespace] {
			seen[b.Namespace] = true
			out = append(out, b.Namespace)
		}
	}
	return out
}

// tokenClaims is the payload ks-console's server decodes (jwt-decode) after login: it reads
// username, and extra.uninitialized to force a first-login password change.
type tokenClaims struct {
	Username  string              `json:"username"`
	TokenType string              `json:"token_type"`
	Issuer    string              `json:"iss"`
	IssuedAt  int64               `json:"iat"`
	Expires   int64               `json:"exp"`
	Extra     map[string][]string `json:"extra,omitempty"`
}

// tokenIssuer signs JWT-shaped tokens (HS256) with a key made per process.
type tokenIssuer struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

func newTokenIssuer(ttl time.Duration) *tokenIssuer {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return &tokenIssuer{key: key, ttl: ttl, now: time.Now}
}

var b64 = base64.RawURLEncoding

func (t *tokenIssuer) issue(user, tokenType string, ttl time.Duration) string {
	now := t.now()
	header := b64.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))
	payload, _ := json.Marshal(tokenClaims{Username: user, TokenType: tokenType, Issuer: "kubesphere",
		IssuedAt: now.Unix(), Expires: now.Add(ttl).Unix()})
	signed := header + "." + b64.EncodeToString(payload)
	return signed + "." + b64.EncodeToString(t.sign(signed))
}

func (t *tokenIssuer) sign(s string) []byte {
	mac := hmac.New(sha256.New, t.key)
	mac.Write([]byte(s))
	return mac.Sum(nil)
}

var errBadToken = errors.New("invalid token")

// verify returns the claims of a token this issuer signed that has not expired.
func (t *tokenIssuer) verify(token, tokenType string) (*tokenClaims, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errBadToken
	}
	sig, err := b64.DecodeString(parts[2])
	if err != nil || !hmac.Equal(sig, t.sign(parts[0]+"."+parts[1])) {
		return nil, errBadToken
	}
	raw, err := b64.DecodeString(parts[1])
	if err != nil {
		return nil, errBadToken
	}
	var c tokenClaims
	if err := json.Unmarshal(raw, &c); err != nil || c.TokenType != tokenType || t.now().Unix() >= c.Expires {
		return nil, errBadToken
	}
	return &c, nil
}

// bearer reads the token of Authorization: Bearer <token>.
func bearer(r *http.Request) string {
	h := r.Header.Get("Authorization")
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

package testenv

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGivenTokens: a user's given token is written as is (so several control planes
// know the user by it), the others get random ones, and a token that would break the
// file is refused.
func TestGivenTokens(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tokens.csv")
	tokens, err := writeTokenFile(path, []User{{Name: "dave", Token: "shared-token"}, {Name: "erin"}})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if tokens["dave"] != "shared-token" || !strings.HasPrefix(string(raw), "shared-token,dave,uid-dave\n") {
		t.Errorf("dave: %q in %q", tokens["dave"], raw)
	}
	if len(tokens["erin"]) != 48 {
		t.Errorf("erin's random token %q", tokens["erin"])
	}
	if _, err := writeTokenFile(path, []User{{Name: "dave", Token: "a,b"}}); err == nil {
		t.Error("a token with a comma was accepted")
	}
}

// Package realokg_test runs the console against the real OpenKruiseGame and OpenKruise
// controllers (testenv.Options.RealOKG): every test asks the console for a preview, applies
// it through the console, and asserts that what the controllers then did is what the
// preview said. On failure the controllers' logs are printed.
package realokg_test

import (
	"encoding/json"
	"testing"
)

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

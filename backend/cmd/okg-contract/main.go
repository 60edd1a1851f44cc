// Command okg-contract writes the API contract generated from the Go types: the
// OpenAPI document (docs/openapi.json) and the frontend's TypeScript types
// (frontend/src/api/generated/api.ts). `make contract` runs it; `make lint` runs it
// into a scratch directory and fails when the committed files differ.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/okg-console/okg-console/backend/internal/api"
	"github.com/okg-console/okg-console/backend/internal/contract"
)

func main() {
	root := flag.String("out", ".", "directory the files are written under (the repository root)")
	flag.Parse()
	files, err := contract.Files(api.Prefix)
	if err != nil {
		fmt.Fprintln(os.Stderr, "okg-contract:", err)
		os.Exit(1)
	}
	for _, name := range contract.FileNames() {
		path := filepath.Join(*root, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "okg-contract:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "okg-contract:", err)
			os.Exit(1)
		}
	}
}

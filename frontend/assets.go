// Package frontend embeds the built console (dist/, made by `npm run build`) into the Go binary.
package frontend

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
)

//go:embed all:dist
var dist embed.FS

// Files returns the frontend to serve: dir when given, else the embedded build.
// It returns nil when the binary was built before the frontend (the API still works).
func Files(dir string) (fs.FS, error) {
	if dir != "" {
		if _, err := os.Stat(dir + "/index.html"); err != nil {
			return nil, fmt.Errorf("static-dir %s has no index.html: %w", dir, err)
		}
		return os.DirFS(dir), nil
	}
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil, err
	}
	if _, err := fs.Stat(sub, "index.html"); err != nil {
		return nil, nil
	}
	return sub, nil
}

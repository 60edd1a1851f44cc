package packaging

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	"sigs.k8s.io/yaml"
)

// Where the pieces of the extension live in this repository, relative to Options.RootDir.
const (
	DefaultChartDir = "charts/okg-console" // values.yaml, charts/{frontend,backend}, README.md
	PermissionsFile = "permissions.yaml"
	StaticDir       = "static"
	ReadmeFile      = "README.md"    // English marketplace README, in the chart directory
	ReadmeZhFile    = "README_zh.md" // Chinese marketplace README, next to extension.yaml
	ChartFile       = "Chart.yaml"
)

// Options say where the extension's sources are and where the package goes.
type Options struct {
	// RootDir holds extension.yaml, permissions.yaml, README_zh.md and static/.
	// Empty: the current directory.
	RootDir string
	// ChartDir holds values.yaml, charts/ and the English README.md.
	// Empty: RootDir/charts/okg-console.
	ChartDir string
	// OutDir receives okg-console-<version>.tgz. Empty: RootDir/bin.
	OutDir string
}

func (o Options) withDefaults() (Options, error) {
	if o.RootDir == "" {
		o.RootDir = "."
	}
	root, err := filepath.Abs(o.RootDir)
	if err != nil {
		return o, err
	}
	o.RootDir = root
	if o.ChartDir == "" {
		o.ChartDir = filepath.Join(root, filepath.FromSlash(DefaultChartDir))
	}
	if o.OutDir == "" {
		o.OutDir = filepath.Join(root, "bin")
	}
	return o, nil
}

// Stage assembles the extension directory ksbuilder expects (the one `ksbuilder lint`
// and `ksbuilder package` take) in a new temporary directory: the chart directory's
// files, extension.yaml, permissions.yaml, README_zh.md, static/ and the Chart.yaml
// generated from extension.yaml. The caller removes dir with cleanup.
func Stage(ctx context.Context, opts Options) (dir string, md *Metadata, cleanup func(), err error) {
	opts, err = opts.withDefaults()
	if err != nil {
		return "", nil, nil, err
	}
	tmp, err := os.MkdirTemp("", "okg-console-extension-")
	if err != nil {
		return "", nil, nil, err
	}
	cleanup = func() { _ = os.RemoveAll(tmp) }
	// The directory's base name is what ksbuilder's tooling shows; use the extension's.
	dir = filepath.Join(tmp, "okg-console")
	md, err = StageTo(ctx, opts, dir)
	if err != nil {
		cleanup()
		return "", nil, nil, err
	}
	return dir, md, cleanup, nil
}

// StageTo is Stage into dst, which must not exist yet or be empty.
func StageTo(ctx context.Context, opts Options, dst string) (*Metadata, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	md, err := LoadMetadata(opts.RootDir)
	if err != nil {
		return nil, err
	}
	for _, f := range []string{ReadmeFile} {
		if _, err := os.Stat(filepath.Join(opts.ChartDir, f)); err != nil {
			return nil, fmt.Errorf("the English marketplace README %s must be in the chart directory: %w", f, err)
		}
	}
	for _, f := range []string{MetadataFile, PermissionsFile, ReadmeZhFile, ChartFile, StaticDir} {
		if _, err := os.Stat(filepath.Join(opts.ChartDir, f)); err == nil {
			return nil, fmt.Errorf("%s must not be in the chart directory %s: it is taken from %s or generated", f, opts.ChartDir, opts.RootDir)
		}
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return nil, err
	}
	if err := copyTree(ctx, opts.ChartDir, dst); err != nil {
		return nil, err
	}
	for _, f := range []string{MetadataFile, PermissionsFile, ReadmeZhFile} {
		if err := copyFile(filepath.Join(opts.RootDir, f), filepath.Join(dst, f)); err != nil {
			return nil, fmt.Errorf("staging %s: %w", f, err)
		}
	}
	if err := copyTree(ctx, filepath.Join(opts.RootDir, StaticDir), filepath.Join(dst, StaticDir)); err != nil {
		return nil, err
	}
	cm, err := md.ChartMetadata(opts.RootDir)
	if err != nil {
		return nil, err
	}
	data, err := yaml.Marshal(cm)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dst, ChartFile), data, 0o644); err != nil {
		return nil, err
	}
	return md, nil
}

// LoadChart stages the extension and loads it with the helm SDK, as KubeSphere's
// installer loads the package.
func LoadChart(ctx context.Context, opts Options) (*chart.Chart, *Metadata, error) {
	dir, md, cleanup, err := Stage(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	defer cleanup()
	ch, err := loader.LoadDir(dir)
	if err != nil {
		return nil, nil, fmt.Errorf("loading the staged chart: %w", err)
	}
	return ch, md, nil
}

// Package writes the marketplace package okg-console-<version>.tgz into opts.OutDir and
// returns its path. It is `ksbuilder package`: the staged extension directory loaded and
// saved by the helm SDK.
func Package(ctx context.Context, opts Options) (string, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return "", err
	}
	ch, _, err := LoadChart(ctx, opts)
	if err != nil {
		return "", err
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	out, err := chartutil.Save(ch, opts.OutDir)
	if err != nil {
		return "", fmt.Errorf("writing the package: %w", err)
	}
	return out, nil
}

func copyTree(ctx context.Context, src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case d.Type().IsRegular():
			return copyFile(p, target)
		default:
			return fmt.Errorf("%s: only regular files and directories can be packaged", p)
		}
	})
}

func copyFile(src, dst string) (err error) {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("%s already exists", dst)
	}
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, out.Close()) }()
	_, err = io.Copy(out, in)
	return err
}

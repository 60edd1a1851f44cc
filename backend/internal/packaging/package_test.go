package packaging

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"sigs.k8s.io/yaml"
)

// tarEntries lists a package's files as KubeSphere and ksbuilder read them.
func tarEntries(t *testing.T, file string) map[string][]byte {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	out := map[string][]byte{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		out[h.Name] = b
	}
	return out
}

func TestPackageRoundTripsThroughTheHelmLoader(t *testing.T) {
	ctx := context.Background()
	root := repoRoot(t)
	opts := Options{RootDir: root, OutDir: t.TempDir()}
	file, err := Package(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	md, err := LoadMetadata(root)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(opts.OutDir, "okg-console-"+md.Version+".tgz"); file != want {
		t.Fatalf("package at %s, want %s", file, want)
	}

	// The tarball: everything under okg-console/, with the files KubeSphere reads
	// (ParseExtension: <name>/extension.yaml, README.md, README_<lang>.md; the icon).
	entries := tarEntries(t, file)
	same := map[string]string{
		"okg-console/extension.yaml":                        filepath.Join(root, MetadataFile),
		"okg-console/permissions.yaml":                      filepath.Join(root, PermissionsFile),
		"okg-console/README.md":                             filepath.Join(root, DefaultChartDir, ReadmeFile),
		"okg-console/README_zh.md":                          filepath.Join(root, ReadmeZhFile),
		"okg-console/static/icon.svg":                       filepath.Join(root, "static/icon.svg"),
		"okg-console/static/screenshots/fleet-overview.png": filepath.Join(root, "static/screenshots/fleet-overview.png"),
		"okg-console/values.yaml":                           filepath.Join(root, DefaultChartDir, "values.yaml"),
	}
	for entry, src := range same {
		want, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(entries[entry], want) {
			t.Errorf("%s in the package differs from %s (%d vs %d bytes)", entry, src, len(entries[entry]), len(want))
		}
	}
	for name := range entries {
		if !strings.HasPrefix(name, "okg-console/") {
			t.Errorf("entry %s outside okg-console/", name)
		}
		for _, bad := range []string{".git/", "node_modules", "_test.go", ".DS_Store"} {
			if strings.Contains(name, bad) {
				t.Errorf("entry %s should not be packaged", name)
			}
		}
	}
	packed, err := ParseMetadata(entries["okg-console/extension.yaml"])
	if err != nil || packed.Validate() != nil {
		t.Fatalf("packaged extension.yaml: %v / %v", err, packed.Validate())
	}

	// Chart.yaml, values and templates through the helm SDK loader.
	ch, err := loader.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	wantMeta, err := md.ChartMetadata(root)
	if err != nil {
		t.Fatal(err)
	}
	gotY, _ := yaml.Marshal(ch.Metadata)
	wantY, _ := yaml.Marshal(wantMeta)
	if !bytes.Equal(gotY, wantY) {
		t.Errorf("Chart.yaml\n got: %s\nwant: %s", gotY, wantY)
	}
	var wantValues map[string]any
	srcValues, _ := os.ReadFile(filepath.Join(root, DefaultChartDir, "values.yaml"))
	if err := yaml.Unmarshal(srcValues, &wantValues); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(map[string]any(ch.Values), wantValues) {
		t.Errorf("values differ:\n got %v\nwant %v", ch.Values, wantValues)
	}
	var subcharts []string
	for _, dep := range ch.Dependencies() {
		subcharts = append(subcharts, dep.Name())
		srcDir := filepath.Join(root, DefaultChartDir, "charts", dep.Name())
		if !reflect.DeepEqual(templateFiles(t, dep), dirFiles(t, filepath.Join(srcDir, "templates"), "templates/")) {
			t.Errorf("subchart %s templates differ from %s", dep.Name(), srcDir)
		}
	}
	sort.Strings(subcharts)
	if !reflect.DeepEqual(subcharts, []string{"backend", "frontend"}) {
		t.Errorf("subcharts = %v", subcharts)
	}

	// The package renders exactly what the sources render, for each install.
	for _, target := range []Target{TargetAll, TargetHost, TargetAgent} {
		fromPkg, err := RenderChart(ch, md.Name, RenderOptions{Target: target})
		if err != nil {
			t.Fatal(err)
		}
		fromSrc, err := Render(ctx, opts, RenderOptions{Target: target})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(fromPkg, fromSrc) {
			t.Errorf("target %q: the package renders differently from the sources", target)
		}
	}
}

func templateFiles(t *testing.T, ch *chart.Chart) map[string]string {
	out := map[string]string{}
	for _, f := range ch.Templates {
		out[f.Name] = string(f.Data)
	}
	return out
}

func dirFiles(t *testing.T, dir, prefix string) map[string]string {
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		out[prefix+filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestStageRefusesAmbiguousSources(t *testing.T) {
	root := repoRoot(t)
	chartCopy := filepath.Join(t.TempDir(), "chart")
	if err := copyTree(t.Context(), filepath.Join(root, DefaultChartDir), chartCopy); err != nil {
		t.Fatal(err)
	}
	// A hand-written Chart.yaml would silently disagree with extension.yaml.
	if err := os.WriteFile(filepath.Join(chartCopy, ChartFile), []byte("apiVersion: v2\nname: x\nversion: 9.9.9\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Package(t.Context(), Options{RootDir: root, ChartDir: chartCopy, OutDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "Chart.yaml must not be in the chart directory") {
		t.Fatalf("err = %v", err)
	}
	if err := os.Remove(filepath.Join(chartCopy, ChartFile)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(chartCopy, ReadmeFile)); err != nil {
		t.Fatal(err)
	}
	_, err = Package(t.Context(), Options{RootDir: root, ChartDir: chartCopy, OutDir: t.TempDir()})
	if err == nil || !strings.Contains(err.Error(), "English marketplace README") {
		t.Fatalf("err = %v", err)
	}
}

// Lint is ksbuilder lint plus helm lint, failing where ksbuilder only prints.
func TestLint(t *testing.T) {
	if err := Lint(t.Context(), repoOptions(t), nil); err != nil {
		t.Fatalf("the repository's extension does not lint:\n%v", err)
	}

	// The global.* checks bite: a Deployment that ignores them is reported.
	root := repoRoot(t)
	chartCopy := filepath.Join(t.TempDir(), "chart")
	if err := copyTree(t.Context(), filepath.Join(root, DefaultChartDir), chartCopy); err != nil {
		t.Fatal(err)
	}
	dep := filepath.Join(chartCopy, "charts/backend/templates/deployment.yaml")
	b, err := os.ReadFile(dep)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for old, repl := range map[string]string{
		`image: {{ include "backend.image" . | quote }}`:                                      `image: "ghcr.io/okg-console/okg-console:0.1.0"`,
		`{{- with include "backend.imagePullSecrets" . }}{{ . | trim | nindent 6 }}{{ end }}`: ``,
		`{{- with include "backend.nodeSelector" . }}{{ . | trim | nindent 6 }}{{ end }}`:     ``,
	} {
		if !strings.Contains(s, old) {
			t.Fatalf("deployment.yaml no longer contains %q; update this test", old)
		}
		s = strings.ReplaceAll(s, old, repl)
	}
	if err := os.WriteFile(dep, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	err = Lint(t.Context(), Options{RootDir: root, ChartDir: chartCopy}, nil)
	for _, want := range []string{"global.imageRegistry not used", "global.imagePullSecrets not used", "global.nodeSelector not used"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("lint of a chart ignoring globals: %v; want %q", err, want)
		}
	}
}

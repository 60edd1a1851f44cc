package packaging

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"helm.sh/helm/v3/pkg/chart"
	"sigs.k8s.io/yaml"
)

func TestValidateExtensionAcceptsTheRepository(t *testing.T) {
	root := repoRoot(t)
	if err := ValidateExtension(root); err != nil {
		t.Fatalf("extension.yaml: %v", err)
	}
	if err := ValidateExtension(filepath.Join(root, MetadataFile)); err != nil {
		t.Fatalf("extension.yaml given as a file: %v", err)
	}
	md, err := LoadMetadata(root)
	if err != nil {
		t.Fatal(err)
	}
	// What the brief and KubeSphere's multicluster installer need beyond ksbuilder's minimum.
	for _, lang := range []string{"en", "zh"} {
		if md.DisplayName[lang] == "" || md.Description[lang] == "" || md.Provider[lang] == nil {
			t.Errorf("displayName, description and provider need language %s", lang)
		}
	}
	if md.InstallationMode != InstallationMulticluster {
		t.Errorf("installationMode = %q, want %s", md.InstallationMode, InstallationMulticluster)
	}
	tags := map[string][]string{}
	for _, d := range md.Dependencies {
		tags[d.Name] = d.Tags
	}
	if got := tags["frontend"]; len(got) != 1 || got[0] != TagExtension {
		t.Errorf("frontend tags = %v, want [extension]", got)
	}
	if got := tags["backend"]; len(got) != 1 || got[0] != TagAgent {
		t.Errorf("backend tags = %v, want [agent]", got)
	}
	if md.KSVersion == "" || md.KubeVersion == "" || md.Home == "" || md.Docs == "" ||
		len(md.Sources) == 0 || len(md.Keywords) == 0 || len(md.Maintainers) == 0 ||
		len(md.Screenshots) == 0 || len(md.Images) == 0 {
		t.Errorf("extension.yaml lacks one of ksVersion, kubeVersion, home, docs, sources, keywords, maintainers, screenshots, images: %+v", md)
	}
}

// brokenCopy writes the repository's extension (extension.yaml and static/) into a
// temporary directory with extension.yaml changed by edit, and returns the directory.
func brokenCopy(t *testing.T, edit func(m map[string]any)) string {
	t.Helper()
	root := repoRoot(t)
	data, err := os.ReadFile(filepath.Join(root, MetadataFile))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]any{}
	if err := yaml.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	out, err := yaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, MetadataFile), out, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := copyTree(t.Context(), filepath.Join(root, StaticDir), filepath.Join(dir, StaticDir)); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestValidateExtensionRejectsBrokenCopies(t *testing.T) {
	del := func(field string) func(map[string]any) {
		return func(m map[string]any) { delete(m, field) }
	}
	set := func(field string, v any) func(map[string]any) {
		return func(m map[string]any) { m[field] = v }
	}
	cases := []struct {
		name string
		edit func(map[string]any)
		want string // the field the error must name
	}{
		// Every field ksbuilder requires.
		{"no apiVersion", del("apiVersion"), `"apiVersion" is required`},
		{"no name", del("name"), `"name" is required`},
		{"no version", del("version"), `"version" is required`},
		{"no displayName", del("displayName"), `"displayName" is required`},
		{"no description", del("description"), `"description" is required`},
		{"no category", del("category"), `"category" is required`},
		{"no provider", del("provider"), `"provider" is required`},
		{"no icon", del("icon"), `"icon" is required`},
		// What KubeSphere and helm would refuse later.
		{"wrong apiVersion", set("apiVersion", "v1"), `"apiVersion" must be kubesphere.io/v1alpha1`},
		{"name not DNS-1123", set("name", "OKG_Console"), `"name" is not a DNS-1123 subdomain`},
		{"version not SemVer", set("version", "one"), `"version" is not a SemVer version`},
		{"no English display name", set("displayName", map[string]any{"zh": "控制台"}), `"displayName.en" is required`},
		{"bad language code", set("description", map[string]any{"en": "x", "chinese": "y"}), `"description.chinese" is not an ISO 639`},
		{"provider without name", set("provider", map[string]any{"en": map[string]any{"url": "https://example.com"}}), `"provider.en.name" is required`},
		{"unknown installation mode", set("installationMode", "Everywhere"), `"installationMode" must be HostOnly or Multicluster`},
		{"untagged subchart in Multicluster", set("dependencies", []any{map[string]any{"name": "backend"}}), `"dependencies[0].tags"`},
		{"icon file missing", set("icon", "./static/nope.svg"), `"icon" names a missing file`},
		{"screenshot file missing", set("screenshots", []any{"./static/screenshots/nope.png"}), `"screenshots[0]" names a missing file`},
		{"misspelt field", set("instalationMode", "HostOnly"), `unknown field "instalationMode"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := brokenCopy(t, tc.edit)
			err := ValidateExtension(dir)
			if err == nil {
				t.Fatalf("accepted; want an error naming %s", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestValidateExtensionReportsEveryMissingFieldAtOnce(t *testing.T) {
	dir := brokenCopy(t, func(m map[string]any) {
		for _, f := range []string{"apiVersion", "name", "version", "displayName", "description", "category", "provider", "icon"} {
			delete(m, f)
		}
	})
	err := ValidateExtension(dir)
	if err == nil {
		t.Fatal("accepted an extension.yaml without required fields")
	}
	for _, f := range []string{"apiVersion", "name", "version", "displayName", "description", "category", "provider", "icon"} {
		if !strings.Contains(err.Error(), `field "`+f+`" is required`) {
			t.Errorf("error does not name %s: %v", f, err)
		}
	}
}

// Chart.yaml is generated from extension.yaml field by field, as ksbuilder's ToChartYaml.
func TestChartMetadataFollowsKsbuilderMapping(t *testing.T) {
	root := repoRoot(t)
	md, err := LoadMetadata(root)
	if err != nil {
		t.Fatal(err)
	}
	cm, err := md.ChartMetadata(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := cm.Validate(); err != nil {
		t.Fatalf("generated Chart.yaml is not a valid chart: %v", err)
	}
	checks := []struct {
		field     string
		got, want any
	}{
		{"apiVersion", cm.APIVersion, chart.APIVersionV2},
		{"name", cm.Name, md.Name},
		{"version", cm.Version, md.Version},
		{"description", cm.Description, md.Description["en"]},
		{"home", cm.Home, md.Home},
		{"kubeVersion", cm.KubeVersion, md.KubeVersion},
		{"keywords", strings.Join(cm.Keywords, ","), strings.Join(md.Keywords, ",")},
		{"sources", strings.Join(cm.Sources, ","), strings.Join(md.Sources, ",")},
		{"maintainers", len(cm.Maintainers), len(md.Maintainers)},
		{"dependencies", len(cm.Dependencies), len(md.Dependencies)},
		{"appVersion (ksbuilder sets none)", cm.AppVersion, ""},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("Chart.yaml %s = %v, want %v", c.field, c.got, c.want)
		}
	}
	for i, d := range cm.Dependencies {
		if d.Name != md.Dependencies[i].Name || d.Condition != md.Dependencies[i].Condition ||
			strings.Join(d.Tags, ",") != strings.Join(md.Dependencies[i].Tags, ",") {
			t.Errorf("dependency %d = %+v, want %+v", i, d, md.Dependencies[i])
		}
	}
	if !strings.HasPrefix(cm.Icon, "data:image/svg+xml;base64,") {
		t.Errorf("icon = %.40q..., want the SVG as a data URI", cm.Icon)
	}
}

// Package packaging lints, renders and packages okg-console as a KubeSphere extension,
// the way ksbuilder does: Chart.yaml is generated from extension.yaml, and the package
// carries extension.yaml, permissions.yaml, the marketplace READMEs and static files
// next to the chart (values.yaml, charts/frontend, charts/backend).
package packaging

import (
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/text/language"
	"helm.sh/helm/v3/pkg/chart"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/yaml"
)

// MetadataFile is the extension's marketplace metadata, next to the chart.
const MetadataFile = "extension.yaml"

// APIVersion is the apiVersion extension.yaml declares.
const APIVersion = "kubesphere.io/v1alpha1"

// Installation modes KubeSphere knows (ExtensionVersionSpec.installationMode).
const (
	InstallationHostOnly     = "HostOnly"
	InstallationMulticluster = "Multicluster"
)

// Subchart tags KubeSphere's installer switches per cluster in Multicluster mode.
const (
	TagExtension = "extension" // host cluster only
	TagAgent     = "agent"     // every selected cluster
)

// DefaultLanguage is the language Chart.yaml's description is taken from.
const DefaultLanguage = "en"

// Provider names who publishes the extension, per language.
type Provider struct {
	Name  string `json:"name,omitempty"`
	URL   string `json:"url,omitempty"`
	Email string `json:"email,omitempty"`
}

// ExternalDependency is another extension this one needs.
type ExternalDependency struct {
	Name     string `json:"name"`
	Type     string `json:"type,omitempty"`
	Version  string `json:"version"`
	Required bool   `json:"required"`
}

// Metadata is extension.yaml: the fields ksbuilder reads, with the same names.
type Metadata struct {
	APIVersion           string               `json:"apiVersion"`
	Name                 string               `json:"name"`
	Version              string               `json:"version"`
	DisplayName          map[string]string    `json:"displayName"`
	Description          map[string]string    `json:"description"`
	Category             string               `json:"category"`
	Keywords             []string             `json:"keywords,omitempty"`
	Home                 string               `json:"home,omitempty"`
	Docs                 string               `json:"docs,omitempty"`
	Sources              []string             `json:"sources,omitempty"`
	KubeVersion          string               `json:"kubeVersion,omitempty"`
	KSVersion            string               `json:"ksVersion,omitempty"`
	Maintainers          []*chart.Maintainer  `json:"maintainers,omitempty"`
	Provider             map[string]*Provider `json:"provider"`
	StaticFileDirectory  string               `json:"staticFileDirectory,omitempty"`
	Icon                 string               `json:"icon"`
	Screenshots          []string             `json:"screenshots,omitempty"`
	Dependencies         []*chart.Dependency  `json:"dependencies,omitempty"`
	InstallationMode     string               `json:"installationMode,omitempty"`
	Namespace            string               `json:"namespace,omitempty"`
	Images               []string             `json:"images,omitempty"`
	ExternalDependencies []ExternalDependency `json:"externalDependencies,omitempty"`
	Annotations          map[string]string    `json:"annotations,omitempty"`
}

// ParseMetadata decodes extension.yaml. Unknown fields are an error: ksbuilder would
// drop them silently, and a misspelt field is then simply missing from the marketplace.
// An empty installationMode becomes HostOnly, as in ksbuilder.
func ParseMetadata(data []byte) (*Metadata, error) {
	md := new(Metadata)
	if err := yaml.UnmarshalStrict(data, md); err != nil {
		return nil, fmt.Errorf("%s: %w", MetadataFile, err)
	}
	if md.InstallationMode == "" {
		md.InstallationMode = InstallationHostOnly
	}
	return md, nil
}

// LoadMetadata reads and validates extension.yaml from path, a file or the directory
// holding it. Local icon and screenshot paths must name existing files.
func LoadMetadata(p string) (*Metadata, error) {
	file, dir, err := metadataPath(p)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	md, err := ParseMetadata(data)
	if err != nil {
		return nil, err
	}
	if err := md.Validate(); err != nil {
		return nil, err
	}
	if err := md.validateFiles(dir); err != nil {
		return nil, err
	}
	return md, nil
}

// ValidateExtension checks extension.yaml at path (a file or its directory): every field
// ksbuilder requires (apiVersion, name, version, displayName, description, category,
// provider, icon) and the rules KubeSphere applies when it installs the package. The
// error names each offending field.
func ValidateExtension(p string) error {
	_, err := LoadMetadata(p)
	return err
}

func metadataPath(p string) (file, dir string, err error) {
	fi, err := os.Stat(p)
	if err != nil {
		return "", "", err
	}
	if fi.IsDir() {
		return filepath.Join(p, MetadataFile), p, nil
	}
	return p, filepath.Dir(p), nil
}

// FieldError is one problem with one extension.yaml field.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s: field %q %s", MetadataFile, e.Field, e.Msg)
}

// Validate checks the fields without touching the file system.
func (md *Metadata) Validate() error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	required := func(field, value string) bool {
		if strings.TrimSpace(value) == "" {
			bad(field, "is required")
			return false
		}
		return true
	}

	if required("apiVersion", md.APIVersion) && md.APIVersion != APIVersion {
		bad("apiVersion", "must be %s, got %q", APIVersion, md.APIVersion)
	}
	if required("name", md.Name) {
		if msgs := validation.IsDNS1123Subdomain(md.Name); len(msgs) > 0 {
			bad("name", "is not a DNS-1123 subdomain: %s", strings.Join(msgs, "; "))
		}
		if len(md.Name) > validation.LabelValueMaxLength {
			bad("name", "is longer than %d characters", validation.LabelValueMaxLength)
		}
	}
	if required("version", md.Version) {
		// chart.Metadata.Validate checks SemVer the way helm and KubeSphere parse it.
		probe := &chart.Metadata{APIVersion: chart.APIVersionV2, Name: "probe", Version: md.Version}
		if err := probe.Validate(); err != nil {
			bad("version", "is not a SemVer version: %v", err)
		}
		if len(md.Version) > validation.LabelValueMaxLength {
			bad("version", "is longer than %d characters", validation.LabelValueMaxLength)
		}
	}
	checkLocales := func(field string, m map[string]string) {
		if len(m) == 0 {
			bad(field, "is required")
			return
		}
		for code, s := range m {
			if !validLanguage(code) {
				bad(field+"."+code, "is not an ISO 639 language code")
			}
			if strings.TrimSpace(s) == "" {
				bad(field+"."+code, "is empty")
			}
		}
		if _, ok := m[DefaultLanguage]; !ok {
			bad(field+"."+DefaultLanguage, "is required (Chart.yaml and the marketplace fall back to it)")
		}
	}
	checkLocales("displayName", md.DisplayName)
	checkLocales("description", md.Description)
	required("category", md.Category)
	if len(md.Provider) == 0 {
		bad("provider", "is required")
	}
	for code, p := range md.Provider {
		if !validLanguage(code) {
			bad("provider."+code, "is not an ISO 639 language code")
		}
		if p == nil || strings.TrimSpace(p.Name) == "" {
			bad("provider."+code+".name", "is required")
		}
	}
	required("icon", md.Icon)

	switch md.InstallationMode {
	case InstallationHostOnly, InstallationMulticluster:
	default:
		bad("installationMode", "must be %s or %s, got %q", InstallationHostOnly, InstallationMulticluster, md.InstallationMode)
	}
	for i, d := range md.Dependencies {
		field := fmt.Sprintf("dependencies[%d]", i)
		if d == nil || d.Name == "" {
			bad(field+".name", "is required")
			continue
		}
		if md.InstallationMode == InstallationMulticluster && !hasAny(d.Tags, TagExtension, TagAgent) {
			bad(field+".tags", "must contain %q or %q in Multicluster mode", TagExtension, TagAgent)
		}
	}
	for i, m := range md.Maintainers {
		if m == nil || m.Name == "" {
			bad(fmt.Sprintf("maintainers[%d].name", i), "is required")
		}
	}
	for i, img := range md.Images {
		if strings.TrimSpace(img) == "" || strings.ContainsAny(img, " \t") {
			bad(fmt.Sprintf("images[%d]", i), "is not an image reference: %q", img)
		}
	}
	return errors.Join(errs...)
}

// validateFiles checks that local icon and screenshot paths exist under dir.
func (md *Metadata) validateFiles(dir string) error {
	var errs []error
	check := func(field, p string) {
		if !IsLocalFile(p) {
			return
		}
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			errs = append(errs, &FieldError{Field: field, Msg: fmt.Sprintf("names a missing file: %v", err)})
		}
	}
	check("icon", md.Icon)
	for i, s := range md.Screenshots {
		check(fmt.Sprintf("screenshots[%d]", i), s)
	}
	return errors.Join(errs...)
}

func validLanguage(code string) bool {
	if code == "" || strings.ToLower(code) != code {
		return false
	}
	_, err := language.ParseBase(code)
	return err == nil
}

func hasAny(list []string, want ...string) bool {
	for _, s := range list {
		for _, w := range want {
			if s == w {
				return true
			}
		}
	}
	return false
}

// IsLocalFile reports whether an icon or screenshot reference is a path in the package
// rather than a URL or a data URI.
func IsLocalFile(p string) bool {
	return !strings.HasPrefix(p, "http://") && !strings.HasPrefix(p, "https://") && !strings.HasPrefix(p, "data:")
}

// ChartMetadata is the Chart.yaml ksbuilder generates from extension.yaml: the chart
// fields copied one to one, the English description, and the icon as a data URI when it
// is a local file (read relative to dir).
func (md *Metadata) ChartMetadata(dir string) (*chart.Metadata, error) {
	icon := md.Icon
	if IsLocalFile(icon) {
		var err error
		if icon, err = dataURI(filepath.Join(dir, filepath.FromSlash(icon))); err != nil {
			return nil, &FieldError{Field: "icon", Msg: err.Error()}
		}
	}
	return &chart.Metadata{
		APIVersion:   chart.APIVersionV2,
		Name:         md.Name,
		Version:      md.Version,
		Description:  md.Description[DefaultLanguage],
		Keywords:     md.Keywords,
		Home:         md.Home,
		Sources:      md.Sources,
		KubeVersion:  md.KubeVersion,
		Icon:         icon,
		Maintainers:  md.Maintainers,
		Dependencies: md.Dependencies,
		Annotations:  md.Annotations,
	}, nil
}

func dataURI(file string) (string, error) {
	content, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	mimeType := mime.TypeByExtension(path.Ext(file))
	if mimeType == "" {
		mimeType = http.DetectContentType(content)
	}
	return "data:" + mimeType + ";base64," + base64.StdEncoding.EncodeToString(content), nil
}

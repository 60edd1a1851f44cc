package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/rest"
)

const (
	kruiseGameModule = "github.com/openkruise/kruise-game"
	kedaModule       = "github.com/kedacore/keda/v2"
	// KEDAVersion is the KEDA release whose ScaledObject CRD is installed.
	KEDAVersion = "v2.21.0"
)

// Well-known CRD names installed by Start.
const (
	CRDGameServer    = "gameservers.game.kruise.io"
	CRDGameServerSet = "gameserversets.game.kruise.io"
	CRDScaledObject  = "scaledobjects.keda.sh"
)

// crdSet is the list of CRD files to install plus notes on where they came from.
type crdSet struct {
	files       []string
	hasKS       bool
	notes       []string
	okgDir      string
	kedaFile    string
	kubesphereD string
}

// resolveCRDs finds the CRD files Start installs. It runs the go tool, so
// Start calls it concurrently with starting etcd.
func resolveCRDs(ctx context.Context, opts Options) (*crdSet, error) {
	set := &crdSet{}
	root, rootErr := RepoRoot()

	// OpenKruiseGame: the kruise-game module in our module graph, or Options.OKGCRDDir.
	okgDir := opts.OKGCRDDir
	if okgDir != "" {
		okgDir = resolveRelative(okgDir, root)
	} else {
		if rootErr != nil {
			return nil, fmt.Errorf("testenv: locate OKG CRDs: %w (or set Options.OKGCRDDir)", rootErr)
		}
		modDir, err := moduleDir(ctx, root, kruiseGameModule)
		if err != nil {
			return nil, fmt.Errorf("testenv: locate OKG CRDs: %w", err)
		}
		okgDir = filepath.Join(modDir, "config", "crd", "bases")
	}
	okgFiles, err := filepath.Glob(filepath.Join(okgDir, "game.kruise.io_*.yaml"))
	if err != nil || len(okgFiles) == 0 {
		return nil, fmt.Errorf("testenv: no game.kruise.io_*.yaml CRDs in %s", okgDir)
	}
	set.okgDir = okgDir
	set.files = append(set.files, okgFiles...)

	shared := opts.SharedDir
	if shared == "" {
		shared = SharedDir()
	}

	// KEDA: the ScaledObject CRD from the keda module zip (without touching our
	// go.mod), else the copy in the shared fixtures.
	kedaFile, kedaErr := kedaScaledObjectCRD(ctx)
	if kedaErr != nil {
		fallback := filepath.Join(shared, "fixtures", "keda-crds", "keda.sh_scaledobjects.yaml")
		if _, err := os.Stat(fallback); err != nil {
			return nil, fmt.Errorf("testenv: KEDA CRD: %v; fallback %s: %w", kedaErr, fallback, err)
		}
		set.notes = append(set.notes, fmt.Sprintf("KEDA module unavailable (%v); using %s", kedaErr, fallback))
		kedaFile = fallback
	}
	set.kedaFile = kedaFile
	set.files = append(set.files, kedaFile)

	// KubeSphere: only from the shared fixtures (kubesphere.io modules are not served).
	ksDir := filepath.Join(shared, "fixtures", "kubesphere-crds")
	ksFiles, _ := filepath.Glob(filepath.Join(ksDir, "*.yaml"))
	if shared == "" || len(ksFiles) == 0 {
		set.notes = append(set.notes, fmt.Sprintf("KubeSphere CRDs skipped: no *.yaml in %q (set OKG_CONSOLE_SHARED_DIR)", ksDir))
	} else {
		sort.Strings(ksFiles)
		set.files = append(set.files, ksFiles...)
		set.hasKS = true
		set.kubesphereD = ksDir
	}
	return set, nil
}

// resolveRelative resolves a relative path against the working directory, and
// failing that against the repository root.
func resolveRelative(p, root string) string {
	if filepath.IsAbs(p) {
		return p
	}
	if _, err := os.Stat(p); err == nil || root == "" {
		abs, _ := filepath.Abs(p)
		return abs
	}
	return filepath.Join(root, p)
}

// moduleDir returns the extracted directory of a module in root's build list,
// downloading it if it is not in the module cache yet.
func moduleDir(ctx context.Context, root, module string) (string, error) {
	out, err := goCmd(ctx, root, "list", "-m", "-f", "{{.Dir}}|{{.Version}}", module)
	if err != nil {
		return "", err
	}
	dir, version, _ := strings.Cut(strings.TrimSpace(out), "|")
	if dir != "" {
		return dir, nil
	}
	if version == "" {
		return "", fmt.Errorf("module %s has no version in %s/go.mod", module, root)
	}
	return downloadModule(ctx, module+"@"+version)
}

// downloadModule runs `go mod download -json mod@version` outside any module
// (so no go.mod is read or changed) and returns the extracted directory.
func downloadModule(ctx context.Context, modVersion string) (string, error) {
	out, err := goCmd(ctx, os.TempDir(), "mod", "download", "-json", modVersion)
	var info struct{ Dir, Error string }
	if jerr := json.Unmarshal([]byte(out), &info); jerr == nil && info.Error != "" {
		return "", fmt.Errorf("go mod download %s: %s", modVersion, info.Error)
	}
	if err != nil {
		return "", err
	}
	if info.Dir == "" {
		return "", fmt.Errorf("go mod download %s: no Dir in output", modVersion)
	}
	return info.Dir, nil
}

func kedaScaledObjectCRD(ctx context.Context) (string, error) {
	dir, err := downloadModule(ctx, kedaModule+"@"+KEDAVersion)
	if err != nil {
		return "", err
	}
	f := filepath.Join(dir, "config", "crd", "bases", "keda.sh_scaledobjects.yaml")
	if _, err := os.Stat(f); err != nil {
		return "", err
	}
	return f, nil
}

func goCmd(ctx context.Context, dir string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return stdout.String(), fmt.Errorf("go %s (in %s): %w: %s", strings.Join(args, " "), dir, err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}

// readCRDs parses every CustomResourceDefinition in the (multi-document) YAML files.
func readCRDs(files []string) ([]*apiextensionsv1.CustomResourceDefinition, error) {
	var crds []*apiextensionsv1.CustomResourceDefinition
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("testenv: read CRD file: %w", err)
		}
		dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
		for {
			crd := &apiextensionsv1.CustomResourceDefinition{}
			if err := dec.Decode(crd); err != nil {
				if errors.Is(err, io.EOF) {
					break
				}
				return nil, fmt.Errorf("testenv: parse %s: %w", f, err)
			}
			if crd.Kind == "" && crd.Name == "" { // empty document
				continue
			}
			if crd.Kind != "CustomResourceDefinition" {
				continue
			}
			crds = append(crds, crd)
		}
	}
	return crds, nil
}

// InstallCRDs creates (or updates) the CRDs in the YAML files and waits until
// each is Established. It returns the CRD names.
func InstallCRDs(ctx context.Context, cfg *rest.Config, files ...string) ([]string, error) {
	crds, err := readCRDs(files)
	if err != nil {
		return nil, err
	}
	client, err := apiextensionsclient.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	api := client.ApiextensionsV1().CustomResourceDefinitions()
	names := make([]string, 0, len(crds))
	for _, crd := range crds {
		names = append(names, crd.Name)
		_, err := api.Create(ctx, crd, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			existing, gerr := api.Get(ctx, crd.Name, metav1.GetOptions{})
			if gerr != nil {
				return nil, fmt.Errorf("testenv: get CRD %s: %w", crd.Name, gerr)
			}
			crd.ResourceVersion = existing.ResourceVersion
			_, err = api.Update(ctx, crd, metav1.UpdateOptions{})
		}
		if err != nil {
			return nil, fmt.Errorf("testenv: install CRD %s: %w", crd.Name, err)
		}
	}

	pending := append([]string(nil), names...)
	deadline := time.Now().Add(30 * time.Second)
	for len(pending) > 0 {
		var still []string
		for _, name := range pending {
			crd, err := api.Get(ctx, name, metav1.GetOptions{})
			if err != nil || !crdEstablished(crd) {
				still = append(still, name)
			}
		}
		pending = still
		if len(pending) == 0 {
			break
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("testenv: CRDs not Established after 30s: %s", strings.Join(pending, ", "))
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
	return names, nil
}

func crdEstablished(crd *apiextensionsv1.CustomResourceDefinition) bool {
	established, accepted := false, false
	for _, c := range crd.Status.Conditions {
		switch c.Type {
		case apiextensionsv1.Established:
			established = c.Status == apiextensionsv1.ConditionTrue
		case apiextensionsv1.NamesAccepted:
			accepted = c.Status == apiextensionsv1.ConditionTrue
		}
	}
	return established && accepted
}

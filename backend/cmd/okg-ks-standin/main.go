// Command okg-ks-standin runs the stand-in for KubeSphere's ks-apiserver (package ksstandin)
// in front of an okg-console backend, for the tests that load the extension in the real
// KubeSphere 4.1.1 web console. It is a test tool, not KubeSphere: the extension's
// RoleTemplates, JSBundle and ExtensionEntry come from rendering the chart in this repository.
package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/okg-console/okg-console/backend/internal/ksstandin"
	"github.com/okg-console/okg-console/backend/internal/packaging"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "okg-ks-standin:", err)
		os.Exit(1)
	}
}

func run() error {
	fs := pflag.NewFlagSet("okg-ks-standin", pflag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:49090", "address to serve on (loopback)")
	backend := fs.String("backend", "", "the okg-console backend's URL (the APIService's url)")
	bundle := fs.String("bundle", "frontend/dist/okg-console/index.js", "the built KubeSphere bundle, served at /dist/okg-console/index.js")
	root := fs.String("root", ".", "the repository root (extension.yaml, charts/)")
	memberProject := fs.String("member-project", "game-prod", "the one project (namespace) the project member belongs to")
	otherProjects := fs.StringSlice("projects", []string{"game-staging"}, "other projects (namespaces) of the workspace")
	workspace := fs.String("workspace", "game-team", "the workspace of the projects")
	adminLang := fs.String("admin-lang", "en", "spec.lang of the admin")
	memberLang := fs.String("member-lang", "en", "spec.lang of the project member")
	password := fs.String("password", "P@88w0rd", "the users' password")
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	if *backend == "" {
		return errors.New("--backend is required")
	}
	be, err := url.Parse(*backend)
	if err != nil || be.Host == "" {
		return fmt.Errorf("--backend %q is not a URL", *backend)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	chart, err := chartObjects(ctx, *root)
	if err != nil {
		return err
	}
	projects := map[string]string{*memberProject: *workspace}
	for _, p := range *otherProjects {
		projects[p] = *workspace
	}
	srv, err := ksstandin.New(ksstandin.Options{
		Backend: be, API: ksstandin.ExtensionAPI{Group: "okgconsole.kubesphere.io", Version: "v1alpha1"},
		Extension: "okg-console", BundleFile: *bundle,
		Templates: chart.templates, JSBundle: chart.jsBundle, ExtensionEntries: chart.entries,
		Projects: projects, Log: log,
		Users: []ksstandin.User{
			{Name: "admin", Password: *password, Email: "admin@example.com", Lang: *adminLang, GlobalRole: "platform-admin",
				Bindings: []ksstandin.Binding{{Template: "cluster-manage-okg-console"}, {Template: "cluster-view-okg-console"}}},
			{Name: "game-dev", Password: *password, Email: "game-dev@example.com", Lang: *memberLang, GlobalRole: "platform-regular",
				Workspace: *workspace, Bindings: []ksstandin.Binding{{Template: "namespace-view-okg-console", Namespace: *memberProject}}},
			// the same member whose KubeSphere language is Chinese: the host and the extension follow spec.lang
			{Name: "game-dev-zh", Password: *password, Email: "game-dev-zh@example.com", Lang: "zh", GlobalRole: "platform-regular",
				Workspace: *workspace, Bindings: []ksstandin.Binding{{Template: "namespace-view-okg-console", Namespace: *memberProject}}},
			// a member of the same project who also has the Game Server Terminal permission
			{Name: "game-ops", Password: *password, Email: "game-ops@example.com", Lang: *memberLang, GlobalRole: "platform-regular",
				Workspace: *workspace, Bindings: []ksstandin.Binding{{Template: "namespace-view-okg-console", Namespace: *memberProject},
					{Template: "namespace-exec-okg-console", Namespace: *memberProject}}},
		},
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_ = hs.Shutdown(shutdown)
	}()
	log.Info("ks-apiserver stand-in ready", "url", "http://"+ln.Addr().String(), "backend", be.String(),
		"templates", len(chart.templates), "entries", len(chart.entries))
	if err := hs.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

type chartSet struct {
	templates []ksstandin.RoleTemplate
	jsBundle  map[string]any
	entries   []map[string]any
}

// chartObjects renders the extension's chart for the host cluster, as KubeSphere's
// installer does, and keeps what ks-apiserver serves from it.
func chartObjects(ctx context.Context, root string) (chartSet, error) {
	var set chartSet
	rendered, err := packaging.Render(ctx, packaging.Options{RootDir: root}, packaging.RenderOptions{Target: packaging.TargetAll})
	if err != nil {
		return set, fmt.Errorf("rendering the chart: %w", err)
	}
	objs, err := packaging.Objects(rendered)
	if err != nil {
		return set, err
	}
	for _, o := range objs {
		switch o.GetKind() {
		case "RoleTemplate":
			t, err := ksstandin.RoleTemplateFrom(o.Object)
			if err != nil {
				return set, err
			}
			set.templates = append(set.templates, t)
		case "JSBundle":
			set.jsBundle = o.Object
		case "ExtensionEntry":
			set.entries = append(set.entries, o.Object)
		}
	}
	if set.jsBundle == nil || len(set.templates) == 0 {
		return set, fmt.Errorf("the chart renders no JSBundle or no RoleTemplates (kinds seen: %s)", kinds(objs))
	}
	return set, nil
}

func kinds(objs []*unstructured.Unstructured) string {
	var k []string
	for _, o := range objs {
		k = append(k, o.GetKind())
	}
	return strings.Join(k, ",")
}

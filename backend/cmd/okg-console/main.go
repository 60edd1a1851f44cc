// Command okg-console is the OpenKruiseGame console: `okg-console serve` runs the API and UI.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/packaging"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/version"
	"github.com/okg-console/okg-console/frontend"
)

func main() {
	root := &cobra.Command{Use: "okg-console", Short: "A browser console for OpenKruiseGame", SilenceUsage: true}
	root.AddCommand(serveCommand(), packageCommand(), versionCommand())
	if err := root.Execute(); err != nil {
		os.Exit(1)
	}
}

func serveCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the console's API and UI for one cluster",
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := config.Load(cmd.Flags())
			if err != nil {
				return err
			}
			if err := cfg.Validate(); err != nil {
				return fmt.Errorf("invalid configuration:\n%w", err)
			}
			log := newLogger(cfg.LogFormat)
			factory, err := kube.NewFactory(kube.Options{Kubeconfig: cfg.Kubeconfig, Context: cfg.Context,
				QPS: cfg.QPS, Burst: cfg.Burst, UserAgent: "okg-console/" + version.Version})
			if err != nil {
				return err
			}
			static, err := frontend.Files(cfg.StaticDir)
			if err != nil {
				return err
			}
			srv, err := server.New(cfg, factory, log, server.Options{Static: static})
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			log.Info("starting", "version", version.Version, "cluster", factory.Host(), "authMode", cfg.AuthMode)
			return srv.Run(ctx, nil)
		},
	}
	config.BindFlags(cmd.Flags())
	return cmd
}

func packageCommand() *cobra.Command {
	var opts packaging.Options
	cmd := &cobra.Command{
		Use:   "package",
		Short: "Validate, lint and package the KubeSphere extension (as ksbuilder does) into a marketplace tarball",
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := packaging.ValidateExtension(filepath.Join(rootOr(opts.RootDir), packaging.MetadataFile)); err != nil {
				return err
			}
			if err := packaging.Lint(cmd.Context(), opts, nil); err != nil {
				return err
			}
			out, err := packaging.Package(cmd.Context(), opts)
			if err != nil {
				return err
			}
			fmt.Println(out)
			return nil
		},
	}
	cmd.Flags().StringVar(&opts.RootDir, "root", ".", "directory holding extension.yaml, permissions.yaml and charts/")
	cmd.Flags().StringVar(&opts.OutDir, "out", "", "where the tarball goes (default <root>/bin)")
	return cmd
}

func rootOr(dir string) string {
	if dir == "" {
		return "."
	}
	return dir
}

func versionCommand() *cobra.Command {
	return &cobra.Command{Use: "version", Short: "Print the version", Run: func(*cobra.Command, []string) {
		fmt.Println(version.Version)
	}}
}

func newLogger(format string) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, nil))
}

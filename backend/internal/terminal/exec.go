// Package terminal runs a terminal session in a container of a game server's pod: the
// pod exec subresource through the kube-apiserver (websocket, falling back to SPDY),
// bridged to a browser websocket, with resize, an idle timeout and an audit record of
// every session through the write path.
package terminal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/httpstream"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/remotecommand"
	utilexec "k8s.io/client-go/util/exec"

	"github.com/okg-console/okg-console/backend/internal/kube"
)

// DefaultCommand is what a session runs when the request names no command.
var DefaultCommand = []string{"/bin/sh"}

// Target is the container a session runs in.
type Target struct {
	Namespace, Pod, Container string
	Command                   []string
}

// IO is the session's side of the exec: the terminal's input and output and its sizes.
type IO struct {
	Stdin  io.Reader
	Stdout io.Writer
	Sizes  remotecommand.TerminalSizeQueue
}

// Executor runs a command in a container and returns its exit code (nil when the stream
// ended without one).
type Executor interface {
	Exec(ctx context.Context, clients *kube.Clients, t Target, streams IO) (*int, error)
}

// PodExec is the Executor of the pods/exec subresource.
type PodExec struct{}

// Exec opens pods/exec with a TTY as clients' identity (the caller's own in token mode:
// the API server decides), websocket first (Kubernetes 1.30+), SPDY when the upgrade
// fails.
func (PodExec) Exec(ctx context.Context, clients *kube.Clients, t Target, streams IO) (*int, error) {
	if clients.Config == nil {
		return nil, errors.New("no client configuration to exec with")
	}
	req := clients.Kube.CoreV1().RESTClient().Post().Resource("pods").Namespace(t.Namespace).Name(t.Pod).
		SubResource("exec").VersionedParams(&corev1.PodExecOptions{
		Container: t.Container, Command: t.Command, Stdin: true, Stdout: true, TTY: true,
	}, scheme.ParameterCodec)
	exec, err := executor(clients.Config, req)
	if err != nil {
		return nil, err
	}
	err = exec.StreamWithContext(ctx, remotecommand.StreamOptions{
		Stdin: streams.Stdin, Stdout: streams.Stdout, Tty: true, TerminalSizeQueue: streams.Sizes,
	})
	var exit utilexec.ExitError
	switch {
	case err == nil:
		code := 0
		return &code, nil
	case errors.As(err, &exit):
		code := exit.ExitStatus()
		return &code, nil
	}
	if code, ok := exitStatusInMessage(err); ok {
		return &code, nil
	}
	return nil, err
}

// exitStatusRE finds the exit status a kubelet reported only in an error's text: KWOK's
// emulated kubelet (and some older runtimes) answer a non-zero exit with an internal
// error "... cmd wait: /bin/sh : exit status 3" instead of the exec protocol's status.
var exitStatusRE = regexp.MustCompile(`exit status (\d{1,3})$`)

func exitStatusInMessage(err error) (int, bool) {
	m := exitStatusRE.FindStringSubmatch(strings.TrimSpace(err.Error()))
	if m == nil {
		return 0, false
	}
	code, convErr := strconv.Atoi(m[1])
	return code, convErr == nil
}

func executor(cfg *rest.Config, req *rest.Request) (remotecommand.Executor, error) {
	ws, err := remotecommand.NewWebSocketExecutor(cfg, "GET", req.URL().String())
	if err != nil {
		return nil, fmt.Errorf("websocket executor: %w", err)
	}
	spdy, err := remotecommand.NewSPDYExecutor(cfg, "POST", req.URL())
	if err != nil {
		return nil, fmt.Errorf("SPDY executor: %w", err)
	}
	return remotecommand.NewFallbackExecutor(ws, spdy, func(err error) bool {
		return httpstream.IsUpgradeFailure(err) || httpstream.IsHTTPSProxyError(err)
	})
}

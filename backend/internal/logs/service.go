package logs

import (
	"context"
	"errors"
	"io"
	"net/http"
	"slices"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/client-go/kubernetes"

	"github.com/okg-console/okg-console/backend/internal/apierror"
)

// AnnotationDefaultContainer names the container kubectl picks when none is given.
const AnnotationDefaultContainer = "kubectl.kubernetes.io/default-container"

// Response headers that say what the console chose for parameters the caller left out.
const (
	HeaderContainer = "X-Okg-Log-Container"
	HeaderPrevious  = "X-Okg-Log-Previous"
)

// bufferSize is the one buffer a log streams through.
const bufferSize = 32 << 10

// Plan is a request resolved against the game server and its pod.
type Plan struct {
	Container string
	Previous  bool
	Options   *corev1.PodLogOptions
}

// Resolve picks the container (the one asked for, else the pod's default, else its
// first), whether to read the previous container (asked, else when the server is in
// Crash or the container restarted and the log is not followed), and the bounds: the
// default tail when neither a tail nor a since was given, and at most lim.MaxBytes
// unless the log is followed (a followed log streams on through the same buffer).
func Resolve(p Params, lim Limits, gs *gamev1alpha1.GameServer, pod *corev1.Pod) (Plan, error) {
	if pod == nil {
		return Plan{}, apierrors.NewNotFound(corev1.Resource("pods"), nameOf(gs))
	}
	names := containerNames(pod)
	c := p.Container
	switch {
	case c != "" && !slices.Contains(names, c):
		return Plan{}, apierror.BadRequest(ParamContainer, "the pod has no container %q (it has %v)", c, names)
	case c == "" && slices.Contains(names, pod.Annotations[AnnotationDefaultContainer]):
		c = pod.Annotations[AnnotationDefaultContainer]
	case c == "" && len(pod.Spec.Containers) > 0:
		c = pod.Spec.Containers[0].Name
	case c == "":
		return Plan{}, apierror.BadRequest(ParamContainer, "the pod has no containers")
	}
	prev := false
	switch {
	case p.Previous != nil:
		prev = *p.Previous
	case !p.Follow:
		prev = Crashed(gs, pod, c)
	}
	opts := &corev1.PodLogOptions{Container: c, Previous: prev, Follow: p.Follow, Timestamps: p.Timestamps,
		TailLines: p.TailLines, SinceTime: p.SinceTime, SinceSeconds: p.SinceSeconds, LimitBytes: p.LimitBytes}
	if opts.TailLines == nil && opts.SinceTime == nil && opts.SinceSeconds == nil {
		tail := lim.DefaultTailLines
		opts.TailLines = &tail
	}
	if opts.LimitBytes == nil && !p.Follow {
		max := lim.MaxBytes
		opts.LimitBytes = &max
	}
	return Plan{Container: c, Previous: prev, Options: opts}, nil
}

// Crashed says whether the previous container's log is the one an operator wants first:
// the server is in Crash, or the container has restarted.
func Crashed(gs *gamev1alpha1.GameServer, pod *corev1.Pod, container string) bool {
	if gs != nil && gs.Status.CurrentState == gamev1alpha1.Crash {
		return true
	}
	for _, s := range pod.Status.ContainerStatuses {
		if s.Name == container {
			return s.RestartCount > 0
		}
	}
	return false
}

func containerNames(pod *corev1.Pod) []string {
	var out []string
	for _, c := range pod.Spec.Containers {
		out = append(out, c.Name)
	}
	for _, c := range pod.Spec.InitContainers {
		out = append(out, c.Name)
	}
	return out
}

func nameOf(gs *gamev1alpha1.GameServer) string {
	if gs == nil {
		return ""
	}
	return gs.Name
}

// Open starts reading the log from the API server (pods/log) with client: the caller's
// own in token mode, so the API server decides whether they may.
func Open(ctx context.Context, client kubernetes.Interface, namespace, name string, plan Plan) (io.ReadCloser, error) {
	return client.CoreV1().Pods(namespace).GetLogs(name, plan.Options).Stream(ctx)
}

// Copy streams r to w through one buffer, flushing after every read so a followed log
// arrives line by line. It returns the bytes copied and the first error that is not the
// end of the log or the caller going away.
func Copy(ctx context.Context, w io.Writer, r io.Reader) (int64, error) {
	flusher, _ := w.(http.Flusher)
	buf := make([]byte, bufferSize)
	var n int64
	for {
		k, err := r.Read(buf)
		if k > 0 {
			if _, werr := w.Write(buf[:k]); werr != nil {
				return n, nil // the caller went away
			}
			n += int64(k)
			if flusher != nil {
				flusher.Flush()
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) || ctx.Err() != nil {
				return n, nil
			}
			return n, err
		}
	}
}

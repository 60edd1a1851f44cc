package logs

import (
	"net/url"
	"testing"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

var lim = Limits{MaxBytes: 1 << 20, DefaultTailLines: 500}

func TestParseNamesTheBadParameter(t *testing.T) {
	for _, tc := range []struct {
		query, field string
	}{
		{"tailLines=x", ParamTailLines},
		{"tailLines=-1", ParamTailLines},
		{"tailLines=1000001", ParamTailLines},
		{"sinceSeconds=0", ParamSinceSeconds},
		{"limitBytes=0", ParamLimitBytes},
		{"limitBytes=1048577", ParamLimitBytes},
		{"sinceTime=2026-13-01", ParamSinceTime},
		{"sinceTime=2026-01-01T00:00:00Z&sinceSeconds=5", ParamSinceSeconds},
		{"previous=yes", ParamPrevious},
		{"timestamps=2", ParamTimestamps},
		{"follow=on", ParamFollow},
		{"follow=true&previous=true", ParamPrevious},
		{"follow=true&download=true", ParamDownload},
		{"container=UPPER", ParamContainer},
	} {
		t.Run(tc.query, func(t *testing.T) {
			q, _ := url.ParseQuery(tc.query)
			_, err := Parse(q, lim)
			if err == nil {
				t.Fatal("accepted")
			}
			se, ok := err.(*apierrors.StatusError)
			if !ok || se.ErrStatus.Code != 400 || se.ErrStatus.Details == nil || se.ErrStatus.Details.Causes[0].Field != tc.field {
				t.Fatalf("error %v, want a 400 naming %s", err, tc.field)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	q, _ := url.ParseQuery("container=game&tailLines=0&sinceTime=2026-01-02T03:04:05Z&limitBytes=1048576&timestamps=true&follow=true&previous=false")
	p, err := Parse(q, lim)
	if err != nil {
		t.Fatal(err)
	}
	if p.Container != "game" || *p.TailLines != 0 || p.SinceTime.Hour() != 3 || *p.LimitBytes != 1<<20 || !p.Timestamps || !p.Follow || *p.Previous || p.Download {
		t.Fatalf("%+v", p)
	}
}

func pod(restarts int32, containers ...string) *corev1.Pod {
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "s-0", Annotations: map[string]string{}}}
	for _, c := range containers {
		p.Spec.Containers = append(p.Spec.Containers, corev1.Container{Name: c})
		p.Status.ContainerStatuses = append(p.Status.ContainerStatuses, corev1.ContainerStatus{Name: c, RestartCount: restarts})
	}
	return p
}

func server(state gamev1alpha1.GameServerState) *gamev1alpha1.GameServer {
	return &gamev1alpha1.GameServer{ObjectMeta: metav1.ObjectMeta{Name: "s-0"}, Status: gamev1alpha1.GameServerStatus{CurrentState: state}}
}

func TestResolve(t *testing.T) {
	yes, no := true, false
	ten := int64(10)
	withDefault := pod(0, "sidecar", "game")
	withDefault.Annotations[AnnotationDefaultContainer] = "game"
	for _, tc := range []struct {
		name          string
		p             Params
		gs            *gamev1alpha1.GameServer
		pod           *corev1.Pod
		container     string
		previous      bool
		tail, limited bool
	}{
		{"healthy: current log of the first container", Params{}, server(gamev1alpha1.Ready), pod(0, "game", "sidecar"), "game", false, true, true},
		{"the pod's default container", Params{}, server(gamev1alpha1.Ready), withDefault, "game", false, true, true},
		{"crash: previous by default", Params{}, server(gamev1alpha1.Crash), pod(0, "game"), "game", true, true, true},
		{"restarted: previous by default", Params{}, server(gamev1alpha1.Ready), pod(2, "game"), "game", true, true, true},
		{"crash but asked for current", Params{Previous: &no}, server(gamev1alpha1.Crash), pod(1, "game"), "game", false, true, true},
		{"asked for previous", Params{Previous: &yes}, server(gamev1alpha1.Ready), pod(0, "game"), "game", true, true, true},
		{"crash but following: current, no byte cap", Params{Follow: true}, server(gamev1alpha1.Crash), pod(1, "game"), "game", false, true, false},
		{"a since replaces the default tail", Params{SinceSeconds: &ten}, server(gamev1alpha1.Ready), pod(0, "game"), "game", false, false, true},
		{"named container", Params{Container: "sidecar"}, server(gamev1alpha1.Ready), pod(0, "game", "sidecar"), "sidecar", false, true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plan, err := Resolve(tc.p, lim, tc.gs, tc.pod)
			if err != nil {
				t.Fatal(err)
			}
			o := plan.Options
			if plan.Container != tc.container || o.Container != tc.container || plan.Previous != tc.previous || o.Previous != tc.previous {
				t.Fatalf("container %q previous %v, want %q %v", plan.Container, plan.Previous, tc.container, tc.previous)
			}
			if (o.TailLines != nil && *o.TailLines == lim.DefaultTailLines) != tc.tail {
				t.Errorf("default tail applied = %v, want %v", o.TailLines != nil, tc.tail)
			}
			if (o.LimitBytes != nil && *o.LimitBytes == lim.MaxBytes) != tc.limited {
				t.Errorf("byte cap applied = %v, want %v", o.LimitBytes != nil, tc.limited)
			}
		})
	}
	if _, err := Resolve(Params{Container: "nope"}, lim, server(gamev1alpha1.Ready), pod(0, "game")); err == nil {
		t.Error("an unknown container was accepted")
	}
	if _, err := Resolve(Params{}, lim, server(gamev1alpha1.Ready), nil); !apierrors.IsNotFound(err) {
		t.Errorf("no pod: %v, want 404", err)
	}
}

// Package logs serves the logs of a game server's containers (its pod has the
// GameServer's name and namespace) from the API server's pods/log subresource, as the
// caller where the mode allows it. A log streams through with a fixed buffer: the
// console never holds a whole log, and a request returns at most the configured bytes.
package logs

import (
	"net/url"
	"strconv"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/okg-console/okg-console/backend/internal/apierror"
)

// Query parameters of the logs endpoint (the names of corev1.PodLogOptions where one exists).
const (
	ParamContainer    = "container"
	ParamTailLines    = "tailLines"
	ParamPrevious     = "previous"
	ParamSinceTime    = "sinceTime"
	ParamSinceSeconds = "sinceSeconds"
	ParamLimitBytes   = "limitBytes"
	ParamTimestamps   = "timestamps"
	ParamFollow       = "follow"
	ParamDownload     = "download"
)

// MaxTailLines bounds tailLines (the browser keeps at most a ring of lines anyway).
const MaxTailLines = 1_000_000

// Limits are the configured bounds (config: logs-max-bytes, logs-default-tail-lines).
type Limits struct {
	MaxBytes         int64
	DefaultTailLines int64
}

// Params are what a caller asks of a container's log. Nil pointers are "not given".
type Params struct {
	Container    string
	TailLines    *int64
	Previous     *bool // nil: the previous container when the server crashed or restarted
	SinceTime    *metav1.Time
	SinceSeconds *int64
	LimitBytes   *int64
	Timestamps   bool
	Follow       bool
	Download     bool
}

// Parse reads and checks the query; an error is a 400 Status naming the parameter.
func Parse(q url.Values, lim Limits) (Params, error) {
	var p Params
	var err error
	if p.Container = q.Get(ParamContainer); p.Container != "" {
		if msgs := validation.IsDNS1123Label(p.Container); len(msgs) > 0 {
			return p, apierror.BadRequest(ParamContainer, "%q is not a container name", p.Container)
		}
	}
	if p.TailLines, err = optInt(q, ParamTailLines, 0, MaxTailLines); err != nil {
		return p, err
	}
	if p.SinceSeconds, err = optInt(q, ParamSinceSeconds, 1, 10*365*24*3600); err != nil {
		return p, err
	}
	if p.LimitBytes, err = optInt(q, ParamLimitBytes, 1, lim.MaxBytes); err != nil {
		return p, err
	}
	if v := q.Get(ParamSinceTime); v != "" {
		t, perr := time.Parse(time.RFC3339, v)
		if perr != nil {
			return p, apierror.BadRequest(ParamSinceTime, "%q is not an RFC 3339 time like 2026-01-02T15:04:05Z", v)
		}
		mt := metav1.NewTime(t)
		p.SinceTime = &mt
	}
	if p.SinceTime != nil && p.SinceSeconds != nil {
		return p, apierror.BadRequest(ParamSinceSeconds, "give sinceTime or sinceSeconds, not both")
	}
	if p.Previous, err = optBool(q, ParamPrevious); err != nil {
		return p, err
	}
	for name, dst := range map[string]*bool{ParamTimestamps: &p.Timestamps, ParamFollow: &p.Follow, ParamDownload: &p.Download} {
		b, berr := optBool(q, name)
		if berr != nil {
			return p, berr
		}
		*dst = b != nil && *b
	}
	if p.Follow && p.Previous != nil && *p.Previous {
		return p, apierror.BadRequest(ParamPrevious, "the previous container has ended: its log cannot be followed")
	}
	if p.Follow && p.Download {
		return p, apierror.BadRequest(ParamDownload, "a followed log never ends: download what is there without follow")
	}
	return p, nil
}

func optInt(q url.Values, name string, lo, hi int64) (*int64, error) {
	v := q.Get(name)
	if v == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < lo || n > hi {
		return nil, apierror.BadRequest(name, "%q is not a whole number within %d..%d", v, lo, hi)
	}
	return &n, nil
}

func optBool(q url.Values, name string) (*bool, error) {
	v := q.Get(name)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, apierror.BadRequest(name, "%q is not true or false", v)
	}
	return &b, nil
}

package api_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/api"
)

func TestBadParametersAre400NamingTheField(t *testing.T) {
	for _, tc := range []struct {
		path  string
		query url.Values
		field string
	}{
		{"/gameservers", url.Values{"sortBy": {"bogus"}}, "sortBy"},
		{"/gameservers", url.Values{"page": {"0"}}, "page"},
		{"/gameservers", url.Values{"page": {"two"}}, "page"},
		{"/gameservers", url.Values{"limit": {"5000"}}, "limit"},
		{"/gameservers", url.Values{"ascending": {"maybe"}}, "ascending"},
		{"/gameservers", url.Values{"labelSelector": {"a in ("}}, "labelSelector"},
		{"/gameservers", url.Values{"ids": {"9-3"}}, "ids"},
		{"/gameservers", url.Values{"ids": {"1,,2"}}, "ids"},
		{"/gameservers", url.Values{"state": {"Ready,Bogus"}}, "state"},
		{"/gameservers", url.Values{"opsState": {"Sleeping"}}, "opsState"},
		{"/gameservers", url.Values{"networkState": {"Up"}}, "networkState"},
		{"/gameservers", url.Values{"updatePriority": {"x"}}, "updatePriority"},
		{"/gameservers", url.Values{"deletionPriority": {"5:1"}}, "deletionPriority"},
		{"/gameservers", url.Values{"deletionPriority": {"99999999999"}}, "deletionPriority"},
		{"/gameserversets", url.Values{"sortBy": {"id"}}, "sortBy"},
		{"/gameservers", url.Values{"fieldSelector": {"spec.nodeName=n1"}}, "fieldSelector"},
		{"/gameservers", url.Values{"fieldSelector": {"metadata.name"}}, "fieldSelector"},
		{"/namespaces/ns-a/gameserversets", url.Values{"limit": {"-1"}}, "limit"},
	} {
		t.Run(tc.field+"="+tc.query.Encode(), func(t *testing.T) {
			var st metav1.Status
			code := get(t, tc.path, tc.query, &st)
			if code != http.StatusBadRequest || st.Code != http.StatusBadRequest || st.Kind != "Status" || st.Reason != metav1.StatusReasonBadRequest {
				t.Fatalf("got %d %+v", code, st)
			}
			if st.Details == nil || len(st.Details.Causes) != 1 || st.Details.Causes[0].Field != tc.field {
				t.Fatalf("the Status should name %q: %+v", tc.field, st.Details)
			}
			if !strings.HasPrefix(st.Message, tc.field+":") {
				t.Errorf("message should start with the field: %q", st.Message)
			}
		})
	}
}

func TestUnknownObjectsAre404(t *testing.T) {
	for _, path := range []string{
		"/namespaces/ns-a/gameservers/alpha-99",
		"/namespaces/ns-b/gameservers/alpha-1",
		"/namespaces/ns-a/gameserversets/nope",
		"/namespaces/ns-a/nothing",
	} {
		var st metav1.Status
		if code := get(t, path, nil, &st); code != 404 || st.Code != 404 || st.Reason != metav1.StatusReasonNotFound {
			t.Errorf("%s: got %d %+v", path, code, st)
		}
	}
}

func TestReadyzFollowsCacheSync(t *testing.T) {
	startConsole(t)
	s := newServer(t)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	status := func(path string) int {
		resp, err := http.Get(ts.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		// Read to the end: the request's metric is recorded before the last chunk is sent.
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := status("/healthz"); got != 200 {
		t.Errorf("healthz before sync: %d", got)
	}
	if got := status("/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("readyz before sync: %d, want 503", got)
	}
	if got := status(api.Prefix + "/gameservers"); got != http.StatusServiceUnavailable {
		t.Errorf("API before sync: %d, want 503", got)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := s.StartCache(ctx); err != nil {
		t.Fatal(err)
	}
	if got := status("/readyz"); got != 200 {
		t.Errorf("readyz after sync: %d", got)
	}
	if got := status(api.Prefix + "/gameservers"); got != 200 {
		t.Errorf("API after sync: %d", got)
	}
	resp, err := http.Get(ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := new(strings.Builder)
	_, _ = io.Copy(body, resp.Body)
	for _, want := range []string{`okg_console_cache_objects{kind="gameservers"} 19`, `okg_console_http_request_duration_seconds_count{code="200",method="GET",route="/kapis/okgconsole.kubesphere.io/v1alpha1/gameservers"}`, "okg_console_cache_sync_seconds"} {
		if !strings.Contains(body.String(), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

package logs_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/config"
	"github.com/okg-console/okg-console/backend/internal/consoletest"
	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/kwokio"
	"github.com/okg-console/okg-console/backend/internal/logs"
	"github.com/okg-console/okg-console/backend/internal/server"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

var (
	env   *testenv.Env
	admin *kube.Clients
	files kwokio.Files
)

// TestMain runs the real controllers and KWOK, whose emulated kubelet serves every pod's
// logs from files (kwokio): the console reads them through the kube-apiserver's pods/log.
func TestMain(m *testing.M) {
	os.Exit(consoletest.MainWithKWOKFiles(m, testenv.Options{RealOKG: true, FakeNodes: 1}, func(e *testenv.Env, a *kube.Clients, f kwokio.Files) {
		env, admin, files = e, a, f
	}))
}

func console(t *testing.T, mode config.AuthMode, ns string) string {
	t.Helper()
	cfg := config.Default()
	cfg.AuthMode = mode
	c := consoletest.Start(t, env, cfg, server.Options{})
	c.WaitSeen(t, ns, 1)
	return c.API + "/namespaces/" + ns + "/gameservers/s-0/logs"
}

func get(t *testing.T, url string, headers map[string]string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestLogsOfARealPodThroughTheAPIServer(t *testing.T) {
	ns := consoletest.RealGameServer(t, env, admin, "logs")
	url := console(t, config.AuthKubeconfig, ns)

	resp, body := get(t, url, nil)
	if resp.StatusCode != 200 || !strings.Contains(body, kwokio.CurrentFirstLine) || strings.Contains(body, kwokio.PreviousLastLine) {
		t.Fatalf("current log: %d %q", resp.StatusCode, body)
	}
	if got := resp.Header.Get(logs.HeaderContainer); got != consoletest.RealServerContainer {
		t.Errorf("container header %q", got)
	}
	if got := resp.Header.Get(logs.HeaderPrevious); got != "false" {
		t.Errorf("a server that never crashed: previous header %q, want false", got)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("content type %q", ct)
	}

	resp, body = get(t, url+"?previous=true", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, kwokio.PreviousLastLine) || resp.Header.Get(logs.HeaderPrevious) != "true" {
		t.Fatalf("previous log: %d %q %v", resp.StatusCode, body, resp.Header)
	}

	resp, body = get(t, url+"?tailLines=1&timestamps=true", nil)
	if lines := strings.Split(strings.TrimSpace(body), "\n"); resp.StatusCode != 200 || len(lines) != 1 || !strings.Contains(lines[0], "Z ") {
		t.Fatalf("tailLines=1 with timestamps: %d %q", resp.StatusCode, body)
	}

	resp, body = get(t, url+"?limitBytes=10", nil)
	if resp.StatusCode != 200 || len(body) != 10 {
		t.Fatalf("limitBytes=10: %d %d bytes %q", resp.StatusCode, len(body), body)
	}

	resp, _ = get(t, url+"?download=true&previous=true", nil)
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename=s-0.game.previous.log`) {
		t.Errorf("download disposition %q", cd)
	}

	for _, bad := range []struct{ query, param string }{
		{"tailLines=-1", "tailLines"}, {"limitBytes=0", "limitBytes"}, {"sinceTime=yesterday", "sinceTime"},
		{"sinceSeconds=10&sinceTime=2026-01-01T00:00:00Z", "sinceSeconds"}, {"previous=maybe", "previous"},
		{"follow=true&previous=true", "previous"}, {"container=nope", "container"}, {"container=Bad_Name", "container"},
	} {
		resp, body := get(t, url+"?"+bad.query, nil)
		var st metav1.Status
		_ = json.Unmarshal([]byte(body), &st)
		if resp.StatusCode != 400 || st.Kind != "Status" && st.Code != 400 || st.Details == nil || len(st.Details.Causes) != 1 || st.Details.Causes[0].Field != bad.param {
			t.Errorf("%s: %d %s, want a 400 Status naming %s", bad.query, resp.StatusCode, body, bad.param)
		}
	}
	resp, _ = get(t, strings.Replace(url, "s-0", "s-9", 1), nil)
	if resp.StatusCode != 404 {
		t.Errorf("a server without a pod: %d, want 404", resp.StatusCode)
	}
}

// A followed log streams: a line written to the container's log after the request began
// arrives on the open response.
func TestFollowedLogShowsLinesWrittenLater(t *testing.T) {
	ns := consoletest.RealGameServer(t, env, admin, "follow")
	url := console(t, config.AuthKubeconfig, ns)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url+"?follow=true&tailLines=1", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get(logs.HeaderPrevious) != "false" {
		t.Fatalf("follow: %d %v", resp.StatusCode, resp.Header)
	}
	lines := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	first := <-lines // the tail line: the stream is open
	marker := fmt.Sprintf("player 7 joined at %d", time.Now().UnixNano())
	if err := files.Append(marker); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the followed log ended before %q arrived (first line %q)", marker, first)
			}
			if strings.Contains(l, marker) {
				return
			}
		case <-ctx.Done():
			t.Fatalf("%q did not arrive on the followed log within 30s", marker)
		}
	}
}

// Token mode reads as the caller: without pods/log the API server refuses, with it the log comes.
func TestTokenModeNeedsPodsLog(t *testing.T) {
	ns := consoletest.RealGameServer(t, env, admin, "logrbac")
	ctx := context.Background()
	if err := env.GrantNamespace(ctx, testenv.Carol, ns, []string{"get", "list", "watch"}, "gameservers.game.kruise.io", "gameserversets.game.kruise.io"); err != nil {
		t.Fatal(err)
	}
	url := console(t, config.AuthToken, ns)
	carol := map[string]string{"Authorization": "Bearer " + env.Token(testenv.Carol)}
	resp, body := get(t, url, carol)
	var st metav1.Status
	if err := json.Unmarshal([]byte(body), &st); err != nil || resp.StatusCode != 403 || st.Code != 403 || !strings.Contains(st.Message, "pods/log") {
		t.Fatalf("carol without pods/log: %d %s", resp.StatusCode, body)
	}
	if err := env.GrantNamespace(ctx, testenv.Carol, ns, []string{"get"}, "pods/log"); err != nil {
		t.Fatal(err)
	}
	resp, body = get(t, url, carol)
	if resp.StatusCode != 200 || !strings.Contains(body, kwokio.CurrentFirstLine) {
		t.Fatalf("carol with pods/log: %d %q", resp.StatusCode, body)
	}
	if resp, _ := get(t, url, nil); resp.StatusCode != 401 {
		t.Errorf("no token: %d, want 401", resp.StatusCode)
	}
}

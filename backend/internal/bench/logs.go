package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/okg-console/okg-console/backend/internal/kube"
	"github.com/okg-console/okg-console/backend/internal/testenv"
)

// LogsOptions tune the logs benchmark.
type LogsOptions struct {
	Binary   string
	Requests int // per kind (tail, follow)
}

// Logs measures the time to the first byte of a game server's log through the console:
// console → kube-apiserver pods/log → KWOK's kubelet endpoint (TLS) → the log file.
// env must run the real controllers and KWOK with kwokio's ClusterLogs.
func Logs(ctx context.Context, env *testenv.Env, opts LogsOptions) (*Report, error) {
	if opts.Requests == 0 {
		opts.Requests = 200
	}
	rep := &Report{Title: "Logs: time to first byte through the console (kube-apiserver pods/log → KWOK kubelet)"}
	clients, err := kube.NewFactoryFromConfig(env.Config).Clients()
	if err != nil {
		return nil, err
	}
	const ns = "bench-logs"
	began := time.Now()
	if err := realServer(ctx, clients, ns); err != nil {
		return nil, err
	}
	rep.Add("game server running on a KWOK node", time.Since(began).Round(time.Millisecond).String())
	c, err := StartConsole(ctx, opts.Binary, env.Kubeconfig, env.Dir)
	if err != nil {
		return nil, err
	}
	defer c.Stop()
	base := c.URL + "/kapis/okgconsole.kubesphere.io/v1alpha1/namespaces/" + ns + "/gameservers/s-0/logs"
	for _, kind := range []struct{ name, query string }{
		{"tail (tailLines=100)", "?tailLines=100"},
		{"follow (follow=true&tailLines=10)", "?follow=true&tailLines=10"},
		{"previous container (previous=true)", "?previous=true"},
	} {
		if _, err := firstByte(ctx, base+kind.query); err != nil { // the console's cache may still be warming
			time.Sleep(time.Second)
		}
		ds := make([]time.Duration, 0, opts.Requests)
		for i := 0; i < opts.Requests; i++ {
			d, err := firstByte(ctx, base+kind.query)
			if err != nil {
				return rep, fmt.Errorf("%s: %w", kind.name, err)
			}
			ds = append(ds, d)
		}
		p50, p99 := Percentile(ds, 50), Percentile(ds, 99)
		rep.Check(kind.name+" first byte p50", Ms(p50), "≤ 300 ms", p50 <= 300*time.Millisecond)
		rep.Add(kind.name+" first byte p99", Ms(p99))
	}
	rep.Add("requests per kind", fmt.Sprint(opts.Requests))
	return rep, nil
}

// firstByte times a GET until the first byte of its body.
func firstByte(ctx context.Context, url string) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	t0 := time.Now()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return 0, fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	var one [1]byte
	if _, err := io.ReadFull(resp.Body, one[:]); err != nil {
		return 0, err
	}
	return time.Since(t0), nil
}

// realServer creates set "s" with one replica in ns and waits until s-0 runs on a KWOK node.
func realServer(ctx context.Context, c *kube.Clients, ns string) error {
	if _, err := c.Kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}, metav1.CreateOptions{}); err != nil {
		return err
	}
	one := int32(1)
	gss := &gamev1alpha1.GameServerSet{ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: ns},
		Spec: gamev1alpha1.GameServerSetSpec{Replicas: &one, GameServerTemplate: gamev1alpha1.GameServerTemplate{
			PodTemplateSpec: corev1.PodTemplateSpec{Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "game", Image: "registry.example/game:1"}}}},
		}}}
	if _, err := c.Game.GameV1alpha1().GameServerSets(ns).Create(ctx, gss, metav1.CreateOptions{}); err != nil {
		return err
	}
	deadline := time.Now().Add(3 * time.Minute)
	for time.Now().Before(deadline) {
		if p, err := c.Kube.CoreV1().Pods(ns).Get(ctx, "s-0", metav1.GetOptions{}); err == nil && p.Status.Phase == corev1.PodRunning {
			return nil
		}
		time.Sleep(250 * time.Millisecond)
	}
	return fmt.Errorf("s-0 in %s not running on a KWOK node within 3m", ns)
}

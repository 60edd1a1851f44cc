package testenv

// KWOK's fake nodes and its configuration (kubelet emulation: logs, exec, metrics).

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"sigs.k8s.io/yaml"
)

// createFakeNodes registers n nodes KWOK manages (by its node annotation), so the
// scheduler places pods on them and KWOK runs them.
func (e *Env) createFakeNodes(ctx context.Context, n int) error {
	cs, err := kubernetes.NewForConfig(e.Config)
	if err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("kwok-node-%d", i)
		node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{
			Name: name,
			// The metrics path is where KWOK's server offers this node's resource metrics
			// (read by metrics-server with Options.Metrics; harmless otherwise).
			Annotations: map[string]string{KWOKNodeAnnotation: KWOKNodeValue,
				nodeMetricsPathAnnotation: "/metrics/nodes/" + name + "/metrics/resource"},
			Labels: map[string]string{
				"kubernetes.io/hostname": name, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "type": "kwok",
			},
		}}
		if _, err := cs.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("testenv: create node %s: %w", name, err)
		}
		e.fakeNodes = append(e.fakeNodes, name)
	}
	return nil
}

func (e *Env) nodesReady(ctx context.Context) bool {
	cs, err := kubernetes.NewForConfig(e.Config)
	if err != nil {
		return false
	}
	for _, name := range e.fakeNodes {
		node, err := cs.CoreV1().Nodes().Get(ctx, name, metav1.GetOptions{})
		if err != nil {
			return false
		}
		ready := false
		for _, c := range node.Status.Conditions {
			if c.Type == corev1.NodeReady && c.Status == corev1.ConditionTrue {
				ready = true
			}
		}
		if !ready {
			return false
		}
	}
	return true
}

// writeKWOKConfig writes KWOK's configuration: its options, the stages of the module's
// kustomize/stage/fast (node initialise + heartbeat with lease, pod ready/complete/delete)
// and the caller's extra documents (Options.KWOKConfig).
func writeKWOKConfig(path, kwokDir string, extra []string) (string, error) {
	stages, err := renderKustomize(filepath.Join(kwokDir, "kustomize", "stage", "fast"))
	if err != nil {
		return "", fmt.Errorf("testenv: KWOK stages: %w", err)
	}
	docs := []string{`apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  nodeLeaseDurationSeconds: 40
  nodeLeaseParallelism: 4
  podPlayStageParallelism: 4
  nodePlayStageParallelism: 4
  enablePodsOnNodeSyncStreamWatch: true
  enableDebuggingHandlers: true
`}
	for _, s := range stages {
		data, err := yaml.Marshal(s.Object)
		if err != nil {
			return "", err
		}
		docs = append(docs, string(data))
	}
	for _, d := range extra {
		docs = append(docs, strings.TrimPrefix(strings.TrimSpace(d), "---")+"\n")
	}
	return path, os.WriteFile(path, []byte(strings.Join(docs, "---\n")), 0o644)
}

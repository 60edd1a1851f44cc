package testenv_test

import (
	"context"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
)

// A restarted kube-apiserver is a new process on the same address with the same
// etcd: existing client configs work and data written before is still there.
func TestRestartAPIServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cs := kubernetes.NewForConfigOrDie(env.Config)
	cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "before-restart", Namespace: "default"}, Data: map[string]string{"k": "v"}}
	if _, err := cs.CoreV1().ConfigMaps("default").Create(ctx, cm, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	host, oldPID := env.Host, pid()
	if err := env.RestartAPIServer(ctx); err != nil {
		t.Fatal(err)
	}
	if env.Host != host || pid() == oldPID {
		t.Errorf("host %s -> %s, pid %d -> %d", host, env.Host, oldPID, pid())
	}
	got, err := cs.CoreV1().ConfigMaps("default").Get(ctx, "before-restart", metav1.GetOptions{})
	if err != nil || got.Data["k"] != "v" {
		t.Fatalf("after restart: %v %v", got, err)
	}
}

func pid() int {
	kas, _ := env.PIDs()
	return kas
}

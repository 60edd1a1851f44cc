package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	gamev1alpha1 "github.com/openkruise/kruise-game/apis/v1alpha1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/utils/ptr"

	"github.com/okg-console/okg-console/backend/internal/demo"
	"github.com/okg-console/okg-console/backend/internal/kube"
)

// seedRealFleet creates the demo fleet as GameServerSets only and lets the real
// controllers (testenv.Options.RealOKG) create the Advanced StatefulSets, pods and
// GameServers. Once a set's servers exist, each gets the demo's opsState and priorities
// through its GameServer spec, as an operator would set them; the states (Ready, ...)
// are whatever OKG reports. Kill is left out (OKG would delete the server at once) and so
// is the demo's network type (KWOK's fake nodes have no cloud network to give).
func seedRealFleet(ctx context.Context, c *kube.Clients, sets []demo.Set, projectLabel string) error {
	for _, s := range sets {
		if _, err := c.Kube.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: s.Namespace}}, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return err
		}
		labels := map[string]string{}
		if s.Project != "" {
			labels[projectLabel] = s.Project
		}
		gss := &gamev1alpha1.GameServerSet{
			ObjectMeta: metav1.ObjectMeta{Name: s.Name, Namespace: s.Namespace, Labels: labels},
			Spec: gamev1alpha1.GameServerSetSpec{
				Replicas: ptr.To(int32(len(s.Servers))),
				GameServerTemplate: gamev1alpha1.GameServerTemplate{PodTemplateSpec: corev1.PodTemplateSpec{
					ObjectMeta: metav1.ObjectMeta{Labels: labels},
					Spec:       corev1.PodSpec{Containers: []corev1.Container{{Name: "game", Image: s.Image}}},
				}},
				UpdateStrategy: gamev1alpha1.UpdateStrategy{Type: "RollingUpdate",
					RollingUpdate: &gamev1alpha1.RollingUpdateStatefulSetStrategy{
						Partition: ptr.To(int32(0)), MaxUnavailable: ptr.To(intstr.FromString("20%")),
						PodUpdatePolicy: "InPlaceIfPossible"}},
			},
		}
		if _, err := c.Game.GameV1alpha1().GameServerSets(s.Namespace).Create(ctx, gss, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
			return fmt.Errorf("gameserverset %s/%s: %w", s.Namespace, s.Name, err)
		}
	}
	for _, s := range sets {
		for _, srv := range s.Servers {
			name := fmt.Sprintf("%s-%d", s.Name, srv.ID)
			if err := waitGameServer(ctx, c, s.Namespace, name); err != nil {
				return err
			}
			spec := map[string]any{
				"updatePriority":   srv.UpdatePriority,
				"deletionPriority": srv.DeletionPriority,
			}
			if srv.OpsState != gamev1alpha1.Kill && srv.OpsState != "" {
				spec["opsState"] = srv.OpsState
			}
			patch := fmt.Sprintf(`{"spec":%s}`, mustJSON(spec))
			if _, err := c.Game.GameV1alpha1().GameServers(s.Namespace).Patch(ctx, name, types.MergePatchType, []byte(patch), metav1.PatchOptions{}); err != nil {
				return fmt.Errorf("gameserver %s/%s: %w", s.Namespace, name, err)
			}
		}
	}
	return nil
}

func waitGameServer(ctx context.Context, c *kube.Clients, namespace, name string) error {
	deadline := time.Now().Add(3 * time.Minute)
	for {
		_, err := c.Game.GameV1alpha1().GameServers(namespace).Get(ctx, name, metav1.GetOptions{})
		if err == nil {
			return nil
		}
		if !apierrors.IsNotFound(err) || time.Now().After(deadline) {
			return fmt.Errorf("waiting for OKG to create gameserver %s/%s: %w", namespace, name, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

func mustJSON(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(data)
}

package autoscale

import (
	"fmt"
	"strconv"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// newScaledObject is an empty ScaledObject for set. It is named after the set
// because OKG's external scaler looks the GameServerSet up by the ScaledObject's name.
func newScaledObject(namespace, set string) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{}}
	u.SetAPIVersion(ScaledObjects.GroupVersion().String())
	u.SetKind("ScaledObject")
	u.SetNamespace(namespace)
	u.SetName(set)
	return u
}

// apply writes the form onto obj's spec. Fields the form does not manage
// (fallback, cooldownPeriod, scaleUp behaviour, triggers of other types, ...)
// are kept; the fields it manages are set exactly, or removed when left out.
func apply(obj *unstructured.Unstructured, set string, f *Form) error {
	spec, _, err := unstructured.NestedMap(obj.Object, "spec")
	if err != nil {
		return fmt.Errorf("stored spec: %w", err)
	}
	if spec == nil {
		spec = map[string]any{}
	}
	spec["scaleTargetRef"] = map[string]any{"apiVersion": TargetAPIVersion, "kind": TargetKind, "name": set}
	spec["minReplicaCount"] = int64(*f.MinReplicaCount)
	spec["maxReplicaCount"] = int64(*f.MaxReplicaCount)
	if f.PollingInterval != nil {
		spec["pollingInterval"] = int64(*f.PollingInterval)
	} else {
		delete(spec, "pollingInterval")
	}

	var triggers []any
	if e := f.External; e != nil {
		md := map[string]any{MetaScalerAddress: e.ScalerAddress}
		if e.MinAvailable != nil {
			md[MetaMinAvailable] = string(*e.MinAvailable)
		}
		if e.MaxAvailable != nil {
			md[MetaMaxAvailable] = string(*e.MaxAvailable)
		}
		triggers = append(triggers, map[string]any{"type": TriggerExternal, "metricType": MetricAverageValue, "metadata": md})
	}
	if c := f.CPU; c != nil {
		triggers = append(triggers, map[string]any{"type": TriggerCPU, "metricType": MetricUtilization,
			"metadata": map[string]any{"value": strconv.Itoa(int(c.Utilization))}})
	}
	old, _, _ := unstructured.NestedSlice(spec, "triggers")
	for _, t := range old {
		if tm, ok := t.(map[string]any); ok && managedTrigger(tm) {
			continue
		}
		triggers = append(triggers, t)
	}
	spec["triggers"] = triggers

	if f.ScaleDown != nil {
		sd := map[string]any{}
		if w := f.ScaleDown.StabilizationWindowSeconds; w != nil {
			sd["stabilizationWindowSeconds"] = int64(*w)
		}
		if f.ScaleDown.SelectPolicy != "" {
			sd["selectPolicy"] = f.ScaleDown.SelectPolicy
		}
		if len(f.ScaleDown.Policies) > 0 {
			ps := make([]any, len(f.ScaleDown.Policies))
			for i, p := range f.ScaleDown.Policies {
				ps[i] = map[string]any{"type": p.Type, "value": int64(p.Value), "periodSeconds": int64(p.PeriodSeconds)}
			}
			sd["policies"] = ps
		}
		if err := unstructured.SetNestedMap(spec, sd, "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown"); err != nil {
			return err
		}
	} else {
		unstructured.RemoveNestedField(spec, "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown")
		pruneEmpty(spec, "advanced", "horizontalPodAutoscalerConfig", "behavior")
	}
	obj.Object["spec"] = spec
	return nil
}

// pruneEmpty removes the maps along path, deepest first, that became empty.
func pruneEmpty(m map[string]any, path ...string) {
	for i := len(path); i > 0; i-- {
		v, found, _ := unstructured.NestedMap(m, path[:i]...)
		if found && len(v) == 0 {
			unstructured.RemoveNestedField(m, path[:i]...)
		}
	}
}

// managedTrigger: the form owns cpu triggers and external triggers (OKG's scaler).
func managedTrigger(t map[string]any) bool {
	typ, _ := t["type"].(string)
	return typ == TriggerExternal || typ == TriggerCPU
}

// formOf reads the form back from a stored ScaledObject, plus the triggers it does not manage.
func formOf(obj *unstructured.Unstructured) (Form, []TriggerRef) {
	f := Form{ResourceVersion: obj.GetResourceVersion()}
	if v, ok, _ := unstructured.NestedInt64(obj.Object, "spec", "minReplicaCount"); ok {
		f.MinReplicaCount = ptr32(v)
	}
	if v, ok, _ := unstructured.NestedInt64(obj.Object, "spec", "maxReplicaCount"); ok {
		f.MaxReplicaCount = ptr32(v)
	}
	if v, ok, _ := unstructured.NestedInt64(obj.Object, "spec", "pollingInterval"); ok {
		f.PollingInterval = ptr32(v)
	}
	var others []TriggerRef
	triggers, _, _ := unstructured.NestedSlice(obj.Object, "spec", "triggers")
	for _, t := range triggers {
		tm, _ := t.(map[string]any)
		typ, _ := tm["type"].(string)
		name, _ := tm["name"].(string)
		md, _, _ := unstructured.NestedStringMap(tm, "metadata")
		switch {
		case typ == TriggerExternal && f.External == nil:
			e := &ExternalTrigger{ScalerAddress: md[MetaScalerAddress]}
			if v, ok := md[MetaMinAvailable]; ok {
				n := NumString(v)
				e.MinAvailable = &n
			}
			if v, ok := md[MetaMaxAvailable]; ok {
				n := NumString(v)
				e.MaxAvailable = &n
			}
			f.External = e
		case typ == TriggerCPU && f.CPU == nil:
			v, _ := strconv.Atoi(md["value"])
			f.CPU = &CPUTrigger{Utilization: int32(v)}
		default:
			others = append(others, TriggerRef{Type: typ, Name: name})
		}
	}
	if sd, ok, _ := unstructured.NestedMap(obj.Object, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown"); ok {
		out := &ScaleDown{}
		if v, ok, _ := unstructured.NestedInt64(sd, "stabilizationWindowSeconds"); ok {
			out.StabilizationWindowSeconds = ptr32(v)
		}
		out.SelectPolicy, _, _ = unstructured.NestedString(sd, "selectPolicy")
		ps, _, _ := unstructured.NestedSlice(sd, "policies")
		for _, p := range ps {
			pm, _ := p.(map[string]any)
			typ, _ := pm["type"].(string)
			val, _, _ := unstructured.NestedInt64(pm, "value")
			per, _, _ := unstructured.NestedInt64(pm, "periodSeconds")
			out.Policies = append(out.Policies, Policy{Type: typ, Value: int32(val), PeriodSeconds: int32(per)})
		}
		f.ScaleDown = out
	}
	return f, others
}

func ptr32(v int64) *int32 { i := int32(v); return &i }

// targets reports whether obj's scaleTargetRef is the GameServerSet set.
func targets(obj *unstructured.Unstructured, set string) bool {
	ref, _, _ := unstructured.NestedStringMap(obj.Object, "spec", "scaleTargetRef")
	return ref["name"] == set && ref["kind"] == TargetKind && (ref["apiVersion"] == "" || ref["apiVersion"] == TargetAPIVersion)
}

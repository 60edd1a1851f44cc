package autoscale

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/okg-console/okg-console/backend/internal/apierror"
)

// Facts from OpenKruiseGame's external scaler (pkg/externalscaler) and its
// autoscaling manual: the trigger is KEDA's "external" type with metricType
// AverageValue; the scaler finds the GameServerSet by the ScaledObject's own
// name; minAvailable is an integer >= 0 or a fraction in (0,1) of the set,
// maxAvailable an integer.
const (
	DefaultScalerAddress = "kruise-game-external-scaler.kruise-game-system:6000"
	TriggerExternal      = "external"
	TriggerCPU           = "cpu"
	MetaScalerAddress    = "scalerAddress"
	MetaMinAvailable     = "minAvailable"
	MetaMaxAvailable     = "maxAvailable"
	MetricAverageValue   = "AverageValue"
	MetricUtilization    = "Utilization"

	TargetAPIVersion = "game.kruise.io/v1alpha1"
	TargetKind       = "GameServerSet"
)

// HPA scaling policy types and select policies (autoscaling/v2).
const (
	PolicyPercent = "Percent"
	PolicyPods    = "Pods"
)

var selectPolicies = []string{"Max", "Min", "Disabled"}

// Form is what the console edits of a ScaledObject.
type Form struct {
	// ResourceVersion is the version the client last saw: empty to create, the
	// stored one to update. A stale one is a 409, never a silent overwrite.
	ResourceVersion string           `json:"resourceVersion,omitempty"`
	MinReplicaCount *int32           `json:"minReplicaCount"`
	MaxReplicaCount *int32           `json:"maxReplicaCount"`
	PollingInterval *int32           `json:"pollingInterval,omitempty"`
	External        *ExternalTrigger `json:"external,omitempty"`
	CPU             *CPUTrigger      `json:"cpu,omitempty"`
	ScaleDown       *ScaleDown       `json:"scaleDown,omitempty"`
}

// ExternalTrigger is OKG's external scaler trigger.
type ExternalTrigger struct {
	ScalerAddress string     `json:"scalerAddress,omitempty"` // default DefaultScalerAddress
	MinAvailable  *NumString `json:"minAvailable,omitempty"`
	MaxAvailable  *NumString `json:"maxAvailable,omitempty"`
}

// CPUTrigger scales on average CPU utilisation of the game servers' pods.
type CPUTrigger struct {
	Utilization int32 `json:"utilization"` // percent, 1..100
}

// ScaleDown is the HPA's scale-down behaviour.
type ScaleDown struct {
	StabilizationWindowSeconds *int32   `json:"stabilizationWindowSeconds,omitempty"`
	SelectPolicy               string   `json:"selectPolicy,omitempty"`
	Policies                   []Policy `json:"policies,omitempty"`
}

// Policy is one HPA scaling policy.
type Policy struct {
	Type          string `json:"type"`
	Value         int32  `json:"value"`
	PeriodSeconds int32  `json:"periodSeconds"`
}

// NumString is a number the client may send as a JSON number or a string
// (KEDA's trigger metadata holds strings).
type NumString string

// UnmarshalJSON accepts 3, 0.2, "3" and "0.2".
func (n *NumString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*n = NumString(strings.TrimSpace(s))
		return nil
	}
	var num json.Number
	if err := json.Unmarshal(b, &num); err != nil {
		return fmt.Errorf("want a number or a string, got %s", b)
	}
	*n = NumString(num.String())
	return nil
}

// Validate checks what KEDA's schema does not (or checks too late, in the HPA
// KEDA builds): each error is a 422 naming the field.
func (f *Form) Validate() error {
	if f.MinReplicaCount == nil {
		return apierror.Invalid("minReplicaCount", "required")
	}
	if f.MaxReplicaCount == nil {
		return apierror.Invalid("maxReplicaCount", "required")
	}
	if *f.MinReplicaCount < 0 {
		return apierror.Invalid("minReplicaCount", "must not be negative, got %d", *f.MinReplicaCount)
	}
	if *f.MaxReplicaCount < 0 {
		return apierror.Invalid("maxReplicaCount", "must not be negative, got %d", *f.MaxReplicaCount)
	}
	if *f.MinReplicaCount > *f.MaxReplicaCount {
		return apierror.Invalid("minReplicaCount", "must not exceed maxReplicaCount (%d > %d)", *f.MinReplicaCount, *f.MaxReplicaCount)
	}
	if f.PollingInterval != nil && *f.PollingInterval < 1 {
		return apierror.Invalid("pollingInterval", "must be at least 1 second, got %d", *f.PollingInterval)
	}
	if f.External == nil && f.CPU == nil {
		return apierror.Invalid("external", "a ScaledObject needs a trigger: the OKG external scaler, cpu, or both")
	}
	if e := f.External; e != nil {
		if e.ScalerAddress == "" {
			e.ScalerAddress = DefaultScalerAddress
		}
		if err := validateAddress(e.ScalerAddress); err != nil {
			return apierror.Invalid("external.scalerAddress", "%v", err)
		}
		var minInt *int64
		if e.MinAvailable != nil {
			v, err := strconv.ParseFloat(string(*e.MinAvailable), 64)
			switch {
			case err != nil || v < 0:
				return apierror.Invalid("external.minAvailable", "must be a whole number >= 0 or a fraction between 0 and 1, got %q", *e.MinAvailable)
			case v >= 1 && v != float64(int64(v)):
				return apierror.Invalid("external.minAvailable", "above 1 it must be a whole number, got %q", *e.MinAvailable)
			case v >= 1 || v == 0:
				i := int64(v)
				minInt = &i
			}
		}
		if e.MaxAvailable != nil {
			v, err := strconv.ParseInt(string(*e.MaxAvailable), 10, 32)
			if err != nil || v < 0 {
				return apierror.Invalid("external.maxAvailable", "must be a whole number >= 0, got %q", *e.MaxAvailable)
			}
			if minInt != nil && *minInt > v {
				return apierror.Invalid("external.minAvailable", "must not exceed maxAvailable (%d > %d)", *minInt, v)
			}
		}
	}
	if c := f.CPU; c != nil && (c.Utilization < 1 || c.Utilization > 100) {
		return apierror.Invalid("cpu.utilization", "must be a percentage 1..100, got %d", c.Utilization)
	}
	if sd := f.ScaleDown; sd != nil {
		if w := sd.StabilizationWindowSeconds; w != nil && (*w < 0 || *w > 3600) {
			return apierror.Invalid("scaleDown.stabilizationWindowSeconds", "must be 0..3600, got %d", *w)
		}
		if sd.SelectPolicy != "" && !contains(selectPolicies, sd.SelectPolicy) {
			return apierror.Invalid("scaleDown.selectPolicy", "must be one of %s, got %q", strings.Join(selectPolicies, ", "), sd.SelectPolicy)
		}
		for i, p := range sd.Policies {
			field := fmt.Sprintf("scaleDown.policies[%d]", i)
			switch p.Type {
			case PolicyPercent:
				if p.Value < 1 || p.Value > 100 {
					return apierror.Invalid(field+".value", "a Percent policy's value must be 1..100, got %d", p.Value)
				}
			case PolicyPods:
				if p.Value < 1 {
					return apierror.Invalid(field+".value", "a Pods policy's value must be at least 1, got %d", p.Value)
				}
			default:
				return apierror.Invalid(field+".type", "must be %s or %s, got %q", PolicyPercent, PolicyPods, p.Type)
			}
			if p.PeriodSeconds < 1 || p.PeriodSeconds > 1800 {
				return apierror.Invalid(field+".periodSeconds", "must be 1..1800, got %d", p.PeriodSeconds)
			}
		}
	}
	return nil
}

// validateAddress checks a gRPC address as KEDA's external scaler dials it: host:port.
func validateAddress(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("must be host:port, got %q", addr)
	}
	if host == "" {
		return fmt.Errorf("the host is missing in %q", addr)
	}
	if net.ParseIP(host) == nil {
		if msgs := validation.IsDNS1123Subdomain(strings.ToLower(host)); len(msgs) > 0 {
			return fmt.Errorf("host %q: %s", host, strings.Join(msgs, "; "))
		}
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 1 || p > 65535 {
		return fmt.Errorf("port must be 1..65535, got %q", port)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

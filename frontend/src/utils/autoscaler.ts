// The KEDA ScaledObject form of a GameServerSet (docs/API.md, "Autoscaling with KEDA"):
// strings as typed, validated like the backend, turned into an AutoscalerForm.
import type { Autoscaler, AutoscalerForm, ScaleDownPolicy } from '../api/scaling';
import type { MessageKey } from '../i18n';
import { placeCauses, stripPrefix, type FieldCauses } from './fieldErrors';

export const DEFAULT_SCALER_ADDRESS = 'kruise-game-external-scaler.kruise-game-system:6000';
export const SELECT_POLICIES = ['Max', 'Min', 'Disabled'] as const;
export const POLICY_TYPES = ['Pods', 'Percent'] as const;

export interface PolicyState {
  type: ScaleDownPolicy['type'];
  value: string;
  periodSeconds: string;
}

export interface AutoscalerState {
  minReplicaCount: string;
  maxReplicaCount: string;
  pollingInterval: string;
  external: boolean;
  scalerAddress: string;
  minAvailable: string;
  maxAvailable: string;
  cpu: boolean;
  utilization: string;
  scaleDown: boolean;
  stabilizationWindowSeconds: string;
  selectPolicy: '' | (typeof SELECT_POLICIES)[number];
  policies: PolicyState[];
}

/** Errors keyed by the API's field names, so the server's causes land on the same fields. */
export type AutoscalerErrors = Record<string, MessageKey>;

const str = (v: number | string | null | undefined) => (v === undefined || v === null ? '' : String(v));

export function emptyAutoscalerState(replicas: number): AutoscalerState {
  return {
    minReplicaCount: String(Math.min(replicas, 1)),
    maxReplicaCount: String(Math.max(replicas, 1) * 2),
    pollingInterval: '',
    external: true,
    scalerAddress: '',
    minAvailable: '1',
    maxAvailable: '',
    cpu: false,
    utilization: '70',
    scaleDown: false,
    stabilizationWindowSeconds: '',
    selectPolicy: '',
    policies: [],
  };
}

/** The form as the stored ScaledObject reads back. */
export function autoscalerStateOf(a: Autoscaler): AutoscalerState {
  const s = a.spec;
  return {
    minReplicaCount: str(s.minReplicaCount),
    maxReplicaCount: str(s.maxReplicaCount),
    pollingInterval: str(s.pollingInterval),
    external: !!s.external,
    scalerAddress: s.external?.scalerAddress ?? '',
    minAvailable: str(s.external?.minAvailable),
    maxAvailable: str(s.external?.maxAvailable),
    cpu: !!s.cpu,
    utilization: s.cpu ? String(s.cpu.utilization) : '70',
    scaleDown: !!s.scaleDown,
    stabilizationWindowSeconds: str(s.scaleDown?.stabilizationWindowSeconds),
    selectPolicy: s.scaleDown?.selectPolicy ?? '',
    policies: (s.scaleDown?.policies ?? []).map((p) => ({ type: p.type, value: String(p.value), periodSeconds: String(p.periodSeconds) })),
  };
}

const INT = /^\d+$/;
const int = (s: string) => (INT.test(s.trim()) ? Number(s.trim()) : NaN);
const inRange = (s: string, min: number, max = Number.MAX_SAFE_INTEGER) => {
  const n = int(s);
  return !Number.isNaN(n) && n >= min && n <= max;
};

/** host:port */
export function isScalerAddress(s: string): boolean {
  const m = /^([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/.exec(s.trim());
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 65535;
}

/** minAvailable: a whole number >= 0 or a fraction in (0,1). */
export function isMinAvailable(s: string): boolean {
  const t = s.trim();
  if (INT.test(t)) return true;
  if (!/^0?\.\d+$/.test(t)) return false;
  const v = Number(t);
  return v > 0 && v < 1;
}

export function validateAutoscaler(s: AutoscalerState): AutoscalerErrors {
  const e: AutoscalerErrors = {};
  if (!inRange(s.minReplicaCount, 0)) e.minReplicaCount = 'OKG_AS_ERROR_WHOLE';
  if (!inRange(s.maxReplicaCount, 1)) e.maxReplicaCount = 'OKG_AS_ERROR_MAX';
  if (!e.minReplicaCount && !e.maxReplicaCount && int(s.minReplicaCount) > int(s.maxReplicaCount)) e.minReplicaCount = 'OKG_AS_ERROR_MIN_ABOVE_MAX';
  if (s.pollingInterval.trim() && !inRange(s.pollingInterval, 1)) e.pollingInterval = 'OKG_AS_ERROR_POSITIVE';
  if (!s.external && !s.cpu) e.external = 'OKG_AS_ERROR_TRIGGER';
  if (s.external) {
    if (s.scalerAddress.trim() && !isScalerAddress(s.scalerAddress)) e['external.scalerAddress'] = 'OKG_AS_ERROR_ADDRESS';
    if (s.minAvailable.trim() && !isMinAvailable(s.minAvailable)) e['external.minAvailable'] = 'OKG_AS_ERROR_MIN_AVAILABLE';
    if (s.maxAvailable.trim() && !inRange(s.maxAvailable, 0)) e['external.maxAvailable'] = 'OKG_AS_ERROR_WHOLE';
  }
  if (s.cpu && !inRange(s.utilization, 1, 100)) e['cpu.utilization'] = 'OKG_AS_ERROR_PERCENT';
  if (s.scaleDown) {
    if (s.stabilizationWindowSeconds.trim() && !inRange(s.stabilizationWindowSeconds, 0, 3600)) {
      e['scaleDown.stabilizationWindowSeconds'] = 'OKG_AS_ERROR_WINDOW';
    }
    s.policies.forEach((p, i) => {
      const ok = p.type === 'Percent' ? inRange(p.value, 1, 100) : inRange(p.value, 1);
      if (!ok) e[`scaleDown.policies[${i}].value`] = p.type === 'Percent' ? 'OKG_AS_ERROR_PERCENT' : 'OKG_AS_ERROR_POSITIVE';
      if (!inRange(p.periodSeconds, 1, 1800)) e[`scaleDown.policies[${i}].periodSeconds`] = 'OKG_AS_ERROR_PERIOD';
    });
  }
  return e;
}

/** minAvailable stays a string when it is a fraction ("0.2"), a number otherwise. */
function numOrString(s: string): number | string {
  return INT.test(s.trim()) ? Number(s.trim()) : s.trim();
}

/** The PUT body; resourceVersion is the one last seen (empty: create). */
export function toAutoscalerForm(s: AutoscalerState, resourceVersion?: string): AutoscalerForm {
  const f: AutoscalerForm = { minReplicaCount: int(s.minReplicaCount), maxReplicaCount: int(s.maxReplicaCount) };
  if (resourceVersion) f.resourceVersion = resourceVersion;
  if (s.pollingInterval.trim()) f.pollingInterval = int(s.pollingInterval);
  if (s.external) {
    f.external = {};
    if (s.scalerAddress.trim()) f.external.scalerAddress = s.scalerAddress.trim();
    if (s.minAvailable.trim()) f.external.minAvailable = numOrString(s.minAvailable);
    if (s.maxAvailable.trim()) f.external.maxAvailable = int(s.maxAvailable);
  }
  if (s.cpu) f.cpu = { utilization: int(s.utilization) };
  if (s.scaleDown) {
    f.scaleDown = {};
    if (s.stabilizationWindowSeconds.trim()) f.scaleDown.stabilizationWindowSeconds = int(s.stabilizationWindowSeconds);
    if (s.selectPolicy) f.scaleDown.selectPolicy = s.selectPolicy;
    if (s.policies.length) {
      f.scaleDown.policies = s.policies.map((p) => ({ type: p.type, value: int(p.value), periodSeconds: int(p.periodSeconds) }));
    }
  }
  return f;
}

/** Our field names for the server's: form fields as they are, the API server's "spec.X" as "X". */
export function autoscalerCauses(err: unknown): FieldCauses {
  return placeCauses(err, (f) => stripPrefix(f, 'spec.'));
}

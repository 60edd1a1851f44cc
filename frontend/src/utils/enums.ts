// Labels of the enum values OKG and Kubernetes report (states, strategies, policies, phases).
//
// The rule, everywhere in the console:
// - a value is shown by its translated label (`enumLabel`); in English the label is the value itself,
//   since operators know OKG's vocabulary;
// - where the label differs from the value (Chinese), the raw value stays visible: as the tooltip of a
//   state tag, and inline as "维护中 (Maintaining)" where a value is picked or read in full
//   (filter options, choices in dialogs, detail pages) — `enumText`;
// - a value the console does not know is shown as it is;
// - monospace text (YAML, before → after of a preview, probe actions) is raw API data and never
//   translated.
import type { MessageKey, Translate } from '../i18n';

export type EnumKind =
  | 'state'
  | 'opsState'
  | 'networkState'
  | 'updateStrategy'
  | 'scaleDownStrategy'
  | 'podUpdatePolicy'
  | 'networkType'
  | 'podPhase'
  | 'conditionType'
  | 'conditionStatus'
  | 'eventType'
  | 'selectPolicy'
  | 'policyType';

const LABELS: Record<EnumKind, Record<string, MessageKey>> = {
  state: {
    Ready: 'OKG_STATE_READY',
    NotReady: 'OKG_STATE_NOT_READY',
    Crash: 'OKG_STATE_CRASH',
    Creating: 'OKG_STATE_CREATING',
    Updating: 'OKG_STATE_UPDATING',
    Deleting: 'OKG_STATE_DELETING',
    PreDelete: 'OKG_STATE_PRE_DELETE',
    PreUpdate: 'OKG_STATE_PRE_UPDATE',
    Unknown: 'OKG_STATE_UNKNOWN',
  },
  opsState: {
    None: 'OKG_OPS_STATE_NONE',
    Allocated: 'OKG_OPS_STATE_ALLOCATED',
    WaitToBeDeleted: 'OKG_OPS_STATE_WAIT_TO_BE_DELETED',
    Maintaining: 'OKG_OPS_STATE_MAINTAINING',
    Kill: 'OKG_OPS_STATE_KILL',
  },
  networkState: {
    Ready: 'OKG_NETWORK_STATE_READY',
    NotReady: 'OKG_NETWORK_STATE_NOT_READY',
    Waiting: 'OKG_NETWORK_STATE_WAITING',
  },
  updateStrategy: {
    RollingUpdate: 'OKG_UPDATE_STRATEGY_ROLLING_UPDATE',
    OnDelete: 'OKG_UPDATE_STRATEGY_ON_DELETE',
  },
  scaleDownStrategy: {
    General: 'OKG_SCALE_DOWN_GENERAL',
    ReserveIds: 'OKG_SCALE_DOWN_RESERVE_IDS',
  },
  podUpdatePolicy: {
    ReCreate: 'OKG_POD_UPDATE_RECREATE',
    InPlaceIfPossible: 'OKG_POD_UPDATE_IN_PLACE_IF_POSSIBLE',
    InPlaceOnly: 'OKG_POD_UPDATE_IN_PLACE_ONLY',
  },
  networkType: {
    'Kubernetes-HostPort': 'OKG_NETWORK_TYPE_HOST_PORT',
    'Kubernetes-NodePort': 'OKG_NETWORK_TYPE_NODE_PORT',
    'Kubernetes-Ingress': 'OKG_NETWORK_TYPE_INGRESS',
  },
  podPhase: {
    Pending: 'OKG_POD_PHASE_PENDING',
    Running: 'OKG_POD_PHASE_RUNNING',
    Succeeded: 'OKG_POD_PHASE_SUCCEEDED',
    Failed: 'OKG_POD_PHASE_FAILED',
    Unknown: 'OKG_POD_PHASE_UNKNOWN',
  },
  conditionType: {
    PodScheduled: 'OKG_CONDITION_POD_SCHEDULED',
    Initialized: 'OKG_CONDITION_INITIALIZED',
    ContainersReady: 'OKG_CONDITION_CONTAINERS_READY',
    Ready: 'OKG_CONDITION_READY',
    PodReadyToStartContainers: 'OKG_CONDITION_READY_TO_START',
    InPlaceUpdateReady: 'OKG_CONDITION_IN_PLACE_UPDATE_READY',
  },
  conditionStatus: {
    True: 'OKG_CONDITION_TRUE',
    False: 'OKG_CONDITION_FALSE',
    Unknown: 'OKG_CONDITION_UNKNOWN',
  },
  eventType: {
    Normal: 'OKG_EVENT_NORMAL',
    Warning: 'OKG_EVENT_WARNING',
  },
  selectPolicy: {
    Max: 'OKG_SELECT_POLICY_MAX',
    Min: 'OKG_SELECT_POLICY_MIN',
    Disabled: 'OKG_SELECT_POLICY_DISABLED',
  },
  policyType: {
    Pods: 'OKG_POLICY_TYPE_PODS',
    Percent: 'OKG_POLICY_TYPE_PERCENT',
  },
};

/** The message key of a value, if the console knows it. */
export function enumKey(kind: EnumKind, value: string): MessageKey | undefined {
  return Object.prototype.hasOwnProperty.call(LABELS[kind], value) ? LABELS[kind][value] : undefined;
}

/** The translated label of a value; unknown values (and "") as they are. */
export function enumLabel(t: Translate, kind: EnumKind, value: string): string {
  const key = enumKey(kind, value);
  return key ? t(key) : value;
}

/** The label followed by the raw value when they differ: "维护中 (Maintaining)", "Maintaining". */
export function enumText(t: Translate, kind: EnumKind, value: string): string {
  const label = enumLabel(t, kind, value);
  return label === value || !value ? label : `${label} (${value})`;
}

/** Options of a select or a row of choices: the raw value as the value, `enumText` as the label. */
export function enumOptions<V extends string>(t: Translate, kind: EnumKind, values: readonly V[]): { value: V; label: string }[] {
  return values.map((value) => ({ value, label: enumText(t, kind, value) }));
}

// The create-a-GameServerSet form (docs/API.md, "Create and edit from YAML or a form").
import type { GameServerSetForm, NetworkConf, PodUpdatePolicy } from '../api/scaling';
import type { MessageKey } from '../i18n';
import { placeCauses, type FieldCauses } from './fieldErrors';
import { isImageReference, isMaxUnavailable } from './scaling';

export interface CreateSetState {
  namespace: string;
  name: string;
  image: string;
  containerName: string;
  replicas: string;
  networkType: string;
  /** one "name=value" per line */
  networkConf: string;
  partition: string;
  maxUnavailable: string;
  podUpdatePolicy: '' | PodUpdatePolicy;
}

export const emptyCreateSet = (namespace = ''): CreateSetState => ({
  namespace,
  name: '',
  image: '',
  containerName: 'game',
  replicas: '1',
  networkType: '',
  networkConf: '',
  partition: '',
  maxUnavailable: '',
  podUpdatePolicy: '',
});

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const WHOLE = /^\d+$/;

/** "a=b" lines; a line without "=" has an empty value. */
export function parseConf(text: string): NetworkConf[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const i = l.indexOf('=');
      return i < 0 ? { name: l, value: '' } : { name: l.slice(0, i).trim(), value: l.slice(i + 1).trim() };
    });
}

/** Errors keyed by the form's API field names (name, image, updateStrategy.partition, ...). */
export function validateCreateSet(s: CreateSetState): Record<string, MessageKey> {
  const e: Record<string, MessageKey> = {};
  if (!s.namespace.trim()) e.namespace = 'OKG_FORM_ERROR_REQUIRED';
  if (!s.name) e.name = 'OKG_FORM_ERROR_REQUIRED';
  else if (!DNS_LABEL.test(s.name) || s.name.length > 52) e.name = 'OKG_CREATE_ERROR_NAME';
  if (!s.image.trim()) e.image = 'OKG_FORM_ERROR_REQUIRED';
  else if (!isImageReference(s.image)) e.image = 'OKG_FORM_ERROR_IMAGE';
  if (s.containerName && !DNS_LABEL.test(s.containerName)) e.containerName = 'OKG_CREATE_ERROR_CONTAINER';
  if (!WHOLE.test(s.replicas.trim())) e.replicas = 'OKG_SCALE_ERROR_REPLICAS';
  if (s.networkConf.trim() && !s.networkType.trim()) e['network.type'] = 'OKG_CREATE_ERROR_NETWORK_TYPE';
  if (parseConf(s.networkConf).some((c) => !c.name)) e['network.conf'] = 'OKG_CREATE_ERROR_CONF';
  const p = s.partition.trim();
  if (p && (!WHOLE.test(p) || (WHOLE.test(s.replicas.trim()) && Number(p) > Number(s.replicas)))) {
    e['updateStrategy.partition'] = 'OKG_ROLLOUT_ERROR_PARTITION';
  }
  if (s.maxUnavailable.trim() && !isMaxUnavailable(s.maxUnavailable)) e['updateStrategy.maxUnavailable'] = 'OKG_ROLLOUT_ERROR_MAX_UNAVAILABLE';
  return e;
}

export function toGameServerSetForm(s: CreateSetState): GameServerSetForm {
  const f: GameServerSetForm = { name: s.name.trim(), image: s.image.trim(), replicas: Number(s.replicas.trim()) };
  if (s.containerName.trim()) f.containerName = s.containerName.trim();
  if (s.networkType.trim()) {
    f.network = { type: s.networkType.trim() };
    const conf = parseConf(s.networkConf);
    if (conf.length) f.network.conf = conf;
  }
  const u: NonNullable<GameServerSetForm['updateStrategy']> = {};
  if (s.partition.trim()) u.partition = Number(s.partition.trim());
  if (s.maxUnavailable.trim()) {
    const mu = s.maxUnavailable.trim();
    u.maxUnavailable = WHOLE.test(mu) ? Number(mu) : mu;
  }
  if (s.podUpdatePolicy) u.podUpdatePolicy = s.podUpdatePolicy;
  if (Object.keys(u).length) f.updateStrategy = u;
  return f;
}

/** The server's field names on the form: its own ("image") or the object's ("spec.replicas"). */
export function createSetFieldOf(field: string): string | undefined {
  const known = ['name', 'image', 'containerName', 'replicas', 'network.type', 'network.conf', 'updateStrategy.partition',
    'updateStrategy.maxUnavailable', 'updateStrategy.podUpdatePolicy'];
  if (known.includes(field)) return field;
  if (field.startsWith('network.conf')) return 'network.conf';
  if (field === 'metadata.name') return 'name';
  if (field === 'metadata.namespace') return 'namespace';
  if (field === 'spec.replicas') return 'replicas';
  if (field.startsWith('spec.updateStrategy.rollingUpdate.')) return `updateStrategy.${field.split('.').pop()}`;
  return undefined;
}

export function createSetCauses(err: unknown): FieldCauses {
  return placeCauses(err, createSetFieldOf);
}

/** A short line about what a created (or dry-run) GameServerSet is. */
export function createdSummary(obj: { metadata?: { name?: string; namespace?: string }; spec?: Record<string, unknown> }): {
  name: string;
  namespace: string;
  replicas: number;
} {
  return {
    name: obj.metadata?.name ?? '',
    namespace: obj.metadata?.namespace ?? '',
    replicas: typeof obj.spec?.replicas === 'number' ? obj.spec.replicas : 0,
  };
}

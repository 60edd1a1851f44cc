// Scale, reserved ids and rollout forms: validation, request building and preview formatting.
import { ApiError } from '../api/errors';
import type {
  Member,
  ObjectResult,
  PodUpdatePolicy,
  PreviewWarning,
  ReserveRequest,
  Rollout,
  ScaleMethod,
  ScalePreview,
  ScaleRequest,
  UpdateRequest,
} from '../api/scaling';
import type { MessageKey, Translate } from '../i18n';
import { placeCauses, type FieldCauses } from './fieldErrors';
import { formatIdRanges, parseIdRanges, type RangeError } from './ranges';

/** The console's upper bound on a set's replicas (backend scaling.MaxReplicas). */
export const MAX_REPLICAS = 100000;

export const SCALE_METHODS: readonly ScaleMethod[] = ['WaitToBeDeleted', 'ReserveIds'];

/** How the servers to remove are chosen; 'none' lets OKG pick by its own order. */
export type RemoveMode = 'none' | 'ids' | 'pick' | 'filter';
export const REMOVE_MODES: readonly RemoveMode[] = ['none', 'ids', 'pick', 'filter'];

export type FilterSort = 'deletionPriority' | 'id' | 'age';

export interface ScaleFilter {
  /** OKG opsState ("None", "WaitToBeDeleted", ...) or "" for any */
  opsState: string;
  /** game server state or "" for any */
  state: string;
  sortBy: FilterSort;
  ascending: boolean;
  limit: string;
}

export interface ScaleForm {
  /** "" with servers chosen: the current replicas minus the chosen servers */
  replicas: string;
  mode: RemoveMode;
  ids: string;
  picked: string[];
  filter: ScaleFilter;
  method: ScaleMethod;
}

export type ScaleField = 'replicas' | 'ids' | 'picked' | 'filter' | 'limit' | 'method';
export type ScaleErrors = Partial<Record<ScaleField, MessageKey>>;

export function emptyScaleForm(replicas: number): ScaleForm {
  return {
    replicas: String(replicas),
    mode: 'none',
    ids: '',
    picked: [],
    filter: { opsState: 'None', state: '', sortBy: 'deletionPriority', ascending: false, limit: '' },
    method: 'WaitToBeDeleted',
  };
}

const WHOLE = /^\d+$/;

export const RANGE_ERRORS: Record<RangeError, MessageKey> = {
  empty: 'OKG_FORM_ERROR_REQUIRED',
  syntax: 'OKG_RANGE_ERROR_SYNTAX',
  order: 'OKG_RANGE_ERROR_ORDER',
  tooLarge: 'OKG_RANGE_ERROR_TOO_LARGE',
};

/** Checks what the client can know before asking the server; keys are message keys. */
export function validateScaleForm(form: ScaleForm, current: number): ScaleErrors {
  const errors: ScaleErrors = {};
  const replicas = form.replicas.trim();
  if (replicas === '') {
    if (form.mode === 'none') errors.replicas = 'OKG_FORM_ERROR_REQUIRED';
  } else if (!WHOLE.test(replicas)) {
    errors.replicas = 'OKG_SCALE_ERROR_REPLICAS';
  } else if (Number(replicas) > MAX_REPLICAS) {
    errors.replicas = 'OKG_SCALE_ERROR_REPLICAS_MAX';
  }
  switch (form.mode) {
    case 'ids': {
      const parsed = parseIdRanges(form.ids);
      if (!parsed.ok) errors.ids = RANGE_ERRORS[parsed.error];
      break;
    }
    case 'pick':
      if (form.picked.length === 0) errors.picked = 'OKG_SCALE_ERROR_PICK';
      else if (!errors.replicas && replicas !== '' && Number(replicas) > current - form.picked.length) {
        errors.replicas = 'OKG_SCALE_ERROR_REPLICAS_ABOVE_CHOSEN';
      }
      break;
    case 'filter': {
      const limit = form.filter.limit.trim();
      if (limit !== '' && (!WHOLE.test(limit) || Number(limit) < 1)) errors.limit = 'OKG_SCALE_ERROR_LIMIT';
      if (!form.filter.opsState && !form.filter.state && limit === '') errors.filter = 'OKG_SCALE_ERROR_FILTER_EMPTY';
      break;
    }
  }
  return errors;
}

/** The request body of POST .../scale for a valid form. */
export function toScaleRequest(form: ScaleForm): ScaleRequest {
  const req: ScaleRequest = {};
  const replicas = form.replicas.trim();
  if (replicas !== '') req.replicas = Number(replicas);
  switch (form.mode) {
    case 'ids': {
      const parsed = parseIdRanges(form.ids);
      req.remove = { ids: parsed.ok ? formatIdRanges(parsed.value) : form.ids.trim() };
      break;
    }
    case 'pick':
      req.remove = { names: [...form.picked] };
      break;
    case 'filter': {
      const f = form.filter;
      const filter: Record<string, string> = { sortBy: f.sortBy, ascending: String(f.ascending) };
      if (f.opsState) filter.opsState = f.opsState;
      if (f.state) filter.state = f.state;
      req.remove = { filter };
      if (f.limit.trim()) req.remove.limit = Number(f.limit.trim());
      break;
    }
    case 'none':
      return req;
  }
  req.method = form.method;
  return req;
}

/** Where the server's field names land in the scale form. */
export function scaleFieldOf(field: string, mode: RemoveMode): ScaleField | undefined {
  if (field === 'replicas' || field === 'method') return field;
  if (field === 'remove.ids') return 'ids';
  if (field === 'remove.limit') return 'limit';
  if (field === 'remove.filter') return 'filter';
  if (field.startsWith('remove.names')) return 'picked';
  if (field === 'remove') return mode === 'ids' ? 'ids' : mode === 'pick' ? 'picked' : mode === 'filter' ? 'filter' : undefined;
  return undefined;
}

export function scaleCauses(err: unknown, mode: RemoveMode): FieldCauses {
  return placeCauses(err, (f) => scaleFieldOf(f, mode));
}

/** Warning codes the console translates (backend package warning); others show the server's words. */
export const WARNING_MESSAGES: Readonly<Record<string, MessageKey>> = {
  AllocatedRemoved: 'OKG_WARN_ALLOCATED',
  MaintainingRemoved: 'OKG_WARN_MAINTAINING',
  ChosenServerStays: 'OKG_WARN_STAYS',
  ReservedIDsSkipped: 'OKG_WARN_RESERVED_SKIPPED',
  ScaledObjectNameMismatch: 'OKG_WARN_SO_NAME',
  NoScalerAddress: 'OKG_WARN_NO_SCALER_ADDRESS',
};

const WARNING_RANK: Readonly<Record<string, number>> = {
  AllocatedRemoved: 0,
  MaintainingRemoved: 1,
  ChosenServerStays: 2,
  ReservedIDsSkipped: 3,
};

/** Risky warnings (players or maintenance hit) first, then the rest in the server's order. */
export function previewWarnings(warnings: readonly PreviewWarning[]): PreviewWarning[] {
  const rank = (w: PreviewWarning) => WARNING_RANK[w.code] ?? 4;
  return [...warnings].sort((a, b) => rank(a) - rank(b));
}

/** A warning in the user's language; the server's words for a code the console does not know. */
export function warningText(t: Translate, w: PreviewWarning): string {
  const key = WARNING_MESSAGES[w.code];
  if (!key) return w.message;
  return t(key, { name: w.name ?? '', ids: w.params?.ids ?? '', expected: w.params?.expected ?? '' });
}

export function isRisky(w: PreviewWarning): boolean {
  return w.code === 'AllocatedRemoved' || w.code === 'MaintainingRemoved';
}

export interface RemovedRow extends Member {
  /** 1-based place in OKG's removal order */
  order: number;
  /** chosen by the user */
  chosen: boolean;
  /** a warning names it as Allocated or Maintaining */
  risky: boolean;
}

/** The removal table of a preview: OKG's order, which the request chose, which hit players. */
export function removedRows(p: ScalePreview): RemovedRow[] {
  const chosen = new Set(p.chosen);
  const risky = new Set(
    previewWarnings(p.warnings)
      .filter(isRisky)
      .map((w) => w.name),
  );
  return p.removed.map((m, i) => ({ ...m, order: i + 1, chosen: chosen.has(m.name), risky: risky.has(m.name) }));
}

/**
 * The warnings the preview lists on their own: ChosenServerStays is left out for a server the
 * preview names in `stays`, which the dialog shows as its own list.
 */
export function listedWarnings(p: ScalePreview): PreviewWarning[] {
  const stays = new Set(p.stays);
  return previewWarnings(p.warnings).filter((w) => !(w.code === 'ChosenServerStays' && w.name !== undefined && stays.has(w.name)));
}

const ALLOCATED_CAUSE = /^(\S+) is Allocated\b/;

/**
 * The chosen game servers a scale refused because they are Allocated (players on them): a 409
 * whose causes name each one (field "remove", "<name> is Allocated (players on it)"); null for any
 * other error. Sending force=true takes them out anyway.
 */
export function allocatedRefusal(err: unknown): string[] | null {
  if (!(err instanceof ApiError) || err.code !== 409) return null;
  const names = (err.status.details?.causes ?? [])
    .filter((c) => c.field === 'remove')
    .map((c) => ALLOCATED_CAUSE.exec(c.message ?? '')?.[1])
    .filter((n): n is string => n !== undefined);
  return names.length ? names : null;
}

/** What an applied scale did, from its per-object results. */
export interface ScaleOutcome {
  /** nothing failed */
  ok: boolean;
  /** the set's replicas (and reserved ids) were written */
  setWritten: boolean;
  /** every object whose write failed, in order */
  failed: ObjectResult[];
  /** servers marked and then unmarked again because the scale stopped */
  undone: string[];
  /** servers whose mark could not be undone: they stay WaitToBeDeleted */
  stillMarked: string[];
}

/**
 * Reads apply's results (docs/API.md): the marks, then the set, then, when the set write failed
 * (or a mark did, which stops apply before the set), the marks undone. Everything after the first
 * failure is an undo.
 */
export function scaleOutcome(p: Pick<ScalePreview, 'results' | 'failed'>): ScaleOutcome {
  const results = p.results ?? [];
  const failed = results.filter((r) => !r.ok);
  const set = results.find((r) => r.kind === 'GameServerSet');
  const first = results.findIndex((r) => !r.ok);
  const undos = first < 0 ? [] : results.slice(first + 1).filter((r) => r.kind === 'GameServer');
  return {
    ok: failed.length === 0 && p.failed === 0,
    setWritten: set !== undefined && set.ok,
    failed,
    undone: undos.filter((r) => r.ok).map((r) => r.name),
    stillMarked: undos.filter((r) => !r.ok).map((r) => r.name),
  };
}

/** "+3", "-2", "0" */
export function replicasDelta(p: { replicasBefore: number; replicasAfter: number }): string {
  const d = p.replicasAfter - p.replicasBefore;
  return d > 0 ? `+${d}` : String(d);
}

// ---- reserved ids ----

export type ScaleDownStrategy = 'General' | 'ReserveIds';

export interface ReserveForm {
  ids: string;
  strategy: ScaleDownStrategy;
}

/** "" clears the reserved ids; anything else must parse as ids and ranges. */
export function validateReserveForm(form: ReserveForm): { ids?: MessageKey } {
  if (!form.ids.trim()) return {};
  const parsed = parseIdRanges(form.ids);
  return parsed.ok ? {} : { ids: RANGE_ERRORS[parsed.error] };
}

export function toReserveRequest(form: ReserveForm): ReserveRequest {
  const parsed = form.ids.trim() ? parseIdRanges(form.ids) : null;
  const ids = parsed === null ? '' : parsed.ok ? formatIdRanges(parsed.value) : form.ids.trim();
  return { ids, scaleDownStrategyType: form.strategy };
}

// ---- rollout ----

export const POD_UPDATE_POLICIES: readonly PodUpdatePolicy[] = ['InPlaceIfPossible', 'ReCreate', 'InPlaceOnly'];

export interface RolloutProgress {
  /** servers on the new template / all */
  percent: number;
  readyPercent: number;
  /** how many OKG will update at most: replicas minus the partition */
  target: number;
  /** the update reached its target (partition) */
  done: boolean;
}

const pct = (n: number, of: number) => (of <= 0 ? 100 : Math.max(0, Math.min(100, Math.round((n / of) * 100))));

export function rolloutProgress(r: Rollout): RolloutProgress {
  const target = Math.max(0, r.replicas - r.partition);
  return {
    percent: pct(r.updatedReplicas, r.replicas),
    readyPercent: pct(r.updatedReadyReplicas, r.replicas),
    target,
    done: r.updatedReadyReplicas >= target && r.pending.length <= r.partition,
  };
}

export interface RolloutForm {
  images: Record<string, string>;
  partition: string;
  maxUnavailable: string;
  podUpdatePolicy: string;
  paused: boolean;
}

export type RolloutErrors = Record<string, MessageKey>;

export function rolloutFormOf(r: Rollout): RolloutForm {
  return {
    images: { ...r.images },
    partition: String(r.partition),
    maxUnavailable: r.maxUnavailable,
    podUpdatePolicy: r.podUpdatePolicy,
    paused: r.paused,
  };
}

// registry[:port]/path[:tag][@digest], the shape reference.ParseNormalizedNamed accepts (roughly)
const IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?::\d+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export function isImageReference(s: string): boolean {
  return IMAGE.test(s.trim());
}

const MAX_UNAVAILABLE = /^(?:[1-9]\d*|(?:[1-9]\d?|100)%)$/;

/** "2" or "1%".."100%" (what OKG's rolling update takes). */
export function isMaxUnavailable(s: string): boolean {
  return MAX_UNAVAILABLE.test(s.trim());
}

/** Errors keyed by the API's field names (partition, maxUnavailable, images.<container>). */
export function validateRolloutForm(form: RolloutForm, replicas: number): RolloutErrors {
  const errors: RolloutErrors = {};
  for (const [container, image] of Object.entries(form.images)) {
    if (!image.trim()) errors[`images.${container}`] = 'OKG_FORM_ERROR_REQUIRED';
    else if (!isImageReference(image)) errors[`images.${container}`] = 'OKG_FORM_ERROR_IMAGE';
  }
  const p = form.partition.trim();
  if (p !== '' && (!WHOLE.test(p) || Number(p) > replicas)) errors.partition = 'OKG_ROLLOUT_ERROR_PARTITION';
  if (form.maxUnavailable.trim() && !isMaxUnavailable(form.maxUnavailable)) errors.maxUnavailable = 'OKG_ROLLOUT_ERROR_MAX_UNAVAILABLE';
  return errors;
}

/** Only what changed from the rollout as loaded; undefined when nothing did. */
export function toUpdateRequest(form: RolloutForm, r: Rollout): UpdateRequest | undefined {
  const req: UpdateRequest = {};
  const images: Record<string, string> = {};
  for (const [c, image] of Object.entries(form.images)) {
    if (image.trim() !== (r.images[c] ?? '')) images[c] = image.trim();
  }
  if (Object.keys(images).length) req.images = images;
  const p = form.partition.trim();
  if (p !== '' && Number(p) !== r.partition) req.partition = Number(p);
  const mu = form.maxUnavailable.trim();
  if (mu && mu !== r.maxUnavailable) req.maxUnavailable = mu;
  if (form.podUpdatePolicy && form.podUpdatePolicy !== r.podUpdatePolicy) req.podUpdatePolicy = form.podUpdatePolicy as PodUpdatePolicy;
  if (form.paused !== r.paused) req.paused = form.paused;
  return Object.keys(req).length ? req : undefined;
}

/** Field changes of an update request for the preview: "partition: 3 → 0". */
export function rolloutChanges(req: UpdateRequest, r: Rollout): { field: string; before: string; after: string }[] {
  const out: { field: string; before: string; after: string }[] = [];
  for (const [c, image] of Object.entries(req.images ?? {})) out.push({ field: `images.${c}`, before: r.images[c] ?? '', after: image });
  if (req.partition !== undefined) out.push({ field: 'partition', before: String(r.partition), after: String(req.partition) });
  if (req.maxUnavailable !== undefined) out.push({ field: 'maxUnavailable', before: r.maxUnavailable, after: req.maxUnavailable });
  if (req.podUpdatePolicy !== undefined) out.push({ field: 'podUpdatePolicy', before: r.podUpdatePolicy, after: req.podUpdatePolicy });
  if (req.paused !== undefined) out.push({ field: 'paused', before: String(r.paused), after: String(req.paused) });
  return out;
}

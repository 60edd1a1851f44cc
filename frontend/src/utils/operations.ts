// Pure logic of the operations UI: which actions exist, turning a form into an operation,
// splitting a selection per namespace, running previews/applies and folding their results.
import type { OkgApi } from '../api/client';
import { ApiError } from '../api/errors';
import type { ItemResult, Operation, OperationRequest, OperationResult, StateMap } from '../api/ops';
import type { OpsState } from '../api/generated/api';
import type { GameServerView } from '../api/types';
import type { MessageKey } from '../i18n';
import { OPS_STATES } from './okg';

export type ActionId =
  | 'opsState'
  | 'updatePriority'
  | 'deletionPriority'
  | 'networkDisabled'
  | 'image'
  | 'resources'
  | 'delete'
  | 'kill'
  /** every game server of a node; not in ACTIONS (the node pages offer it) */
  | 'drain';

export interface ActionSpec {
  id: ActionId;
  label: MessageKey;
  /** delete and kill: the apply request must carry confirm: true, ticked by the user */
  needsConfirm: boolean;
  /** shown in a warning colour */
  danger: boolean;
}

export const ACTIONS: readonly ActionSpec[] = [
  { id: 'opsState', label: 'OKG_ACTION_OPS_STATE', needsConfirm: false, danger: false },
  { id: 'updatePriority', label: 'OKG_ACTION_UPDATE_PRIORITY', needsConfirm: false, danger: false },
  { id: 'deletionPriority', label: 'OKG_ACTION_DELETION_PRIORITY', needsConfirm: false, danger: false },
  { id: 'networkDisabled', label: 'OKG_ACTION_NETWORK', needsConfirm: false, danger: false },
  { id: 'image', label: 'OKG_ACTION_IMAGE', needsConfirm: false, danger: false },
  { id: 'resources', label: 'OKG_ACTION_RESOURCES', needsConfirm: false, danger: false },
  { id: 'delete', label: 'OKG_ACTION_DELETE_POD', needsConfirm: true, danger: true },
  { id: 'kill', label: 'OKG_ACTION_KILL', needsConfirm: true, danger: true },
];

/** Drain a node: the node pages offer it, through the same dialog as the actions above. */
const DRAIN: ActionSpec = { id: 'drain', label: 'OKG_DRAIN_ACTION', needsConfirm: false, danger: false };

export function actionSpec(id: ActionId): ActionSpec {
  return id === 'drain' ? DRAIN : (ACTIONS.find((a) => a.id === id) as ActionSpec);
}

/** CPU and memory of one container as typed: Kubernetes quantities ("500m", "1", "256Mi"); "" leaves one out. */
export interface ResourceRow {
  container: string;
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
}

export type ResourceField = Exclude<keyof ResourceRow, 'container'>;
export const RESOURCE_FIELDS: readonly ResourceField[] = ['requestsCpu', 'requestsMemory', 'limitsCpu', 'limitsMemory'];

export const emptyResourceRow = (container = ''): ResourceRow => ({
  container,
  requestsCpu: '',
  requestsMemory: '',
  limitsCpu: '',
  limitsMemory: '',
});

/** What the user typed or picked for an action. */
export interface ActionForm {
  opsState: string;
  priority: string;
  networkDisabled: boolean;
  container: string;
  image: string;
  /** resources: one row per container */
  resources: ResourceRow[];
  /** resources: delete the pods so OKG recreates them with the new resources */
  recreatePods: boolean;
}

/** A fresh form; `containers` are the selection's containers (the first is preselected, each gets a resources row). */
export const emptyForm = (container = '', containers: readonly string[] = container ? [container] : []): ActionForm => ({
  opsState: 'Maintaining',
  priority: '',
  networkDisabled: true,
  container,
  image: '',
  resources: containers.length ? containers.map((c) => emptyResourceRow(c)) : [emptyResourceRow()],
  recreatePods: false,
});

export type FormField = 'opsState' | 'priority' | 'container' | 'image' | 'resources' | `resources.${number}.${keyof ResourceRow}`;
export type FormErrors = Partial<Record<FormField, MessageKey>>;

// A Kubernetes quantity as CPU and memory are written: a decimal number with an optional suffix.
const QUANTITY = /^(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a quantity ("500m" -> 0.5, "1Gi" -> 1073741824); NaN if it is not one. */
export function quantityValue(q: string): number {
  const m = QUANTITY.exec(q.trim());
  if (!m) return Number.NaN;
  const suffix = m[3] ?? '';
  if (/^[eE]/.test(suffix)) return Number(`${m[1]}${suffix}`);
  return Number(m[1]) * SUFFIX[suffix];
}

function validateResources(rows: readonly ResourceRow[], errors: FormErrors): void {
  let any = false;
  const names = new Set<string>();
  rows.forEach((row, i) => {
    const filled = RESOURCE_FIELDS.filter((f) => row[f].trim() !== '');
    if (!filled.length) return;
    any = true;
    const name = row.container.trim();
    if (!name) errors[`resources.${i}.container`] = 'OKG_FORM_ERROR_REQUIRED';
    else if (names.has(name)) errors[`resources.${i}.container`] = 'OKG_FORM_ERROR_DUPLICATE_CONTAINER';
    names.add(name);
    for (const f of filled) {
      const v = quantityValue(row[f]);
      if (Number.isNaN(v)) errors[`resources.${i}.${f}`] = 'OKG_FORM_ERROR_QUANTITY';
      else if (v <= 0) errors[`resources.${i}.${f}`] = 'OKG_FORM_ERROR_QUANTITY_POSITIVE';
    }
    for (const [req, lim] of [
      ['requestsCpu', 'limitsCpu'],
      ['requestsMemory', 'limitsMemory'],
    ] as const) {
      const r = quantityValue(row[req]);
      const l = quantityValue(row[lim]);
      if (!errors[`resources.${i}.${req}`] && r > l) errors[`resources.${i}.${req}`] = 'OKG_FORM_ERROR_REQUEST_ABOVE_LIMIT';
    }
  });
  if (!any) errors.resources = 'OKG_FORM_ERROR_RESOURCES_EMPTY';
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
// A loose image reference: [registry[:port]/]path[:tag][@digest], no spaces or upper case in the path.
const IMAGE_REF = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@[a-z0-9]+:[a-f0-9]{32,})?$/;

export function validateForm(action: ActionId, form: ActionForm): FormErrors {
  const errors: FormErrors = {};
  switch (action) {
    case 'opsState':
      if (!(OPS_STATES as readonly string[]).includes(form.opsState)) errors.opsState = 'OKG_FORM_ERROR_OPS_STATE';
      break;
    case 'updatePriority':
    case 'deletionPriority': {
      const s = form.priority.trim();
      if (!/^-?\d+$/.test(s)) errors.priority = 'OKG_FORM_ERROR_PRIORITY';
      else if (Number(s) < INT32_MIN || Number(s) > INT32_MAX) errors.priority = 'OKG_FORM_ERROR_PRIORITY_RANGE';
      break;
    }
    case 'image':
      if (!form.container.trim()) errors.container = 'OKG_FORM_ERROR_REQUIRED';
      if (!form.image.trim()) errors.image = 'OKG_FORM_ERROR_REQUIRED';
      else if (!IMAGE_REF.test(form.image.trim())) errors.image = 'OKG_FORM_ERROR_IMAGE';
      break;
    case 'resources':
      validateResources(form.resources, errors);
      break;
    default:
  }
  return errors;
}

export type ResourceList = {
  cpu?: string;
  memory?: string;
};

/** One container's new resources (backend ops.ContainerChange with corev1.ResourceRequirements). */
export interface ResourcesChange {
  name: string;
  resources: { requests?: ResourceList; limits?: ResourceList };
}

/** The resources operation of docs/API.md: containers[].resources and recreatePods. */
export interface ResourcesOperation extends Omit<Operation, 'containers'> {
  type: 'resources';
  containers: ResourcesChange[];
  recreatePods?: boolean;
}

function list(cpu: string, memory: string): ResourceList | undefined {
  const l: ResourceList = {};
  if (cpu.trim()) l.cpu = cpu.trim();
  if (memory.trim()) l.memory = memory.trim();
  return Object.keys(l).length ? l : undefined;
}

/** The resources operation a valid form describes: only filled rows, only filled quantities. */
export function resourcesOperation(form: ActionForm): ResourcesOperation {
  const containers: ResourcesChange[] = [];
  for (const row of form.resources) {
    const requests = list(row.requestsCpu, row.requestsMemory);
    const limits = list(row.limitsCpu, row.limitsMemory);
    if (!requests && !limits) continue;
    containers.push({ name: row.container.trim(), resources: { ...(requests && { requests }), ...(limits && { limits }) } });
  }
  const op: ResourcesOperation = { type: 'resources', containers };
  if (form.recreatePods) op.recreatePods = true;
  return op;
}

/** The operation a valid form describes (validateForm first). */
export function toOperation(action: ActionId, form: ActionForm): Operation {
  switch (action) {
    case 'opsState':
      // validateForm has checked it is one of OKG's opsStates
      return { type: 'opsState', opsState: form.opsState as OpsState };
    case 'updatePriority':
    case 'deletionPriority':
      return { type: action, priority: Number(form.priority.trim()) };
    case 'networkDisabled':
      return { type: 'networkDisabled', networkDisabled: form.networkDisabled };
    case 'image':
      return { type: 'image', containers: [{ name: form.container.trim(), image: form.image.trim() }] };
    case 'resources':
      return resourcesOperation(form);
    case 'delete':
    case 'kill':
    case 'drain':
      return { type: action };
  }
}

/** The servers an operation goes to, in one namespace; `single` uses the one-server endpoint. */
export interface TargetGroup {
  namespace: string;
  names: string[];
  single?: boolean;
}

/** Splits selected "namespace/name" keys into one group per namespace (the API acts in one namespace). */
export function groupByNamespace(keys: readonly string[]): TargetGroup[] {
  const byNs = new Map<string, Set<string>>();
  for (const key of keys) {
    const slash = key.indexOf('/');
    if (slash <= 0 || slash === key.length - 1) continue;
    const ns = key.slice(0, slash);
    if (!byNs.has(ns)) byNs.set(ns, new Set());
    byNs.get(ns)?.add(key.slice(slash + 1));
  }
  return [...byNs.keys()].sort().map((namespace) => ({ namespace, names: [...(byNs.get(namespace) ?? [])].sort() }));
}

/** The game servers a 409 guard-rail refusal names as Allocated; null for any other error. */
export function allocatedRefusal(err: unknown): string[] | null {
  if (!(err instanceof ApiError) || err.code !== 409) return null;
  const names = (err.status.details?.causes ?? [])
    .map((c) => /^(.+) is Allocated$/.exec(c.message ?? '')?.[1])
    .filter((n): n is string => Boolean(n));
  return names.length ? names : null;
}

export interface GroupOutcome {
  namespace: string;
  result?: OperationResult;
  error?: unknown;
}

export interface RunOptions {
  dryRun: boolean;
  force: boolean;
  confirm: boolean;
}

export function requestFor(group: TargetGroup, operation: Operation, opts: RunOptions): OperationRequest {
  const req: OperationRequest = { operation };
  if (!group.single) req.targets = { names: group.names };
  if (opts.force) req.force = true;
  if (opts.confirm && !opts.dryRun) req.confirm = true;
  return req;
}

/** Sends the operation to every group (one request per namespace) and collects each answer or error. */
export async function runOperation(
  api: Pick<OkgApi, 'operate'>,
  groups: readonly TargetGroup[],
  operation: Operation,
  opts: RunOptions,
): Promise<GroupOutcome[]> {
  return Promise.all(
    groups.map(async (g): Promise<GroupOutcome> => {
      const scope = g.single ? { namespace: g.namespace, name: g.names[0] } : { namespace: g.namespace };
      try {
        return { namespace: g.namespace, result: await api.operate(scope, requestFor(g, operation, opts), opts.dryRun) };
      } catch (error) {
        return { namespace: g.namespace, error };
      }
    }),
  );
}

export type Outcome = 'changed' | 'unchanged' | 'failed';

export function itemOutcome(item: ItemResult): Outcome {
  if (!item.ok) return 'failed';
  return item.changed ? 'changed' : 'unchanged';
}

/** All groups' answers as one: items, de-duplicated notes, totals, errors and Allocated refusals. */
export interface Combined {
  items: ItemResult[];
  notes: string[];
  changed: number;
  unchanged: number;
  failed: number;
  /** requests that failed as a whole (validation, permissions), by namespace */
  errors: { namespace: string; error: unknown }[];
  /** game servers refused because players are on them (409); forcing lifts it */
  allocated: string[];
}

export function combine(outcomes: readonly GroupOutcome[]): Combined {
  const c: Combined = { items: [], notes: [], changed: 0, unchanged: 0, failed: 0, errors: [], allocated: [] };
  for (const o of outcomes) {
    if (o.result) {
      for (const item of o.result.items ?? []) {
        c.items.push(item);
        c[itemOutcome(item)] += 1;
      }
      for (const n of o.result.notes ?? []) if (!c.notes.includes(n)) c.notes.push(n);
      continue;
    }
    const allocated = allocatedRefusal(o.error);
    if (allocated) c.allocated.push(...allocated.map((n) => `${o.namespace}/${n}`));
    else c.errors.push({ namespace: o.namespace, error: o.error });
  }
  return c;
}

/** Whether a preview may be applied: it answered for every group and something would change. */
export function canApply(preview: Combined, spec: ActionSpec, confirmed: boolean): boolean {
  if (preview.errors.length || preview.allocated.length) return false;
  if (preview.changed === 0) return false;
  return !spec.needsConfirm || confirmed;
}

export interface FieldChange {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length && prefix) out.set(prefix, '-');
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return;
  }
  if (value === null || value === undefined || value === '') out.set(prefix, '-');
  else out.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
}

/** Before and after of one item, field by field (nested maps as dotted paths; UIDs left out). */
export function fieldChanges(before: StateMap | null, after: StateMap | null): FieldChange[] {
  const b = new Map<string, string>();
  const a = new Map<string, string>();
  flatten(before ?? {}, '', b);
  flatten(after ?? {}, '', a);
  const all = [...new Set([...b.keys(), ...a.keys()])];
  // an empty map on one side ("resources.game: {}") is not a field of its own when the other side fills it
  const fields = all.filter((f) => f && !/uid$/i.test(f) && !all.some((g) => g.startsWith(`${f}.`)));
  return fields.map((field) => {
    const bv = b.get(field) ?? '-';
    const av = a.get(field) ?? '-';
    return { field, before: bv, after: av, changed: bv !== av };
  });
}

/** Container names of the selected rows that are on this page (offered for image updates). */
export function containersOf(keys: readonly string[], rows: readonly GameServerView[]): string[] {
  const chosen = new Set(keys);
  const names = new Set<string>();
  for (const gs of rows) if (chosen.has(`${gs.namespace}/${gs.name}`)) for (const im of gs.images) names.add(im.container);
  return [...names].sort();
}

/**
 * Allocated game servers (players on them) whose opsState the previewed operation changes: an
 * opsState change can release them to scale-down or updates, so the preview warns and lists them.
 */
export function allocatedChanging(items: readonly ItemResult[]): ItemResult[] {
  return items.filter((it) => it.ok && it.changed && it.before?.opsState === 'Allocated' && it.after?.opsState !== 'Allocated');
}

// The notes the operations API returns (backend ops.notesFor), recognised by their opening words so
// they can be shown in the user's language; anything else is shown as the API wrote it.
const NOTES: [string, MessageKey][] = [
  ['OKG applies resources only to a new pod', 'OKG_NOTE_RESOURCES_RECREATE'],
  ['OKG applies resources only when a pod is recreated', 'OKG_NOTE_RESOURCES'],
  ["Each game server's pod is deleted", 'OKG_NOTE_DELETE'],
  ['opsState becomes Kill', 'OKG_NOTE_KILL'],
  ['OKG updates the container image', 'OKG_NOTE_IMAGE'],
  ['Drain: game servers with players', 'OKG_DRAIN_EXPLAIN'],
];

export function noteKey(note: string): MessageKey | undefined {
  return NOTES.find(([start]) => note.startsWith(start))?.[1];
}

// Pure logic of the operations UI: which actions exist, turning a form into an operation,
// splitting a selection per namespace, running previews/applies and folding their results.
import type { OkgApi } from '../api/client';
import { ApiError } from '../api/errors';
import type { ItemResult, Operation, OperationRequest, OperationResult, StateMap } from '../api/ops';
import type { GameServerView } from '../api/types';
import type { MessageKey } from '../i18n';
import { OPS_STATES } from './okg';

export type ActionId = 'opsState' | 'updatePriority' | 'deletionPriority' | 'networkDisabled' | 'image' | 'delete' | 'kill';

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
  { id: 'delete', label: 'OKG_ACTION_DELETE_POD', needsConfirm: true, danger: true },
  { id: 'kill', label: 'OKG_ACTION_KILL', needsConfirm: true, danger: true },
];

export function actionSpec(id: ActionId): ActionSpec {
  return ACTIONS.find((a) => a.id === id) as ActionSpec;
}

/** What the user typed or picked for an action. */
export interface ActionForm {
  opsState: string;
  priority: string;
  networkDisabled: boolean;
  container: string;
  image: string;
}

export const emptyForm = (container = ''): ActionForm => ({
  opsState: 'Maintaining',
  priority: '',
  networkDisabled: true,
  container,
  image: '',
});

export type FormField = 'opsState' | 'priority' | 'container' | 'image';
export type FormErrors = Partial<Record<FormField, MessageKey>>;

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
    default:
  }
  return errors;
}

/** The operation a valid form describes (validateForm first). */
export function toOperation(action: ActionId, form: ActionForm): Operation {
  switch (action) {
    case 'opsState':
      return { type: 'opsState', opsState: form.opsState };
    case 'updatePriority':
    case 'deletionPriority':
      return { type: action, priority: Number(form.priority.trim()) };
    case 'networkDisabled':
      return { type: 'networkDisabled', networkDisabled: form.networkDisabled };
    case 'image':
      return { type: 'image', containers: [{ name: form.container.trim(), image: form.image.trim() }] };
    case 'delete':
    case 'kill':
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
  const fields = [...new Set([...b.keys(), ...a.keys()])].filter((f) => f && !/uid$/i.test(f));
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

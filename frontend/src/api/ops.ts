// Operations on game servers (backend/internal/ops/request.go): request body and result.

export type OperationType =
  | 'opsState'
  | 'updatePriority'
  | 'deletionPriority'
  | 'networkDisabled'
  | 'image'
  | 'resources'
  | 'delete'
  | 'kill';

export interface ContainerChange {
  name: string;
  image?: string;
}

export interface Operation {
  type: OperationType;
  opsState?: string;
  priority?: number;
  networkDisabled?: boolean;
  containers?: ContainerChange[];
}

export interface OperationTargets {
  names?: string[];
  gameServerSet?: string;
  ids?: string;
  filter?: Record<string, string>;
}

/** POST body of namespaces/{ns}/gameserveroperations and namespaces/{ns}/gameservers/{name}/operations. */
export interface OperationRequest {
  /** left out for the single-server endpoint (the path names the server) */
  targets?: OperationTargets;
  operation: Operation;
  force?: boolean;
  confirm?: boolean;
}

export type StateMap = Record<string, unknown>;

export interface ItemResult {
  name: string;
  namespace: string;
  ok: boolean;
  changed: boolean;
  error?: string;
  code?: number;
  attempts: number;
  before: StateMap | null;
  after: StateMap | null;
}

export interface OperationResult {
  dryRun: boolean;
  operation: OperationType;
  user: string;
  total: number;
  changed: number;
  unchanged: number;
  failed: number;
  notes: string[] | null;
  items: ItemResult[] | null;
}

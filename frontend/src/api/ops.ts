// Operations on game servers (backend/internal/ops/request.go): request body and result,
// generated from the Go types (./generated/api.ts).

import type * as G from './generated/api';

export type { ContainerChange, Operation, OperationRequest, OperationResult, OperationType } from './generated/api';

export type OperationTargets = G.OperationTargets;

export type StateMap = Record<string, unknown>;

/** The outcome for one game server of an operation. */
export type ItemResult = G.OperationResult['items'][number];

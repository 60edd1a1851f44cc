import { t } from '../i18n';
import type { Status } from './types';

/** An API error carrying the metav1.Status the server sent (or one we made up for it). */
export class ApiError extends Error {
  readonly code: number;
  readonly reason: string;
  readonly status: Status;

  constructor(status: Status) {
    super(status.message || status.reason || `HTTP ${status.code}`);
    this.name = 'ApiError';
    this.code = status.code;
    this.reason = status.reason ?? '';
    this.status = status;
  }

  /** The parameter names the server blamed (details.causes[].field). */
  get fields(): string[] {
    return (this.status.details?.causes ?? []).map((c) => c.field ?? '').filter(Boolean);
  }
}

function isStatus(value: unknown): value is Status {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.kind === 'Status' && typeof v.code === 'number';
}

/**
 * ks-apiserver's own proxy errors (502 backend down, 503 APIService not available) wrap the
 * Status: {"ErrStatus": {...}}. The wrapper's Status may lack kind or code.
 */
function unwrapErrStatus(value: unknown, httpStatus: number): Status | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const inner = (value as { ErrStatus?: unknown }).ErrStatus;
  if (typeof inner !== 'object' || inner === null) return undefined;
  const s = inner as Partial<Status>;
  return { ...s, kind: 'Status', code: typeof s.code === 'number' && s.code > 0 ? s.code : httpStatus } as Status;
}

/** Turns an HTTP error response body into an ApiError; a non-Status body keeps its text as message. */
export function parseErrorBody(httpStatus: number, statusText: string, body: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed)) return new ApiError(parsed);
  const wrapped = unwrapErrStatus(parsed, httpStatus);
  if (wrapped) return new ApiError(wrapped);
  const text = body.trim();
  return new ApiError({
    kind: 'Status',
    status: 'Failure',
    code: httpStatus,
    reason: statusText || undefined,
    message: text && text.length < 500 && !text.startsWith('<') ? text : statusText || `HTTP ${httpStatus}`,
  });
}

export function isNotFound(err: unknown): boolean {
  return err instanceof ApiError && err.code === 404;
}

/** 403: KubeSphere (or Kubernetes) refused the user. */
export function isForbidden(err: unknown): boolean {
  return err instanceof ApiError && err.code === 403;
}

/** For a refusal, which permission to ask for, in the user's language (the server's wording names none). */
export function accessHint(err: unknown): string | undefined {
  return isForbidden(err) ? t('OKG_FORBIDDEN') : undefined;
}

/** The message to show for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

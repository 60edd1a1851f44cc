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

/** Turns an HTTP error response body into an ApiError; a non-Status body keeps its text as message. */
export function parseErrorBody(httpStatus: number, statusText: string, body: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (isStatus(parsed)) return new ApiError(parsed);
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

/** The message to show for any thrown value. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

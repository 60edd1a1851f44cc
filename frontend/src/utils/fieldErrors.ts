import { ApiError } from '../api/errors';

/** Messages of an API error's causes keyed by form field, and the causes no field took. */
export interface FieldCauses {
  fields: Record<string, string>;
  unplaced: { field?: string; message?: string }[];
}

/**
 * Places the causes of a metav1.Status (details.causes[].field) on form fields. `place` maps the
 * API's field name ("remove.ids", "spec.maxReplicaCount", "scaleDown.policies[0].value") to a
 * form field, or undefined when no field shows it. The first cause per field wins.
 */
export function placeCauses(err: unknown, place: (field: string) => string | undefined): FieldCauses {
  const out: FieldCauses = { fields: {}, unplaced: [] };
  if (!(err instanceof ApiError)) return out;
  for (const c of err.status.details?.causes ?? []) {
    const to = c.field ? place(c.field) : undefined;
    if (to && !(to in out.fields)) out.fields[to] = c.message || err.message;
    else out.unplaced.push(c);
  }
  return out;
}

/** A field path without the object's prefix: "spec.maxReplicaCount" -> "maxReplicaCount". */
export function stripPrefix(field: string, prefix: string): string {
  return field.startsWith(prefix) ? field.slice(prefix.length) : field;
}

/** An ApiError with HTTP 409: someone changed the object since it was loaded. */
export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.code === 409;
}

import type { KubeObject, PodCondition } from '../api/types';

/** status.conditions of a raw Pod, or [] when absent or malformed. */
export function podConditions(pod: KubeObject | null | undefined): PodCondition[] {
  const conditions = pod?.status?.conditions;
  if (!Array.isArray(conditions)) return [];
  return conditions.filter(
    (c): c is PodCondition => typeof c === 'object' && c !== null && typeof (c as PodCondition).type === 'string',
  );
}

/** A raw object without the managedFields noise, for the YAML view. */
export function withoutManagedFields(obj: KubeObject | null | undefined): KubeObject | null {
  if (!obj) return null;
  if (!obj.metadata || !('managedFields' in obj.metadata)) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  void _dropped;
  return { ...obj, metadata };
}

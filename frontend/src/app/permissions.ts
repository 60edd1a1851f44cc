import type { Scope } from './scope';

/**
 * The KubeSphere permission key of this console: the chart's RoleTemplates carry
 * `iam.kubesphere.io/role-template-rules: {"okg-console": "view" | "manage"}` and the menus
 * use it as authKey (charts/okg-console/charts/backend/templates/roletemplates.yaml).
 */
export const AUTH_KEY = 'okg-console';

/** allowed / denied when the host told us; unknown when it did not (then the API decides). */
export type Access = 'allowed' | 'denied' | 'unknown';

export interface Permissions {
  view: Access;
  manage: Access;
}

type Rules = Record<string, unknown>;

/** The part of ks-console's window.globals this reads (rules per level, module -> actions). */
export interface HostGlobals {
  config?: { disableAuthorization?: boolean };
  user?: {
    globalRules?: Rules;
    clusterRules?: Record<string, Rules>;
    workspaceRules?: Record<string, Rules>;
    projectRules?: Record<string, Record<string, Rules>>;
  };
}

export function hostGlobals(): HostGlobals | undefined {
  if (typeof window === 'undefined') return undefined;
  return (window as unknown as { globals?: HostGlobals }).globals;
}

function actionsOf(rules: Rules | undefined): string[] {
  if (!rules) return [];
  const out: string[] = [];
  for (const key of [AUTH_KEY, '_']) {
    const value = rules[key];
    if (Array.isArray(value)) for (const a of value) if (typeof a === 'string') out.push(a);
  }
  return out;
}

/**
 * What the signed-in user may do here, read from the rules the host loaded for them. Like
 * KubeSphere's authorizer, a right at a higher level (platform, cluster, workspace) counts
 * in a project too. `manage` or `*` imply view.
 */
export function permissionsFor(scope: Scope, globals: HostGlobals | undefined = hostGlobals()): Permissions {
  if (!globals?.user) return { view: 'unknown', manage: 'unknown' };
  if (globals.config?.disableAuthorization) return { view: 'allowed', manage: 'allowed' };
  const { user } = globals;
  const levels: (Rules | undefined)[] = [user.globalRules, user.clusterRules?.[scope.cluster]];
  let known = user.clusterRules?.[scope.cluster] !== undefined;
  if (scope.kind !== 'cluster') {
    levels.push(user.workspaceRules?.[scope.workspace], user.projectRules?.[scope.cluster]?.[scope.namespace]);
    // The project's own rules are what decides there; the host loads them only inside the project.
    known = user.projectRules?.[scope.cluster]?.[scope.namespace] !== undefined;
  }
  const actions = new Set(levels.flatMap(actionsOf));
  const all = actions.has('*') || actions.has('manage');
  const view = all || actions.has('view');
  if (!known) {
    // Without the deciding rules a right seen elsewhere still counts; a missing one is not a refusal.
    return { view: view ? 'allowed' : 'unknown', manage: all ? 'allowed' : 'unknown' };
  }
  return { view: view ? 'allowed' : 'denied', manage: all ? 'allowed' : 'denied' };
}

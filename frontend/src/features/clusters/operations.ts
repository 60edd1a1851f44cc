// Cross-cluster writes: the runner that sends an operation to the merged endpoint, and the
// rollout request of a form.
import type { Operation } from '../../api/ops';
import type { GroupOutcome, OperationRunner, RunOptions } from '../../utils/operations';
import type { MultiClusterApi, MultiTarget } from './api';
import { clusterOutcomes } from './merge';

/** One request for every cluster's targets; answered per cluster (and per game server within). */
export function multiClusterRunner(mc: Pick<MultiClusterApi, 'operate'>, targets: readonly MultiTarget[]): OperationRunner {
  return async (operation: Operation, opts: RunOptions): Promise<GroupOutcome[]> => {
    try {
      const resp = await mc.operate({
        targets: [...targets],
        operation,
        dryRun: opts.dryRun,
        ...(opts.force ? { force: true } : {}),
        ...(opts.confirm && !opts.dryRun ? { confirm: true } : {}),
      });
      return clusterOutcomes(resp, targets);
    } catch (error) {
      // refused as a whole (bad request, no access to the merged endpoint): every target says so
      return targets.map((t) => ({ namespace: t.namespace, cluster: t.cluster, error }));
    }
  };
}

// The API's autoscale operations on pools: enable (or change the formula or interval), disable,
// and evaluate as a dry run. Requests arrive validated (validation/autoscale-validation.ts).
import type { Logger } from '../../protocol/log.ts';
import type { PoolRecord } from '../../protocol/records/records.ts';
import { nowIso } from '../../protocol/records/records.ts';
import type { AutoScaleRunRecord } from '../../protocol/records/autoscale-records.ts';
import { NotFoundError } from '../../protocol/errors.ts';
import type { ClusterState } from '../state/cluster-state.ts';
import type { CompiledFormula } from './formula/formula.ts';
import type { AutoScaleLoop } from './autoscale-loop.ts';

export class AutoScaleOperations {
  constructor(private readonly state: ClusterState, private readonly loop: AutoScaleLoop, private readonly log: Logger) {}

  private pool(id: string): PoolRecord {
    const p = this.state.pools.get(id);
    if (!p) throw new NotFoundError('pool', id);
    return p;
  }

  /** Enables autoscale with this formula and interval (replacing any): evaluated at once, then
   *  every interval. Resolves once the first evaluation is stored. */
  async enable(poolId: string, formula: string, evaluationIntervalMs: number): Promise<PoolRecord> {
    this.pool(poolId);
    const result = await this.state.pools.mutate(poolId, (p) => ({ ...p, autoScale: { formula, evaluationIntervalMs, enabledTime: nowIso() } }));
    if (!result) throw new NotFoundError('pool', poolId);
    this.log.info('autoscale enabled', { poolId, evaluationIntervalMs });
    await this.loop.changed(poolId);
    return this.pool(poolId);
  }

  /** A pool was created with autoscale: its first evaluation, stored before this resolves. */
  async created(poolId: string): Promise<void> {
    await this.loop.changed(poolId);
  }

  /** Disables autoscale: the targets stay as the last evaluation left them (as Azure Batch). */
  async disable(poolId: string): Promise<PoolRecord> {
    this.pool(poolId);
    const result = await this.state.pools.mutate(poolId, (p) => {
      if (!p.autoScale) return undefined;
      const { autoScale: _dropped, ...rest } = p;
      return rest;
    });
    if (!result) throw new NotFoundError('pool', poolId);
    this.log.info('autoscale disabled', { poolId });
    await this.loop.changed(poolId);
    return this.pool(poolId);
  }

  /** The formula evaluated now against the pool's samples: nothing is applied or stored. */
  evaluate(poolId: string, formula: CompiledFormula & { ok: true }): AutoScaleRunRecord {
    return this.loop.dryRun(this.pool(poolId), formula);
  }
}

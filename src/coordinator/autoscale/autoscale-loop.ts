// Evaluates the formula of every pool that has autoscale enabled, every evaluationInterval, on
// the leading coordinator only (the daemon starts it once it holds the lease). Each pool is an
// actor: its evaluations run one at a time. One evaluation:
//   1. read the pool record; gone, or autoscale disabled: nothing more, no timer;
//   2. evaluate its formula against the pool's samples now and its current targets;
//   3. no error: hand the targets to the PoolTargetSink (the resizer);
//   4. store the run (timestamp, every variable's value, the targets or the error) on the pool;
//   5. arm the next evaluation at run timestamp + interval.
// Next evaluations are armed from the stored run's absolute time, not from "now", so a
// coordinator that takes over (or restarts) goes on with the same rhythm, and evaluates at once
// a pool whose evaluation is overdue.
import type { Logger } from '../../protocol/log.ts';
import type { PoolRecord } from '../../protocol/records/records.ts';
import type { AutoScaleRunRecord } from '../../protocol/records/autoscale-records.ts';
import { compileFormula, evaluateFormula, type CompiledFormula } from './formula/formula.ts';
import type { PoolTargetSink } from './pool-target-sink.ts';
import type { PoolSamples } from './samples/pool-samples.ts';
import { currentTargets, runRecord } from './autoscale-run.ts';
import type { MetricsSource } from './samples/pool-metrics.ts';

/** The pool table as the loop uses it (ClusterState's KvTable: compare-and-set writes). */
export interface AutoScaleState extends MetricsSource {
  pools: MetricsSource['pools'] & {
    get(id: string): PoolRecord | undefined;
    mutate(id: string, change: (p: PoolRecord) => PoolRecord | undefined): Promise<[PoolRecord, PoolRecord | undefined] | undefined>;
  };
}

/** After a failure to store a run (the store unavailable, a conflicting write), the next try. */
const RETRY_MS = 1000;
const MAX_TIMER_MS = 2 ** 31 - 1;

export class AutoScaleLoop {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly chains = new Map<string, Promise<unknown>>();
  /** Compiled formulas by text: a formula is parsed and checked once, not at every evaluation. */
  private readonly compiled = new Map<string, CompiledFormula>();
  private running = false;

  constructor(
    private readonly state: AutoScaleState,
    private readonly samples: PoolSamples,
    private readonly sink: PoolTargetSink,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Arms every pool with autoscale enabled (what a coordinator that just took over must do). */
  start(): void {
    this.running = true;
    for (const row of this.state.pools.rows.values()) if (row.value.autoScale) this.arm(row.value);
  }

  stop(): void {
    this.running = false;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** The pool's autoscale settings changed (enabled, disabled, a new formula or interval):
   *  evaluates it now if enabled (as Azure Batch does on enabling), or forgets its timer. */
  changed(poolId: string): Promise<void> {
    clearTimeout(this.timers.get(poolId));
    this.timers.delete(poolId);
    return this.exclusive(poolId, () => this.evaluate(poolId));
  }

  /** Evaluates a formula for a pool now without applying or storing anything (a dry run). */
  dryRun(pool: PoolRecord, formula: CompiledFormula & { ok: true }): AutoScaleRunRecord {
    return runRecord(this.now(), evaluateFormula(formula.checked, { ...this.samples.environment(pool.id), targets: currentTargets(pool, this.state) }));
  }

  private arm(pool: PoolRecord): void {
    if (!this.running || !pool.autoScale) return;
    const last = pool.autoScaleRun ? Date.parse(pool.autoScaleRun.timestamp) : NaN;
    const enabled = Date.parse(pool.autoScale.enabledTime);
    // A run older than the settings was made under other settings: evaluate at once.
    const due = Number.isFinite(last) && last >= enabled ? last + pool.autoScale.evaluationIntervalMs : this.now();
    this.setTimer(pool.id, due - this.now());
  }

  private setTimer(poolId: string, delayMs: number): void {
    clearTimeout(this.timers.get(poolId));
    const timer = setTimeout(() => {
      this.timers.delete(poolId);
      void this.exclusive(poolId, () => this.evaluate(poolId));
    }, Math.min(Math.max(0, delayMs), MAX_TIMER_MS));
    timer.unref();
    this.timers.set(poolId, timer);
  }

  private async evaluate(poolId: string): Promise<void> {
    if (!this.running) return;
    const pool = this.state.pools.get(poolId);
    if (!pool?.autoScale) return;
    const settings = pool.autoScale;
    let run: AutoScaleRunRecord;
    const compiled = this.compile(settings.formula);
    if (!compiled.ok) {
      // Checked when set: only a record written by another version could get here.
      const e = compiled.errors[0]!;
      run = { timestamp: new Date(this.now()).toISOString(), values: [], error: { code: 'FormulaError', message: e.message, line: e.at.line, column: e.at.column } };
    } else {
      run = this.dryRun(pool, compiled);
      if (run.targets) {
        try {
          await this.sink.setTargets(poolId, run.targets, 'autoscale');
        } catch (err) {
          run = { ...run, error: { code: 'TargetsNotApplied', message: `the targets could not be applied: ${(err as Error).message}`, line: 0, column: 0 } };
        }
      }
    }
    try {
      const stored = await this.state.pools.mutate(poolId, (p) => (p.autoScale?.formula === settings.formula ? { ...p, autoScaleRun: run } : undefined));
      if (!stored?.[1]) return; // deleted, disabled or changed meanwhile: `changed` evaluates it
      if (run.error) this.log.warn('autoscale evaluation failed', { poolId, error: run.error.message });
      else this.log.debug('autoscale evaluated', { poolId, targets: run.targets });
      this.arm(stored[1]);
    } catch (err) {
      this.log.warn('autoscale run not stored; retrying', { poolId, error: (err as Error).message });
      this.setTimer(poolId, RETRY_MS);
    }
  }

  private compile(text: string): CompiledFormula {
    let c = this.compiled.get(text);
    if (!c) {
      if (this.compiled.size > 1000) this.compiled.clear();
      this.compiled.set(text, (c = compileFormula(text)));
    }
    return c;
  }

  /** Runs `work` after the pool's earlier work (an actor's mailbox). */
  private exclusive(poolId: string, work: () => Promise<void>): Promise<void> {
    const previous = this.chains.get(poolId) ?? Promise.resolve();
    const next = previous.then(work).catch((err) => this.log.error('autoscale evaluation crashed', { poolId, error: (err as Error).message }));
    this.chains.set(poolId, next);
    void next.then(() => {
      if (this.chains.get(poolId) === next) this.chains.delete(poolId);
    });
    return next;
  }
}

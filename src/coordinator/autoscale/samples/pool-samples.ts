// Every pool's sample history: each measured variable of each pool in its own SampleRing,
// sampled every `periodMs` (5 s, as the brief of issue 13 asks: Azure Batch samples every 30 s
// and delays them minutes) from the live indexes. Memory is bounded: `historyMs / periodMs`
// samples per variable per pool (one hour by default: 720 × 16 bytes × 15 variables, 170 KB a
// pool), and a deleted pool's rings go at the next sample.
import { EMPTY_SERIES, type FormulaEnvironment, type SampleSeries } from '../formula/formula-environment.ts';
import { MEASURED_VARIABLES, measurePools, type MeasuredVariable, type MetricsSource, type PoolMetrics } from './pool-metrics.ts';
import { SampleRing } from './sample-ring.ts';

export const SAMPLE_PERIOD_MS = 5000;
export const SAMPLE_HISTORY_MS = 3_600_000;

const MEASURED = new Set<string>(MEASURED_VARIABLES);

interface PoolHistory {
  rings: Map<MeasuredVariable, SampleRing>;
}

export class PoolSamples {
  private readonly pools = new Map<string, PoolHistory>();
  private timer?: NodeJS.Timeout;
  readonly capacity: number;

  constructor(
    private readonly state: MetricsSource,
    readonly periodMs = SAMPLE_PERIOD_MS,
    historyMs = SAMPLE_HISTORY_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.capacity = Math.max(1, Math.ceil(historyMs / periodMs));
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Takes one sample of every pool now (the timer's work; tests and benchmarks call it). */
  sample(): void {
    const at = this.now();
    const all = measurePools(this.state);
    for (const id of this.pools.keys()) if (!all.has(id)) this.pools.delete(id);
    for (const [id, metrics] of all) {
      let history = this.pools.get(id);
      if (!history) this.pools.set(id, (history = { rings: new Map(MEASURED_VARIABLES.map((v) => [v, new SampleRing(this.capacity)])) }));
      for (const v of MEASURED_VARIABLES) history.rings.get(v)!.push(at, metrics[v]);
    }
  }

  /** What a formula evaluated for this pool now reads (targets apart). */
  environment(poolId: string): Omit<FormulaEnvironment, 'targets'> {
    const now = this.now();
    let metrics: PoolMetrics | undefined;
    const history = this.pools.get(poolId);
    return {
      now,
      samplePeriodMs: this.periodMs,
      // Measured once per evaluation, when first read: every statement sees the same moment.
      current: (variable) => {
        if (!MEASURED.has(variable)) return undefined;
        metrics ??= measurePools(this.state).get(poolId);
        return metrics?.[variable as MeasuredVariable] ?? 0;
      },
      series: (variable): SampleSeries => history?.rings.get(variable as MeasuredVariable) ?? EMPTY_SERIES,
    };
  }
}
